//go:build linux

package kernel_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"synq/kernel"
	"synq/model/scenario"
)

// footprint is what a run could leave behind on the machine: named namespaces, interfaces in
// the machine's own namespace, and threads of this process in some other namespace.
type footprint struct {
	named      []string
	interfaces []string
	strays     int
}

func takeFootprint(t *testing.T) footprint {
	var f footprint
	if ents, err := os.ReadDir("/run/netns"); err == nil {
		for _, e := range ents {
			f.named = append(f.named, e.Name())
		}
	}
	ents, err := os.ReadDir("/sys/class/net")
	require.NoError(t, err)
	for _, e := range ents {
		f.interfaces = append(f.interfaces, e.Name())
	}
	own, err := os.Readlink("/proc/self/ns/net")
	require.NoError(t, err)
	tasks, _ := filepath.Glob("/proc/self/task/*/ns/net")
	for _, p := range tasks {
		if ns, err := os.Readlink(p); err == nil && ns != own {
			f.strays++
		}
	}
	return f
}

// TestNothingLeftBehind interrupts a run part way and checks that it left nothing: no named
// namespace, no interface in the machine's namespace, no thread of ours inside a namespace.
func TestNothingLeftBehind(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("kernel engine: skipped, the real-kernel tests need root")
	}
	sc, err := scenario.Load("../conformance/synack-schedule.yaml")
	require.NoError(t, err)
	before := takeFootprint(t)

	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	_, err = kernel.Run(ctx, sc, kernel.Options{})
	require.True(t, errors.Is(err, context.DeadlineExceeded), "an interrupted run returns the context's error, got %v", err)

	after := takeFootprint(t)
	assert.Equal(t, before.named, after.named, "named namespaces")
	assert.Equal(t, before.interfaces, after.interfaces, "interfaces in the machine's namespace")
	assert.Zero(t, after.strays, "threads left inside a run's namespace")
}
