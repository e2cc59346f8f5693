package model

// ClientState is what a genuine client's socket reports.
type ClientState uint8

// Client states, as the report counts them.
const (
	ClientIdle        ClientState = iota // connect() not called yet
	ClientSynSent                        // SYN sent, no SYN-ACK yet
	ClientEstablished                    // handshake done (the client believes it is connected)
	ClientReset                          // a RST ended the connection (ECONNRESET)
	ClientTimedOut                       // retransmissions ran out (ETIMEDOUT)
	ClientRefused                        // a RST answered the SYN (ECONNREFUSED)
)

var clientStateNames = [...]string{"idle", "syn_sent", "established", "reset", "timed_out", "refused"}

// String names the state as the report does.
func (c ClientState) String() string {
	if int(c) < len(clientStateNames) {
		return clientStateNames[c]
	}
	return "?"
}

// clientPortBase is the first ephemeral port: client i uses port 32768+i, inside Linux's
// default ip_local_port_range (32768–60999).
const clientPortBase = 32768

// client is one genuine client: a Linux client stack doing connect() (and optionally one
// write), plus, on the server side, whether its connection has become an established child.
type client struct {
	port      uint16
	state     ClientState
	isn       uint32
	sndNxt    uint32
	rcvNxt    uint32
	ts        bool   // timestamps negotiated
	tsRecent  uint32 // the peer's last TSval, echoed in TSecr
	retries   int    // retransmissions of the current segment
	rto       Time
	timerGen  uint32
	dataLen   int // bytes the client writes after connect() (its traffic entry's send); unacknowledged while dataOut
	dataOut   bool
	sack      bool // SACK negotiated: the loss probe needs it
	probe     bool // the data timer pending is the tail loss probe, not an RTO
	srtt      Time // the handshake's RTT sample; 0 without one
	lastOOW   uint32
	connectAt Time

	child       bool // the server holds an established child for this connection
	childRcvNxt uint32
	childOOW    uint32
}

// connect is connect() by client i: send a SYN and arm the SYN retransmission timer.
func (s *Sim) connect(i int) {
	c := &s.clients[i]
	c.state = ClientSynSent
	c.isn = s.rng.Uint32()
	c.sndNxt = c.isn + 1
	c.connectAt = s.now
	c.ts = s.sc.Client.Sysctl.Timestamps != 0
	c.rto = s.prof.TimeoutInit
	s.clientState(i, ClientSynSent)
	s.sendSyn(i, false)
	s.armClientTimer(i)
}

func (s *Sim) sendSyn(i int, retrans bool) {
	c := &s.clients[i]
	p := Packet{Peer: Peer(i), PeerPort: c.port, Flags: SYN, Seq: c.isn, Attr: AttrToServer | retransAttr(retrans),
		Opt: SynOptions{MSS: 1460, WScale: 7, SACK: true, TS: c.ts}}
	if c.ts {
		p.TSval = s.tsNow()
	}
	s.send(&p)
}

func (s *Sim) armClientTimer(i int) { s.armClientTimerJ(i, s.clk.toJiffies(s.clients[i].rto)) }

func (s *Sim) armClientTimerJ(i int, jiffies uint64) {
	c := &s.clients[i]
	c.timerGen++
	s.schedule(s.clk.timer(s.now, jiffies), evClientTimer, int32(i), c.timerGen)
}

// armLossProbe is tcp_schedule_loss_probe after the client's write: with SACK negotiated, the
// first retransmission of a lone unacknowledged segment is a tail loss probe after 2·srtt +
// TCP_RTO_MIN (1 s without an RTT sample), unless the RTO would come sooner.
func (s *Sim) armLossProbe(i int) {
	c := &s.clients[i]
	rto := s.clk.toJiffies(c.rto)
	if !c.sack {
		s.armClientTimerJ(i, rto)
		return
	}
	pto := s.clk.toJiffies(s.prof.TimeoutInit)
	if c.srtt > 0 {
		pto = s.clk.toJiffies(2*c.srtt) + s.clk.toJiffies(s.prof.RTOMin)
	}
	c.probe = true
	s.armClientTimerJ(i, min(pto, rto))
}

func (s *Sim) clientState(i int, st ClientState) {
	s.clients[i].state = st
	s.trace.add(Event{At: s.now, Kind: EvClient, Sub: uint8(st), Peer: Peer(i)})
}

