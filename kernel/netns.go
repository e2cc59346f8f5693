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
// has no name in /run/netns: it lives as long as something in it is open, so it disappears
// with the process, however the process ends.
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
		// The thread never leaves the namespace and is never unlocked: when the goroutine
		// returns, the Go runtime ends the thread instead of reusing it elsewhere.
		runtime.LockOSThread()
		defer close(ns.done)
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

// Close ends the namespace's thread. The namespace goes away once the sockets and devices
// created in it are closed.
func (ns *netns) Close() {
	if ns == nil {
		return
	}
	close(ns.work)
	<-ns.done
}
