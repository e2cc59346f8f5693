package model_test

import (
	"bytes"
	"hash/fnv"
	"strings"
	"testing"

	"synq/model"
)

// digestFrom hashes every event the run records from now to the end, with its final checkpoint.
func digestFrom(t *testing.T, s *model.Sim) string {
	t.Helper()
	sum := hashing(s)
	s.RunUntil(s.Scenario().Duration)
	return sum()
}

// hashing starts hashing the events the run records from now on; the function it returns
// gives the hash so far with the current checkpoint.
func hashing(s *model.Sim) func() string {
	h := fnv.New128a()
	var buf []byte
	s.Trace().AddObserver(func(e model.Event) {
		buf = e.AppendBinary(buf[:0])
		h.Write(buf)
	})
	return func() string { return string(h.Sum(nil)) + checkpointJSON(s) }
}

func checkpointJSON(s *model.Sim) string {
	var rep bytes.Buffer
	if err := (&model.Report{Checkpoints: []model.Checkpoint{s.Checkpoint()}}).WriteJSON(&rep); err != nil {
		panic(err) // a checkpoint always encodes
	}
	return rep.String()
}

// TestCloneContinuesIdentically: a clone taken mid-run, and the original, go on to the same
// trace byte for byte, and running one does not disturb the other, on every profile.
func TestCloneContinuesIdentically(t *testing.T) {
	for _, prof := range model.KnownProfiles() {
		sc := scenario(t, prof, 6*s1)
		sc.Server.Backlog = 32
		sc.Server.App = []model.AppStep{{Mode: model.AcceptRate, Rate: 20}}
		sc.Traffic = []model.Traffic{flood(s1, 4000, 2000), connect(0, 100, 40, 100)}
		s, err := model.New(sc, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.RunUntil(2500 * ms)
		if s.SynQueueLen() == 0 {
			t.Fatalf("%s: the flood left the SYN queue empty at 2.5 s: the clone would copy nothing interesting", prof)
		}
		c := s.Clone()
		fromClone := digestFrom(t, c)
		if c.Now() == s.Now() {
			t.Fatalf("%s: running the clone did not move it", prof)
		}
		fromOriginal := digestFrom(t, s)
		if fromClone != fromOriginal {
			t.Errorf("%s: the clone and the original diverged", prof)
			continue
		}
		fresh, _ := model.New(sc, model.Options{})
		fresh.RunUntil(2500 * ms)
		if digestFrom(t, fresh) != fromOriginal {
			t.Errorf("%s: a fresh run to the same instant continues differently", prof)
		}
	}
}

// TestChangeSyncookiesMidFlood: writing tcp_syncookies 0 → 1 during a flood turns SYN-queue
// drops into cookies from that instant on, as on a live server (spec 2.1 B).
func TestChangeSyncookiesMidFlood(t *testing.T) {
	sc := scenario(t, "linux-6.18", 4*s1)
	sc.Server.Sysctl.Syncookies = 0
	sc.Server.Backlog = 16
	sc.Traffic = []model.Traffic{flood(0, 4000, 1000)}
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.RunUntil(2 * s1)
	if v, ok := s.Profile().ServerSysctlValue(ptr(s.ServerSysctl()), "net.ipv4.tcp_syncookies"); !ok || v != 0 {
		t.Fatalf("live tcp_syncookies = %d, %v before the change, want 0", v, ok)
	}
	before := s.Counters()
	if before.Get(model.ReqQFullDrop) == 0 || before.Get(model.SyncookiesSent) != 0 {
		t.Fatalf("before the change: ReqQFullDrop %d SyncookiesSent %d, want drops and no cookies",
			before.Get(model.ReqQFullDrop), before.Get(model.SyncookiesSent))
	}
	if err := s.Apply(model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 1}); err != nil {
		t.Fatal(err)
	}
	s.RunUntil(4 * s1)
	if v, _ := s.Profile().ServerSysctlValue(ptr(s.ServerSysctl()), "net.ipv4.tcp_syncookies"); v != 1 {
		t.Errorf("live tcp_syncookies = %d after the change, want 1", v)
	}
	after := s.Counters()
	if after.Get(model.ReqQFullDrop) != before.Get(model.ReqQFullDrop) {
		t.Errorf("ReqQFullDrop went on rising after cookies were turned on: %d → %d",
			before.Get(model.ReqQFullDrop), after.Get(model.ReqQFullDrop))
	}
	if after.Get(model.SyncookiesSent) < 1500 {
		t.Errorf("SyncookiesSent = %d after 2 s of a 1000/s flood with cookies on, want ≥ 1500", after.Get(model.SyncookiesSent))
	}
}

