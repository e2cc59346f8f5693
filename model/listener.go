package model

// server is the Linux listening socket and its request socks, for the 4.4+ design where each
// request has its own timer (kernel-spec.md 2.0–2.6).
type server struct {
	s      *Sim
	sysctl ServerSysctl
	B      int // sk_max_ack_backlog: the backlog after the somaxconn clamp
	qlen   int // request socks (SYN queue length)
	young  int // requests whose SYN-ACK timer has not fired yet

	acceptQ  []int32 // children waiting for accept(), as client indices (FIFO from aqHead)
	aqHead   int
	accepted int

	reqs   []request
	free   []int32
	byConn map[uint64]int32

	synfloodWarned bool
	lastOverflow   uint32 // jiffies32 of the last cookie's overflow stamp; valid when overflowSet
	overflowSet    bool
	cookies        cookieJar
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
	numTimeout int
	acked      bool
	gen        uint32 // bumped whenever the slot is freed or its timer re-armed
	timerAt    Time
	lastOOW    uint32
	live       bool
}

func (v *server) init(s *Sim) {
	v.s = s
	v.sysctl = s.sc.Server.Sysctl
	v.byConn = make(map[uint64]int32)
	v.cookies = cookieJar{maxAge: uint32(s.prof.CookieMaxAge), mss: s.prof.CookieMSS}
	for i := range v.cookies.keys {
		v.cookies.keys[i] = sipKey{s.rng.Uint64(), s.rng.Uint64()}
	}
	v.listen(s.sc.Server.Backlog)
}

// listen is listen(fd, backlog) (spec 2.6): the backlog is clamped by somaxconn, a negative one
// becoming somaxconn, and becomes the accept-queue limit B (and, 4.4+, the SYN-queue limit).
func (v *server) listen(backlog int) {
	if uint32(backlog) > uint32(v.sysctl.Somaxconn) { // spec 2.6 step 1: unsigned comparison
		backlog = v.sysctl.Somaxconn
	}
	v.B = backlog
}

// aq is the accept queue's length (sk_ack_backlog).
func (v *server) aq() int { return len(v.acceptQ) - v.aqHead }

// acceptQueueFull is sk_acceptq_is_full: AQ > B, so the queue holds B+1 (spec 2.0).
func (v *server) acceptQueueFull() bool { return v.aq() > v.B }

// synQueueFull is inet_csk_reqsk_queue_is_full (spec 2.0).
func (v *server) synQueueFull() bool {
	if v.s.prof.SynQueue == SynQueueGT {
		return v.qlen > v.B // spec 2.0: 6.13+ admits B+1
	}
	return v.qlen >= v.B // spec 2.0: 4.4 … 6.12
}

// recv takes a segment addressed to the server and finds its socket: an established child,
// then a request sock, then the listener (spec 2.2, 2.3).
func (v *server) recv(p *Packet) {
	s := v.s
	if !p.Peer.IsFlood() {
		if c := &s.clients[p.Peer.Client()]; c.child {
			s.childRecv(c, p)
			return
		}
	}
	if ri, ok := v.byConn[connKey(p.Peer, p.PeerPort)]; ok {
		v.requestRecv(ri, p)
		return
	}
	switch {
	case p.Flags&RST != 0:
		s.drop(p, DropIgnored) // spec 2.1 pre-filter: a RST to a listener is ignored
	case p.Flags&SYN != 0 && p.Flags&ACK == 0:
		v.synRecv(p)
	default:
		v.cookieCheck(p)
	}
}

