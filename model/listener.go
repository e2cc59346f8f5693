package model

import "strconv"

// server is the listening socket and its request socks (kernel-spec.md 2.0–2.6): a Linux
// listener of the profile's release, each request with its own timer (4.4+) or swept by one
// listener timer (≤4.3, sweep.go), or the 4.4BSD single queue (bsd.go). It lives inside the
// Sim and holds no pointer back to it: the methods that need the run take it as s, so a copy of
// the Sim never reaches into the original (Clone).
type server struct {
	sysctl ServerSysctl
	B      int // sk_max_ack_backlog: the backlog after the somaxconn clamp

	backlogArg int // the argument of the latest listen(), before the clamp
	qlen       int // request socks (SYN queue length)
	young      int // requests whose SYN-ACK timer has not fired yet

	acceptQ  []int32 // children waiting for accept(), as client indices (FIFO from aqHead)
	aqHead   int
	accepted int

	reqs   []request
	free   []int32
	byConn connTable

	synCap int // ≤4.3: the request table's size, fixed at the first listen() (spec 2.0)
	sweep  sweeper

	synfloodWarned bool
	lastOverflow   uint32 // jiffies32 of the last cookie's overflow stamp; valid when overflowSet
	overflowSet    bool
	cookies        cookieJar
	lastCookie     madeCookie
}

// madeCookie is what went into the last cookie, kept so that Sim.LastCookie can take it
// apart on request without slowing a flood down.
type madeCookie struct {
	made                         bool
	at                           Time
	id                           connID
	peer                         Peer
	port                         uint16
	clientISN, isn, count, tsval uint32
	options                      uint32
	idx                          int
	opt                          SynOptions
}

// request is a half-open connection (a request sock in state NEW_SYN_RECV).
type request struct {
	conn       uint64
	peer       Peer
	port       uint16
	clientISN  uint32
	serverISN  uint32
	opt        SynOptions // what was negotiated: MSS, window scale, SACK, timestamps
	tsRecent   uint32
	older      int32 // ≤4.3: the slot plus one of the request queued before it in its sweep bucket (sweep.go), 0 at the end; here it fills padding
	numTimeout int
	acked      bool
	gen        uint32 // bumped whenever the slot is freed or its timer re-armed
	born       Time   // when the SYN was queued
	timerAt    Time   // when its timer fires next (≤4.3: when it is due, handled by the next sweep)
	lastOOW    uint32
	live       bool
}

func (v *server) init(s *Sim) {
	v.sysctl = s.sc.Server.Sysctl
	v.byConn = connTable{}
	if s.prof.BSD {
		v.listen(s, s.sc.Server.Backlog)
		return
	}
	v.cookies = newCookieJar(s.prof, s.rng)
	v.listen(s, s.sc.Server.Backlog)
}

// listen is listen(fd, backlog) (spec 2.6): the backlog is clamped by somaxconn, a negative one
// becoming somaxconn, and becomes the accept-queue limit B (and, 4.4+, the SYN-queue limit).
// Up to 4.3 the first call sizes the request table, which later calls leave alone.
func (v *server) listen(s *Sim, backlog int) {
	v.backlogArg = backlog
	if s.prof.BSD {
		v.B = bsdQueueLimit(backlog)
		return
	}
	if s.prof.SynQueue == SynQueuePow2 && v.synCap == 0 {
		v.synCap = int(synTableSize(clampSomaxconn(backlog, v.sysctl.Somaxconn), v.sysctl.MaxSynBacklog))
		v.sweep.init(s)
	}
	v.B = clampBacklog(s.prof, backlog, v.sysctl.Somaxconn)
}

// clampSomaxconn is spec 2.6 step 1: a backlog above somaxconn, compared unsigned (so a
// negative one too), becomes somaxconn.
func clampSomaxconn(backlog, somaxconn int) int {
	if uint32(backlog) > uint32(somaxconn) {
		return somaxconn
	}
	return backlog
}

