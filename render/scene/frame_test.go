package scene_test

import (
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
)

// floodShot is the drawing tests' scenario: a flood against backlog 63 with syncookies off,
// 20 ms each way, and an application that accepts 5 connections a second.
func floodShot(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("../testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// capture runs sc to at with a series recording it, as the app does, and reads a frame.
func capture(t testing.TB, sc *model.Scenario, at model.Time) *scene.Frame {
	t.Helper()
	f, _ := recorded(t, sc, at)
	return f
}

func TestCaptureFloodShot(t *testing.T) {
	f := capture(t, floodShot(t), 3*model.Second)
	if f.Limits.SynQueueCap != 64 || f.Limits.AcceptQueueCap != 64 {
		t.Errorf("caps SYN %d accept %d, want B+1 = 64 each", f.Limits.SynQueueCap, f.Limits.AcceptQueueCap)
	}
	if f.SynQLen != len(f.Requests) || f.AcceptQLen != len(f.AcceptQueue) || f.AcceptQLen != 64 {
		t.Errorf("SYN queue %d with %d requests, accept queue %d with %d peers; want them equal and the accept queue full (64)",
			f.SynQLen, len(f.Requests), f.AcceptQLen, len(f.AcceptQueue))
	}
	// 5,000 flood SYNs a second on a 20 ms wire: 100 in flight, each sent within the last 20 ms.
	if n := f.Lanes[scene.LaneToServerFlood].InFlight; n < 99 || n > 101 {
		t.Errorf("flood SYNs in flight = %d, want 100 (5000/s × 20 ms)", n)
	}
	if r := f.Lanes[scene.LaneToServerFlood].Rate; r < 4990 || r > 5010 {
		t.Errorf("flood lane rate = %.0f/s, want 5000/s", r)
	}
	for _, p := range f.Packets {
		if p.Sent <= f.Now-f.Delay || p.Sent > f.Now {
			t.Fatalf("packet sent at %v is not in flight at %v on a %v wire", p.Sent, f.Now, f.Delay)
		}
	}
	sites := map[model.Reason]scene.Site{}
	for _, d := range f.Drops {
		sites[d.Reason] = d.Site
	}
	if s, ok := sites[model.DropSynQueueFull]; !ok || s != scene.SiteSynQueue {
		t.Errorf("drops %+v: want SYN-queue-full drops at the SYN queue", f.Drops)
	}
	if s, ok := sites[model.DropAcceptQueueFullSyn]; !ok || s != scene.SiteAcceptQueue {
		t.Errorf("drops %+v: want accept-queue-full SYN drops at the accept queue", f.Drops)
	}
	if !f.HaveDelta || f.Delta[model.ReqQFullDrop] == 0 || f.Delta[model.SyncookiesSent] != 0 {
		t.Errorf("deltas %v (have %v): want TCPReqQFullDrop to have moved and SyncookiesSent not", f.Delta, f.HaveDelta)
	}
	if len(f.Log) != 1 {
		t.Errorf("log %v, want the one SYN flooding line", f.Log)
	}
	if f.FloodRate != 5000 || f.FloodSent != 10001 {
		t.Errorf("flood rate %v, sent %d; want 5000/s and 10,001 (one at 1 s, then 5000 a second)", f.FloodRate, f.FloodSent)
	}
}

// Under a flood faster than the trace's window, the frame says how far back it could see.
func TestCaptureHeavyFloodWindow(t *testing.T) {
	sc := floodShot(t)
	sc.Traffic = []model.Traffic{{Kind: model.Flood, At: 0, Count: 1_000_000, Rate: 1_000_000, Options: model.DefaultFloodOptions}}
	f := capture(t, sc, 500*model.Millisecond)
	if !f.TraceMissing || f.Span <= 0 || f.Span >= f.Window {
		t.Errorf("1M SYN/s: span %v of window %v, missing %v; want a partial span", f.Span, f.Window, f.TraceMissing)
	}
	if n := f.Lanes[scene.LaneToServerFlood].InFlight; n < 19000 || n > 21000 {
		t.Errorf("1M SYN/s on a 20 ms wire: %d in flight, want about 20,000", n)
	}
	if r := f.Lanes[scene.LaneToServerFlood].Rate; r < 0.99e6 || r > 1.01e6 {
		t.Errorf("1M SYN/s: flood lane rate %.0f, want 1,000,000 from what the trace holds", r)
	}
}

// BenchmarkCapture reads one frame from a run flooded at 1,000,000 SYN/s, where the whole
// trace window (65,536 events) is recent and has to be scanned.
func BenchmarkCapture(b *testing.B) {
	sc := floodShot(b)
	sc.Traffic = []model.Traffic{{Kind: model.Flood, At: 0, Count: 1_000_000, Rate: 1_000_000, Options: model.DefaultFloodOptions}}
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		b.Fatal(err)
	}
	sim.RunUntil(500 * model.Millisecond)
	f := &scene.Frame{}
	f.Capture(sim, 2*model.Second, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.Capture(sim, 2*model.Second, nil)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}