// synRecv is a SYN arriving at the LISTEN socket (spec 2.1, steps B to H for 6.x).
func (v *server) synRecv(p *Packet) {
	s := v.s
	wantCookie := false
	// spec 2.1 B: 3.12+ the cookie decision is taken when the SYN queue is full or in mode 2.
	if v.sysctl.Syncookies == 2 || v.synQueueFull() {
		if v.sysctl.Syncookies != 0 {
			s.inc(ReqQFullDoCookies) // spec 2.1 B: counted before the accept-queue check
			wantCookie = true
		} else {
			s.inc(ReqQFullDrop)
		}
		// spec 2.1 B / 4.3: the flood line, once per listener, never in mode 2.
		if !v.synfloodWarned && v.sysctl.Syncookies != 2 {
			v.synfloodWarned = true
			action := "Dropping request"
			if wantCookie {
				action = "Sending cookies"
			}
			s.logf(s.prof.LogFormat, ListenAddr(s.sc.Server.Port), action)
		}
		if !wantCookie {
			v.dropSyn(p, DropSynQueueFull)
			return
		}
	}
	// spec 2.1 C: 4.10+ drops the SYN whenever the accept queue is full, cookie or not.
	if v.acceptQueueFull() {
		s.inc(ListenOverflows)
		v.dropSyn(p, DropAcceptQueueFullSyn)
		return
	}
	// spec 2.1 E: with cookies off, unproven peers may not fill the last quarter of
	// tcp_max_syn_backlog. No connection closes within a scenario, so tcp_metrics never holds
	// an RTT for a peer and no peer is proven.
	if !wantCookie && v.sysctl.Syncookies == 0 &&
		v.sysctl.MaxSynBacklog-v.qlen < v.sysctl.MaxSynBacklog>>2 {
		v.dropSyn(p, DropSynLastQuarter)
		return
	}
	opt := v.negotiate(p, wantCookie)
	if wantCookie {
		v.sendCookie(p, opt)
		return
	}
	v.queueRequest(p, opt)
}

