package model_test

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"testing"

	"synq/model"
)

// randomScenario draws a small scenario on the named profile over the knobs that change the
// listener's behaviour: backlog, sysctls, the accept loop, clients and floods, and changes made
// during the run (sysctl writes, listen() again, the accept loop, floods and clients started or
// stopped). A sysctl value or change the profile's kernel refuses is left out, so every profile
// gets a scenario it accepts. (busyScenario makes sure of what a few random draws may miss.)
func randomScenario(t testing.TB, r *rand.Rand, prof string) *model.Scenario {
	sc := scenario(t, prof, model.Time(1+r.IntN(20))*s1)
	p := sc.Profile
	sc.Seed = r.Int64()
	sv := &sc.Server
	sv.Backlog = []int{0, 1, 2, 5, 16, 64, 511}[r.IntN(7)]
	server := func(key string, v int) { _ = p.SetServerSysctl(&sv.Sysctl, key, v) } // refused: the default stays
	server("net.core.somaxconn", []int{4096, 128, 8}[r.IntN(3)])
	server("net.ipv4.tcp_max_syn_backlog", []int{2048, 128, 16}[r.IntN(3)])
	server("net.ipv4.tcp_syncookies", r.IntN(3))
	server("net.ipv4.tcp_abort_on_overflow", r.IntN(2))
	server("net.ipv4.tcp_synack_retries", r.IntN(6))
	server("net.ipv4.tcp_timestamps", r.IntN(2))
	_ = p.SetClientSysctl(&sc.Client.Sysctl, "net.ipv4.tcp_syn_retries", 1+r.IntN(6))
	_ = p.SetClientSysctl(&sc.Client.Sysctl, "net.ipv4.tcp_timestamps", r.IntN(2))
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
			f.Options = randomOptions(r)
			sc.Traffic = append(sc.Traffic, f)
		}
	}
	for range r.IntN(4) {
		c := model.Change{At: model.Time(r.Int64N(int64(sc.Duration)))}
		switch r.IntN(5) {
		case 0:
			c.Kind, c.Key, c.Value = model.ChangeSysctl, "net.ipv4.tcp_syncookies", r.IntN(3)
		case 1:
			c.Kind, c.Key, c.Value = model.ChangeSysctl, "net.ipv4.tcp_synack_retries", r.IntN(6)
		case 2:
			c.Kind, c.Value = model.ChangeBacklog, []int{0, 3, 8, 100, 1000}[r.IntN(5)]
		case 3:
			st := modes[r.IntN(3)]
			c.Kind, c.Mode, c.Rate = model.ChangeAccept, st.Mode, st.Rate
		default:
			c.Kind, c.Rate, c.Options = model.ChangeFlood, model.Rate(r.IntN(3000)), randomOptions(r)
			if r.IntN(3) == 0 {
				c.Kind, c.Rate, c.Options = model.ChangeClients, model.Rate(r.IntN(30)), model.SynOptions{}
			}
		}
		if p.Check(c) == nil {
			sc.Changes = append(sc.Changes, c)
		}
	}
	slices.SortStableFunc(sc.Changes, func(a, b model.Change) int { return cmp.Compare(a.At, b.At) })
	return sc
}

// busyScenario is the first scenario each property test runs on a profile: whatever the seed,
// it fills the SYN queue with flood requests whose SYN-ACKs go unanswered (re-sent by the
// request timers, or on 4.3 and earlier by the listener's sweep), sends cookies once the queue
// is full, overflows the accept queue while the application sleeps, drops SYNs for a full SYN
// queue once cookies are turned off, and re-runs listen().
func busyScenario(t testing.TB, r *rand.Rand, prof string) *model.Scenario {
	sc := scenario(t, prof, 8*s1)
	p := sc.Profile
	sc.Seed = r.Int64()
	sc.Server.Backlog = 8
	_ = p.SetServerSysctl(&sc.Server.Sysctl, "net.ipv4.tcp_syncookies", 1)
	_ = p.SetServerSysctl(&sc.Server.Sysctl, "net.ipv4.tcp_synack_retries", 3)
	sc.Network.Delay = model.Time(1+r.IntN(20)) * ms
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}, {At: 3 * s1, Mode: model.AcceptRate, Rate: 20}}
	sc.Traffic = []model.Traffic{connect(0, 60, 30, 100), flood(500*ms, 1500, 500)}
	for _, c := range []model.Change{
		{At: 4 * s1, Kind: model.ChangeBacklog, Value: 16},
		{At: 5 * s1, Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 0},
		{At: 5 * s1, Kind: model.ChangeFlood, Rate: 800},
	} {
		if p.Check(c) == nil {
			sc.Changes = append(sc.Changes, c)
		}
	}
	return sc
}

