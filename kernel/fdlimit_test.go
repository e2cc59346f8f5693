//go:build linux

package kernel

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"synq/model/scenario"
)

func TestNoFileLimit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cur       unix.Rlimit
		need      uint64
		want      unix.Rlimit
		wantError bool
	}{
		{"enough already", unix.Rlimit{Cur: 20000, Max: 20000}, 12000, unix.Rlimit{Cur: 20000, Max: 20000}, false},
		{"soft limit raised", unix.Rlimit{Cur: 1024, Max: 20000}, 12000, unix.Rlimit{Cur: 12000, Max: 20000}, false},
		{"hard limit raised", unix.Rlimit{Cur: 20000, Max: 20000}, 22100, unix.Rlimit{Cur: 22100, Max: 22100}, false},
		{"beyond fs.nr_open", unix.Rlimit{Cur: 20000, Max: 20000}, 2 << 20, unix.Rlimit{Cur: 20000, Max: 20000}, true},
	} {
		got, err := noFileLimit(tc.cur, tc.need, 1<<20)
		if got, want := got, tc.want; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got = %+v, want %+v", tc.name, got, want)
		}
		if tc.wantError {
			if err == nil || !strings.Contains(err.Error(), "fs.nr_open 1048576") {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, "fs.nr_open 1048576")
			}
		} else {
			if err != nil {
				t.Errorf("%s: unexpected error: %v", tc.name, err)
			}
		}
	}
}

// A run whose clients and accepted connections need more descriptors than the soft limit
// allows raises it and accepts every connection; before, the accept() loop stopped at the
// limit (EMFILE) and the run ended as if nothing had happened.
func TestRunRaisesDescriptorLimit(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: the kernel engine creates network namespaces")
	}
	const clients = 3000
	sc, err := scenario.Parse("many.yaml", []byte(fmt.Sprintf(`name: many
duration: 1500ms
server:
  sysctl: {net.core.somaxconn: 4096}
  listen: {port: 8090, backlog: 4096}
network: {delay: 1ms}
traffic:
  - {kind: connect, at: 0s, count: %d, rate: 5000/s}
`, clients)))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	defer unix.Setrlimit(unix.RLIMIT_NOFILE, &lim)
	open, err := openFDs()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	low := lim
	low.Cur = uint64(open + runFDs + clients + clients/2) // the sockets fit, half the accepts do not
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

	res, err := Run(context.Background(), sc, Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	cp := res.Report.Checkpoints[len(res.Report.Checkpoints)-1]
	if got, want := cp.Accepted, clients; got != want {
		t.Errorf("connections accepted: cp.Accepted = %v, want %v", got, want)
	}
	if got, want := cp.Listener.RecvQ, 0; got != want {
		t.Errorf("connections left in the accept queue: cp.Listener.RecvQ = %v, want %v", got, want)
	}
}
