//go:build linux

package kernel

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// runFDs is what a run holds open besides its clients' sockets and the connections its
// application accepts: namespaces, TUN devices, the listener, counters, sock_diag, /dev/kmsg,
// eventfds and epoll, with room to spare.
const runFDs = 32

// fdBudget keeps RLIMIT_NOFILE above what the runs in progress may still open. The limit
// belongs to the process, and a suite prepares many runs before any of them plays, so the
// budget counts, for every run not yet closed, the connections its application may still
// accept (one per genuine client).
type fdBudget struct {
	mu      sync.Mutex
	accepts int
}

var budget fdBudget

// reserve makes room for a run with this many genuine clients before it is set up: a socket
// for each client now and a descriptor for each connection accepted later, on top of what
// the process holds and what the other runs may still accept. It raises the soft limit, and
// the hard one when it must (root may, up to fs.nr_open); when neither can be done it fails
// with the reason, as a run whose accept() hit EMFILE would report less than the kernel does.
func (b *fdBudget) reserve(clients int) (release func(), err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	open, err := openFDs()
	if err != nil {
		return nil, err
	}
	need := uint64(open + runFDs + 2*clients + b.accepts)
	var cur unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &cur); err != nil {
		return nil, fmt.Errorf("reading RLIMIT_NOFILE: %w", err)
	}
	want, err := noFileLimit(cur, need, nrOpen())
	if err != nil {
		return nil, fmt.Errorf("%d genuine clients: %w", clients, err)
	}
	if want != cur {
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &want); err != nil {
			return nil, fmt.Errorf("%d genuine clients need %d file descriptors (a socket for each and one for each accepted connection), "+
				"above this process's hard limit of %d, which it may not raise (%w); raise it where synq starts (ulimit -Hn %d) "+
				"or run at most %d clients", clients, need, cur.Max, err, need, (int(cur.Max)-(int(need)-2*clients))/2)
		}
	}
	b.accepts += clients
	return func() {
		b.mu.Lock()
		b.accepts -= clients
		b.mu.Unlock()
	}, nil
}

// noFileLimit is the RLIMIT_NOFILE that allows need descriptors: cur when it does already,
// else the soft limit raised to need, with the hard limit raised too when it is lower (which
// takes root, and at most fs.nr_open descriptors).
func noFileLimit(cur unix.Rlimit, need, nrOpen uint64) (unix.Rlimit, error) {
	if cur.Cur >= need {
		return cur, nil
	}
	if need > nrOpen {
		return cur, fmt.Errorf("the run needs %d file descriptors (a socket for each client and one for each accepted connection), "+
			"more than a process may have here (fs.nr_open %d); run fewer clients", need, nrOpen)
	}
	return unix.Rlimit{Cur: need, Max: max(cur.Max, need)}, nil
}

// openFDs counts the descriptors the process holds.
func openFDs() (int, error) {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0, fmt.Errorf("counting open file descriptors: %w", err)
	}
	return len(ents), nil
}

// nrOpen is fs.nr_open, the most descriptors any process may have; 1048576, the kernel's
// default, when it cannot be read.
func nrOpen() uint64 {
	b, err := os.ReadFile("/proc/sys/fs/nr_open")
	if err != nil {
		return 1 << 20
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 1 << 20
	}
	return n
}
