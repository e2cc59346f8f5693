//go:build linux

package kernel

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, err)
	var lfd int
	var fds []int
	var tun *os.File
	require.NoError(t, ns.Do(func() error {
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
	}))
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
	require.Equal(t, n, queued(t, lfd), "connections waiting in the accept queue")
	return lfd, cleanup
}

func queued(t *testing.T, lfd int) int {
	info, err := unix.GetsockoptTCPInfo(lfd, unix.IPPROTO_TCP, unix.TCP_INFO)
	require.NoError(t, err)
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
	require.NoError(t, err)
	defer a.stop()
	look := func() (int, int) {
		var q, acc int
		require.NoError(t, a.view(func(accepted int) error { q, acc = queued(t, lfd), accepted; return nil }))
		return q, acc
	}
	a.setStep(model.AppStep{Mode: model.AcceptRate, Rate: model.Rate(1)})
	q, acc := look()
	assert.Equal(t, [2]int{n - 1, 1}, [2]int{q, acc}, "queued and accepted right after a 1/s step")
	a.setStep(model.AppStep{Mode: model.AcceptAll})
	q, acc = look()
	assert.Equal(t, [2]int{0, n}, [2]int{q, acc}, "queued and accepted right after an all step")
}

// An accept() that fails for want of descriptors ends the run with the reason, instead of
// leaving connections queued that the model accepts.
func TestAppReportsAcceptFailure(t *testing.T) {
	const n = 8
	lfd, cleanup := queuedListener(t, n)
	defer cleanup()
	a, err := newApp(lfd)
	require.NoError(t, err)
	defer a.stop()
	var lim unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &lim))
	open, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	low := lim
	low.Cur = uint64(len(open) + 3) // room for three accepted connections (ReadDir's own descriptor counted)
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &low))
	a.setStep(model.AppStep{Mode: model.AcceptAll})
	require.NoError(t, unix.Setrlimit(unix.RLIMIT_NOFILE, &lim))
	err = a.view(func(int) error { return nil })
	require.Error(t, err)
	assert.True(t, errors.Is(err, unix.EMFILE), "the error %v names EMFILE", err)
	assert.Contains(t, err.Error(), "accept() failed after")
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
	assert.Equal(t, end.Add(period), a.pauseUntil, "next pause end after a late wake-up")

	a.pauseUntil, a.pauseDue = end, false // the queue was found empty when the pause ended
	now := time.Now()
	a.settle(now)
	assert.Equal(t, now.Add(period), a.pauseUntil, "next pause end after waiting for a connection")
	assert.Equal(t, 2, a.accepted)
}
