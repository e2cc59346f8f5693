//go:build linux

package kernel

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// netns is a private network namespace with a goroutine locked to an OS thread inside it.
// Everything that binds itself to a namespace when it is created (sockets, TUN devices, the
// files under /proc/sys/net and /proc/thread-self/net) is created through Do. The namespace
// has no name in /run/netns: it lives as long as something in it is open or a thread is in it,
// so it disappears when the run closes them, and with the process however the process ends.
type netns struct {
	name string
	work chan func()
	done chan struct{}
}

// newNetns creates a namespace and starts its thread.
func newNetns(name string) (*netns, error) {
	ns := &netns{name: name, work: make(chan func()), done: make(chan struct{})}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer close(ns.done)
		// The thread goes back to the machine's namespace when the work is done, so that the
		// runtime can reuse it (the main thread cannot simply exit) and nothing keeps the
		// private namespace alive. If it cannot go back, it stays locked and the runtime ends it.
		orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- fmt.Errorf("creating the %s network namespace: %w", name, err)
			return
		}
		defer func() {
			if unix.Setns(orig, unix.CLONE_NEWNET) == nil {
				runtime.UnlockOSThread()
			}
			unix.Close(orig)
		}()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			errc <- fmt.Errorf("creating the %s network namespace: %w", name, err)
			return
		}
		errc <- nil
		for f := range ns.work {
			f()
		}
	}()
	if err := <-errc; err != nil {
		return nil, err
	}
	return ns, nil
}

// Do runs f on the namespace's thread and waits for it.
func (ns *netns) Do(f func() error) error {
	errc := make(chan error, 1)
	ns.work <- func() { errc <- f() }
	return <-errc
}

// Close ends the namespace's work and returns its thread to the machine's namespace. The
// namespace goes away once the sockets and devices created in it are closed.
func (ns *netns) Close() {
	if ns == nil {
		return
	}
	close(ns.work)
	<-ns.done
}
