package scene

import "synq/model"

// Series records a run over simulated time for the charts: the queues' lengths, drops and
// cookies, genuine clients' connect latency, and the counters. It sees every event the model
// records (Observe is the trace's hook), so it is exact whatever the frame rate, and it keeps
// a fixed number of buckets over the scenario's duration, so its memory is bounded.
//
// A bucket k covers the simulated time (k·Step, (k+1)·Step]. The open bucket, the one events
// go into now, is kept apart until it closes; the buckets after it may hold an earlier pass
// over the same times (before a seek back), complete and still true as long as the run has
// not branched, which lets a seek forward start from a later snapshot. Reads never go past
// the open bucket.
type Series struct {
	Step model.Time // the width of one bucket
	b    []bucket   // closed buckets (and, after the open one, an earlier pass)
	open int        // the bucket events go into now
	ob   bucket     // its contents so far

	curSyn, curAcc int32
	cur            model.Counters
	curFlood       uint64
	synAt          []model.Time // when each genuine client sent its first SYN
}

// bucket is what happened in one bucket of simulated time.
type bucket struct {
	syn, accept    int32  // the queue's longest length in the bucket
	drops, cookies uint32 // drops at the listener and cookie SYN-ACKs
	latN           uint32 // genuine clients established
	latSum         int64  // their connect latencies (ns)
	counters       model.Counters
	flood          uint64 // flood SYNs sent by the end of the bucket
}

// SeriesBuckets is how many buckets a series has across the scenario's duration.
const SeriesBuckets = 4096

// NewSeries returns an empty series for a run of the given duration.
func NewSeries(duration model.Time) *Series {
	step := max(1, (duration+SeriesBuckets-1)/SeriesBuckets)
	return &Series{Step: step, b: make([]bucket, int(duration/step)+1)}
}

// bucketOf is the bucket that simulated time t falls in.
func (s *Series) bucketOf(t model.Time) int {
	k := 0
	if t > 0 {
		k = int((t - 1) / s.Step)
	}
	return min(k, len(s.b)-1)
}

// get is bucket k, which must not be after the open one.
func (s *Series) get(k int) *bucket {
	if k == s.open {
		return &s.ob
	}
	return &s.b[k]
}

// Attach makes the series record sim from its current time on: it adds itself to the trace's observers
// hook and takes the queues and counters as they stand. The run must have reached its time
// through the same history as the series' buckets before it: a fresh run at 0, or a clone of
// the run the series recorded, taken on a bucket boundary.
func (s *Series) Attach(sim *model.Sim) {
	now := sim.Now()
	s.open = min(int(now/s.Step), len(s.b)-1)
	s.curSyn, s.curAcc = int32(sim.SynQueueLen()), int32(sim.AcceptQueueLen())
	s.cur = sim.Counters()
	s.curFlood = 0
	if s.open > 0 {
		s.curFlood = s.b[s.open-1].flood
	}
	s.fresh()
	sim.Trace().AddObserver(s.Observe)
}

// fresh starts the open bucket from the current values.
func (s *Series) fresh() {
	s.ob = bucket{syn: s.curSyn, accept: s.curAcc, counters: s.cur, flood: s.curFlood}
}

// moveTo closes the open bucket and every empty one up to k, and opens k.
func (s *Series) moveTo(k int) {
	if k <= s.open {
		return
	}
	s.ob.counters, s.ob.flood = s.cur, s.curFlood
	s.b[s.open] = s.ob
	for s.open++; s.open < k; s.open++ {
		s.fresh()
		s.b[s.open] = s.ob
	}
	s.fresh()
}

// Observe records one event; it is the trace's Observe hook.
func (s *Series) Observe(e model.Event) {
	if k := s.bucketOf(e.At); k != s.open {
		s.moveTo(k)
	}
	b := &s.ob
	switch e.Kind {
	case model.EvQueue:
		v := int32(e.Value)
		if e.Queue() == model.SynQueue {
			s.curSyn = v
			b.syn = max(b.syn, v)
		} else {
			s.curAcc = v
			b.accept = max(b.accept, v)
		}
	case model.EvCounter:
		c := e.Counter()
		s.cur[c] = e.Value
		if c == model.SyncookiesSent {
			b.cookies++
		}
	case model.EvDrop:
		if countsAsDrop(e.Reason()) {
			b.drops++
		}
	case model.EvSend:
		if e.Peer.IsFlood() && e.Attr&model.AttrToServer != 0 {
			s.curFlood++
		}
	case model.EvClient:
		i := e.Peer.Client()
		switch model.ClientState(e.Sub) {
		case model.ClientSynSent:
			for len(s.synAt) <= i {
				s.synAt = append(s.synAt, -1)
			}
			s.synAt[i] = e.At
		case model.ClientEstablished:
			if i < len(s.synAt) && s.synAt[i] >= 0 {
				b.latSum += int64(e.At - s.synAt[i])
				b.latN++
			}
		}
	}
}

