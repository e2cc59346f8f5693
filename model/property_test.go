package model_test

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"testing"

	"synq/model"
)

// randomScenario draws a small scenario over the knobs that change the listener's behaviour.
func randomScenario(t testing.TB, r *rand.Rand) *model.Scenario {
	sc := scenario(t, "linux-6.18", model.Time(1+r.IntN(20))*s1)
	sc.Seed = r.Int64()
	sv := &sc.Server
	sv.Backlog = []int{0, 1, 2, 5, 16, 64, 511}[r.IntN(7)]
	sv.Sysctl.Somaxconn = []int{4096, 128, 8}[r.IntN(3)]
	sv.Sysctl.MaxSynBacklog = []int{2048, 128, 16}[r.IntN(3)]
	sv.Sysctl.Syncookies = r.IntN(3)
	sv.Sysctl.AbortOnOverflow = r.IntN(2)
	sv.Sysctl.SynackRetries = r.IntN(6)
	sv.Sysctl.Timestamps = r.IntN(2)
	sc.Client.Sysctl.SynRetries = 1 + r.IntN(6)
	sc.Client.Sysctl.Timestamps = r.IntN(2)
	sc.Network.Delay = model.Time(r.IntN(20)) * ms
	modes := []model.AppStep{{Mode: model.AcceptNone}, {Mode: model.AcceptAll}, {Mode: model.AcceptRate, Rate: model.Rate(1 + r.IntN(50))}}
	sv.App = []model.AppStep{modes[r.IntN(3)]}
	if r.IntN(2) == 0 {
		st := modes[r.IntN(3)]
		st.At = model.Time(r.Int64N(int64(sc.Duration)))
		sv.App = append(sv.App, st)
	}
	for range 1 + r.IntN(4) {
		at := model.Time(r.Int64N(int64(sc.Duration) / 2))
		if r.IntN(2) == 0 {
			sc.Traffic = append(sc.Traffic, connect(at, 1+r.IntN(40), model.Rate(r.IntN(200)), []int{0, 0, 100}[r.IntN(3)]))
		} else {
			f := flood(at, 1+r.IntN(3000), model.Rate(1+r.IntN(5000)))
			f.Options = model.SynOptions{MSS: []uint16{0, 536, 1460}[r.IntN(3)], WScale: int8(r.IntN(9) - 1), SACK: r.IntN(2) == 0, TS: r.IntN(2) == 0}
			sc.Traffic = append(sc.Traffic, f)
		}
	}
	return sc
}

// TestConservation runs many random scenarios and checks, on the full trace: every SYN that
// reached the listener was queued, answered with a cookie, answered as a duplicate, or dropped
// with a reason — exactly one of these, right away; no queue ever exceeds its limit; and the
// counters agree with the events behind them.
func TestConservation(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		sc := randomScenario(t, r)
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkConservation(t, sc) })
	}
}