// propertyScenario is scenario i of a profile's property runs: the busy one first, then random.
func propertyScenario(t testing.TB, r *rand.Rand, prof string, i int) *model.Scenario {
	if i == 0 {
		return busyScenario(t, r, prof)
	}
	return randomScenario(t, r, prof)
}

func randomOptions(r *rand.Rand) model.SynOptions {
	return model.SynOptions{MSS: []uint16{0, 536, 1460}[r.IntN(3)], WScale: int8(r.IntN(9) - 1), SACK: r.IntN(2) == 0, TS: r.IntN(2) == 0}
}

// seedsPerProfile is how many scenarios a property test runs on every profile, the busy one
// and random ones: a few each, so that all 91 kernels are covered and `go test ./model/...`
// stays quick.
const seedsPerProfile = 4

// forEveryProfile runs f as a subtest for each known profile, in parallel, with a random source
// of its own seeded from the profile's name, so that a failure names a run that can be repeated.
func forEveryProfile(t *testing.T, f func(t *testing.T, prof string, r *rand.Rand)) {
	for _, prof := range model.KnownProfiles() {
		h := fnv.New64a()
		h.Write([]byte(prof))
		r := rand.New(rand.NewPCG(h.Sum64(), 2))
		t.Run(prof, func(t *testing.T) {
			t.Parallel()
			f(t, prof, r)
		})
	}
}

// TestConservation runs random scenarios on every profile and checks, on the full trace: every
// SYN that reached the listener was queued, answered with a cookie, answered as a duplicate, or
// dropped with a reason, exactly one of these, right away; a queue grows only within its
// limit; cookies follow the live tcp_syncookies; and the counters the profile's kernel keeps
// agree with the events behind them (and those it lacks stay at zero).
func TestConservation(t *testing.T) {
	forEveryProfile(t, func(t *testing.T, prof string, r *rand.Rand) {
		for i := range seedsPerProfile {
			sc := propertyScenario(t, r, prof, i)
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				seen := checkConservation(t, sc)
				if i > 0 {
					return
				}
				// The busy scenario must exercise what it is there for, or the checks above
				// prove little on this profile.
				want := map[string]bool{"SYN-ACK re-sends": true, "accept-queue overflows": true, "SYN-queue-full drops": true, "cookies": !sc.Profile.BSD}
				for what, needed := range want {
					if needed && seen[what] == 0 {
						t.Errorf("the busy scenario had no %s on %s (saw %v)", what, prof, seen)
					}
				}
			})
		}
	})
}

