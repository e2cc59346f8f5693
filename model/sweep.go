package model

// sweeper is the listener timer of Linux 4.3 and earlier (kernel-spec.md 2.4): the half-open
// requests live in a hash table sized at the first listen(), and one timer on the listener,
// armed T after the first request is queued and then every 200 ms while any remain, examines
// a share of the table's buckets on each tick, round-robin. A request is handled on the first
// sweep at or after its due time, so its SYN-ACKs come late by up to T/2, and the next due
// time counts from when it was handled.
type sweeper struct {
	buckets [][]int32 // request slots by bucket, in the order they were queued
	key     sipKey    // the table's random hash seed, drawn at the first listen()
	hand    int       // the next bucket to examine
	gen     uint32    // bumped whenever the timer is re-armed, so a stale tick is ignored
	v       *server
}

// sweepInterval is TCP_SYNQ_INTERVAL (spec 1.2): the listener timer's tick.
const sweepInterval = 200 * Millisecond

func (w *sweeper) init(v *server) {
	w.v = v
	w.buckets = make([][]int32, v.synCap)
	w.key = sipKey{v.s.rng.Uint64(), v.s.rng.Uint64()}
}

// bucket is where a request from this peer and port lives. The kernel hashes with jhash; any
// seeded hash spreads the requests the same way for the model's purpose.
func (w *sweeper) bucket(r *request) int {
	return int(uint32(siphash4u32(&w.key, r.peer.addr32(), uint32(r.port), 0, 0)) & uint32(len(w.buckets)-1))
}

// add files a newly queued request, due T from now; the first request of an empty queue arms
// the listener timer for then (spec 2.1 H, 2.4).
func (w *sweeper) add(ri int32) {
	v := w.v
	b := w.bucket(&v.reqs[ri])
	w.buckets[b] = append(w.buckets[b], ri)
	w.due(ri, v.s.clk.toJiffies(v.s.prof.TimeoutInit))
	if v.qlen == 1 {
		w.arm(v.s.clk.toJiffies(v.s.prof.TimeoutInit))
	}
}

// due sets when request ri is next due: delay jiffies from now.
func (w *sweeper) due(ri int32, delay uint64) {
	s := w.v.s
	w.v.reqs[ri].timerAt = s.clk.at(s.jiffiesNow() + delay)
}

func (w *sweeper) remove(ri int32) {
	b := w.bucket(&w.v.reqs[ri])
	for i, x := range w.buckets[b] {
		if x == ri {
			w.buckets[b] = append(w.buckets[b][:i], w.buckets[b][i+1:]...)
			return
		}
	}
}

func (w *sweeper) arm(delay uint64) {
	s := w.v.s
	w.gen++
	s.schedule(s.clk.timer(s.now, delay), evSweep, 0, w.gen)
}

// tick is one run of the listener timer (spec 2.4): the pruning threshold is worked out once,
// then 2 × table size / (T / 200 ms) buckets are examined from where the last tick stopped.
func (w *sweeper) tick(gen uint32) {
	v := w.v
	if gen != w.gen || v.qlen == 0 {
		return
	}
	s := v.s
	thresh := v.threshold()
	n := len(w.buckets)
	budget := max(1, 2*n/int(s.prof.TimeoutInit/sweepInterval))
	for range budget {
		bucket := w.buckets[w.hand]
		// Newest first; a request that is dropped leaves the bucket behind the loop's index.
		for j := len(bucket) - 1; j >= 0; j-- {
			ri := w.buckets[w.hand][j]
			r := &v.reqs[ri]
			if r.timerAt > s.now {
				continue
			}
			if v.timeout(ri, thresh) {
				w.due(ri, v.reqTimeout(r))
			}
		}
		w.hand = (w.hand + 1) & (n - 1)
	}
	if v.qlen > 0 {
		w.arm(s.clk.toJiffies(sweepInterval))
	}
}