// clientTimer is a genuine client's retransmission timer.
func (s *Sim) clientTimer(i int32, gen uint32) {
	c := &s.clients[i]
	if c.timerGen != gen {
		return
	}
	switch {
	case c.state == ClientSynSent:
		s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerClientSyn), Peer: Peer(i), Value: uint64(c.retries + 1)})
		cs := s.sc.Client.Sysctl
		// spec 2.7: 6.5+ gives up after tcp_syn_retries + tcp_syn_linear_timeouts retransmissions,
		// or, whichever comes first, once the time since the first SYN reaches what
		// tcp_syn_retries retransmissions would take with plain doubling.
		if c.retries >= cs.SynRetries+cs.SynLinearTimeouts ||
			(c.retries > 0 && s.now-c.connectAt >= s.synGiveUp(cs.SynRetries)) {
			s.clientState(int(i), ClientTimedOut)
			return
		}
		c.retries++
		// spec 2.7: the first tcp_syn_linear_timeouts retransmissions keep the initial RTO.
		if c.retries > cs.SynLinearTimeouts {
			c.rto = min(2*c.rto, s.prof.RTOMax)
		}
		s.sendSyn(int(i), true)
		s.armClientTimer(int(i))
	case c.state == ClientEstablished && c.dataOut && c.probe:
		// The loss probe re-sends the segment and re-arms the RTO, from now and not backed off.
		s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerClientData), Peer: Peer(i), Value: 0})
		c.probe = false
		s.sendData(int(i), true)
		s.armClientTimer(int(i))
	case c.state == ClientEstablished && c.dataOut:
		s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerClientData), Peer: Peer(i), Value: uint64(c.retries + 1)})
		if c.retries >= clientDataRetries {
			s.clientState(int(i), ClientTimedOut)
			return
		}
		c.retries++
		c.rto = min(2*c.rto, s.prof.RTOMax)
		s.sendData(int(i), true)
		s.armClientTimer(int(i))
	}
}

// clientDataRetries is tcp_retries2's default: how often unacknowledged data is retransmitted.
const clientDataRetries = 15

func (s *Sim) sendData(i int, retrans bool) {
	c := &s.clients[i]
	p := Packet{Peer: Peer(i), PeerPort: c.port, Flags: PSH | ACK, Seq: c.isn + 1,
		Ack: c.rcvNxt, Len: uint16(c.dataLen), Attr: AttrToServer | retransAttr(retrans), Opt: SynOptions{TS: c.ts, WScale: -1}}
	s.stamp(c, &p)
	s.send(&p)
}

func (s *Sim) stamp(c *client, p *Packet) {
	if c.ts {
		p.Opt.TS = true
		p.TSval, p.TSecr = s.tsNow(), c.tsRecent
	}
}

func (s *Sim) sendClientAck(i int) {
	c := &s.clients[i]
	p := Packet{Peer: Peer(i), PeerPort: c.port, Attr: AttrToServer, Flags: ACK, Seq: c.sndNxt, Ack: c.rcvNxt,
		Opt: SynOptions{WScale: -1}}
	s.stamp(c, &p)
	s.send(&p)
}

// clientRecv is a segment reaching a genuine client.
func (s *Sim) clientRecv(p *Packet) {
	i := p.Peer.Client()
	c := &s.clients[i]
	switch c.state {
	case ClientSynSent:
		switch {
		case p.Flags == SYN|ACK && p.Ack == c.isn+1:
			s.clientEstablish(i, p)
		case p.Flags&RST != 0 && p.Flags&ACK != 0 && p.Ack == c.isn+1:
			c.timerGen++
			s.clientState(i, ClientRefused)
		default:
			s.drop(p, DropIgnored)
		}
	case ClientEstablished:
		switch {
		case p.Flags&RST != 0:
			if p.Seq == c.rcvNxt { // RFC 5961: only an exact RST resets
				c.timerGen++
				s.clientState(i, ClientReset)
			} else {
				s.drop(p, DropIgnored)
			}
		case p.Flags&SYN != 0:
			// A retransmitted SYN-ACK in ESTABLISHED gets a challenge ACK, at most one per
			// tcp_invalid_ratelimit (tcp_oow_rate_limited).
			if s.oowRateLimited(&c.lastOOW) {
				s.drop(p, DropIgnored)
				return
			}
			s.sendClientAck(i)
		case p.Flags&ACK != 0 && c.dataOut && int32(p.Ack-c.sndNxt) >= 0:
			c.dataOut, c.probe = false, false
			c.timerGen++
		default:
			s.drop(p, DropIgnored)
		}
	default:
		// A closed socket: the client's kernel answers anything but a RST with a RST.
		if p.Flags&RST == 0 {
			rst := Packet{Peer: p.Peer, PeerPort: c.port, Attr: AttrToServer, Flags: RST, Seq: p.Ack}
			s.send(&rst)
		} else {
			s.drop(p, DropIgnored)
		}
	}
}