// clampBacklog is sk_max_ack_backlog after listen(fd, backlog): clamped by somaxconn, and
// 16 bits wide up to 4.0 (spec 1.1).
func clampBacklog(p *Profile, backlog, somaxconn int) int {
	backlog = clampSomaxconn(backlog, somaxconn)
	if p.Backlog16 {
		backlog = int(uint16(backlog))
	}
	return backlog
}

// synTableSize is spec 2.0: ≤4.3 the request table is the smallest power of two above
// max(8, min(backlog, tcp_max_syn_backlog)), the backlog clamped by somaxconn, taken as
// unsigned 32-bit numbers: a negative tcp_max_syn_backlog is huge, and the backlog alone sizes
// the table.
func synTableSize(backlog, maxSynBacklog int) int64 {
	m := int64(max(8, min(uint32(backlog), uint32(maxSynBacklog))))
	n := int64(1)
	for n <= m {
		n <<= 1
	}
	return n
}

// aq is the accept queue's length (sk_ack_backlog).
func (v *server) aq() int { return len(v.acceptQ) - v.aqHead }

// acceptQueueFull is sk_acceptq_is_full: AQ > B, so the queue holds B+1 (spec 2.0).
func (v *server) acceptQueueFull() bool { return v.aq() > v.B }

// synQueueFull is inet_csk_reqsk_queue_is_full (spec 2.0).
func (v *server) synQueueFull(s *Sim) bool {
	switch s.prof.SynQueue {
	case SynQueueGT:
		return v.qlen > v.B // spec 2.0: 6.13+ admits B+1
	case SynQueuePow2:
		return v.qlen >= v.synCap // spec 2.0: ≤4.3, the table sized at the first listen()
	}
	return v.qlen >= v.B // spec 2.0: 4.4 … 6.12
}

// recv takes a segment addressed to the server and finds its socket: an established child,
// then a request sock, then the listener (spec 2.2, 2.3).
func (v *server) recv(s *Sim, p *Packet) {
	if !p.Peer.IsFlood() {
		if c := &s.clients[p.Peer.Client()]; c.child {
			s.childRecv(c, p)
			return
		}
	}
	if ri, ok := v.byConn.get(connKey(p.Peer, p.PeerPort)); ok {
		if s.prof.BSD {
			v.bsdRequestRecv(s, ri, p)
		} else {
			v.requestRecv(s, ri, p)
		}
		return
	}
	switch {
	case p.Flags&RST != 0:
		s.drop(p, DropIgnored) // spec 2.1 pre-filter: a RST to a listener is ignored
	case p.Flags&SYN != 0 && p.Flags&ACK == 0 && s.prof.BSD:
		v.bsdSynRecv(s, p)
	case p.Flags&SYN != 0 && p.Flags&ACK == 0:
		v.synRecv(s, p)
	case s.prof.BSD:
		v.sendReset(s, p) // spec 5.1: an ACK with no matching socket gets a RST
	default:
		v.cookieCheck(s, p)
	}
}

