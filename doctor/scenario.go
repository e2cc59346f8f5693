package doctor

import (
	"fmt"
	"math"
	"strings"
	"time"

	"synq/model"
)

// ScenarioFile is a scenario written from a diagnosis, and how it was estimated.
type ScenarioFile struct {
	YAML     string   // the file, in the format of scenario-format.md
	Listener string   // the listener it reproduces
	How      []string // how each number was estimated, and the limits of the estimate
}

// SynSchedule gives when a client of this kernel sends its SYN retransmissions, "1, 2, 3, 4, 5,
// 7 s …" (spec 2.7), the first six of them.
func SynSchedule(p *model.Profile) string {
	c := p.ClientDefaults
	var parts []string
	t := time.Duration(0)
	for i := 0; i < min(6, c.SynRetries+c.SynLinearTimeouts); i++ {
		t += time.Duration(p.TimeoutInit) << max(0, i-c.SynLinearTimeouts)
		parts = append(parts, fmt.Sprint(int(t.Seconds())))
	}
	return strings.Join(parts, ", ") + " s …"
}

// ClientSYNs counts the SYNs one client of this kernel sends within the first d of its
// connect(): the first and its retransmissions (spec 2.7): gaps of T, doubling, except that the
// first tcp_syn_linear_timeouts+1 gaps stay T (0, 1, 3, 7 … s; 6.5+: 0, 1, 2, 3, 4, 5, 7 … s).
// ListenOverflows counts each SYN that finds the accept queue full.
func ClientSYNs(p *model.Profile, d time.Duration) int {
	c := p.ClientDefaults
	t, n := time.Duration(0), 1
	for i := 0; i < c.SynRetries+c.SynLinearTimeouts; i++ {
		t += time.Duration(p.TimeoutInit) << max(0, i-c.SynLinearTimeouts)
		if t > d {
			break
		}
		n++
	}
	return n
}

// Scenario writes a scenario that reproduces what the diagnosis saw on one listener (the one in
// most trouble, or the one at addr when addr is not ""): the kernel's profile, the sysctls, the
// listener's backlog, the accept() rate and the arrivals estimated from the samples, and a flood
// where the cookies say the SYNs are spoofed. Without samples (a paste) it can only recreate the
// queues as seen, at stated made-up rates.
func (d *Diagnosis) Scenario(addr string) (*ScenarioFile, error) {
	l, err := d.pick(addr)
	if err != nil {
		return nil, err
	}
	p := d.profile()
	sf := &ScenarioFile{Listener: l.Addr}
	how := func(format string, args ...any) { sf.How = append(sf.How, fmt.Sprintf(format, args...)) }
	var b strings.Builder
	port := l.Port
	if port == 0 {
		port = 80
	}
	fmt.Fprintf(&b, "name: doctor-port-%d\n", port)

	// The sysctls in force, where the profile accepts them.
	var sys strings.Builder
	sc := p.ServerDefaults
	for _, s := range d.Sysctls {
		if err := p.SetServerSysctl(&sc, s.Key, s.Value); err != nil {
			how("%s = %d left out: %v", s.Key, s.Value, err)
			continue
		}
		fmt.Fprintf(&sys, "    %s: %d\n", s.Key, s.Value)
	}
	backlog := l.SendQ
	if backlog < 0 {
		backlog = d.sysctl("net.core.somaxconn")
		how("the backlog was not seen (netstat shows 0 for listeners); net.core.somaxconn %d was used", backlog)
	} else {
		how("listen backlog %d: the listener's Send-Q, i.e. the backlog after the somaxconn clamp (spec 4.1)", backlog)
	}

	duration := 10 * time.Second
	var app, traffic []string
	network := ""
	if d.Sampled && d.Span > 0 {
		duration = max(duration, time.Duration(d.Span).Round(time.Second))
		app, traffic, network = d.sampledTraffic(l, duration, how)
	} else {
		app, traffic = d.staticTraffic(l, how)
		how("no rates: a paste is one reading of the counters, so the traffic only recreates the queues as seen, at made-up rates (100/s for clients, 1000/s for a flood); run `synq doctor --scenario` on the machine for estimated rates")
	}
	if len(traffic) == 0 {
		return nil, fmt.Errorf("nothing arrived at %s that the scenario could reproduce (no completed connections, no queued ones, no flood)", l.Addr)
	}
	desc := fmt.Sprintf("Written by synq doctor from %s (kernel %s) for the listener %s. %s", d.Observation.Source, orUnknown(d.Kernel.Release), l.Addr, strings.Join(sf.How, "; "))
	fmt.Fprintf(&b, "description: %q\n", desc)
	fmt.Fprintf(&b, "kernel: %s\nduration: %s\n%sserver:\n  sysctl:\n%s", p.Name, model.Time(duration), network, sys.String())
	fmt.Fprintf(&b, "  listen: {port: %d, backlog: %d}\n  app:\n", port, backlog)
	for _, a := range app {
		b.WriteString("    - " + a + "\n")
	}
	b.WriteString("traffic:\n")
	for _, t := range traffic {
		b.WriteString("  - " + t + "\n")
	}
	sf.YAML = b.String()
	return sf, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "release not seen"
	}
	return s
}