// clientEstablish handles the SYN-ACK in SYN_SENT: ACK it, and write data if asked to.
func (s *Sim) clientEstablish(i int, p *Packet) {
	c := &s.clients[i]
	c.rcvNxt = p.Seq + 1
	c.ts = c.ts && p.Opt.TS
	c.tsRecent = p.TSval
	// The data RTO comes from the handshake's RTT sample m: the first sample sets srtt = m and
	// rttvar = max(2m, TCP_RTO_MIN), so RTO = m + max(2m, 200 ms), three RTTs on a slow path.
	rtt, sampled := s.handshakeRTT(c, p)
	c.sack = p.Opt.SACK
	c.srtt = rtt
	if sampled {
		c.rto = rtt + max(2*rtt, s.prof.RTOMin)
	} else {
		// With no valid sample (a retransmitted SYN and no timestamps) Linux falls back to
		// TCP_TIMEOUT_FALLBACK, 3 s (RFC 6298 5.7).
		c.rto = 3 * Second
	}
	c.retries = 0
	c.timerGen++
	s.clientState(i, ClientEstablished)
	s.sendClientAck(i)
	if c.dataLen > 0 {
		c.dataOut = true
		c.sndNxt = c.isn + 1 + uint32(c.dataLen)
		s.sendData(i, false)
		s.armLossProbe(i)
	}
}

// handshakeRTT is the client's RTT sample from the SYN-ACK, and whether it has one. Every
// Linux client takes it from the SYN's send time when the SYN was sent once. Karn's rule forbids
// timing a segment that was retransmitted, since the SYN-ACK may answer any copy; the kernel then
// falls back to the timestamp echo (RFC 7323 4.1): the SYN-ACK's TSecr is the TSval of the SYN
// the server answered, which for a request or a cookie is the SYN that created it, usually the
// first copy, so the sample is measured from that SYN and not from the last one sent. Up to 3.14
// the kernel preferred the echo even without a retransmission, which gives the same sample to the
// millisecond. Without timestamps a retransmitted SYN leaves no sample at all.
func (s *Sim) handshakeRTT(c *client, p *Packet) (Time, bool) {
	switch {
	case c.retries == 0:
		return s.now - c.connectAt, true
	case c.ts:
		// The echo is on the timestamp clock (milliseconds); an echo of this very
		// millisecond still counts as 1 ms.
		return Time(max(s.tsNow()-p.TSecr, 1)) * Millisecond, true
	}
	return 0, false
}

// childRecv is a segment for the server's established child of client c.
func (s *Sim) childRecv(c *client, p *Packet) {
	switch {
	case p.Flags&RST != 0:
		c.child = false // the peer reset the connection; the child stays in the accept queue
	case p.Flags&SYN != 0:
		if s.oowRateLimited(&c.childOOW) { // a SYN on an established socket: challenge ACK
			s.drop(p, DropDupSynRateLimited)
			return
		}
		s.sendChildAck(c, p)
	case p.Len > 0:
		if p.Seq == c.childRcvNxt {
			c.childRcvNxt += uint32(p.Len)
		}
		s.sendChildAck(c, p) // new data is acknowledged at once (quick-ack), old data with a dup ACK
	default:
		s.drop(p, DropIgnored) // a bare ACK: nothing to do
	}
}

func (s *Sim) sendChildAck(c *client, p *Packet) {
	s.send(&Packet{Peer: p.Peer, PeerPort: p.PeerPort, Flags: ACK, Seq: p.Ack, Ack: c.childRcvNxt,
		Opt: SynOptions{TS: p.Opt.TS, WScale: -1}, TSval: s.tsNow(), TSecr: p.TSval})
}

// synGiveUp is tcp_model_timeout for a SYN: how long boundary retransmissions take when the RTO
// starts at TCP_TIMEOUT_INIT and doubles up to TCP_RTO_MAX, counted in whole milliseconds as
// the kernel's TCP clock does (spec 2.7; 2.6.32 to 2.6.35 counted in TCP_RTO_MIN units).
func (s *Sim) synGiveUp(boundary int) Time {
	base, maxRTO := s.prof.SynGiveUpBase, s.prof.RTOMax
	thresh := 0 // ilog2(TCP_RTO_MAX / base): doublings before the cap
	for base<<(thresh+1) <= maxRTO {
		thresh++
	}
	if boundary <= thresh {
		return Time((2<<boundary)-1) * base
	}
	return Time((2<<thresh)-1)*base + Time(boundary-thresh)*maxRTO
}
