//go:build linux

package kernel

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"synq/model"
	"synq/packet"
)

// Release is the running kernel's release, as `uname -r` prints it.
func Release() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "unknown"
	}
	return unix.ByteSliceToString(u.Release[:])
}

// run is one kernel run in progress.
type run struct {
	sc       *model.Scenario
	opt      Options
	srv, cli *netns
	srvTun   *os.File
	cliTun   *os.File
	listener int
	counters *counters
	diag     *diag
	kmsg     *kmsg
	clients  *clients
	app      *app
	wire     wire
	pcapBuf  *bufio.Writer
	pcap     *packet.PcapWriter
	pcapErr  error // the first failure to record a packet
	log      []string
	late     model.Time // the most the run fell behind its schedule
	lateAt   model.Time // and when
	played   bool
	release  func() // gives back the run's share of the descriptor budget
}

// Run runs the scenario on the kernel and reports its checkpoints. Everything it creates is
// gone when it returns, whether it succeeded, failed, or ctx was cancelled.
func Run(ctx context.Context, sc *model.Scenario, opt Options) (*Result, error) {
	p, err := Prepare(sc, opt)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Play(ctx)
}

// Prepared is a run whose namespaces, devices and sockets are set up, ready to play. Setting
// up is the heavy part for the kernel (a new namespace initialises every network subsystem),
// so a suite prepares all its runs before any of them plays, and closes them after the last.
type Prepared struct{ r *run }

// Prepare sets a run up. Close removes everything it made, whether or not it played.
func Prepare(sc *model.Scenario, opt Options) (*Prepared, error) {
	if sc.Profile.BSD {
		// Its defaults and counters are BSD's: the run would set Linux up with them.
		return nil, fmt.Errorf("the scenario's profile %s is not Linux, and the kernel engine runs the machine's Linux; name a Linux profile with `kernel:` or leave it out", sc.Profile.Name)
	}
	if os.Geteuid() != 0 {
		return nil, ErrNotRoot
	}
	r := &run{sc: sc, opt: opt, listener: -1}
	release, err := budget.reserve(genuineClients(sc))
	if err != nil {
		return nil, err
	}
	r.release = release
	if err := r.setup(); err != nil {
		r.close()
		return nil, err
	}
	return &Prepared{r: r}, nil
}

// Play runs the scenario in real time and reports its checkpoints. It plays once.
func (p *Prepared) Play(ctx context.Context) (*Result, error) {
	if p.r.played {
		return nil, errors.New("kernel: a prepared run plays only once")
	}
	p.r.played = true
	return p.r.play(ctx)
}

// Close removes the run's namespaces, devices and sockets.
func (p *Prepared) Close() { p.r.close() }

func (r *run) setup() error {
	var err error
	if r.opt.Pcap != nil {
		// Buffered: a flood puts thousands of packets a second through the run's loop.
		r.pcapBuf = bufio.NewWriterSize(r.opt.Pcap, 1<<16)
		if r.pcap, err = packet.NewPcapWriter(r.pcapBuf); err != nil {
			return err
		}
	}
	if r.kmsg, err = openKmsg(); err != nil {
		return err
	}
	if r.srv, err = newNetns("server"); err != nil {
		return err
	}
	if r.cli, err = newNetns("client"); err != nil {
		return err
	}
	if err := r.srv.Do(r.setupServer); err != nil {
		return err
	}
	return r.cli.Do(r.setupClients)
}

func (r *run) setupServer() error {
	if err := writeSysctls(append(quietSysctls, serverSysctls(r.sc.Server.Sysctl, hasSysctl)...)); err != nil {
		return fmt.Errorf("server namespace: %w", err)
	}
	var err error
	if r.srvTun, err = openTun(model.ServerAddr, "server"); err != nil {
		return err
	}
	if r.counters, err = openCounters(); err != nil {
		return err
	}
	if r.diag, err = openDiag(); err != nil {
		return err
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	r.listener = fd
	// Bound to the server's address, not 0.0.0.0: the kernel's log line names the address.
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: model.ServerAddr, Port: int(r.sc.Server.Port)}); err != nil {
		return fmt.Errorf("binding the listener: %w", err)
	}
	if err := unix.Listen(fd, r.sc.Server.Backlog); err != nil {
		return fmt.Errorf("listen(%d): %w", r.sc.Server.Backlog, err)
	}
	return nil
}