// synRecv is a SYN arriving at the LISTEN socket (spec 2.1, steps B to H).
func (v *server) synRecv(s *Sim, p *Packet) {
	prof := s.prof
	wantCookie := false
	// spec 2.1 B: the cookie decision is taken when the SYN queue is full, or 3.12+ in mode 2
	// (an earlier profile refuses the value 2).
	if v.cookiesAlways(s) || v.synQueueFull(s) {
		wantCookie = v.sysctl.Syncookies != 0
		switch {
		case !prof.ReqQFull: // spec 2.1 B: before 3.1 nothing counts the decision
		case wantCookie:
			s.inc(ReqQFullDoCookies) // spec 2.1 B: counted before the accept-queue check
		default:
			s.inc(ReqQFullDrop)
		}
		v.floodLog(s, wantCookie)
		if !wantCookie {
			v.dropSyn(s, p, DropSynQueueFull)
			return
		}
	}
	// spec 2.1 C: a full accept queue drops the SYN, cookie or not: 4.10+ always, before only
	// while more than one request is young.
	if v.acceptQueueFull() && (!prof.YoungRule || v.young > 1) {
		if prof.SynPathCounts {
			s.inc(ListenOverflows) // spec 2.1 C: 3.10+; 2.6.32 and EL6 count nothing
		}
		v.dropSyn(s, p, DropAcceptQueueFullSyn)
		return
	}
	// spec 2.1 E: with cookies off, unproven peers may not fill the last quarter of
	// tcp_max_syn_backlog. No connection closes within a scenario, so tcp_metrics never holds
	// an RTT for a peer and no peer is proven. The arithmetic is signed: with a
	// tcp_max_syn_backlog of 0 or less, any queued request makes the next SYN drop.
	if !wantCookie && v.sysctl.Syncookies == 0 &&
		v.sysctl.MaxSynBacklog-v.qlen < v.sysctl.MaxSynBacklog>>2 {
		v.dropSyn(s, p, DropSynLastQuarter)
		return
	}
	opt := v.negotiate(p, wantCookie)
	if wantCookie {
		v.sendCookie(s, p, opt)
		return
	}
	v.queueRequest(s, p, opt)
}

// floodLog prints the "Possible SYN flooding" line as the profile's kernel does (spec 4.3).
// It runs for every SYN that finds the queue full; the check that the line was printed
// already is inlined, so that a flood does not pay a call for it.
func (v *server) floodLog(s *Sim, cookie bool) {
	if v.synfloodWarned && s.prof.Log.Scope == LogOncePerListener {
		return // spec 4.3: 3.1+, once per listener, and this listener has had its line
	}
	v.printFloodLog(s, cookie)
}

func (v *server) printFloodLog(s *Sim, cookie bool) {
	l := &s.prof.Log
	if (l.CookiesOnly && !cookie) || (l.Mode2Silent && v.cookiesAlways(s)) {
		return // spec 4.3: ≤2.6.35 and EL6 log only the cookie branch; 3.12+ never in mode 2
	}
	switch l.Scope {
	case LogOncePerListener: // spec 4.3: 3.1+, once per listener
		if v.synfloodWarned {
			return
		}
		v.synfloodWarned = true
	case LogEveryOverflow: // spec 4.3: 2.6.36–3.0, every overflow through net_ratelimit
		if !s.netRatelimit() {
			return
		}
	case LogGlobalMinute: // spec 4.3: ≤2.6.35 and EL6, at most once a minute machine-wide
		if s.floodWarned && s.now <= s.floodWarnedAt+60*Second {
			return
		}
		s.floodWarned, s.floodWarnedAt = true, s.now
	}
	action := "Dropping request"
	if cookie {
		action = "Sending cookies"
	}
	port := strconv.Itoa(int(s.sc.Server.Port))
	if l.AddrPort {
		port = ListenAddr(s.sc.Server.Port)
	}
	s.logf(l.Format, port, action)
}

// dropSyn is spec 2.1 D: the SYN is discarded silently; 3.10+ ListenDrops counts it.
func (v *server) dropSyn(s *Sim, p *Packet, r Reason) {
	if s.prof.SynPathCounts {
		s.inc(ListenDrops)
	}
	s.drop(p, r)
}

// negotiate is spec 2.1 F: the options the connection will use. A cookie without timestamps
// keeps only the MSS.
func (v *server) negotiate(p *Packet, cookie bool) SynOptions {
	o := p.Opt
	if o.MSS == 0 {
		o.MSS = 536 // spec 2.1 F: 536 when the SYN has no MSS option
	}
	o.TS = o.TS && v.sysctl.Timestamps != 0
	if cookie && !o.TS {
		o.WScale, o.SACK = -1, false
	}
	return o
}

