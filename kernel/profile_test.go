//go:build linux

package kernel_test

import (
	"strings"
	"testing"

	"synq/kernel"
	"synq/model/scenario"
)

// The kernel engine runs Linux: a BSD scenario would set the namespaces up with BSD's
// defaults (no syncookies, no SYN-ACK retries) and report no counters, so it is refused.
func TestKernelRefusesBSD(t *testing.T) {
	sc, err := scenario.Parse("bsd.yaml", []byte("name: bsd\nkernel: bsd-4.4\nduration: 1s\n"))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	p, err := kernel.Prepare(sc, kernel.Options{})
	if p != nil {
		p.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "bsd-4.4 is not Linux") {
		t.Errorf("error %v, want one containing %q", err, "bsd-4.4 is not Linux")
	}
}
