package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Sim is one run of the model: a deterministic discrete-event simulation of a Linux listener,
// its genuine clients, flood sources, the wire between them and the application's accept()
// loop. The same scenario and seed always give the same trace.
type Sim struct {
	sc    *Scenario
	prof  *Profile
	clk   clock
	pcg   *rand.PCG // rng's source, kept so that Clone can copy its state
	rng   *rand.Rand
	now   Time
	seq   uint64
	heap  eventHeap
	wire  wire
	trace Trace // by value: five writes per flood SYN, one pointer load fewer each

	cachedAt    Time   // the instant the clocks below were brought up to
	jiffiesAt   uint64 // jiffies at cachedAt
	nextJiffyAt Time   // when jiffies next ticks
	minutesAt   uint32 // the syncookie minutes counter at cachedAt
	msAt        uint32 // the TCP timestamp clock at cachedAt

	counters Counters
	log      []LogLine
	// The kernel log's rate limits (spec 4.3): net_ratelimit's window and the once-a-minute
	// stamp of 2.6.32's flood line, both machine-wide.
	rlBegin       Time
	rlPrinted     int
	rlStarted     bool
	floodWarned   bool
	floodWarnedAt Time
	srv           server
	clients       []client
	defs          []Traffic // the scenario's traffic entries, then those that changes started
	traffic       []trafficState
	changes       []Change
	app           appState
	sent          func(Packet)
}

// LogLine is one kernel log line about the listener.
type LogLine struct {
	At   Time
	Text string
}

// Options tune a run without changing its outcome.
type Options struct {
	TraceWindow  int    // events kept in the trace's window; 0: DefaultTraceWindow
	StartJiffies uint64 // the kernel's jiffies at simulated time 0 (timer-wheel phase, cookie minutes)
	// Sent, when set, sees every packet as it is sent (At is the time it leaves). It takes a
	// copy: handing out the pointer would make every packet escape to the heap.
	Sent func(p Packet)
	// Stop, when set, is asked by RunWith after every StopEvery of simulated time whether to
	// end the run there (a capture that cannot be written, the user's interrupt); RunWith then
	// returns ErrStopped. The slices change nothing in the run: between them no event is due.
	Stop func() bool
}

// StopEvery is how much simulated time RunWith runs between two questions to Options.Stop: at
// MaxRate, a few tens of milliseconds of work.
const StopEvery = 10 * Millisecond

// ErrStopped is RunWith's error when Options.Stop ended the run early.
var ErrStopped = errors.New("model: run stopped before its end")

type trafficState struct {
	emitted     int
	firstClient int   // index of the entry's first genuine client
	step        Time  // whole nanoseconds between emissions (1s / rate)
	rem, acc    int64 // the remainder of 1s / rate, and its running sum: exact stepping without division
	stopped     bool  // a change ended the stream early
	lazy        bool  // clients are added as they connect (a stream a change started)
}

func (s *Sim) addClient(send int) {
	s.clients = append(s.clients, client{port: clientPortBase + uint16(len(s.clients)), dataLen: send})
}

// Event keys order what happens at the same instant: changes first, in the order they were
// made (a sysctl written at t governs the SYNs of t); then traffic arrivals, in file order;
// then everything else, by sequence number from keyBase.
const (
	trafficKeyBase = MaxChanges
	keyBase        = trafficKeyBase + MaxTrafficEntries + 1
)