// sendCookie is spec 2.1 G: the SYN-ACK's ISN is a cookie and nothing is queued.
func (v *server) sendCookie(s *Sim, p *Packet, opt SynOptions) {
	id := connIDOf(p, s.sc.Server.Port)
	idx := v.cookies.mssIndex(int(opt.MSS))
	count := s.cookieMinutes() // spec 3.1: the minutes counter
	isn := v.cookies.encode(&id, p.Seq, count, idx)
	v.overflowStamp(s)
	s.inc(SyncookiesSent)
	ack := Packet{Peer: p.Peer, PeerPort: p.PeerPort, Flags: SYN | ACK, Seq: isn, Ack: p.Seq + 1,
		Opt:  SynOptions{MSS: uint16(v.cookies.mss[idx]), WScale: -1, SACK: opt.SACK, TS: opt.TS},
		Attr: AttrCookie}
	if opt.WScale >= 0 {
		ack.Opt.WScale = ourWScale
	}
	var options uint32
	if opt.TS {
		// spec 3.4: the options ride in the low bits of TSval.
		options = v.cookies.tsOptions(opt, ourWScale)
		ack.TSval, ack.TSecr = v.cookies.cookieTSval(s.tsNow(), options), p.TSval
	}
	m := &v.lastCookie // field by field: a literal would be built aside and copied, every SYN
	m.made, m.at, m.id, m.peer, m.port = true, s.now, id, p.Peer, p.PeerPort
	m.clientISN, m.isn, m.count, m.tsval, m.options, m.idx, m.opt = p.Seq, isn, count, ack.TSval, options, idx, opt
	s.send(&ack)
	if s.prof.CookieDrops {
		s.inc(ListenDrops) // spec 2.1 G: 3.10–4.6 count every cookie sent as a drop
	}
}

// ourWScale is the window scale the server offers: its receive buffer needs 7.
const ourWScale = 7

// overflowStamp is tcp_synq_overflow: remember that cookies were sent (spec 2.1 G): up to 4.1
// on every cookie, from 4.2 only when the stamp is more than a second old.
func (v *server) overflowStamp(s *Sim) {
	now := s.jiffies32()
	if v.overflowSet && !s.prof.StampEvery && now-v.lastOverflow <= uint32(s.clk.hz) {
		return
	}
	v.lastOverflow, v.overflowSet = now, true
}

// noRecentOverflow is the recent-overflow gate of spec 2.3 step 3: cookies are accepted only
// within CookieValidFor of the last stamp (5.x+: and up to 1 s before it).
func (v *server) noRecentOverflow(s *Sim) bool {
	if !v.overflowSet {
		return true
	}
	now := s.jiffies32()
	valid := uint32(s.clk.toJiffies(s.prof.CookieValidFor))
	if int32(now-(v.lastOverflow+valid)) > 0 {
		return true
	}
	return s.prof.GateFuture && int32(now-(v.lastOverflow-uint32(s.clk.hz))) < 0
}

var serverAddr32 = uint32(ServerAddr[0])<<24 | uint32(ServerAddr[1])<<16 | uint32(ServerAddr[2])<<8 | uint32(ServerAddr[3])

// connIDOf is what a cookie for the connection of packet p is bound to.
func connIDOf(p *Packet, port uint16) connID {
	return connID{saddr: p.Peer.addr32(), daddr: serverAddr32, sport: p.PeerPort, dport: port}
}

// queueRequest is spec 2.1 H: queue a request sock, arm its timer, send the SYN-ACK.
func (v *server) queueRequest(s *Sim, p *Packet, opt SynOptions) {
	var ri int32
	if n := len(v.free); n > 0 {
		ri = v.free[n-1]
		v.free = v.free[:n-1]
	} else {
		v.reqs = append(v.reqs, request{})
		ri = int32(len(v.reqs) - 1)
	}
	r := &v.reqs[ri]
	*r = request{conn: connKey(p.Peer, p.PeerPort), peer: p.Peer, port: p.PeerPort, clientISN: p.Seq,
		serverISN: s.rng.Uint32(), opt: opt, tsRecent: p.TSval, gen: r.gen + 1, live: true}
	v.byConn.set(r.conn, ri)
	v.qlen++
	v.young++
	s.queueEvent(SynQueue, v.qlen)
	r.born = s.now
	switch {
	case s.prof.BSD:
		v.bsdArm(s, ri)
	case s.prof.Sweep:
		v.sweep.add(s, ri) // spec 2.4: ≤4.3 the listener's timer finds it when it is due
	default:
		v.armTimer(s, ri, s.clk.toJiffies(s.prof.TimeoutInit))
	}
	v.sendSynAck(s, r, false)
}

