//go:build linux

package kernel_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for _, e := range ents {
		f.interfaces = append(f.interfaces, e.Name())
	}
	own, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	before := takeFootprint(t)

	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	_, err = kernel.Run(ctx, sc, kernel.Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("an interrupted run returns the context's error, got %v: want errors.Is(err, context.DeadlineExceeded)", err)
	}

	after := takeFootprint(t)
	if got, want := after.named, before.named; !reflect.DeepEqual(got, want) {
		t.Errorf("named namespaces: after.named = %v, want %v", got, want)
	}
	if got, want := after.interfaces, before.interfaces; !reflect.DeepEqual(got, want) {
		t.Errorf("interfaces in the machine's namespace: after.interfaces = %v, want %v", got, want)
	}
	if after.strays != 0 {
		t.Errorf("threads left inside a run's namespace: after.strays = %v, want zero", after.strays)
	}
}