func (r *run) setupClients() error {
	list := append(quietSysctls, clientSysctls(r.sc.Client.Sysctl, hasSysctl)...)
	if err := writeSysctls(list); err != nil {
		return fmt.Errorf("client namespace: %w", err)
	}
	var err error
	if r.cliTun, err = openTun(model.ClientAddr, "clients"); err != nil {
		return err
	}
	var sends []int
	for _, t := range r.sc.Traffic {
		if t.Kind == model.Connect {
			for range t.Count {
				sends = append(sends, t.Send)
			}
		}
	}
	r.clients, err = newClients(sends)
	return err
}

func (r *run) close() {
	if r.app != nil {
		r.app.stop()
	}
	if r.clients != nil {
		r.clients.close()
	}
	if r.listener >= 0 {
		unix.Close(r.listener)
	}
	for _, f := range []*os.File{r.srvTun, r.cliTun} {
		if f != nil {
			f.Close()
		}
	}
	if r.counters != nil {
		r.counters.Close()
	}
	if r.diag != nil {
		r.diag.Close()
	}
	if r.kmsg != nil {
		r.kmsg.Close()
	}
	r.srv.Close()
	r.cli.Close()
	if r.release != nil {
		r.release()
		r.release = nil
	}
}

// genuineClients is how many clients the scenario's traffic connects.
func genuineClients(sc *model.Scenario) int {
	n := 0
	for _, t := range sc.Traffic {
		if t.Kind == model.Connect {
			n += t.Count
		}
	}
	return n
}

// record writes a packet to the pcap file, if there is one.
func (r *run) record(at time.Time, data []byte) {
	if r.pcap != nil && r.pcapErr == nil {
		r.pcapErr = r.pcap.WritePacket(at.UnixNano(), data)
	}
}

// flushPcap writes out what the pcap file's buffer holds and reports the first failure.
func (r *run) flushPcap() error {
	if r.pcapBuf == nil {
		return nil
	}
	if err := r.pcapBuf.Flush(); r.pcapErr == nil {
		r.pcapErr = err
	}
	if r.pcapErr != nil {
		return fmt.Errorf("recording packets: %w", r.pcapErr)
	}
	return nil
}

// checkpoint reads the state of the run as the report shows it.
func (r *run) checkpoint(at model.Time) (model.Checkpoint, error) {
	cp := model.Checkpoint{At: at, Log: []string{}}
	// The queue and the accepted count are read with the accept() loop settled and held, so
	// that a connection is counted in one of them, never in both or neither.
	err := r.app.view(func(accepted int) error {
		info, err := unix.GetsockoptTCPInfo(r.listener, unix.IPPROTO_TCP, unix.TCP_INFO)
		if err != nil {
			return fmt.Errorf("reading the listener: %w", err)
		}
		// For a listener, TCP_INFO's unacked is the accept queue's length and sacked the
		// backlog: what ss prints as Recv-Q and Send-Q.
		cp.Listener = model.ListenerView{RecvQ: int(info.Unacked), SendQ: int(info.Sacked)}
		cp.Accepted = accepted
		return nil
	})
	if err != nil {
		return cp, err
	}
	if cp.SynRecv, err = r.diag.synRecv(r.sc.Server.Port); err != nil {
		return cp, err
	}
	cp.Clients = r.clients.counts()
	all, err := r.counters.read()
	if err != nil {
		return cp, err
	}
	if cp.Nstat, err = nstat(r.sc.Profile, all); err != nil {
		return cp, err
	}
	lines, err := r.kmsg.lines()
	if err != nil {
		return cp, err
	}
	for _, l := range lines {
		if aboutListener(l, r.sc.Server.Port) {
			r.log = append(r.log, l)
		}
	}
	cp.Log = append(cp.Log, r.log...)
	return cp, nil
}

// aboutListener reports whether a kernel log line is about this run's listener. From 6.6 the
// line names the listener's address and port; before, the port alone (spec 4.3).
func aboutListener(line string, port uint16) bool {
	addr := model.ListenAddr(port)
	bracketed := "[" + strings.Replace(addr, ":", "]:", 1)
	portOnly := fmt.Sprintf("on port %d.", port)
	return strings.Contains(line, "SYN flooding on port ") &&
		(strings.Contains(line, " "+addr+".") || strings.Contains(line, " "+bracketed+".") || strings.Contains(line, portOnly))
}