// dropSyn is spec 2.1 D: the SYN is discarded silently and ListenDrops counts it.
func (v *server) dropSyn(p *Packet, r Reason) {
	v.s.inc(ListenDrops)
	v.s.drop(p, r)
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
func (v *server) sendCookie(p *Packet, opt SynOptions) {
	s := v.s
	id := connIDOf(p, s.sc.Server.Port)
	idx := v.cookies.mssIndex(int(opt.MSS))
	count := s.cookieMinutes() // spec 3.1: the minutes counter
	isn := v.cookies.encode(&id, p.Seq, count, idx)
	v.overflowStamp()
	s.inc(SyncookiesSent)
	ack := Packet{Peer: p.Peer, PeerPort: p.PeerPort, Flags: SYN | ACK, Seq: isn, Ack: p.Seq + 1,
		Opt:  SynOptions{MSS: uint16(v.s.prof.CookieMSS[idx]), WScale: opt.WScale, SACK: opt.SACK, TS: opt.TS},
		Attr: AttrCookie}
	if opt.TS {
		// spec 3.4: the options ride in the low 6 bits of TSval, stepped back if that would
		// put it in the future.
		now := s.tsNow()
		ts := now&^0x3f | cookieTSOptions(opt)
		if int32(ts-now) > 0 {
			ts -= 0x40
		}
		ack.TSval, ack.TSecr = ts, p.TSval
	}
	s.send(&ack)
}

// overflowStamp is tcp_synq_overflow: remember that cookies were sent, refreshing the stamp
// only when it is more than a second old (spec 2.1 G, 4.2+).
func (v *server) overflowStamp() {
	now := v.s.jiffies32()
	if v.overflowSet && now-v.lastOverflow <= uint32(v.s.clk.hz) {
		return
	}
	v.lastOverflow, v.overflowSet = now, true
}

// noRecentOverflow is the recent-overflow gate of spec 2.3 step 3: cookies are accepted only
// within CookieValidFor of the last stamp (and up to 1 s before it).
func (v *server) noRecentOverflow() bool {
	if !v.overflowSet {
		return true
	}
	now := v.s.jiffies32()
	valid := uint32(v.s.clk.toJiffies(v.s.prof.CookieValidFor))
	return int32(now-(v.lastOverflow+valid)) > 0 || int32(now-(v.lastOverflow-uint32(v.s.clk.hz))) < 0
}

var serverAddr32 = uint32(ServerAddr[0])<<24 | uint32(ServerAddr[1])<<16 | uint32(ServerAddr[2])<<8 | uint32(ServerAddr[3])

// connIDOf is what a cookie for the connection of packet p is bound to.
func connIDOf(p *Packet, port uint16) connID {
	return connID{saddr: p.Peer.addr32(), daddr: serverAddr32, sport: p.PeerPort, dport: port}
}

// queueRequest is spec 2.1 H: queue a request sock, arm its timer, send the SYN-ACK.
func (v *server) queueRequest(p *Packet, opt SynOptions) {
	s := v.s
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
	v.byConn[r.conn] = ri
	v.qlen++
	v.young++
	s.queueEvent(SynQueue, v.qlen)
	v.armTimer(ri, s.clk.toJiffies(s.prof.TimeoutInit))
	v.sendSynAck(r, false)
}

func (v *server) armTimer(ri int32, delay uint64) {
	r := &v.reqs[ri]
	r.gen++
	r.timerAt = v.s.clk.timer(v.s.now, delay)
	v.s.schedule(r.timerAt, evReqTimer, ri, r.gen)
}

// reqTimeout is the request's next timeout: min(T << num_timeout, TCP_RTO_MAX) in jiffies.
func (v *server) reqTimeout(r *request) uint64 {
	t := v.s.prof.TimeoutInit << r.numTimeout
	if r.numTimeout > 20 || t > v.s.prof.RTOMax {
		t = v.s.prof.RTOMax
	}
	return v.s.clk.toJiffies(t)
}

func (v *server) sendSynAck(r *request, retrans bool) {
	s := v.s
	ack := Packet{Peer: r.peer, PeerPort: r.port, Flags: SYN | ACK, Seq: r.serverISN, Ack: r.clientISN + 1,
		Opt: SynOptions{MSS: 1460, WScale: -1, SACK: r.opt.SACK, TS: r.opt.TS}, Attr: retransAttr(retrans)}
	if r.opt.WScale >= 0 {
		ack.Opt.WScale = 7
	}
	if r.opt.TS {
		ack.TSval, ack.TSecr = s.tsNow(), r.tsRecent
	}
	if retrans {
		s.inc(RetransSegs)   // spec 2.4 step 7: 2.6.34+
		s.inc(TCPSynRetrans) // spec 2.4 step 7: 3.15+
	}
	s.send(&ack)
}

// removeRequest unlinks a request from the SYN queue.
func (v *server) removeRequest(ri int32) {
	r := &v.reqs[ri]
	delete(v.byConn, r.conn)
	if r.numTimeout == 0 {
		v.young--
	}
	v.qlen--
	r.live = false
	r.gen++
	v.free = append(v.free, ri)
	v.s.queueEvent(SynQueue, v.qlen)
}

// timer is the request timer (spec 2.4, 4.4+: one timer per request).
func (v *server) timer(ri int32, gen uint32) {
	r := &v.reqs[ri]
	if !r.live || r.gen != gen {
		return // the request is gone or its timer was re-armed
	}
	s := v.s
	s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerSynAck), Peer: r.peer, Value: uint64(r.numTimeout + 1)})
	thresh := v.sysctl.SynackRetries
	// spec 2.4 step 3: young/old pruning once the queue is at least half full.
	if 2*v.qlen > max(8, v.B) {
		y := 2 * v.young
		for thresh > 2 && v.qlen >= y {
			thresh--
			y *= 2
		}
	}
	expire := r.numTimeout >= thresh // spec 2.4 step 5
	s.inc(TCPTimeouts)               // spec 2.4 step 6: every firing, 2.6.34+
	if expire {
		s.trace.add(Event{At: s.now, Kind: EvDrop, Sub: uint8(DropRequestExpired), Peer: r.peer, Value: uint64(r.numTimeout)})
		v.removeRequest(ri) // spec 2.4 step 7: no RST, no counter
		return
	}
	v.sendSynAck(r, true)
	if r.numTimeout == 0 {
		v.young--
	}
	r.numTimeout++
	v.armTimer(ri, v.reqTimeout(r))
}