func checkConservation(t *testing.T, sc *model.Scenario) {
	s, evs := traced(t, sc)
	limit := uint64(s.Checkpoint().Listener.SendQ) + 1 // both queues admit B+1 on 6.13+
	var fates [4]int                                   // queued, cookie, duplicate answered, dropped
	var cookies, retrans, accepted, synAckDrops int
	var dropsByReason [32]int
	for i, e := range evs {
		switch e.Kind {
		case model.EvQueue:
			if e.Value > limit {
				t.Fatalf("%v queue reached %d at %v, limit %d (backlog %d)", e.Queue(), e.Value, e.At, limit, sc.Server.Backlog)
			}
		case model.EvSend:
			if e.Flags == model.SYN|model.ACK && e.Attr&model.AttrCookie != 0 {
				cookies++
			}
			if e.Flags == model.SYN|model.ACK && e.Attr&model.AttrRetrans != 0 {
				retrans++
			}
		case model.EvDrop:
			dropsByReason[e.Reason()]++
		case model.EvAccept:
			accepted++
		case model.EvDeliver:
			if e.Flags != model.SYN || e.Attr&model.AttrToServer == 0 {
				continue
			}
			f := synFate(evs[i+1:], e)
			if f < 0 {
				t.Fatalf("SYN from %v delivered at %v has no fate; next events %v", e.Peer, e.At, evs[i+1:min(i+6, len(evs))])
			}
			fates[f]++
			if f == 2 {
				synAckDrops++
			}
		}
	}
	c := s.Counters()
	check := func(what string, got, want uint64) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d, want %d (fates %v)", what, got, want, fates)
		}
	}
	check("SyncookiesSent = cookie SYN-ACKs sent", c.Get(model.SyncookiesSent), uint64(cookies))
	check("SyncookiesSent = SYNs answered with a cookie", c.Get(model.SyncookiesSent), uint64(fates[1]))
	check("TCPSynRetrans = SYN-ACK re-sends", c.Get(model.TCPSynRetrans), uint64(retrans))
	check("RetransSegs = TCPSynRetrans (the server sends no data)", c.Get(model.RetransSegs), c.Get(model.TCPSynRetrans))
	check("TCPReqQFullDrop = SYN-queue-full drops", c.Get(model.ReqQFullDrop), uint64(dropsByReason[model.DropSynQueueFull]))
	check("ListenDrops - ListenOverflows = SYN drops not due to the accept queue",
		c.Get(model.ListenDrops)-c.Get(model.ListenOverflows),
		uint64(dropsByReason[model.DropSynQueueFull]+dropsByReason[model.DropSynLastQuarter]))
	overflowDrops := dropsByReason[model.DropAcceptQueueFullSyn] + dropsByReason[model.DropAcceptQueueFullAck] + dropsByReason[model.DropAcceptQueueFullCookie]
	if c.Get(model.ListenOverflows) < uint64(overflowDrops) {
		t.Errorf("ListenOverflows %d < %d accept-queue drops", c.Get(model.ListenOverflows), overflowDrops)
	}
	cp := s.Checkpoint()
	check("PassiveOpens = accepted + still queued", c.Get(model.PassiveOpens), uint64(accepted+cp.Listener.RecvQ))
	if sc.Server.Sysctl.Syncookies == 2 && fates[0] > 0 {
		t.Errorf("mode 2 queued %d requests; every SYN should get a cookie", fates[0])
	}
	if sc.Server.Sysctl.Syncookies == 0 && fates[1] > 0 {
		t.Errorf("cookies off, yet %d cookies were sent", fates[1])
	}
}

// synFate finds what became of a SYN delivered to the server from the events it caused,
// which follow it directly (counter and log events aside): 0 queued as a request, 1 answered
// with a cookie, 2 answered (or rate-limited) as a duplicate of a known connection, 3 dropped.
func synFate(next []model.Event, syn model.Event) int {
	for _, e := range next {
		switch {
		case e.Kind == model.EvCounter || e.Kind == model.EvLog:
			continue
		case e.Kind == model.EvQueue && e.Queue() == model.SynQueue:
			return 0
		case e.Kind == model.EvSend && e.Peer == syn.Peer && e.Flags == model.SYN|model.ACK && e.Attr&model.AttrCookie != 0:
			return 1
		case e.Kind == model.EvSend && e.Peer == syn.Peer && e.Attr&model.AttrToServer == 0,
			e.Kind == model.EvDrop && e.Peer == syn.Peer && e.Reason() == model.DropDupSynRateLimited:
			return 2
		case e.Kind == model.EvDrop && e.Peer == syn.Peer && e.Flags == model.SYN:
			return 3
		}
		return -1
	}
	return -1
}

// TestDeterminism: the same scenario and seed give the same trace, byte for byte, and the
// seed matters.
func TestDeterminism(t *testing.T) {
	sc := scenario(t, "linux-6.18", 30*s1)
	sc.Server.Backlog = 64
	sc.Server.App = []model.AppStep{{Mode: model.AcceptRate, Rate: 20}}
	sc.Traffic = []model.Traffic{flood(s1, 20000, 2000), connect(0, 300, 30, 100)}
	digest := func(seed int64) (string, uint64) {
		sc.Seed = seed
		s, err := model.New(sc, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		h := fnv.New128a()
		var buf []byte
		s.Trace().Observe = func(e model.Event) {
			buf = e.AppendBinary(buf[:0])
			h.Write(buf)
		}
		s.RunUntil(sc.Duration)
		var rep bytes.Buffer
		if err := (&model.Report{Checkpoints: []model.Checkpoint{s.Checkpoint()}}).WriteJSON(&rep); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x %s", h.Sum(nil), rep.String()), s.Trace().Total()
	}
	a, n := digest(1)
	b, _ := digest(1)
	if a != b {
		t.Fatalf("two runs with seed 1 differ")
	}
	if n < 100_000 {
		t.Fatalf("only %d events: the scenario did not exercise the model", n)
	}
	if c, _ := digest(2); c == a {
		t.Errorf("seed 2 gave the same trace as seed 1")
	}
}
