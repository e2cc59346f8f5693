//go:build linux

package kernel

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"synq/model"
)

// app is the server application's accept() loop, on the real listener. It follows the
// scenario's steps as the model's loop does: none never accepts, all accepts each connection
// the moment it is queued, N/s accepts one and then pauses 1/N before the next.
//
// A goroutine waits for connections, but every accept() happens under mu, and a new step and
// a checkpoint each run the loop as far as it can go at that instant (settle) before they
// return: a step at T has taken effect by a checkpoint at T, and a checkpoint reads the
// listener's queue and the accepted count with no accept() between the two reads.
type app struct {
	listener int
	wake     int // an eventfd: a new step, or the end

	mu         sync.Mutex
	step       model.AppStep
	pauseUntil time.Time // while pausing between accepts (N/s)
	pauseDue   bool      // a pause has ended (or will) and the queue has not been found empty since
	stopped    bool
	accepted   int
	err        error // why accept() stopped working; it ends the run
	fds        []int // accepted connections, held open until the end
	done       chan struct{}
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

// setStep switches the loop to a new behaviour at once, and takes what the new behaviour
// takes at this instant (the whole queue for all), as the model does.
func (a *app) setStep(st model.AppStep) {
	a.mu.Lock()
	a.step, a.pauseUntil, a.pauseDue = st, time.Time{}, false // a new step ends a pause, as in the model
	a.settle(time.Now())
	a.mu.Unlock()
	a.poke()
}

// view runs the loop as far as it can go now, then calls read with no accept() running, so
// that what read sees of the listener and of the accepted count belongs to one instant.
func (a *app) view(read func(accepted int) error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.settle(time.Now())
	if a.err != nil {
		return a.err
	}
	return read(a.accepted)
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
	for {
		a.mu.Lock()
		st, pauseUntil, due, stopped := a.step, a.pauseUntil, a.pauseDue, a.stopped || a.err != nil
		a.mu.Unlock()
		if stopped {
			return
		}
		if st.Mode == model.AcceptRate && due && !time.Now().Before(pauseUntil) {
			// A pause has ended: look at the queue now, before waiting for it, so that a
			// connection already there is taken as of the pause's end.
			a.mu.Lock()
			a.settle(time.Now())
			a.mu.Unlock()
			continue
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
			a.mu.Lock()
			a.err = fmt.Errorf("the accept() loop: poll: %w", err)
			a.mu.Unlock()
			return
		}
		if fds[0].Revents != 0 {
			var buf [8]byte
			unix.Read(a.wake, buf[:])
		}
		if !watchListener || fds[1].Revents&unix.POLLIN == 0 {
			continue
		}
		a.mu.Lock()
		a.settle(time.Now())
		a.mu.Unlock()
	}
}

// settle is the model's loop at one instant: all empties the queue; N/s takes one connection
// if it is not pausing, then pauses 1/N. The caller holds mu.
func (a *app) settle(now time.Time) {
	if a.err != nil {
		return
	}
	switch a.step.Mode {
	case model.AcceptAll:
		for a.acceptOne() {
		}
	case model.AcceptRate:
		if now.Before(a.pauseUntil) {
			return
		}
		// The pause runs from the moment the loop was due to accept: when a connection was
		// already queued at the end of the last pause, that is the pause's end (however late
		// this thread woke up to take it), so that a long run does not drift behind the model
		// by the scheduler's latency; when the queue was empty then, it is the moment the next
		// connection arrived, which is now.
		at := now
		if a.pauseDue {
			at = a.pauseUntil
		}
		if a.acceptOne() {
			a.pauseUntil, a.pauseDue = at.Add(time.Duration(a.step.Rate.Offset(1))), true
		} else {
			a.pauseDue = false
		}
	}
}

// acceptOne takes one connection from the queue; false when the queue is empty or accept()
// failed. A failure other than an empty queue (EMFILE, ENOBUFS…) would silently leave
// connections queued that the model accepts, so it is kept and ends the run. The caller
// holds mu.
func (a *app) acceptOne() bool {
	for {
		fd, _, err := unix.Accept4(a.listener, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
		switch err {
		case nil:
			a.fds = append(a.fds, fd)
			a.accepted++
			return true
		case unix.EAGAIN:
			return false
		case unix.EINTR, unix.ECONNABORTED: // interrupted, or a connection reset while queued: try again
			continue
		}
		a.err = fmt.Errorf("the application's accept() failed after %d connections: %w", a.accepted, err)
		return false
	}
}
