package model

// The 4.4BSD-Lite2 listener (kernel-spec.md 5.1): incomplete connections (so_q0) and complete
// ones (so_q) share one limit, checked when the SYN arrives. The model keeps so_q0 in the
// request slots and so_q in the accept queue, so the report reads the same: Recv-Q is so_qlen,
// Send-Q is so_qlimit, syn_recv is so_q0len. BSD keeps none of Linux's counters and prints no
// flood line.

// bsdQueueLimit is so_qlimit after listen(backlog): a negative backlog becomes 0, and none may
// exceed SOMAXCONN, 5 (spec 5.1).
func bsdQueueLimit(backlog int) int { return min(max(backlog, 0), bsdSomaxconn) }

// bsdCapacity is how many connections both queues hold together: sonewconn refuses when
// so_qlen + so_q0len > 3 × so_qlimit / 2, so one more than that (spec 5.1, the fudge factor).
func bsdCapacity(qlimit int) int { return 3*qlimit/2 + 1 }

// BSD's timers (spec 5.1): the SYN-ACK goes out again on the ordinary retransmission timer,
// which starts at TCPTV_SRTTDFLT (3 s) with no RTT measured and doubles; the connection-
// establishment timer TCPTV_KEEP_INIT (75 s) ends an embryonic connection.
const (
	bsdRexmtInit = 3 * Second
	bsdKeepInit  = 75 * Second
)

// bsdSynRecv is a SYN at a 4.4BSD listener: sonewconn is called at once and refuses when the
// queues are over the limit, and the SYN is then dropped silently (spec 5.1).
func (v *server) bsdSynRecv(s *Sim, p *Packet) {
	if v.aq()+v.qlen > 3*v.B/2 {
		s.drop(p, DropBSDQueueFull)
		return
	}
	v.queueRequest(s, p, v.negotiate(p, false))
}

// bsdTimer is a SYN_RECEIVED socket's timer: the connection-establishment timer drops it at
// 75 s; before that the SYN-ACK is re-sent with a doubling timeout (spec 5.1).
func (v *server) bsdTimer(s *Sim, ri int32) {
	r := &v.reqs[ri]
	s.trace.add(Event{At: s.now, Kind: EvTimer, Sub: uint8(TimerSynAck), Peer: r.peer, Value: uint64(r.numTimeout + 1)})
	if s.now >= r.born+bsdKeepInit {
		s.trace.add(Event{At: s.now, Kind: EvDrop, Sub: uint8(DropBSDKeepInit), Peer: r.peer, Value: uint64(r.numTimeout)})
		v.removeRequest(s, ri)
		return
	}
	v.sendSynAck(s, r, true)
	r.numTimeout++
	v.bsdArm(s, ri)
}

// bsdArm arms the request's timer for its next retransmission or the 75 s limit, which comes
// first.
func (v *server) bsdArm(s *Sim, ri int32) {
	r := &v.reqs[ri]
	next := min(s.now+bsdRexmtInit<<r.numTimeout, r.born+bsdKeepInit)
	v.armTimer(s, ri, s.clk.toJiffies(next-s.now))
}

// bsdRequestRecv is a segment for a socket in so_q0. The ACK of the SYN-ACK moves it to so_q
// with no second check (spec 5.1); a RST ends it; a repeated SYN gets the SYN-ACK again, and
// an ACK of something else a RST [I].
func (v *server) bsdRequestRecv(s *Sim, ri int32, p *Packet) {
	r := &v.reqs[ri]
	switch {
	case p.Flags == SYN && p.Seq == r.clientISN:
		v.sendSynAck(s, r, true)
	case p.Flags&RST != 0:
		s.drop(p, DropIgnored)
		v.removeRequest(s, ri)
	case p.Flags&ACK != 0 && p.Ack != r.serverISN+1:
		v.sendReset(s, p)
	case p.Flags&ACK == 0:
		s.drop(p, DropNoACK)
	default:
		peer, rcvNxt := r.peer, r.clientISN+1
		v.removeRequest(s, ri)
		v.addChild(s, peer, rcvNxt, p)
	}
}
