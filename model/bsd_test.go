package model_test

import (
	"testing"

	"synq/model"
)

// TestBSDSingleQueue: spec 5.1. 4.4BSD clamps the backlog to SOMAXCONN 5 and refuses a SYN
// when so_qlen + so_q0len > 3 × so_qlimit / 2, so both queues together hold
// floor(3 × qlimit / 2) + 1; the refused SYNs are dropped silently and nothing is checked when
// the ACK comes.
func TestBSDSingleQueue(t *testing.T) {
	for _, tc := range []struct{ backlog, qlimit, capacity int }{
		{-1, 0, 1}, {0, 0, 1}, {1, 1, 2}, {2, 2, 4}, {3, 3, 5}, {4, 4, 7}, {5, 5, 8}, {511, 5, 8},
	} {
		sc := scenario(t, "bsd-4.4", 2*s1)
		sc.Server.Backlog = tc.backlog
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
		sc.Traffic = []model.Traffic{connect(0, 12, 100, 0)}
		s, evs := traced(t, sc)
		cp := s.Checkpoint()
		if cp.Listener.SendQ != tc.qlimit || s.Limits().SynQueueCap != tc.capacity {
			t.Errorf("backlog %d: Send-Q %d, capacity %d; want qlimit %d, capacity %d", tc.backlog, cp.Listener.SendQ, s.Limits().SynQueueCap, tc.qlimit, tc.capacity)
		}
		// The clients complete at once, so all the connections end up in so_q.
		if cp.Listener.RecvQ != tc.capacity || cp.Clients.Established != tc.capacity || cp.SynRecv != 0 {
			t.Errorf("backlog %d: Recv-Q %d, syn_recv %d, clients %+v; want %d established and queued", tc.backlog, cp.Listener.RecvQ, cp.SynRecv, cp.Clients, tc.capacity)
		}
		if got := drops(evs, model.DropBSDQueueFull); got < 12-tc.capacity {
			t.Errorf("backlog %d: %d SYNs dropped for the full queues, want at least %d", tc.backlog, got, 12-tc.capacity)
		}
		if len(cp.Nstat) != 0 || len(cp.Log) != 0 {
			t.Errorf("backlog %d: BSD reports counters %v and log %q; it has neither", tc.backlog, cp.Nstat, cp.Log)
		}
	}
}

// TestBSDHalfOpenCountsAgainstTheLimit: spec 5.1. Unlike Linux, half-open connections and
// completed ones share the limit: a flood that never completes fills it, and then genuine
// clients are refused too; the embryonic connections are dropped by the 75 s timer after
// SYN-ACK re-sends at 3, 9, 21 and 45 s.
func TestBSDHalfOpenCountsAgainstTheLimit(t *testing.T) {
	sc := scenario(t, "bsd-4.4", 80*s1)
	sc.Server.Backlog = 5
	sc.Traffic = []model.Traffic{flood(0, 8, 0), connect(s1, 1, 0, 0)}
	s, evs := traced(t, sc)
	var synacks []model.Time
	for _, e := range evs {
		if e.Kind == model.EvSend && e.Flags == model.SYN|model.ACK && e.Peer.IsFlood() && e.Peer == evs[0].Peer {
			synacks = append(synacks, e.At)
		}
	}
	want := []model.Time{0, 3 * s1, 9 * s1, 21 * s1, 45 * s1}
	if len(synacks) != len(want) {
		t.Fatalf("SYN-ACKs to the first flood source at %v, want at %v (plus the wire's delay)", synacks, want)
	}
	for i, at := range synacks {
		if d := at - synacks[0]; d < want[i]-jiffy || d > want[i]+jiffy {
			t.Errorf("SYN-ACK %d at +%v, want +%v", i, d, want[i])
		}
	}
	if got := drops(evs, model.DropBSDKeepInit); got != 8 {
		t.Errorf("%d embryonic connections dropped by the 75 s timer, want 8", got)
	}
	// The client's SYNs at 1, 2, 4, 8, 16, 32 s meet the full queues; the one at 64 s does not
	// either (the flood entries go at 75 s), so it is still trying at 80 s.
	if cs := s.ClientCounts(); cs.SynSent != 1 {
		t.Errorf("clients %+v, want the genuine client still in SYN_SENT", cs)
	}
}