func (d *Diagnosis) sysctl(key string) int {
	for _, s := range d.Sysctls {
		if s.Key == key {
			return s.Value
		}
	}
	return 0
}

func (d *Diagnosis) profile() *model.Profile {
	p, err := model.LookupProfile(d.Kernel.Profile)
	if err != nil {
		p, _ = model.LookupProfile(model.Newest)
	}
	return p
}

func (d *Diagnosis) counter(name string) (float64, bool) {
	for _, c := range d.Counters {
		if c.Name == name {
			return float64(c.Value), true
		}
	}
	return 0, false
}

// pick chooses the listener to reproduce: the one asked for, else the first with a full queue,
// else the first a finding names, else the busiest.
func (d *Diagnosis) pick(addr string) (ListenerView, error) {
	if len(d.Listeners) == 0 {
		return ListenerView{}, fmt.Errorf("no listener was seen: a scenario needs one (give `ss -ltn`)")
	}
	if addr != "" {
		for _, l := range d.Listeners {
			if l.Addr == addr || fmt.Sprint(l.Port) == addr {
				return l, nil
			}
		}
		var all []string
		for _, l := range d.Listeners {
			all = append(all, l.Addr)
		}
		return ListenerView{}, fmt.Errorf("no listener %s; seen: %s", addr, strings.Join(all, ", "))
	}
	for _, l := range d.Listeners {
		if l.AcceptFull || l.SynQueueFull {
			return l, nil
		}
	}
	for _, f := range d.Findings {
		for _, l := range d.Listeners {
			if f.Listener == l.Addr {
				return l, nil
			}
		}
	}
	best := d.Listeners[0]
	for _, l := range d.Listeners {
		if l.RecvQ+max(l.SynRecv, 0) > best.RecvQ+max(best.SynRecv, 0) {
			best = l
		}
	}
	return best, nil
}

// rateOf turns a per-second estimate into the whole rate a scenario takes (at least 1/s).
func rateOf(x float64) int64 { return max(1, int64(math.Round(x))) }

// countFor is how many arrivals at rate r fit between at and the end.
func countFor(r int64, at, end time.Duration) int64 {
	return max(1, int64((end-at).Seconds()*float64(r)))
}

