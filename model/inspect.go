package model

// Read-only views of a run's current state, for the renderer and for lessons. Nothing here
// changes the simulation, and nothing allocates unless the caller's buffer must grow.

// Limits are the listener's limits as they stand now (the live sysctls and the backlog after
// the somaxconn clamp), from which the queues' capacities follow.
type Limits struct {
	Backlog         int  // B: sk_max_ack_backlog, the Send-Q of `ss -ltn`
	SynQueueCap     int  // half-open requests the SYN queue admits: B+1 on 6.13+, B on 4.4–6.12, the table size up to 4.3; on BSD both queues together
	AcceptQueueCap  int  // children the accept queue holds: B+1 (full when more than B); on BSD both queues together
	MaxSynBacklog   int  // net.ipv4.tcp_max_syn_backlog (the cookies-off last-quarter rule)
	Syncookies      int  // net.ipv4.tcp_syncookies: 0 off, 2 always (3.12+), any other value when full
	CookiesAlways   bool // tcp_syncookies asks for a cookie for every SYN (mode 2, from 3.12)
	AbortOnOverflow int  // net.ipv4.tcp_abort_on_overflow
	SynackRetries   int  // net.ipv4.tcp_synack_retries
	// Sysctl is every server sysctl as it stands; read one by key with Sysctl.Value. The named
	// fields above are the ones the scene draws.
	Sysctl ServerSysctl
}

// Limits returns the listener's live limits.
func (s *Sim) Limits() Limits {
	v := &s.srv
	synCap, acceptCap := v.B, v.B+1
	switch s.prof.SynQueue {
	case SynQueueGT:
		synCap = v.B + 1
	case SynQueuePow2:
		synCap = v.synCap
	case SynQueueBSD:
		synCap = bsdCapacity(v.B) // one limit for both queues together
		acceptCap = synCap
	}
	return Limits{
		Backlog:         v.B,
		SynQueueCap:     synCap,
		AcceptQueueCap:  acceptCap,
		MaxSynBacklog:   v.sysctl.MaxSynBacklog,
		Syncookies:      v.sysctl.Syncookies,
		CookiesAlways:   v.cookiesAlways(s),
		AbortOnOverflow: v.sysctl.AbortOnOverflow,
		SynackRetries:   v.sysctl.SynackRetries,
		Sysctl:          v.sysctl,
	}
}

// Profile is the kernel profile being modelled.
func (s *Sim) Profile() *Profile { return s.prof }

// SynQueueLen is the SYN queue's length (qlen): the half-open requests.
func (s *Sim) SynQueueLen() int { return s.srv.qlen }

// AcceptQueueLen is the accept queue's length (sk_ack_backlog), the Recv-Q of `ss -ltn`.
func (s *Sim) AcceptQueueLen() int { return s.srv.aq() }

// Accepted is how many connections the application has accept()ed.
func (s *Sim) Accepted() int { return s.srv.accepted }

// RequestView is one half-open request in the SYN queue.
type RequestView struct {
	Slot      int  // the request's slot: stable while it lives, reused after it leaves
	Peer      Peer // the client or flood source that sent the SYN
	Retries   int  // SYN-ACK retransmissions so far (num_timeout)
	NextTimer Time // when its SYN-ACK timer fires next
	Acked     bool // its handshake ACK met a full accept queue and was dropped (kept for a retry)
}

// AppendRequests appends the live half-open requests to dst in slot order and returns it.
func (s *Sim) AppendRequests(dst []RequestView) []RequestView {
	for i := range s.srv.reqs {
		r := &s.srv.reqs[i]
		if !r.live {
			continue
		}
		dst = append(dst, RequestView{Slot: i, Peer: r.peer, Retries: r.numTimeout, NextTimer: r.timerAt, Acked: r.acked})
	}
	return dst
}

// AppendAcceptQueue appends the peers of the children waiting for accept() to dst, oldest
// (the next accept()) first, and returns it.
func (s *Sim) AppendAcceptQueue(dst []Peer) []Peer {
	for _, c := range s.srv.acceptQ[s.srv.aqHead:] {
		dst = append(dst, Peer(c))
	}
	return dst
}

// Emitted is how many clients or flood SYNs traffic entry i has sent so far.
func (s *Sim) Emitted(i int) int { return s.traffic[i].emitted }

// NumClients is the number of genuine clients in the scenario, connected or not yet.
func (s *Sim) NumClients() int { return len(s.clients) }

// ClientState is genuine client i's socket state.
func (s *Sim) ClientState(i int) ClientState { return s.clients[i].state }

// AppView is the application's accept() loop as it stands.
type AppView struct {
	Mode     AcceptMode
	Rate     Rate // AcceptRate only
	Sleeping bool // pausing between two accept() calls
}

// App returns the application's accept() loop.
func (s *Sim) App() AppView {
	return AppView{Mode: s.app.mode, Rate: s.app.rate, Sleeping: s.app.sleeping}
}

// At returns event number n, if it is still in the trace's window.
func (t *Trace) At(n uint64) (Event, bool) {
	if n >= t.total || n < t.Oldest() {
		return Event{}, false
	}
	return t.ring[n&t.mask], true
}

// FirstAfter is the number of the oldest event in the window recorded after simulated time
// after (Total() when there is none). Events are recorded in time order, so it is found by
// bisection.
func (t *Trace) FirstAfter(after Time) uint64 {
	lo, hi := t.Oldest(), t.total
	for lo < hi {
		mid := lo + (hi-lo)/2
		if t.ring[mid&t.mask].At > after {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// LastCookie takes apart the most recent syncookie the listener made (spec 3.1–3.4), or
// reports that it has made none.
func (s *Sim) LastCookie() (Cookie, bool) {
	m := &s.srv.lastCookie
	if !m.made {
		return Cookie{}, false
	}
	j := &s.srv.cookies
	c := j.view(&m.id, m.clientISN, m.isn, m.count, m.idx)
	c.At, c.Peer, c.PeerPort = m.at, m.peer, m.port
	c.TS, c.TSval, c.Options, c.WScale, c.SACK = m.opt.TS, m.tsval, m.options, m.opt.WScale, m.opt.SACK
	return c, true
}

// CheckCookie is what the listener would make of an ACK for cookie c arriving now: the MSS
// index it decodes, or false when the cookie has grown too old (spec 3.1).
func (s *Sim) CheckCookie(c Cookie) (int, bool) {
	id := connID{saddr: c.Peer.addr32(), daddr: serverAddr32, sport: c.PeerPort, dport: s.sc.Server.Port}
	return s.srv.cookies.decode(&id, c.ISN, c.ClientISN, s.cookieMinutes())
}

// ServerSysctl returns the server's sysctls as they stand now: the scenario's, with the
// changes made so far.
func (s *Sim) ServerSysctl() ServerSysctl { return s.srv.sysctl }

// ListenBacklog is the argument of the latest listen() call, before the somaxconn clamp.
func (s *Sim) ListenBacklog() int { return s.srv.backlogArg }

// TrafficRates are the rates at which genuine clients connect and flood SYNs arrive now: the
// sum over the streams that have started and are still running.
func (s *Sim) TrafficRates() (clients, flood Rate) {
	for i, t := range s.defs {
		st := &s.traffic[i]
		if t.Rate <= 0 || st.stopped || st.emitted == 0 || st.emitted >= t.Count {
			continue
		}
		if t.Kind == Flood {
			flood += t.Rate
		} else {
			clients += t.Rate
		}
	}
	return clients, flood
}