// New prepares a run of the scenario at simulated time 0.
func New(sc *Scenario, opt Options) (*Sim, error) {
	if sc == nil || sc.Profile == nil {
		return nil, fmt.Errorf("model: scenario without a kernel profile")
	}
	if opt.TraceWindow <= 0 {
		opt.TraceWindow = DefaultTraceWindow
	}
	p := sc.Profile
	pcg := rand.NewPCG(uint64(sc.Seed), 0x73796e71) // "synq"
	s := &Sim{
		sc:    sc,
		prof:  p,
		clk:   newClock(p.HZ, opt.StartJiffies, p.WheelRounding),
		pcg:   pcg,
		rng:   rand.New(pcg),
		seq:   keyBase,
		trace: newTrace(opt.TraceWindow),
		sent:  opt.Sent,
	}
	s.jiffiesAt, s.nextJiffyAt = s.clk.start, s.clk.tick
	s.minutesAt = uint32(s.clk.start / (60 * s.clk.hz))
	s.srv.init(s)
	nClients := 0
	for _, t := range sc.Traffic {
		if t.Kind == Connect {
			nClients += t.Count
		}
	}
	s.clients = make([]client, 0, nClients)
	for _, t := range sc.Traffic {
		s.addTraffic(t, false)
	}
	for i, st := range sc.Server.App {
		s.schedule(st.At, evAppStep, int32(i), 0)
	}
	for _, c := range sc.Changes {
		if err := s.Apply(c); err != nil {
			return nil, fmt.Errorf("model: change at %s: %w", c.At, err)
		}
	}
	return s, nil
}

// addTraffic starts a traffic entry and schedules its first emission. Entries are keyed by
// their index, so simultaneous arrivals follow their order. A scenario's entries number their
// clients up front, entry by entry, as the kernel engine does; an open-ended stream started by
// a change (lazy) adds each client when it connects, and stops when MaxClients are there.
func (s *Sim) addTraffic(t Traffic, lazy bool) {
	i := len(s.defs)
	st := trafficState{firstClient: len(s.clients), lazy: lazy}
	if t.Rate > 0 {
		st.step, st.rem = Second/Time(t.Rate), int64(Second%Time(t.Rate))
	}
	s.defs = append(s.defs, t)
	s.traffic = append(s.traffic, st)
	if t.Kind == Connect && !lazy {
		for range t.Count {
			s.addClient(t.Send)
		}
	}
	if t.Count > 0 {
		s.heap.push(event{at: t.At, key: trafficKeyBase + uint64(i), kind: evTraffic, id: int32(i)})
	}
}

// Now is the simulated time the run has reached.
func (s *Sim) Now() Time { return s.now }

// Scenario is the scenario being run.
func (s *Sim) Scenario() *Scenario { return s.sc }

// Trace is the run's event record.
func (s *Sim) Trace() *Trace { return &s.trace }

// Counters returns the current values of the server namespace's counters.
func (s *Sim) Counters() Counters { return s.counters }

// Log returns the kernel log lines printed so far.
func (s *Sim) Log() []LogLine { return s.log }

func (s *Sim) schedule(at Time, kind eventKind, id int32, gen uint32) {
	s.seq++
	s.heap.push(event{at: at, key: s.seq, kind: kind, id: id, gen: gen})
}

// RunUntil processes every event due at or before t and leaves the clock at t.
func (s *Sim) RunUntil(t Time) {
	s.run(t, false)
	if t > s.now {
		s.now = t
	}
}

// Step processes the next event if it is due at or before limit, and reports whether it did.
func (s *Sim) Step(limit Time) bool { return s.run(limit, true) }

// NextAt is the time of the next pending event, or false when nothing is pending.
func (s *Sim) NextAt() (Time, bool) {
	switch {
	case s.heap.len() > 0 && s.wire.size > 0:
		return min(s.heap.top().at, s.wire.peek().At), true
	case s.heap.len() > 0:
		return s.heap.top().at, true
	case s.wire.size > 0:
		return s.wire.peek().At, true
	}
	return 0, false
}