// sampledTraffic estimates the accept() loop and the arrivals from the samples.
func (d *Diagnosis) sampledTraffic(l ListenerView, duration time.Duration, how func(string, ...any)) (app, traffic []string, network string) {
	span := d.Span.Seconds()
	first, last := l.Samples[0], l.Samples[len(l.Samples)-1]
	passive, _ := d.counter("TcpPassiveOpens")
	overflows, _ := d.counter("TcpExtListenOverflows")
	sent, _ := d.counter("TcpExtSyncookiesSent")
	recv, _ := d.counter("TcpExtSyncookiesRecv")
	doCookies, _ := d.counter("TcpExtTCPReqQFullDoCookies")
	qfullDrop, _ := d.counter("TcpExtTCPReqQFullDrop")
	timeouts, _ := d.counter("TcpExtTCPTimeouts")

	// accept(): what completed, less what stayed in the queue.
	accepted := passive - float64(last.RecvQ-first.RecvQ)
	acceptRate := accepted / span
	allEmpty := true
	for _, s := range l.Samples {
		allEmpty = allEmpty && s.RecvQ == 0
	}
	switch {
	case allEmpty:
		app = []string{"{at: 0s, accept: all}"}
		how("accept: all — the accept queue was empty in every sample")
	case accepted <= 0 || (l.AcceptFull && acceptRate < 0.5):
		app = []string{"{at: 0s, accept: none}"}
		how("accept: none — PassiveOpens +%.0f and the accept queue grew by %d over %.0f s, so nothing was accept()ed", passive, last.RecvQ-first.RecvQ, span)
	default:
		app = []string{fmt.Sprintf("{at: 0s, accept: %d/s}", rateOf(acceptRate))}
		how("accept: %d/s — (PassiveOpens +%.0f − accept-queue growth %d) / %.0f s", rateOf(acceptRate), passive, last.RecvQ-first.RecvQ, span)
	}

	// Genuine clients: those already queued and those waiting at a full accept queue (from the
	// start), then those that completed during the interval (as a rate).
	waiting := 0
	if l.AcceptFull && overflows > 0 {
		n := max(1, ClientSYNs(d.profile(), time.Duration(d.Span))-1)
		waiting = int(math.Round(overflows / float64(n)))
		how("about %d clients waited at the full accept queue: ListenOverflows +%.0f counts every SYN (and ACK) retry, and a %s client retransmits about %d times in %.0f s (spec 2.7)", waiting, overflows, d.Kernel.Profile, n, span)
	}
	if n := first.RecvQ + waiting; n > 0 {
		traffic = append(traffic, fmt.Sprintf("{kind: connect, at: 0s, count: %d, rate: 1000/s}", min(n, model.MaxClients)))
		how("%d clients at 0 s: the %d the accept queue held at the first sample and the waiting ones", n, first.RecvQ)
	}
	genuine := passive
	if d.sysctl("net.ipv4.tcp_syncookies") != 0 && sent > 0 {
		genuine = math.Max(genuine, recv)
	}
	if g := genuine / span; g > 0 {
		r := rateOf(g)
		traffic = append(traffic, fmt.Sprintf("{kind: connect, at: 1s, count: %d, rate: %d/s}", min(countFor(r, time.Second, duration), int64(model.MaxClients)), r))
		how("connect %d/s from 1 s — completed handshakes (PassiveOpens +%.0f) over %.0f s; clients whose SYNs were dropped and never completed are seen by no counter, so this is a lower bound", r, passive, span)
	}

	// Slow handshakes: cookies that come back while the SYN queue stays full mean the requests
	// in the queue wait long for their ACKs. A saturated queue admits a request as soon as one
	// completes, so (Little's law) it passes limit / round-trip requests a second. Those are the
	// passive opens that were not cookies; SyncookiesRecv also counts cookie ACKs that then found
	// the accept queue full (spec 2.3 step 5), which ListenOverflows counts, so they are added back.
	if through := (passive - recv + overflows) / span; sent > 0 && recv/sent >= genuineRatio && l.SynQueueFull && l.SynQueueLimit > 0 {
		rtt := time.Duration(float64(time.Second) * float64(l.SynQueueLimit) / math.Max(through, 1))
		delay := min(max(rtt/2, time.Millisecond), 5*time.Second).Round(time.Millisecond)
		network = fmt.Sprintf("network: {delay: %s}\n", model.Time(delay))
		how("network delay %s — the SYN queue stayed at its limit of %d while cookies came back: by Little's law the round trip is about the limit over the handshakes that went through the queue ((PassiveOpens − SyncookiesRecv + ListenOverflows) / %.0f s = %.1f/s), halved for one way; a rough figure", model.Time(delay), l.SynQueueLimit, span, through)
	}

	// A flood: cookies sent that do not come back, or (cookies off) SYN-queue drops with
	// requests timing out.
	switch {
	case sent > 0 && recv/sent <= spoofedRatio:
		r := rateOf(math.Max(doCookies, sent) / span)
		traffic = append(traffic, fmt.Sprintf("{kind: flood, at: 0s, count: %d, rate: %d/s}", countFor(r, 0, duration), r))
		how("flood %d/s — SyncookiesSent +%.0f (TCPReqQFullDoCookies +%.0f) with %.0f back: spoofed sources (cookie ratio %.2f); SYNs the accept-queue check dropped before a cookie are counted only by TCPReqQFullDoCookies", r, sent, doCookies, recv, recv/sent)
	case qfullDrop > 0 && l.SynQueueFull && timeouts > 0:
		r := rateOf(qfullDrop / span)
		traffic = append(traffic, fmt.Sprintf("{kind: flood, at: 0s, count: %d, rate: %d/s}", countFor(r, 0, duration), r))
		how("flood %d/s — TCPReqQFullDrop +%.0f with the SYN queue full of requests that time out (TCPTimeouts +%.0f): treated as spoofed; the SYNs that entered the queue are not in this figure", r, qfullDrop, timeouts)
	}
	return app, traffic, network
}

// staticTraffic recreates the queues of a single reading, at made-up rates.
func (d *Diagnosis) staticTraffic(l ListenerView, how func(string, ...any)) (app, traffic []string) {
	if l.AcceptFull {
		app = []string{"{at: 0s, accept: none}"}
		how("accept: none — the accept queue was full")
	} else {
		app = []string{"{at: 0s, accept: all}"}
		how("accept: all — the accept queue was not full")
	}
	if n := l.RecvQ + 4*btoi(l.AcceptFull); n > 0 {
		traffic = append(traffic, fmt.Sprintf("{kind: connect, at: 0s, count: %d, rate: 100/s}", n))
		how("%d clients: the %d queued, plus 4 to overflow the full queue", n, l.RecvQ)
	}
	sent, _ := d.counter("TcpExtSyncookiesSent")
	recv, _ := d.counter("TcpExtSyncookiesRecv")
	if (sent > 0 && recv/sent <= spoofedRatio) || (l.SynQueueFull && sent == 0) {
		n := 2 * max(l.SynQueueLimit, 8)
		traffic = append(traffic, fmt.Sprintf("{kind: flood, at: 1s, count: %d, rate: 1000/s}", n))
		how("flood of %d SYNs: twice the SYN queue's limit, since the cookies did not come back or the SYN queue was full", n)
	}
	return app, traffic
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