func (v *server) armTimer(s *Sim, ri int32, delay uint64) {
	r := &v.reqs[ri]
	r.gen++
	r.timerAt = s.clk.timer(s.now, delay)
	s.schedule(r.timerAt, evReqTimer, ri, r.gen)
}

// reqTimeout is the request's next timeout: min(T << num_timeout, TCP_RTO_MAX) in jiffies.
func (v *server) reqTimeout(s *Sim, r *request) uint64 {
	t := s.prof.TimeoutInit << r.numTimeout
	if r.numTimeout > 20 || t > s.prof.RTOMax {
		t = s.prof.RTOMax
	}
	return s.clk.toJiffies(t)
}

func (v *server) sendSynAck(s *Sim, r *request, retrans bool) {
	ack := Packet{Peer: r.peer, PeerPort: r.port, Flags: SYN | ACK, Seq: r.serverISN, Ack: r.clientISN + 1,
		Opt: SynOptions{MSS: 1460, WScale: -1, SACK: r.opt.SACK, TS: r.opt.TS}, Attr: retransAttr(retrans)}
	if r.opt.WScale >= 0 {
		ack.Opt.WScale = ourWScale
	}
	if r.opt.TS {
		ack.TSval, ack.TSecr = s.tsNow(), r.tsRecent
	}
	if retrans && s.prof.SynAckCounts {
		s.inc(RetransSegs) // spec 2.4 step 7: 2.6.34+
		if s.prof.SynRetrans {
			s.inc(TCPSynRetrans) // spec 2.4 step 7: 3.15+
		}
	}
	s.send(&ack)
}

// removeRequest unlinks a request from the SYN queue.
func (v *server) removeRequest(s *Sim, ri int32) {
	r := &v.reqs[ri]
	v.byConn.remove(r.conn)
	if r.numTimeout == 0 {
		v.young--
	}
	if s.prof.Sweep {
		v.sweep.remove(s, ri)
	}
	v.qlen--
	r.live = false
	r.gen++
	v.free = append(v.free, ri)
	s.queueEvent(SynQueue, v.qlen)
}

// timer is the request timer (spec 2.4, 4.4+: one timer per request).
func (v *server) timer(s *Sim, ri int32, gen uint32) {
	r := &v.reqs[ri]
	if !r.live || r.gen != gen {
		return // the request is gone or its timer was re-armed
	}
	if s.prof.BSD {
		v.bsdTimer(s, ri)
		return
	}
	if v.timeout(s, ri, v.threshold(s)) {
		v.armTimer(s, ri, v.reqTimeout(s, r))
	}
}

// threshold is the number of timeouts after which a request is dropped: tcp_synack_retries,
// lowered by the young/old pruning once the SYN queue is at least half full (spec 2.4 step 3).
func (v *server) threshold(s *Sim) int {
	thresh := v.sysctl.SynackRetries
	half := 2*v.qlen > max(8, v.B) // 4.4+
	if s.prof.SynQueue == SynQueuePow2 {
		half = 2*v.qlen >= v.synCap // ≤4.3: qlen >= table size / 2
	}
	if half {
		y := 2 * v.young
		for thresh > 2 && v.qlen >= y {
			thresh--
			y *= 2
		}
	}
	return thresh
}

