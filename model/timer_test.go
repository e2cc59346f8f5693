package model_test

import (
	"fmt"
	"testing"

	"synq/model"
)

// spec 2.4: a request's SYN-ACK is re-sent at T, 3T, 7T, 15T, 31T and the request dropped at
// 63T (T = 1 s), each timer rounded up by the timer wheel at HZ 250. Worked out for a SYN
// arriving at 1 ms (jiffy 0): +250 jiffies is level 1 (8-jiffy buckets) → 256 (1.024 s);
// +500 from 256 → 760 (3.04 s); +1000 from 760 is level 2 (64-jiffy buckets) → 1792
// (7.168 s); +2000 → 3840 (15.36 s); +4000 → 7872 (31.488 s); +8000 is level 3 (512-jiffy
// buckets) → 16384: the request is dropped at 65.536 s.
func TestSynAckRetransmissionSchedule(t *testing.T) {
	sc := scenario(t, "linux-6.18", 70*s1)
	sc.Traffic = []model.Traffic{flood(0, 1, 0)}
	s, evs := traced(t, sc)
	var peer model.Peer
	for _, e := range evs {
		if e.Kind == model.EvSend && e.Flags == model.SYN {
			peer = e.Peer
		}
	}
	got := sends(evs, peer, model.SYN|model.ACK)
	want := []model.Time{1 * ms, 1024 * ms, 3040 * ms, 7168 * ms, 15360 * ms, 31488 * ms}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SYN-ACKs at %v, want %v", got, want)
	}
	ideal := []model.Time{0, 1 * s1, 3 * s1, 7 * s1, 15 * s1, 31 * s1}
	for i := range got {
		if got[i] < ideal[i] {
			t.Errorf("SYN-ACK %d at %v, before the ideal %v: a kernel timer never fires early", i, got[i], ideal[i])
		}
	}
	var droppedAt model.Time
	for _, e := range evs {
		if e.Kind == model.EvDrop && e.Reason() == model.DropRequestExpired {
			droppedAt = e.At
		}
	}
	if droppedAt != 65536*ms {
		t.Errorf("request dropped at %v, want 65.536s", droppedAt)
	}
	c := s.Counters()
	if c.Get(model.TCPTimeouts) != 6 || c.Get(model.TCPSynRetrans) != 5 || c.Get(model.RetransSegs) != 5 {
		t.Errorf("TCPTimeouts %d, TCPSynRetrans %d, RetransSegs %d; want 6, 5, 5",
			c.Get(model.TCPTimeouts), c.Get(model.TCPSynRetrans), c.Get(model.RetransSegs))
	}
}

// spec 2.4 step 3: once the SYN queue is at least half full and almost no request is young,
// the retry threshold falls to 2: flood requests get two re-sends and are dropped at ~7 s.
func TestSynAckPruningUnderFlood(t *testing.T) {
	sc := scenario(t, "linux-6.18", 20*s1)
	sc.Server.Backlog = 64
	sc.Traffic = []model.Traffic{flood(0, 10000, 1000)}
	_, evs := traced(t, sc)
	n := 0
	for _, e := range evs {
		if e.Kind == model.EvDrop && e.Reason() == model.DropRequestExpired {
			n++
			if e.Value != 2 {
				t.Fatalf("a request expired after %d timeouts, want 2 (pruned threshold)", e.Value)
			}
			if e.At < 7*s1 {
				t.Fatalf("a request expired at %v, before 7 s", e.At)
			}
		}
	}
	if n < 65 {
		t.Errorf("%d requests expired, want at least one queue's worth (65)", n)
	}
}

// spec 2.7: a 6.x client sends its SYN at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s (4 linear
// timeouts, then doubling) and gives up at 131 s; with tcp_syn_retries 2 it sends 6 SYNs and
// gives up at 7 s, when the time limit of 2 doubling retransmissions (1+2+4 s) runs out before
// the count of 2+4 retransmissions does (seen on 6.18: conformance/client-syn-retries). Each gap is at least the ideal one and late by no more than
// the timer wheel's bucket for it.
func TestClientSynSchedule(t *testing.T) {
	for _, tc := range []struct {
		retries int
		gaps    []model.Time // ideal gaps between SYNs, then to the give-up
	}{
		{6, []model.Time{1, 1, 1, 1, 1, 2, 4, 8, 16, 32, 64}},
		{2, []model.Time{1, 1, 1, 1, 1, 2}},
	} {
		t.Run(fmt.Sprintf("syn_retries %d", tc.retries), func(t *testing.T) {
			sc := scenario(t, "linux-6.18", 150*s1)
			sc.Client.Sysctl.SynRetries = tc.retries
			sc.Server.Backlog = 0 // the first client fills the accept queue (it holds one)...
			sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
			sc.Traffic = []model.Traffic{connect(0, 1, 0, 0), connect(100*ms, 1, 0, 0)} // ...so client 1's SYNs drop
			s, evs := traced(t, sc)
			syns := clientSends(evs, 1, model.SYN)
			if len(syns) != len(tc.gaps) {
				t.Fatalf("%d SYNs at %v, want %d", len(syns), syns, len(tc.gaps))
			}
			var timedOut model.Time
			for _, e := range evs {
				if e.Kind == model.EvClient && e.Peer == 1 && model.ClientState(e.Sub) == model.ClientTimedOut {
					timedOut = e.At
				}
			}
			times := append(syns, timedOut)
			for i, g := range tc.gaps {
				got, ideal := times[i+1]-times[i], g*s1
				if got < ideal || got > ideal+bucket(ideal) {
					t.Errorf("gap %d is %v, want %v plus at most %v of timer-wheel rounding", i, got, ideal, bucket(ideal))
				}
			}
			if st := s.ClientCounts(); st.TimedOut != 1 {
				t.Errorf("clients %+v, want client 1 timed out", st)
			}
		})
	}
}

// bucket is the timer wheel's rounding at HZ 250 for a timeout of d.
func bucket(d model.Time) model.Time {
	switch {
	case d < 252*ms:
		return 4 * ms
	case d < 2016*ms:
		return 32 * ms
	case d < 16128*ms:
		return 256 * ms
	}
	return 2048 * ms
}
