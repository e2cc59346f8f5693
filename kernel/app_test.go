//go:build linux

package kernel

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"synq/model"
)

// queuedListener makes a listener in a private namespace with n connections from the same
// namespace waiting in its accept queue, and returns the listener and a cleanup.
func queuedListener(t *testing.T, n int) (int, func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: it creates a network namespace")
	}
	ns, err := newNetns("test")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var lfd int
	var fds []int
	var tun *os.File
	if err := ns.Do(func() error {
		var err error
		if tun, err = openTun(model.ServerAddr, "test"); err != nil { // brings lo up too
			return err
		}
		if lfd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0); err != nil {
			return err
		}
		addr := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 9000}
		if err := unix.Bind(lfd, addr); err != nil {
			return err
		}
		if err := unix.Listen(lfd, n); err != nil {
			return err
		}
		for range n {
			fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
			if err != nil {
				return err
			}
			fds = append(fds, fd)
			if err := unix.Connect(fd, addr); err != nil && err != unix.EINPROGRESS {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	cleanup := func() {
		for _, fd := range append(fds, lfd) {
			unix.Close(fd)
		}
		tun.Close()
		ns.Close()
	}
	// Loopback handshakes complete in softirq context right after connect(); wait for all.
	for deadline := time.Now().Add(2 * time.Second); queued(t, lfd) < n && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got, want := queued(t, lfd), n; got != want {
		t.Fatalf("connections waiting in the accept queue: queued(t, lfd) = %v, want %v", got, want)
	}
	return lfd, cleanup
}

func queued(t *testing.T, lfd int) int {
	info, err := unix.GetsockoptTCPInfo(lfd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return int(info.Unacked)
}

// A step has taken effect when setStep returns, and a view sees the queue and the accepted
// count of one instant: a checkpoint at the instant of a step reports what the model does
// (at T, accept all has emptied the queue; 1/s has taken exactly one connection).
func TestAppStepTakesEffectAtOnce(t *testing.T) {
	const n = 6
	lfd, cleanup := queuedListener(t, n)
	defer cleanup()
	a, err := newApp(lfd)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	defer a.stop()
	look := func() (int, int) {
		var q, acc int
		if err := a.view(func(accepted int) error { q, acc = queued(t, lfd), accepted; return nil }); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return q, acc
	}
	a.setStep(model.AppStep{Mode: model.AcceptRate, Rate: model.Rate(1)})
	q, acc := look()
	if got, want := [2]int{q, acc}, [2]int{n - 1, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("queued and accepted right after a 1/s step: [2]int{q, acc} = %v, want %v", got, want)
	}
	a.setStep(model.AppStep{Mode: model.AcceptAll})
	q, acc = look()
	if got, want := [2]int{q, acc}, [2]int{0, n}; !reflect.DeepEqual(got, want) {
		t.Errorf("queued and accepted right after an all step: [2]int{q, acc} = %v, want %v", got, want)
	}
}

// An accept() that fails for want of descriptors ends the run with the reason, instead of
// leaving connections queued that the model accepts.
func TestAppReportsAcceptFailure(t *testing.T) {
	const n = 8
	lfd, cleanup := queuedListener(t, n)
	defer cleanup()
	a, err := newApp(lfd)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	defer a.stop()
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	open, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	low := lim
	low.Cur = uint64(len(open) + 3) // room for three accepted connections (ReadDir's own descriptor counted)
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &low); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	a.setStep(model.AppStep{Mode: model.AcceptAll})
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	err = a.view(func(int) error { return nil })
	if err == nil {
		t.Fatalf("got no error, want one")
	}
	if !errors.Is(err, unix.EMFILE) {
		t.Errorf("the error %v names EMFILE: want errors.Is(err, unix.EMFILE)", err)
	}
	if !strings.Contains(err.Error(), "accept() failed after") {
		t.Errorf("%q does not contain %q", err.Error(), "accept() failed after")
	}
}

// An N/s loop that wakes late after a pause takes a connection that was already waiting as of
// the pause's end, so its next pause ends on the model's schedule; a connection that arrives
// after the queue was found empty starts the pause when it is taken.
func TestAppRatePauseAnchors(t *testing.T) {
	lfd, cleanup := queuedListener(t, 3)
	defer cleanup()
	a := &app{listener: lfd, step: model.AppStep{Mode: model.AcceptRate, Rate: model.Rate(5)}}
	defer func() {
		for _, fd := range a.fds {
			unix.Close(fd)
		}
	}()
	const period = 200 * time.Millisecond
	end := time.Now().Add(-30 * time.Millisecond) // the pause ended 30 ms ago; the thread woke late
	a.pauseUntil, a.pauseDue = end, true
	a.settle(time.Now())
	if got, want := a.pauseUntil, end.Add(period); !reflect.DeepEqual(got, want) {
		t.Errorf("next pause end after a late wake-up: a.pauseUntil = %+v, want %+v", got, want)
	}

	a.pauseUntil, a.pauseDue = end, false // the queue was found empty when the pause ended
	now := time.Now()
	a.settle(now)
	if got, want := a.pauseUntil, now.Add(period); !reflect.DeepEqual(got, want) {
		t.Errorf("next pause end after waiting for a connection: a.pauseUntil = %+v, want %+v", got, want)
	}
	if got, want := a.accepted, 2; got != want {
		t.Errorf("a.accepted = %v, want %v", got, want)
	}
}