// timeout handles one SYN-ACK timeout of request ri (spec 2.4 steps 5–7): drop it when it has
// timed out thresh times, else re-send the SYN-ACK. It reports whether the request lives on,
// its timeout count raised; the caller sets its next due time.
func (v *server) timeout(s *Sim, ri int32, thresh int) bool {
	r := &v.reqs[ri]
	s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerSynAck), Peer: r.peer, Value: uint64(r.numTimeout + 1)})
	expire := r.numTimeout >= thresh // spec 2.4 step 5
	if s.prof.SynAckCounts {
		s.inc(TCPTimeouts) // spec 2.4 step 6: every firing, 2.6.34+
	}
	if expire {
		s.trace.add(Event{At: s.now, Kind: EvDrop, Sub: uint8(DropRequestExpired), Peer: r.peer, Value: uint64(r.numTimeout)})
		v.removeRequest(s, ri) // spec 2.4 step 7: no RST, no counter
		return false
	}
	v.sendSynAck(s, r, true)
	if r.numTimeout == 0 {
		v.young--
	}
	r.numTimeout++
	return true
}

// requestRecv is tcp_check_req: a segment for an existing request sock (spec 2.2).
func (v *server) requestRecv(s *Sim, ri int32, p *Packet) {
	r := &v.reqs[ri]
	// spec 2.2 step 2: a retransmitted SYN re-sends the SYN-ACK.
	if p.Flags == SYN && p.Seq == r.clientISN {
		switch s.prof.DupSyn {
		case DupSynRateLimited: // 4.4+: rate-limited; only a pending timer is moved
			if s.oowRateLimited(&r.lastOOW) {
				s.drop(p, DropDupSynRateLimited)
				return
			}
			v.sendSynAck(s, r, true)
			if s.now < r.timerAt {
				v.armTimer(s, ri, v.reqTimeout(s, r))
			}
		case DupSynRearm: // 3.x–4.3: the next timeout moves to now + T<<n
			v.sendSynAck(s, r, true)
			v.sweep.due(s, ri, v.reqTimeout(s, r))
		default: // 2.6.x, EL6: re-sent at once, timer unchanged
			v.sendSynAck(s, r, true)
		}
		return
	}
	// spec 2.2 step 3: an ACK of the wrong ISN is answered by the listener with a RST.
	if p.Flags&ACK != 0 && p.Ack != r.serverISN+1 {
		v.sendReset(s, p)
		return
	}
	// spec 2.2 step 6: RST or SYN in SYN_RECV resets the embryonic connection.
	if p.Flags&(RST|SYN) != 0 {
		v.embryonicReset(s, ri, p)
		return
	}
	if p.Flags&ACK == 0 { // spec 2.2 step 7
		s.drop(p, DropNoACK)
		return
	}
	// spec 2.2 step 9: create the child, unless the accept queue is full.
	if v.acceptQueueFull() {
		s.inc(ListenOverflows)
		s.inc(ListenDrops)
		if v.sysctl.AbortOnOverflow == 0 {
			r.acked = true // spec 2.2 OVERFLOW: keep the request, its timer keeps running
			s.drop(p, DropAcceptQueueFullAck)
			return
		}
		v.embryonicReset(s, ri, p)
		return
	}
	peer, rcvNxt := r.peer, r.clientISN+1
	v.removeRequest(s, ri)
	v.addChild(s, peer, rcvNxt, p)
}

// embryonicReset is spec 2.2 EMBRYONIC-RESET: answer with a RST unless the segment is one,
// remove the request, count EmbryonicRsts (5.x/6.x: only when it was unlinked).
func (v *server) embryonicReset(s *Sim, ri int32, p *Packet) {
	if p.Flags&RST == 0 {
		v.sendReset(s, p)
	} else {
		s.drop(p, DropIgnored)
	}
	v.removeRequest(s, ri)
	s.inc(EmbryonicRsts)
}