// checkConservation runs sc and checks it; it returns how often the run did the things the
// checks are about.
func checkConservation(t *testing.T, sc *model.Scenario) map[string]int {
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := sc.Profile
	var evs []model.Event
	cookieMode := map[int]int{} // event index of a SYN delivered to the server: the live tcp_syncookies
	var queues [2]int
	s.Trace().AddObserver(func(e model.Event) {
		evs = append(evs, e)
		switch {
		case e.Kind == model.EvDeliver && e.Flags == model.SYN && e.Attr&model.AttrToServer != 0:
			// Mode 2 where the kernel has it; before 3.12 a 2 is one more non-zero value.
			if l := s.Limits(); l.CookiesAlways {
				cookieMode[len(evs)-1] = 2
			} else {
				cookieMode[len(evs)-1] = min(l.Syncookies, 1)
			}
		case e.Kind == model.EvQueue:
			// A queue may only grow within its live limit (a later, smaller listen() may
			// leave it above). On BSD one limit covers both queues together (spec 5.1).
			q, n := e.Queue(), int(e.Value)
			grew := n > queues[q]
			queues[q] = n
			lim := s.Limits()
			cap, held := lim.AcceptQueueCap, n
			if q == model.SynQueue {
				cap = lim.SynQueueCap
			}
			if p.BSD {
				held = queues[0] + queues[1]
			}
			if grew && held > cap {
				t.Errorf("%v queue grew to %d at %v (%d in both), limit %d (B %d)", q, n, e.At, queues[0]+queues[1], cap, lim.Backlog)
			}
		}
	})
	s.RunUntil(sc.Duration)
	var fates [4]int // queued, cookie, duplicate answered, dropped
	var cookies, retrans, accepted, timeouts int
	var dropsByReason [32]int
	for i, e := range evs {
		switch e.Kind {
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
		case model.EvTimer:
			if model.TimerKind(e.Sub) == model.TimerSynAck {
				timeouts++
			}
		case model.EvDeliver:
			if e.Flags != model.SYN || e.Attr&model.AttrToServer == 0 {
				continue
			}
			f := synFate(evs[i+1:], e)
			if f < 0 {
				t.Fatalf("SYN from %v delivered at %v has no fate; next events %v", e.Peer, e.At, evs[i+1:min(i+6, len(evs))])
			}
			fates[f]++
			switch mode := cookieMode[i]; {
			case mode == 2 && f == 0:
				t.Errorf("SYN from %v at %v queued with tcp_syncookies 2: every SYN should get a cookie", e.Peer, e.At)
			case mode == 0 && f == 1:
				t.Errorf("SYN from %v at %v answered with a cookie with tcp_syncookies 0", e.Peer, e.At)
			}
		}
	}
	seen := map[string]int{
		"SYN-ACK re-sends": retrans,
		"cookies":          cookies,
		"accept-queue overflows": dropsByReason[model.DropAcceptQueueFullSyn] + dropsByReason[model.DropAcceptQueueFullAck] +
			dropsByReason[model.DropAcceptQueueFullCookie] + dropsByReason[model.DropBSDQueueFull],
		"SYN-queue-full drops": dropsByReason[model.DropSynQueueFull] + dropsByReason[model.DropSynLastQuarter] + dropsByReason[model.DropBSDQueueFull],
	}
	if p.BSD {
		if n := s.Checkpoint().Nstat; len(n) != 0 {
			t.Errorf("BSD reports counters %v; it keeps none of Linux's kind (spec 5.1)", n)
		}
		return seen
	}
	c := s.Counters()
	check := func(what string, got, want uint64) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d, want %d (fates %v)", what, got, want, fates)
		}
	}
	// when is n if the profile's kernel keeps the counter (the flag), else 0.
	when := func(kept bool, n int) uint64 {
		if kept {
			return uint64(n)
		}
		return 0
	}
	check("SyncookiesSent = cookie SYN-ACKs sent", c.Get(model.SyncookiesSent), uint64(cookies))
	check("SyncookiesSent = SYNs answered with a cookie", c.Get(model.SyncookiesSent), uint64(fates[1]))
	check("TCPSynRetrans = SYN-ACK re-sends (3.15+)", c.Get(model.TCPSynRetrans), when(p.SynRetrans, retrans))
	check("RetransSegs = SYN-ACK re-sends (2.6.34+; the server sends no data)", c.Get(model.RetransSegs), when(p.SynAckCounts, retrans))
	check("TCPTimeouts = SYN-ACK timer firings (2.6.34+)", c.Get(model.TCPTimeouts), when(p.SynAckCounts, timeouts))
	check("TCPReqQFullDrop = SYN-queue-full drops (3.1+)", c.Get(model.ReqQFullDrop), when(p.ReqQFull, dropsByReason[model.DropSynQueueFull]))
	if got := c.Get(model.ReqQFullDoCookies); got < when(p.ReqQFull, cookies) || (!p.ReqQFull && got != 0) {
		t.Errorf("TCPReqQFullDoCookies %d with %d cookies sent: it counts every cookie decision (3.1+)", got, cookies)
	}
	// ListenDrops counts what ListenOverflows counts, plus (3.10+) the other SYN drops and
	// (3.10–4.6) every cookie sent.
	synDrops := dropsByReason[model.DropSynQueueFull] + dropsByReason[model.DropSynLastQuarter]
	check("ListenDrops - ListenOverflows = SYN drops not due to the accept queue, and cookies 3.10–4.6",
		c.Get(model.ListenDrops)-c.Get(model.ListenOverflows), when(p.SynPathCounts, synDrops)+when(p.CookieDrops, cookies))
	overflowDrops := int(when(p.SynPathCounts, dropsByReason[model.DropAcceptQueueFullSyn])) +
		dropsByReason[model.DropAcceptQueueFullAck] + dropsByReason[model.DropAcceptQueueFullCookie]
	if c.Get(model.ListenOverflows) < uint64(overflowDrops) {
		t.Errorf("ListenOverflows %d < %d accept-queue drops", c.Get(model.ListenOverflows), overflowDrops)
	}
	cp := s.Checkpoint()
	check("PassiveOpens = accepted + still queued", c.Get(model.PassiveOpens), uint64(accepted+cp.Listener.RecvQ))
	return seen
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
		s.Trace().AddObserver(func(e model.Event) {
			buf = e.AppendBinary(buf[:0])
			h.Write(buf)
		})
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