// TestChangesInScenarioMatchApply: a change listed in the scenario and the same change applied
// to a running model at that instant give the same run.
func TestChangesInScenarioMatchApply(t *testing.T) {
	base := func() *model.Scenario {
		sc := scenario(t, "linux-6.18", 6*s1)
		sc.Server.Backlog = 8
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
		sc.Traffic = []model.Traffic{connect(0, 40, 10, 0)}
		return sc
	}
	changes := []model.Change{
		{At: 2 * s1, Kind: model.ChangeBacklog, Value: 20},
		{At: 3 * s1, Kind: model.ChangeAccept, Mode: model.AcceptRate, Rate: 5},
		{At: 3500 * ms, Kind: model.ChangeFlood, Rate: 500},
		{At: 4500 * ms, Kind: model.ChangeFlood},
	}
	sc := base()
	sc.Changes = changes
	listed, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	applied, _ := model.New(base(), model.Options{})
	sum := hashing(applied)
	for _, c := range changes {
		applied.RunUntil(c.At - 1) // changes come first at their instant: apply it just before
		if err := applied.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	applied.RunUntil(sc.Duration)
	if digestFrom(t, listed) != sum() {
		t.Fatal("scheduled and applied changes gave different runs")
	}
}

// TestChangeBacklogAndTraffic: a second listen() raises B (spec 2.6 step 4) and the accept
// queue fills to the new B+1; a flood started by a change runs at its rate and stops when
// turned off; clients started by a change connect.
func TestChangeBacklogAndTraffic(t *testing.T) {
	sc := scenario(t, "linux-6.18", 6*s1)
	sc.Server.Backlog = 4
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
	sc.Changes = []model.Change{
		{At: 1 * s1, Kind: model.ChangeClients, Rate: 20},
		{At: 2 * s1, Kind: model.ChangeBacklog, Value: 30},
		{At: 3 * s1, Kind: model.ChangeFlood, Rate: 1000},
		{At: 4 * s1, Kind: model.ChangeFlood, Rate: 0},
		{At: 5 * s1, Kind: model.ChangeClients, Rate: 0},
	}
	// What the model reports live, part way: clients at 20/s and the flood at 1000/s since 3 s.
	mid, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mid.RunUntil(3500 * ms)
	if c, f := mid.TrafficRates(); c != 20 || f != 1000 || mid.ListenBacklog() != 30 {
		t.Errorf("at 3.5 s: rates %d/s clients %d/s flood, listen(%d); want 20, 1000 and listen(30)", c, f, mid.ListenBacklog())
	}
	mid.RunUntil(4500 * ms)
	if c, f := mid.TrafficRates(); c != 20 || f != 0 {
		t.Errorf("at 4.5 s, the flood off: rates %d/s clients %d/s flood; want 20 and 0", c, f)
	}
	s, evs := traced(t, sc)
	floodSyns := 0
	for _, e := range evs {
		if e.Kind == model.EvSend && e.Peer.IsFlood() && e.Flags == model.SYN {
			floodSyns++
			if e.At < 3*s1 || e.At >= 4*s1 {
				t.Fatalf("a flood SYN at %s, outside the 3 s – 4 s the changes set", e.At)
			}
		}
	}
	if floodSyns != 1000 {
		t.Errorf("flood SYNs = %d, want 1000 (1 s at 1000/s)", floodSyns)
	}
	if n := s.NumClients(); n != 80 {
		t.Errorf("clients = %d, want 80 (4 s at 20/s)", n)
	}
	if got := s.Limits(); got.Backlog != 30 {
		t.Errorf("B = %d after listen(fd, 30), want 30", got.Backlog)
	}
	if aq := s.AcceptQueueLen(); aq != 31 {
		t.Errorf("accept queue = %d, want B+1 = 31 with nobody accepting", aq)
	}
}

// TestChangeErrors: a change the kernel would refuse is an error that says what is allowed.
func TestChangeErrors(t *testing.T) {
	sc := scenario(t, "linux-6.18", s1)
	s, _ := model.New(sc, model.Options{})
	for _, tc := range []struct {
		c    model.Change
		want string
	}{
		{model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 256}, "0 to 255"},
		{model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_bogus", Value: 1}, "allowed:"},
		{model.Change{Kind: model.ChangeAccept, Mode: model.AcceptRate}, "1/s to"},
		{model.Change{Kind: model.ChangeFlood, Rate: -5}, "0/s (off)"},
	} {
		err := s.Apply(tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Apply(%v) = %v, want an error mentioning %q", tc.c, err, tc.want)
		}
	}
	if len(s.Changes()) != 0 {
		t.Errorf("refused changes were scheduled: %v", s.Changes())
	}
}

func ptr[T any](v T) *T { return &v }