// run processes the events due at or before limit in order, only the first of them when once
// is set, and reports whether it processed any. Under a flood it runs two events for every
// SYN, so the packet's delivery is written into the loop rather than called.
func (s *Sim) run(limit Time, once bool) bool {
	for n := 0; ; n++ {
		if once && n == 1 {
			return true
		}
		useWire := s.wire.size > 0
		if s.heap.len() > 0 {
			top := s.heap.top()
			if useWire {
				w := s.wire.peek()
				useWire = w.At < top.at || (w.At == top.at && w.key < top.key)
			}
			if !useWire {
				if top.at > limit {
					return n > 0
				}
				s.now = top.at
				if top.kind == evTraffic {
					s.emitTraffic(top)
				} else {
					s.dispatch()
				}
				continue
			}
		}
		if !useWire || s.wire.peek().At > limit {
			return n > 0
		}
		// The packet is handled in place and its slot freed afterwards: sends made while
		// handling it go behind it (the slot still counts as used), and a ring that grows keeps
		// the old array alive while p points into it.
		p := s.wire.peek()
		s.now = p.At
		s.trace.add(packetEvent(EvDeliver, p, 0))
		if p.Attr&AttrToServer != 0 {
			s.srv.recv(s, p)
		} else {
			s.clientRecv(p)
		}
		s.wire.drop()
	}
}

// dispatch pops the event at the top of the heap and runs it. (Traffic events are not popped:
// emitTraffic reschedules its entry in place.)
func (s *Sim) dispatch() {
	e := s.heap.pop()
	switch e.kind {
	case evReqTimer:
		s.srv.timer(s, e.id, e.gen)
	case evClientTimer:
		s.clientTimer(e.id, e.gen)
	case evAppStep:
		s.appStep(int(e.id))
	case evAppWake:
		s.appWake(e.gen)
	case evChange:
		s.change(e.id)
	case evSweep:
		s.srv.sweep.tick(s, e.gen)
	}
}

// emitTraffic lets a traffic entry emit its next client or flood SYN, then reschedules the
// entry in place (or removes it when it is done).
func (s *Sim) emitTraffic(top *event) {
	i := int(top.id)
	t := &s.defs[i]
	st := &s.traffic[i]
	if st.stopped {
		s.heap.pop()
		return
	}
	switch {
	case t.Kind == Connect && st.lazy:
		if len(s.clients) >= MaxClients {
			st.stopped = true // no ports left: the stream ends
			s.heap.pop()
			return
		}
		s.addClient(t.Send)
		s.connect(len(s.clients) - 1)
	case t.Kind == Connect:
		s.connect(st.firstClient + st.emitted)
	default:
		s.floodSYN(t)
	}
	st.emitted++
	if st.emitted < t.Count {
		next := *top
		// The i-th emission is at At + floor(i·1s/rate): add the whole step, and carry one
		// nanosecond whenever the accumulated remainders reach the rate.
		next.at += st.step
		if st.acc += st.rem; st.acc >= int64(t.Rate) && t.Rate > 0 {
			st.acc -= int64(t.Rate)
			next.at++
		}
		s.heap.replaceTop(next)
	} else {
		s.heap.pop()
	}
}

// floodSYN sends one spoofed SYN from a random source in 198.19.0.0/16.
func (s *Sim) floodSYN(t *Traffic) {
	r := s.pcg.Uint64() // the same draw as s.rng.Uint64(), without its interface call
	port := uint16(r>>16)%(65535-1024+1) + 1024
	s.send(&Packet{
		Peer:     FloodPeer | Peer(r&0xffff),
		PeerPort: port,
		Attr:     AttrToServer,
		Flags:    SYN,
		Seq:      uint32(r >> 32),
		Opt:      t.Options,
		TSval:    s.tsNow(),
	})
}

// send puts a packet on the wire; it arrives after the scenario's one-way delay. A packet to a
// flood source is recorded as sent and goes no further: the address is spoofed, no host there
// answers, so it has no delivery.
func (s *Sim) send(p *Packet) {
	if p.Len > 0 {
		p.Attr |= AttrData
	}
	p.At = s.now
	s.trace.add(packetEvent(EvSend, p, 0))
	if s.sent != nil {
		s.sent(*p)
	}
	if p.Attr&AttrToServer == 0 && p.Peer.IsFlood() {
		return
	}
	p.At = s.now + s.sc.Network.Delay
	s.seq++
	p.key = s.seq
	s.wire.push(p)
}

