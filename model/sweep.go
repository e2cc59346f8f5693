package model

// sweeper is the listener timer of Linux 4.3 and earlier (kernel-spec.md 2.4): the half-open
// requests live in a hash table sized at the first listen(), and one timer on the listener,
// armed T after the first request is queued and then every 200 ms while any remain, examines
// a share of the table's buckets on each tick, round-robin. A request is handled on the first
// sweep at or after its due time, so its SYN-ACKs come late by up to T/2, and the next due
// time counts from when it was handled.
//
// As in the kernel's table, each bucket is a chain with the newest request first: heads holds
// the newest request's slot and each request holds the next one's (request.older). The chain
// lives in slots and indices, with no pointer back to the server, so a copy of the Sim with its
// slices cloned is a complete, independent copy (Clone).
type sweeper struct {
	heads []int32 // per bucket: the newest request's slot plus one, 0 when the bucket is empty
	key   sipKey  // the table's random hash seed, drawn at the first listen()
	hand  int     // the next bucket to examine
	gen   uint32  // bumped whenever the timer is re-armed, so a stale tick is ignored
}

// sweepInterval is TCP_SYNQ_INTERVAL (spec 1.2): the listener timer's tick.
const sweepInterval = 200 * Millisecond

func (w *sweeper) init(s *Sim) {
	w.heads = make([]int32, s.srv.synCap)
	w.key = sipKey{s.rng.Uint64(), s.rng.Uint64()}
}

// bucket is where a request from this peer and port lives. The kernel hashes with jhash; any
// seeded hash spreads the requests the same way for the model's purpose.
func (w *sweeper) bucket(r *request) int {
	return int(uint32(siphash4u32(&w.key, r.peer.addr32(), uint32(r.port), 0, 0)) & uint32(len(w.heads)-1))
}

// add files a newly queued request at the head of its bucket, due T from now; the first
// request of an empty queue arms the listener timer for then (spec 2.1 H, 2.4).
func (w *sweeper) add(s *Sim, ri int32) {
	v := &s.srv
	r := &v.reqs[ri]
	b := w.bucket(r)
	r.older, w.heads[b] = w.heads[b], ri+1
	w.due(s, ri, s.clk.toJiffies(s.prof.TimeoutInit))
	if v.qlen == 1 {
		w.arm(s, s.clk.toJiffies(s.prof.TimeoutInit))
	}
}

// due sets when request ri is next due: delay jiffies from now.
func (w *sweeper) due(s *Sim, ri int32, delay uint64) {
	s.srv.reqs[ri].timerAt = s.clk.at(s.jiffiesNow() + delay)
}

// remove unlinks request ri from its bucket's chain.
func (w *sweeper) remove(s *Sim, ri int32) {
	reqs := s.srv.reqs
	link := &w.heads[w.bucket(&reqs[ri])]
	for *link != 0 {
		if *link == ri+1 {
			*link = reqs[ri].older
			return
		}
		link = &reqs[*link-1].older
	}
}

func (w *sweeper) arm(s *Sim, delay uint64) {
	w.gen++
	s.schedule(s.clk.timer(s.now, delay), evSweep, 0, w.gen)
}

// tick is one run of the listener timer (spec 2.4): the pruning threshold is worked out once,
// then 2 × table size / (T / 200 ms) buckets are examined from where the last tick stopped.
func (w *sweeper) tick(s *Sim, gen uint32) {
	v := &s.srv
	if gen != w.gen || v.qlen == 0 {
		return
	}
	thresh := v.threshold(s)
	n := len(w.heads)
	budget := max(1, 2*n/int(s.prof.TimeoutInit/sweepInterval))
	for range budget {
		// Newest first, as the chain runs; the next link is read before a request is handled,
		// because one that is dropped leaves the chain.
		for next := w.heads[w.hand]; next != 0; {
			ri := next - 1
			r := &v.reqs[ri]
			next = r.older
			if r.timerAt > s.now {
				continue
			}
			if v.timeout(s, ri, thresh) {
				w.due(s, ri, v.reqTimeout(s, r))
			}
		}
		w.hand = (w.hand + 1) & (n - 1)
	}
	if v.qlen > 0 {
		w.arm(s, s.clk.toJiffies(sweepInterval))
	}
}
