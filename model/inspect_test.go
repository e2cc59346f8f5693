package model_test

import (
	"testing"

	"synq/model"
)

// The accept-overflow example (kernel-spec 2.2 OVERFLOW): backlog 1, no accept(), three clients
// 1.5 ms apart. At 500 ms two children wait in the accept queue (B+1) and the third client's
// request is still in the SYN queue, its ACK dropped, waiting for its first SYN-ACK timer.
func TestInspectAcceptOverflow(t *testing.T) {
	sc := scenario(t, "linux-6.18", 2*model.Second)
	sc.Server.Backlog = 1
	sc.Server.App = []model.AppStep{{At: 0, Mode: model.AcceptNone}}
	sc.Traffic = []model.Traffic{connect(0, 3, 666, 0)}
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sim.RunUntil(500 * model.Millisecond)

	wantLimits := model.Limits{Backlog: 1, SynQueueCap: 2, AcceptQueueCap: 2, MaxSynBacklog: sc.Server.Sysctl.MaxSynBacklog,
		Syncookies: sc.Server.Sysctl.Syncookies, SynackRetries: sc.Server.Sysctl.SynackRetries, Sysctl: sc.Server.Sysctl}
	if got := sim.Limits(); got != wantLimits {
		t.Errorf("Limits() = %+v, want %+v", got, wantLimits)
	}
	if got := sim.AcceptQueueLen(); got != 2 {
		t.Errorf("AcceptQueueLen() = %d, want 2 (B+1)", got)
	}
	if got := sim.AppendAcceptQueue(nil); len(got) != 2 || got[0] != model.Peer(0) || got[1] != model.Peer(1) {
		t.Errorf("AppendAcceptQueue() = %v, want [client 0, client 1] oldest first", got)
	}
	reqs := sim.AppendRequests(nil)
	if len(reqs) != 1 || sim.SynQueueLen() != 1 {
		t.Fatalf("AppendRequests() = %+v, SynQueueLen() = %d; want one request", reqs, sim.SynQueueLen())
	}
	r := reqs[0]
	if r.Peer != model.Peer(2) || r.Retries != 0 || !r.Acked {
		t.Errorf("request = %+v, want client 2, 0 retries, its ACK dropped (Acked)", r)
	}
	// First SYN-ACK timer: 1 s after the SYN arrived at about 4 ms, rounded up to jiffies.
	if r.NextTimer < model.Second || r.NextTimer > 1100*model.Millisecond {
		t.Errorf("request's next timer at %v, want about 1.0s", r.NextTimer)
	}
	for i, want := range []model.ClientState{model.ClientEstablished, model.ClientEstablished, model.ClientEstablished} {
		if got := sim.ClientState(i); got != want {
			t.Errorf("ClientState(%d) = %v, want %v", i, got, want)
		}
	}
	if sim.NumClients() != 3 || sim.Accepted() != 0 || sim.App().Mode != model.AcceptNone {
		t.Errorf("NumClients %d, Accepted %d, App %+v; want 3, 0, mode none", sim.NumClients(), sim.Accepted(), sim.App())
	}

	sim.RunUntil(1500 * model.Millisecond)
	if r := sim.AppendRequests(nil); len(r) != 1 || r[0].Retries != 1 || r[0].NextTimer < 3*model.Second {
		t.Errorf("after the first timer: requests %+v, want one with 1 retry and its next timer after 3s", r)
	}
}

// Profiles before 6.13 (and before any stable backport of its rule) admit B half-open
// requests, not B+1.
func TestInspectSynQueueCapBefore613(t *testing.T) {
	sim, err := model.New(scenario(t, "linux-6.11", model.Second), model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l := sim.Limits(); l.SynQueueCap != 511 || l.AcceptQueueCap != 512 {
		t.Errorf("linux-6.11 backlog 511: caps SYN %d accept %d, want 511 and 512", l.SynQueueCap, l.AcceptQueueCap)
	}
}

func TestTraceFirstAfterAndAt(t *testing.T) {
	sc := scenario(t, "linux-6.18", model.Second)
	sc.Traffic = []model.Traffic{flood(0, 100, 100)} // one SYN every 10 ms
	sim, err := model.New(sc, model.Options{TraceWindow: 64})
	if err != nil {
		t.Fatal(err)
	}
	sim.RunUntil(model.Second)
	tr := sim.Trace()
	if tr.Oldest() == 0 {
		t.Fatalf("a 64-event window kept all %d events; the test needs it to have moved", tr.Total())
	}
	if _, ok := tr.At(tr.Oldest() - 1); ok {
		t.Errorf("At(Oldest()-1) found an event that left the window")
	}
	if _, ok := tr.At(tr.Total()); ok {
		t.Errorf("At(Total()) found an event not yet recorded")
	}
	for _, after := range []model.Time{0, 900 * model.Millisecond, 955 * model.Millisecond, 2 * model.Second} {
		n := tr.FirstAfter(after)
		if e, ok := tr.At(n); ok && e.At <= after {
			t.Errorf("FirstAfter(%v) = event %d at %v, not after it", after, n, e.At)
		}
		if e, ok := tr.At(n - 1); ok && e.At > after {
			t.Errorf("FirstAfter(%v) = %d, but event %d at %v is after it too", after, n, n-1, e.At)
		}
	}
}

// Emitted counts each traffic entry's emissions as the run reaches them: entry i's k-th at
// At + k·1s/Rate.
func TestInspectEmitted(t *testing.T) {
	sc := scenario(t, "linux-6.18", 2*model.Second)
	sc.Traffic = []model.Traffic{connect(0, 3, 10, 0), flood(100*model.Millisecond, 50, 100)}
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at            model.Time
		clients, syns int
	}{
		{0, 1, 0},
		{150 * model.Millisecond, 2, 6},
		{600 * model.Millisecond, 3, 50},
	} {
		s.RunUntil(tc.at)
		if got := s.Emitted(0); got != tc.clients {
			t.Errorf("clients at %s: %d, want %d", tc.at, got, tc.clients)
		}
		if got := s.Emitted(1); got != tc.syns {
			t.Errorf("flood SYNs at %s: %d, want %d", tc.at, got, tc.syns)
		}
	}
}
