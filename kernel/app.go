//go:build linux

package kernel

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"synq/model"
)

// app is the server application's accept() loop, on the real listener. It follows the
// scenario's steps as the model's loop does: none never accepts, all accepts each connection
// the moment it is queued, N/s accepts one and then pauses 1/N before the next.
type app struct {
	listener int
	wake     int // an eventfd: a new step, or the end

	mu       sync.Mutex
	step     model.AppStep
	stepGen  int
	stopped  bool
	accepted atomic.Int64
	fds      []int // accepted connections, held open until the end
	done     chan struct{}
}

func newApp(listener int) (*app, error) {
	wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return nil, err
	}
	a := &app{listener: listener, wake: wake, done: make(chan struct{})}
	go a.loop()
	return a, nil
}

// setStep switches the loop to a new behaviour at once.
func (a *app) setStep(st model.AppStep) {
	a.mu.Lock()
	a.step, a.stepGen = st, a.stepGen+1
	a.mu.Unlock()
	a.poke()
}

func (a *app) poke() {
	var one [8]byte
	one[0] = 1
	unix.Write(a.wake, one[:])
}

// stop ends the loop and closes every accepted connection.
func (a *app) stop() {
	a.mu.Lock()
	a.stopped = true
	a.mu.Unlock()
	a.poke()
	<-a.done
	for _, fd := range a.fds {
		unix.Close(fd)
	}
	unix.Close(a.wake)
}

func (a *app) loop() {
	defer close(a.done)
	gen := -1
	var pauseUntil time.Time // while pausing between accepts (N/s)
	for {
		a.mu.Lock()
		st, stopped := a.step, a.stopped
		if a.stepGen != gen {
			gen, pauseUntil = a.stepGen, time.Time{} // a new step ends a pause, as in the model
		}
		a.mu.Unlock()
		if stopped {
			return
		}
		watchListener := st.Mode == model.AcceptAll || (st.Mode == model.AcceptRate && !time.Now().Before(pauseUntil))
		timeout := time.Duration(-1)
		if st.Mode == model.AcceptRate && !watchListener {
			timeout = time.Until(pauseUntil)
		}
		fds := []unix.PollFd{{Fd: int32(a.wake), Events: unix.POLLIN}}
		if watchListener {
			fds = append(fds, unix.PollFd{Fd: int32(a.listener), Events: unix.POLLIN})
		}
		var ts *unix.Timespec
		if timeout >= 0 {
			t := unix.NsecToTimespec(int64(timeout))
			ts = &t
		}
		if _, err := unix.Ppoll(fds, ts, nil); err != nil && err != unix.EINTR {
			return
		}
		if fds[0].Revents != 0 {
			var buf [8]byte
			unix.Read(a.wake, buf[:])
		}
		if !watchListener || fds[1].Revents&unix.POLLIN == 0 {
			continue
		}
		switch st.Mode {
		case model.AcceptAll:
			for a.acceptOne() {
			}
		case model.AcceptRate:
			// The pause runs from the moment the loop was due to accept: when the queue was
			// already full at the end of the last pause, that is the pause's end, so that
			// a long run does not drift behind the model by the poll's latency.
			at := time.Now()
			if !pauseUntil.IsZero() && at.Sub(pauseUntil) < time.Millisecond {
				at = pauseUntil
			}
			if a.acceptOne() {
				pauseUntil = at.Add(time.Duration(st.Rate.Offset(1)))
			}
		}
	}
}

func (a *app) acceptOne() bool {
	fd, _, err := unix.Accept4(a.listener, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
	if err != nil {
		return false
	}
	a.fds = append(a.fds, fd)
	a.accepted.Add(1)
	return true
}