// countsAsDrop says whether the drops chart counts a drop: what the listener discards for a
// full queue, and requests that ran out of SYN-ACK retries.
func countsAsDrop(r model.Reason) bool {
	switch r {
	case model.DropSynQueueFull, model.DropAcceptQueueFullSyn, model.DropSynLastQuarter,
		model.DropAcceptQueueFullAck, model.DropAcceptQueueFullCookie, model.DropRequestExpired:
		return true
	}
	return false
}

// Sync brings the series up to simulated time now, which the run has reached: the buckets
// in which nothing happened get the values that stood.
func (s *Series) Sync(now model.Time) {
	s.moveTo(s.bucketOf(now))
	s.ob.counters, s.ob.flood = s.cur, s.curFlood
}

// Before returns the counters as they stood at the latest bucket boundary at or before t
// (t at most the time of the last Sync), and false when t is after what the series holds.
// Counters are zero at the start of a run.
func (s *Series) Before(t model.Time) (model.Counters, bool) {
	k := int(t/s.Step) - 1
	switch {
	case k < 0:
		return model.Counters{}, true
	case k > s.open:
		return model.Counters{}, false
	}
	return s.get(k).counters, true
}

// FloodSent is how many flood SYNs the run has sent, as of the last Sync.
func (s *Series) FloodSent() uint64 { return s.curFlood }

// Metric names one of the charted quantities.
type Metric uint8

// The charts, left to right.
const (
	MetricSynQueue    Metric = iota // the SYN queue's length (the longest in each column)
	MetricAcceptQueue               // the accept queue's length
	MetricDrops                     // drops a second at the listener
	MetricCookies                   // cookie SYN-ACKs a second
	MetricLatency                   // genuine clients' connect latency, SYN sent → established, in ms
	NumMetrics
)

var metricNames = [NumMetrics]string{"SYN queue", "accept queue", "drops/s", "cookies/s", "connect ms"}

// String is the chart's title.
func (m Metric) String() string {
	if m < NumMetrics {
		return metricNames[m]
	}
	return "?"
}

// Point is one column of a chart: its value, or no value (OK false) where there is no data,
// such as the latency of a moment when no client connected.
type Point struct {
	V  float64
	OK bool
}

// Columns fills dst with n columns of metric m over simulated time (from, to], reading only
// the buckets up to now, and returns it. A column's value is the longest queue, the rate
// over the column, or the mean latency of its clients.
func (s *Series) Columns(dst []Point, m Metric, from, to, now model.Time, n int) []Point {
	dst = dst[:0]
	if n <= 0 || to <= from {
		return dst
	}
	last := min(s.bucketOf(now), s.open)
	if now <= 0 {
		last = -1
	}
	span := to - from
	for c := range n {
		t0 := from + span*model.Time(c)/model.Time(n)
		t1 := from + span*model.Time(c+1)/model.Time(n)
		if t1 <= 0 || t0 >= now {
			dst = append(dst, Point{})
			continue
		}
		k0, k1 := s.bucketOf(max(t0, 0)+1), min(s.bucketOf(t1), last)
		k0 = min(k0, k1)
		dst = append(dst, s.column(m, k0, k1))
	}
	return dst
}

// column sums up buckets k0..k1 for one metric.
func (s *Series) column(m Metric, k0, k1 int) Point {
	var sum, n int64
	var most int32
	for k := k0; k <= k1; k++ {
		b := s.get(k)
		switch m {
		case MetricSynQueue:
			most = max(most, b.syn)
		case MetricAcceptQueue:
			most = max(most, b.accept)
		case MetricDrops:
			sum += int64(b.drops)
		case MetricCookies:
			sum += int64(b.cookies)
		case MetricLatency:
			sum += b.latSum
			n += int64(b.latN)
		}
	}
	switch m {
	case MetricSynQueue, MetricAcceptQueue:
		return Point{V: float64(most), OK: true}
	case MetricLatency:
		if n == 0 {
			return Point{}
		}
		return Point{V: float64(sum) / float64(n) / float64(model.Millisecond), OK: true}
	}
	secs := (model.Time(k1-k0+1) * s.Step).Seconds()
	return Point{V: float64(sum) / secs, OK: true}
}

// Now is the value of metric m at simulated time now: the queues' current lengths, rates over
// the last second, and the latest latency over the last 5 s.
func (s *Series) Now(m Metric, now model.Time) Point {
	switch m {
	case MetricSynQueue:
		return Point{V: float64(s.curSyn), OK: true}
	case MetricAcceptQueue:
		return Point{V: float64(s.curAcc), OK: true}
	}
	back := model.Second
	if m == MetricLatency {
		back = 5 * model.Second
	}
	from := max(0, now-back)
	if now <= from {
		return Point{}
	}
	k0, k1 := s.bucketOf(from+1), min(s.bucketOf(now), s.open)
	p := s.column(m, k0, k1)
	if m != MetricLatency && p.OK {
		// The rate over the buckets read, which may reach a little further back than one second.
		p.V = p.V * (model.Time(k1-k0+1) * s.Step).Seconds() / (now - from).Seconds()
	}
	return p
}