// requestRecv is tcp_check_req: a segment for an existing request sock (spec 2.2).
func (v *server) requestRecv(ri int32, p *Packet) {
	s := v.s
	r := &v.reqs[ri]
	// spec 2.2 step 2: a retransmitted SYN re-sends the SYN-ACK, rate-limited (4.4+).
	if p.Flags == SYN && p.Seq == r.clientISN {
		if s.oowRateLimited(&r.lastOOW) {
			s.drop(p, DropDupSynRateLimited)
			return
		}
		v.sendSynAck(r, true)
		if s.now < r.timerAt { // mod_timer_pending: only a pending timer is moved
			v.armTimer(ri, v.reqTimeout(r))
		}
		return
	}
	// spec 2.2 step 3: an ACK of the wrong ISN is answered by the listener with a RST.
	if p.Flags&ACK != 0 && p.Ack != r.serverISN+1 {
		v.sendReset(p)
		return
	}
	// spec 2.2 step 6: RST or SYN in SYN_RECV resets the embryonic connection.
	if p.Flags&(RST|SYN) != 0 {
		v.embryonicReset(ri, p)
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
		v.embryonicReset(ri, p)
		return
	}
	peer, rcvNxt := r.peer, r.clientISN+1
	v.removeRequest(ri)
	v.addChild(peer, rcvNxt, p)
}

// embryonicReset is spec 2.2 EMBRYONIC-RESET: answer with a RST unless the segment is one,
// remove the request, count EmbryonicRsts (5.x/6.x: only when it was unlinked).
func (v *server) embryonicReset(ri int32, p *Packet) {
	if p.Flags&RST == 0 {
		v.sendReset(p)
	} else {
		v.s.drop(p, DropIgnored)
	}
	v.removeRequest(ri)
	v.s.inc(EmbryonicRsts)
}

// sendReset answers a segment with a RST (tcp_v4_send_reset), counting OutRsts.
func (v *server) sendReset(p *Packet) {
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
	v.s.inc(OutRsts)
	v.s.send(&rst)
}

// cookieCheck is a non-SYN segment for the listener with no request: the syncookie path
// (spec 2.3, 6.x).
func (v *server) cookieCheck(p *Packet) {
	s := v.s
	if p.Flags&ACK == 0 {
		s.drop(p, DropIgnored) // the listener discards a segment without ACK
		return
	}
	if v.sysctl.Syncookies == 0 || v.noRecentOverflow() {
		v.sendReset(p) // spec 2.3 steps 2–3: ≥4.0 the closed gate counts nothing
		return
	}
	id := connIDOf(p, s.sc.Server.Port)
	count := s.cookieMinutes()
	_, ok := v.cookies.decode(&id, p.Ack-1, p.Seq-1, count) // the MSS index would size the child; nothing here reads it
	if !ok {
		s.inc(SyncookiesFailed) // spec 2.3 step 4
		v.sendReset(p)
		return
	}
	s.inc(SyncookiesRecv) // spec 2.3 step 5: before the option and accept-queue checks
	// spec 2.3 step 6: options from TSecr need timestamps enabled locally.
	if p.hasTS() && v.sysctl.Timestamps == 0 {
		v.sendReset(p)
		return
	}
	// spec 2.3 step 7: a full accept queue discards the ACK; nothing is kept.
	if v.acceptQueueFull() {
		s.inc(ListenOverflows)
		s.inc(ListenDrops)
		s.drop(p, DropAcceptQueueFullCookie)
		return
	}
	v.addChild(p.Peer, p.Seq, p)
}

// addChild creates the established child (PassiveOpens), appends it to the accept queue and
// lets it process the segment that completed the handshake.
func (v *server) addChild(peer Peer, rcvNxt uint32, p *Packet) {
	s := v.s
	s.inc(PassiveOpens)
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
func (v *server) accept() {
	c := v.acceptQ[v.aqHead]
	v.aqHead++
	if v.aqHead > 1024 && v.aqHead*2 > len(v.acceptQ) {
		n := copy(v.acceptQ, v.acceptQ[v.aqHead:])
		v.acceptQ, v.aqHead = v.acceptQ[:n], 0
	}
	v.accepted++
	v.s.trace.add(Event{At: v.s.now, Kind: EvAccept, Peer: Peer(c)})
	v.s.queueEvent(AcceptQueue, v.aq())
}
