//go:build linux

package kernel

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"synq/doctor"
)

// Observe looks at the calling thread's network namespace, read-only: the kernel release, the
// listener sysctls, every TCP listener (sock_diag) with its SYN-RECV requests and owner, the
// counters sampled over opt.Interval, and the kernel log lines about listeners. It never writes
// a sysctl and never sends a packet. What it cannot read (without root) goes into the notes.
// Everything it opens binds to the namespace of the thread it runs on, so a caller that locks
// its goroutine to a thread in another namespace observes that one.
func Observe(ctx context.Context, opt ObserveOptions) (*doctor.Observation, error) {
	step := opt.Step
	if step <= 0 {
		step = time.Second
	}
	obs := &doctor.Observation{Source: "live: this machine's network namespace", Release: Release(), Sysctls: map[string]int{}}
	for _, key := range doctor.SysctlKeys {
		if v, err := readSysctl(key); err == nil {
			obs.Sysctls[key] = v
		} else {
			obs.Notes = append(obs.Notes, err.Error())
		}
	}
	d, err := openDiag()
	if err != nil {
		return nil, fmt.Errorf("%w (the tcp_diag module may be missing: modprobe tcp_diag)", err)
	}
	defer d.Close()
	c, err := openCounters()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	log := openLog(obs)
	if log != nil {
		defer log.Close()
	}
	obs.ListenersKnown, obs.SynRecvKnown = true, true
	owners, ownerNote := socketOwners()
	if ownerNote != "" {
		obs.Notes = append(obs.Notes, ownerNote)
	}
	index := map[uint32]int{} // listener inode → index in obs.Listeners
	start := time.Now()
	for {
		at := time.Since(start)
		if err := sample(d, c, obs, index, owners, at); err != nil {
			return nil, err
		}
		if log != nil {
			lines, err := log.lines()
			if err != nil {
				obs.Notes = append(obs.Notes, err.Error())
			}
			for _, l := range lines {
				if doctor.AboutListener(l) {
					obs.Log = append(obs.Log, l)
				}
			}
		}
		if opt.Progress != nil {
			opt.Progress(at, opt.Interval)
		}
		if at >= opt.Interval {
			break
		}
		wait := min(step, opt.Interval-at)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	if os.Geteuid() != 0 {
		obs.Notes = append(obs.Notes, "not run as root: as root synq doctor also sees the owners of every process's sockets, and the kernel log when kernel.dmesg_restrict is 1")
	}
	return obs, nil
}

// sample reads the counters and every listener's queues once, at time at of the interval.
func sample(d *diag, c *counters, obs *doctor.Observation, index map[uint32]int, owners map[uint32]string, at time.Duration) error {
	all, err := c.read()
	if err != nil {
		return err
	}
	vals := map[string]uint64{}
	for _, name := range doctor.CounterNames {
		if v, ok := all[name]; ok {
			vals[name] = v
		}
	}
	obs.Counters = append(obs.Counters, doctor.CounterSample{At: doctor.Seconds(at), Values: vals})
	var socks, reqs []sockInfo
	for _, fam := range []uint8{unix.AF_INET, unix.AF_INET6} {
		l, err := d.dump(fam, 1<<tcpListen)
		if err != nil {
			if fam == unix.AF_INET6 {
				continue // no IPv6 in this kernel or namespace
			}
			return err
		}
		r, err := d.dump(fam, 1<<tcpSynRecv|1<<tcpNewSynRecv)
		if err != nil {
			return err
		}
		socks, reqs = append(socks, l...), append(reqs, r...)
	}
	for _, s := range socks {
		i, ok := index[s.inode]
		if !ok {
			i = len(obs.Listeners)
			index[s.inode] = i
			obs.Listeners = append(obs.Listeners, doctor.Listener{Addr: s.addrPort(), Port: s.port, Process: owners[s.inode]})
		}
		l := &obs.Listeners[i]
		l.RecvQ, l.SendQ = int(s.rqueue), int(s.wqueue) // spec 4.1: for a listener, Recv-Q = AQ, Send-Q = B
		l.SynRecv = 0
		// A wildcard listener owns every request on its port (with both 0.0.0.0 and [::]
		// listening on one port, each is counted for both).
		for _, r := range reqs {
			if r.port == s.port && (s.addr.IsUnspecified() || r.addr == s.addr) {
				l.SynRecv++
			}
		}
		l.Samples = append(l.Samples, doctor.QueueSample{At: doctor.Seconds(at), RecvQ: l.RecvQ, SynRecv: l.SynRecv})
	}
	return nil
}

// socketOwners maps socket inodes to "name (pid N)" from /proc/*/fd, as far as this user may
// look; the note says what was hidden.
func socketOwners() (map[uint32]string, string) {
	owners := map[uint32]string{}
	pids, _ := filepath.Glob("/proc/[0-9]*")
	hidden := 0
	for _, p := range pids {
		pid := filepath.Base(p)
		fds, err := os.ReadDir(p + "/fd")
		if err != nil {
			hidden++
			continue
		}
		comm, _ := os.ReadFile(p + "/comm")
		who := fmt.Sprintf("%s (pid %s)", strings.TrimSpace(string(comm)), pid)
		for _, fd := range fds {
			link, err := os.Readlink(p + "/fd/" + fd.Name())
			if err != nil || !strings.HasPrefix(link, "socket:[") {
				continue
			}
			ino, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]"), 10, 32)
			if err == nil {
				if _, ok := owners[uint32(ino)]; !ok {
					owners[uint32(ino)] = who
				}
			}
		}
	}
	if hidden > 0 {
		return owners, fmt.Sprintf("the sockets of %d processes could not be read (other users'): their listeners show no owner", hidden)
	}
	return owners, ""
}

// logReader reads the kernel log from its oldest record on.
type logReader struct{ *kmsg }

// openLog opens /dev/kmsg from its start, or notes why it cannot and how to get the lines.
func openLog(obs *doctor.Observation) *logReader {
	fd, err := syscall.Open("/dev/kmsg", syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		obs.Notes = append(obs.Notes, fmt.Sprintf("the kernel log /dev/kmsg cannot be read (%v): run as root, or `sudo dmesg | grep -i 'SYN flooding'` and give its output with --from", err))
		return nil
	}
	obs.LogKnown = true
	obs.Notes = append(obs.Notes, "the kernel log is the whole machine's: its flood lines may name listeners of other network namespaces")
	return &logReader{&kmsg{fd: fd}}
}
