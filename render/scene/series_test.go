package scene_test

import (
	"testing"

	"synq/model"
	"synq/render/scene"
)

const ms = model.Millisecond

// A series fed events by hand: queue lengths are the longest in each column, drops and
// cookies are rates, latency is the mean of the clients established in the column.
func TestSeriesColumns(t *testing.T) {
	s := scene.NewSeries(4096 * ms) // one bucket a millisecond
	if s.Step != ms {
		t.Fatalf("step %v, want 1ms", s.Step)
	}
	ev := func(at model.Time, e model.Event) { e.At = at; s.Observe(e) }
	ev(1*ms, model.Event{Kind: model.EvClient, Sub: uint8(model.ClientSynSent), Peer: 0})
	ev(2*ms, model.Event{Kind: model.EvClient, Sub: uint8(model.ClientSynSent), Peer: 1})
	ev(5*ms, model.Event{Kind: model.EvQueue, Sub: uint8(model.SynQueue), Value: 7})
	ev(6*ms, model.Event{Kind: model.EvQueue, Sub: uint8(model.SynQueue), Value: 3})
	ev(30*ms, model.Event{Kind: model.EvClient, Sub: uint8(model.ClientEstablished), Peer: 0}) // 29 ms
	ev(42*ms, model.Event{Kind: model.EvClient, Sub: uint8(model.ClientEstablished), Peer: 1}) // 40 ms
	for i := range 10 {
		ev(model.Time(51+i)*ms, model.Event{Kind: model.EvDrop, Sub: uint8(model.DropSynQueueFull)})
		ev(model.Time(51+i)*ms, model.Event{Kind: model.EvDrop, Sub: uint8(model.DropIgnored)}) // not a listener drop
		ev(model.Time(51+i)*ms, model.Event{Kind: model.EvCounter, Sub: uint8(model.SyncookiesSent), Value: uint64(i + 1)})
	}
	s.Sync(100 * ms)

	cols := s.Columns(nil, scene.MetricSynQueue, 0, 100*ms, 100*ms, 10) // 10 ms each
	if !cols[0].OK || cols[0].V != 7 || cols[1].V != 3 || cols[9].V != 3 {
		t.Errorf("SYN queue columns %v, want 7 (the longest) then 3 (as it stood)", cols)
	}
	drops := s.Columns(nil, scene.MetricDrops, 0, 100*ms, 100*ms, 10)
	if drops[5].V != 1000 || drops[4].V != 0 {
		t.Errorf("drops columns %v, want 1000/s in (50 ms, 60 ms] (10 in 10 ms) and nothing before", drops)
	}
	lat := s.Columns(nil, scene.MetricLatency, 0, 100*ms, 100*ms, 10)
	if lat[0].OK || !lat[2].OK || lat[2].V != 29 || lat[4].V != 40 {
		t.Errorf("latency columns %v, want none at first, 29 ms then 40 ms", lat)
	}
	if got := s.Now(scene.MetricLatency, 100*ms); !got.OK || got.V != 34.5 {
		t.Errorf("latency now %v, want the mean 34.5 ms", got)
	}
	if got := s.Now(scene.MetricSynQueue, 100*ms); got.V != 3 {
		t.Errorf("SYN queue now %v, want 3", got)
	}
	after := s.Columns(nil, scene.MetricSynQueue, 0, 200*ms, 100*ms, 10)
	if after[4].OK == false || after[5].OK {
		t.Errorf("columns after now %v: want data up to 100 ms and none after", after)
	}
	if c, ok := s.Before(55 * ms); !ok || c[model.SyncookiesSent] != 5 {
		t.Errorf("counters before 55 ms: %d (%v), want 5 cookies", c[model.SyncookiesSent], ok)
	}
	if c, ok := s.Before(0); !ok || c != (model.Counters{}) {
		t.Errorf("counters at 0: %v, want zero", c)
	}
	if _, ok := s.Before(200 * ms); ok {
		t.Error("counters after the last Sync were found")
	}
}

// A series recording a real run agrees with the run's own counters and queues.
func TestSeriesFollowsTheRun(t *testing.T) {
	sc := floodShot(t)
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := scene.NewSeries(sc.Duration)
	s.Attach(sim)
	for _, k := range []model.Time{200, 800, 1200} { // bucket boundaries
		at := k * s.Step
		sim.RunUntil(at)
		s.Sync(at)
		if got := s.Now(scene.MetricSynQueue, at); int(got.V) != sim.SynQueueLen() {
			t.Errorf("at %v: series SYN queue %v, run %d", at, got.V, sim.SynQueueLen())
		}
		if got := s.Now(scene.MetricAcceptQueue, at); int(got.V) != sim.AcceptQueueLen() {
			t.Errorf("at %v: series accept queue %v, run %d", at, got.V, sim.AcceptQueueLen())
		}
		if c, ok := s.Before(at); !ok || c != sim.Counters() {
			t.Errorf("at %v: counters %v, run %v", at, c, sim.Counters())
		}
	}
	sim.RunUntil(3500 * ms)
	s.Sync(3500 * ms)
	if s.FloodSent() != uint64(5000*2.5+1) {
		t.Errorf("flood SYNs sent by 3.5 s: %d, want 12,501", s.FloodSent())
	}
}

func TestNiceCeilAndTicks(t *testing.T) {
	for _, tt := range []struct{ v, want float64 }{{0, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {512, 1000}, {1000, 1000}, {1001, 2000}} {
		if got := scene.NiceCeil(tt.v); got != tt.want {
			t.Errorf("NiceCeil(%g) = %g, want %g", tt.v, got, tt.want)
		}
	}
	for _, tt := range []struct{ d, want model.Time }{
		{10 * model.Second, 500 * ms}, {60 * model.Second, 5 * model.Second}, {model.Hour, 5 * model.Minute},
		{20 * ms, ms}, {100 * ms, 5 * ms}, {3 * model.Second, 200 * ms},
	} {
		if got := scene.TickStep(tt.d); got != tt.want {
			t.Errorf("TickStep(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
	for _, tt := range []struct{ now, d, want model.Time }{
		{0, 60 * model.Second, 10 * model.Second}, {30 * model.Second, 60 * model.Second, 30 * model.Second},
		{model.Second, 3 * model.Second, 3 * model.Second},
	} {
		if got := scene.ChartSpan(tt.now, tt.d); got != tt.want {
			t.Errorf("ChartSpan(%v, %v) = %v, want %v", tt.now, tt.d, got, tt.want)
		}
	}
}