// TestSeekEqualsStraightRun: going back in time as the app does (a clone kept as a snapshot,
// the run played on past it, then a clone of the snapshot run forward) gives exactly the
// straight run from that instant, on every profile, however often the snapshot is restored;
// and the run that played on is not disturbed by the clones.
func TestSeekEqualsStraightRun(t *testing.T) {
	forEveryProfile(t, func(t *testing.T, prof string, r *rand.Rand) {
		for i := range 2 {
			sc := propertyScenario(t, r, prof, i)
			at := model.Time(r.Int64N(int64(sc.Duration)))
			later := at + model.Time(r.Int64N(int64(sc.Duration-at)+1))
			t.Run(fmt.Sprint(i), func(t *testing.T) { checkSeek(t, sc, at, later) })
		}
	})
}

// checkSeek snapshots a run at at, plays it on to later, restores the snapshot twice and runs
// each restored copy, and the run itself, to the end.
func checkSeek(t *testing.T, sc *model.Scenario, at, later model.Time) {
	straight, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	straight.RunUntil(at)
	fromAt, fromLater := fnv.New128a(), fnv.New128a()
	var buf []byte
	straight.Trace().AddObserver(func(e model.Event) {
		buf = e.AppendBinary(buf[:0])
		fromAt.Write(buf)
	})
	straight.RunUntil(later)
	straight.Trace().AddObserver(func(e model.Event) { // after the one above, which fills buf
		fromLater.Write(buf)
	})
	straight.RunUntil(sc.Duration)
	end := checkpointJSON(straight)
	wantAt, wantLater := string(fromAt.Sum(nil))+end, string(fromLater.Sum(nil))+end

	played, _ := model.New(sc, model.Options{})
	played.RunUntil(at)
	snap := played.Clone()
	played.RunUntil(later)
	for pass := range 2 {
		if got := digestFrom(t, snap.Clone()); got != wantAt {
			t.Fatalf("restore %d of the snapshot at %v, taken before playing on to %v, runs differently from the straight run", pass+1, at, later)
		}
	}
	if digestFrom(t, played) != wantLater {
		t.Fatalf("the run played on to %v, then snapshotted and restored at %v, went on differently from the straight run", later, at)
	}
}

// TestDeterminismOnEveryProfile: on every profile, the same scenario and seed give the same
// trace byte for byte, and another seed another trace.
func TestDeterminismOnEveryProfile(t *testing.T) {
	forEveryProfile(t, func(t *testing.T, prof string, r *rand.Rand) {
		sc := busyScenario(t, r, prof)
		digest := func(seed int64) string {
			c := *sc
			c.Seed = seed
			s, err := model.New(&c, model.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return digestFrom(t, s)
		}
		a := digest(sc.Seed)
		if digest(sc.Seed) != a {
			t.Fatalf("two runs with seed %d differ", sc.Seed)
		}
		if digest(sc.Seed+1) == a {
			t.Errorf("seed %d gave the same trace as seed %d", sc.Seed+1, sc.Seed)
		}
	})
}