// sendReset answers a segment with a RST (tcp_v4_send_reset), counting OutRsts.
func (v *server) sendReset(s *Sim, p *Packet) {
	if !s.prof.BSD {
		s.inc(OutRsts)
	}
	rst := Packet{Peer: p.Peer, PeerPort: p.PeerPort, Flags: RST}
	if p.Flags&ACK != 0 {
		rst.Seq = p.Ack
	} else {
		rst.Flags |= ACK
		rst.Ack = p.Seq + uint32(p.Len)
		if p.Flags&SYN != 0 {
			rst.Ack++
		}
	}
	s.send(&rst)
}

// cookieCheck is a non-SYN segment for the listener with no request: the syncookie path
// (spec 2.3, 6.x).
func (v *server) cookieCheck(s *Sim, p *Packet) {
	if p.Flags&ACK == 0 {
		s.drop(p, DropIgnored) // the listener discards a segment without ACK
		return
	}
	if v.sysctl.Syncookies == 0 {
		v.sendReset(s, p) // spec 2.3 step 2
		return
	}
	if v.noRecentOverflow(s) {
		if s.prof.StrayAckFailed {
			s.inc(SyncookiesFailed) // spec 2.3 step 3: ≤3.18 the closed gate counts a failure
		}
		v.sendReset(s, p) // spec 2.3 step 3: ≥4.0 it counts nothing
		return
	}
	id := connIDOf(p, s.sc.Server.Port)
	count := s.cookieMinutes()
	_, ok := v.cookies.decode(&id, p.Ack-1, p.Seq-1, count) // the MSS index would size the child; nothing here reads it
	if !ok {
		s.inc(SyncookiesFailed) // spec 2.3 step 4
		v.sendReset(s, p)
		return
	}
	s.inc(SyncookiesRecv) // spec 2.3 step 5: before the option and accept-queue checks
	// spec 2.3 step 6: 2.6.36+ options from TSecr need timestamps enabled locally.
	if s.prof.OptionCheck && p.hasTS() && v.sysctl.Timestamps == 0 {
		v.sendReset(s, p)
		return
	}
	// spec 2.3 step 7: a full accept queue discards the ACK; nothing is kept.
	if v.acceptQueueFull() {
		s.inc(ListenOverflows)
		s.inc(ListenDrops)
		s.drop(p, DropAcceptQueueFullCookie)
		return
	}
	v.addChild(s, p.Peer, p.Seq, p)
}

// addChild creates the established child (PassiveOpens), appends it to the accept queue and
// lets it process the segment that completed the handshake.
func (v *server) addChild(s *Sim, peer Peer, rcvNxt uint32, p *Packet) {
	if !s.prof.BSD {
		s.inc(PassiveOpens) // spec 2.2 step 9
	}
	c := &s.clients[peer.Client()]
	c.child = true
	c.childRcvNxt = rcvNxt
	v.acceptQ = append(v.acceptQ, int32(peer.Client()))
	s.queueEvent(AcceptQueue, v.aq())
	if p.Len > 0 { // data riding on the handshake's last segment goes to the new child
		s.childRecv(c, p)
	}
	s.appQueued()
}

// accept is accept() on a non-empty queue (spec 2.5): the oldest child leaves.
func (v *server) accept(s *Sim) {
	c := v.acceptQ[v.aqHead]
	v.aqHead++
	if v.aqHead > 1024 && v.aqHead*2 > len(v.acceptQ) {
		n := copy(v.acceptQ, v.acceptQ[v.aqHead:])
		v.acceptQ, v.aqHead = v.acceptQ[:n], 0
	}
	v.accepted++
	s.trace.add(Event{At: s.now, Kind: EvAccept, Peer: Peer(c)})
	s.queueEvent(AcceptQueue, v.aq())
}

// cookiesAlways reports whether tcp_syncookies asks for a cookie for every SYN: 2, on kernels
// that have mode 2 (spec 2.1 B: 3.12+); before, 2 is one more non-zero value.
func (v *server) cookiesAlways(s *Sim) bool { return s.prof.CookieMode2 && v.sysctl.Syncookies == 2 }
