//go:build linux

package kernel

import (
	"fmt"
	"sync/atomic"

	"golang.org/x/sys/unix"

	"synq/model"
)

// clients are the genuine clients: real sockets in the client namespace, client i bound to
// 198.18.0.2 port 32768+i as in the model. A socket that must write after connect() is
// watched with epoll and writes once when the handshake completes.
type clients struct {
	fds       []int
	send      []int
	connected []bool
	final     []model.ClientState // a closed socket's outcome, once known
	writeErr  []atomic.Int32      // an error a write took from the socket (errno)
	ep        int
	wake      int
	done      chan struct{} // nil until the writer runs
}

// clientPortBase is the model's first client port.
const clientPortBase = 32768

// newClients creates the sockets; it must run on the client namespace's thread.
func newClients(sends []int) (*clients, error) {
	c := &clients{send: sends, connected: make([]bool, len(sends)), final: make([]model.ClientState, len(sends)),
		writeErr: make([]atomic.Int32, len(sends)), ep: -1, wake: -1}
	for i := range sends {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("creating client socket %d of %d: %w", i+1, len(sends), err)
		}
		c.fds = append(c.fds, fd)
		if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: model.ClientAddr, Port: clientPortBase + i}); err != nil {
			c.close()
			return nil, fmt.Errorf("binding client %d to port %d: %w", i, clientPortBase+i, err)
		}
	}
	var err error
	if c.ep, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		c.close()
		return nil, err
	}
	if c.wake, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
		c.close()
		return nil, err
	}
	if err := unix.EpollCtl(c.ep, unix.EPOLL_CTL_ADD, c.wake, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: -1}); err != nil {
		c.close()
		return nil, err
	}
	c.done = make(chan struct{})
	go c.writer()
	return c, nil
}

// connect calls connect() for client i; the handshake goes on in the kernel.
func (c *clients) connect(i int, port uint16) error {
	c.connected[i] = true
	err := unix.Connect(c.fds[i], &unix.SockaddrInet4{Addr: model.ServerAddr, Port: int(port)})
	if err != nil && err != unix.EINPROGRESS {
		return fmt.Errorf("client %d: connect: %w", i, err)
	}
	// Watched only once connect() has begun: an unconnected socket polls as hung up.
	if c.send[i] > 0 {
		ev := unix.EpollEvent{Events: unix.EPOLLOUT | unix.EPOLLONESHOT, Fd: int32(i)}
		if err := unix.EpollCtl(c.ep, unix.EPOLL_CTL_ADD, c.fds[i], &ev); err != nil {
			return err
		}
	}
	return nil
}

// writer writes each client's data once its socket is connected.
func (c *clients) writer() {
	defer close(c.done)
	events := make([]unix.EpollEvent, 64)
	for {
		n, err := unix.EpollWait(c.ep, events, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return
		}
		for _, ev := range events[:n] {
			if ev.Fd < 0 {
				return
			}
			i := int(ev.Fd)
			info, err := unix.GetsockoptTCPInfo(c.fds[i], unix.IPPROTO_TCP, unix.TCP_INFO)
			if err != nil {
				continue
			}
			if info.State == tcpSynSent { // not connected yet: watch again
				rearm := unix.EpollEvent{Events: unix.EPOLLOUT | unix.EPOLLONESHOT, Fd: ev.Fd}
				unix.EpollCtl(c.ep, unix.EPOLL_CTL_MOD, c.fds[i], &rearm)
				continue
			}
			if info.State != tcpEstablished {
				continue
			}
			if _, err := unix.Write(c.fds[i], make([]byte, c.send[i])); err != nil {
				if e, ok := err.(unix.Errno); ok {
					c.writeErr[i].Store(int32(e))
				}
			}
		}
	}
}

// counts sorts the clients by the state of their sockets, as the report does.
func (c *clients) counts() model.ClientCounts {
	var n model.ClientCounts
	for i, fd := range c.fds {
		if !c.connected[i] {
			continue
		}
		st := c.final[i]
		if st == model.ClientIdle {
			st = c.state(i, fd)
		}
		switch st {
		case model.ClientSynSent:
			n.SynSent++
		case model.ClientEstablished:
			n.Established++
		case model.ClientReset:
			n.Reset++
		case model.ClientTimedOut:
			n.TimedOut++
		case model.ClientRefused:
			n.Refused++
		}
	}
	return n
}

// state reads one socket's state; a closed socket's outcome is its error, kept once read.
func (c *clients) state(i, fd int) model.ClientState {
	info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		return model.ClientIdle
	}
	switch info.State {
	case tcpSynSent:
		return model.ClientSynSent
	case tcpClose:
	default:
		return model.ClientEstablished // connected, as far as the application can tell
	}
	errno, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if errno == 0 {
		errno = int(c.writeErr[i].Load())
	}
	st := model.ClientReset
	switch unix.Errno(errno) {
	case unix.ECONNREFUSED:
		st = model.ClientRefused
	case unix.ETIMEDOUT:
		st = model.ClientTimedOut
	}
	c.final[i] = st
	return st
}

func (c *clients) close() {
	if c.done != nil {
		var one [8]byte
		one[0] = 1
		unix.Write(c.wake, one[:])
		<-c.done
	}
	if c.wake >= 0 {
		unix.Close(c.wake)
	}
	if c.ep >= 0 {
		unix.Close(c.ep)
	}
	for _, fd := range c.fds {
		unix.Close(fd)
	}
}
