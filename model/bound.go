package model

import "slices"

// SendBound is an upper bound on what a run of a scenario sends, worked out from the scenario
// alone, before it runs: what a capture of the run can hold at most. It is a bound, not a
// forecast: a flood answered with cookies sends far less than its requests could.
type SendBound struct {
	// Flood holds, for each flood stream (the scenario's entries, then those its changes
	// start), how many packets its SYNs and the server's first answers to them can make.
	Flood []FloodBound
	// Resends is how many SYN-ACKs the server's request timers can re-send, to flood sources
	// and genuine clients together.
	Resends int64
	// Clients is how many other packets can pass between the genuine clients and the server,
	// and DataBytes how many payload bytes those carry together.
	Clients   int64
	DataBytes int64
}

// FloodBound is the packets one flood stream can cause, all of them its SYNs (with Options)
// or answers to them (which carry no option the SYN did not offer, except the MSS).
type FloodBound struct {
	Packets int64
	Options SynOptions
}

// Packets is the bound's total number of packets.
func (b SendBound) Packets() int64 {
	n := b.Clients + b.Resends
	for _, f := range b.Flood {
		n += f.Packets
	}
	return n
}

// Chains: every segment but a RST is answered at most once, and a RST never is. A genuine
// client's SYN leads at most to SYN-ACK, the client's ACK, the server's RST for it
// (tcp_abort_on_overflow, a wrong ISN): 4 packets. Its data to the server's ACK or RST, and the
// RST of a client that has closed: 3. A re-sent SYN-ACK to the client's ACK (or its RST, once
// closed) and the server's RST: 2 more.
const (
	synChain    = 4
	dataChain   = 3
	resendReply = 2
)

// Bound works out the scenario's SendBound.
func (sc *Scenario) Bound() SendBound {
	p, d := sc.Profile, sc.Duration
	tick := Second / Time(p.HZ)
	// SYN-ACK retransmissions of one request: tcp_synack_retries at most (the highest the
	// scenario sets), on a doubling timer from TCP_TIMEOUT_INIT (spec 2.4); 4.4BSD re-sends on
	// its own doubling timer until TCPTV_KEEP_INIT (spec 5.1).
	k := knobsOf(sc) // the settings over the run, as the footprint gathers them
	synAcks := int64(retransWithin(d, p.TimeoutInit, 1, k.synackRetries, p.RTOMax, tick))
	if p.BSD {
		synAcks = int64(retransWithin(min(d, bsdKeepInit), bsdRexmtInit, 1, 64, bsdKeepInit, tick))
	}

	// A genuine client's SYNs: the first and tcp_syn_retries + tcp_syn_linear_timeouts
	// retransmissions, the first linear ones 1 RTO apart, then doubling (spec 2.7). Its data:
	// the segment, a loss probe and tcp_retries2 retransmissions, none sooner than TCP_RTO_MIN
	// after the one before, the probe's RTO not backed off.
	cs := sc.Client.Sysctl
	syns := 1 + int64(retransWithin(d, p.TimeoutInit, cs.SynLinearTimeouts+1, cs.SynRetries+cs.SynLinearTimeouts, p.RTOMax, tick))
	dataSegs := 1 + int64(retransWithin(d, p.RTOMin, 2, clientDataRetries+1, p.RTOMax, tick))
	// A client's SYN makes a request only when its connection has none, and the request's
	// SYN-ACK, sent at once, reaches the client one delay later and ends its SYNs (the wire
	// loses nothing on the way to a genuine client). So after the first request only SYNs sent
	// within a delay either side of its making can make more, and SYNs are a timeout (less a
	// jiffy) apart.
	requests := min(syns, 2+int64(2*sc.Network.Delay/max(p.TimeoutInit-tick, 1)))
	perClient := func(send int) (packets, data int64) {
		packets = synChain * syns
		if send > 0 {
			packets += dataChain * dataSegs
			data = dataSegs * int64(send)
		}
		return packets, data
	}

	var b SendBound
	clients := 0
	var floodRequests, clientRequests int64
	add := func(t Traffic) {
		switch t.Kind {
		case Flood:
			// A flood SYN is answered once (SYN-ACK, cookie, or RST) and a request it makes
			// retransmits; nothing answers the server's packets to a spoofed source.
			b.Flood = append(b.Flood, FloodBound{Packets: 2 * int64(t.Count), Options: t.Options})
			floodRequests += int64(t.Count)
		case Connect:
			n := min(t.Count, MaxClients-clients) // streams stop adding clients at MaxClients
			clients += n
			pk, data := perClient(t.Send)
			b.Clients += int64(n) * pk
			b.DataBytes += int64(n) * data
			clientRequests += int64(n) * requests
		}
	}
	for _, t := range trafficStreams(sc) { // the entries, then the streams changes start
		add(t.Traffic)
	}
	// Every request can re-send its SYN-ACK synAcks times, and the SYN queue only so often.
	b.Resends = min((floodRequests+clientRequests)*synAcks, sc.resendSlots(k, tick))
	b.Clients += resendReply * min(clientRequests*synAcks, b.Resends)
	return b
}

// resendSlots bounds the SYN-ACK retransmissions of all requests together by the SYN queue's
// size: no more than q requests live at once, so their lifetimes fit in q slots, and within
// a slot one timer firing follows another (or the request's creation) no sooner than
// TCP_TIMEOUT_INIT, less a jiffy. The queue holds at most B+1 requests (6.13+), B at most the
// highest somaxconn of the run (spec 2.0, 2.6); up to 4.3 at most the table's size, the power
// of two above max(8, tcp_max_syn_backlog) (spec 2.0). 4.4BSD's queues share 3B/2+1 places
// with B from the backlog (spec 5.1).
func (sc *Scenario) resendSlots(k knobs, tick Time) int64 {
	p := sc.Profile
	somaxconn, synBacklog, backlog := slices.Max(k.somaxconn), k.maxSynBacklog, slices.Max(k.backlogs)
	q := int64(max(somaxconn, 2*max(8, synBacklog))) + 1
	first := p.TimeoutInit
	if p.BSD {
		q, first = int64(bsdCapacity(bsdQueueLimit(backlog))), bsdRexmtInit
	}
	return q * int64(sc.Duration/max(first-tick, 1))
}

// retransWithin bounds the retransmissions a timer makes within d: at most limit, the first
// flat intervals first long, then each twice the one before, up to most; a kernel timer can
// fire up to a jiffy (tick) before its interval is up, as it counts from the last jiffy.
func retransWithin(d, first Time, flat, limit int, most, tick Time) int {
	elapsed, interval := Time(0), first
	for k := 0; k < limit; k++ {
		if k >= flat {
			interval = min(2*interval, most)
		}
		elapsed += max(interval-tick, 0)
		if elapsed > d {
			return k
		}
	}
	return limit
}