func packetEvent(kind EventKind, p *Packet, r Reason) Event {
	return Event{At: p.At, Kind: kind, Sub: uint8(r), Flags: p.Flags, Attr: p.Attr, Peer: p.Peer, Value: uint64(p.Len)}
}

// drop records that a delivered packet was discarded, and why.
func (s *Sim) drop(p *Packet, r Reason) {
	e := packetEvent(EvDrop, p, r)
	e.At = s.now
	s.trace.add(e)
}

// inc adds one to a counter.
func (s *Sim) inc(c Counter) {
	s.counters[c]++
	s.trace.add(Event{At: s.now, Kind: EvCounter, Sub: uint8(c), Value: s.counters[c]})
}

func (s *Sim) logf(format string, args ...any) {
	s.log = append(s.log, LogLine{At: s.now, Text: fmt.Sprintf(format, args...)})
	s.trace.add(Event{At: s.now, Kind: EvLog, Value: uint64(len(s.log) - 1)})
}

func (s *Sim) queueEvent(q Queue, n int) {
	s.trace.add(Event{At: s.now, Kind: EvQueue, Sub: uint8(q), Value: uint64(n)})
}

// netRatelimit is net_ratelimit() with its defaults (spec 1.1 message_cost 5 s, burst 10):
// at most ten messages in a window of five seconds that opens with the first of them.
func (s *Sim) netRatelimit() bool {
	if !s.rlStarted || s.now >= s.rlBegin+5*Second {
		s.rlBegin, s.rlPrinted, s.rlStarted = s.now, 0, true
	}
	if s.rlPrinted >= 10 {
		return false
	}
	s.rlPrinted++
	return true
}

// refreshClocks brings the kernel clocks up to the current time. Under a flood many events
// share a nanosecond, so the check is small enough to be inlined into every clock read.
func (s *Sim) refreshClocks() {
	if s.cachedAt != s.now || s.msAt == 0 {
		s.advanceClocks()
	}
}

// advanceClocks is refreshClocks once time has moved. Time only moves forward, and under a
// flood many events share a jiffy, so jiffies advance by stepping to the next tick instead of
// dividing; after a long quiet gap they are computed afresh.
func (s *Sim) advanceClocks() {
	s.cachedAt = s.now
	s.msAt = uint32(s.now/Millisecond) + 1
	if s.now < s.nextJiffyAt {
		return
	}
	if s.now-s.nextJiffyAt < 8*s.clk.tick {
		for s.now >= s.nextJiffyAt {
			s.jiffiesAt++
			s.nextJiffyAt += s.clk.tick
		}
	} else {
		s.jiffiesAt = s.clk.jiffies(s.now)
		s.nextJiffyAt = s.clk.at(s.jiffiesAt + 1)
	}
	s.minutesAt = uint32(s.jiffiesAt / (60 * s.clk.hz))
}

// cookieMinutes is the syncookie minutes counter (spec 3.1: jiffies / 60 s).
func (s *Sim) cookieMinutes() uint32 {
	s.refreshClocks()
	return s.minutesAt
}

// tsNow is the TCP timestamp clock (milliseconds) at the current time.
func (s *Sim) tsNow() uint32 {
	s.refreshClocks()
	return s.msAt
}

// jiffiesNow is the kernel's jiffies at the current time.
func (s *Sim) jiffiesNow() uint64 {
	s.refreshClocks()
	return s.jiffiesAt
}

// jiffies32 is the low 32 bits of jiffies, the clock of the kernel's rate limits.
func (s *Sim) jiffies32() uint32 { return uint32(s.jiffiesNow()) }

// oowRateLimited is tcp_oow_rate_limited: at most one answer per tcp_invalid_ratelimit to
// out-of-window or duplicate segments of one socket. last holds jiffies+1 of the last answer.
func (s *Sim) oowRateLimited(last *uint32) bool {
	now := s.jiffies32()
	if *last != 0 {
		elapsed := int32(now - (*last - 1))
		if elapsed >= 0 && uint64(elapsed) < s.clk.toJiffies(s.prof.InvalidRate) {
			return true
		}
	}
	*last = now + 1
	return false
}
