package timeline_test

import (
	"hash/fnv"
	"reflect"
	"strings"
	"testing"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
	"synq/render/timeline"
)

const s1 = model.Second

func floodShot(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("../testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func builtinFlood(t testing.TB) *model.Scenario {
	t.Helper()
	data, _ := assets.Scenario("flood")
	sc, err := scenario.Parse("flood.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func newRun(t testing.TB, sc *model.Scenario) *timeline.Run {
	t.Helper()
	r, err := timeline.New(sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// state is what must match after a seek: the report's checkpoint, the queues and the trace's
// recent events.
func state(t testing.TB, sim *model.Sim) any {
	t.Helper()
	tr := sim.Trace()
	h := fnv.New64a()
	var buf []byte
	tr.Since(tr.Oldest(), func(_ uint64, e model.Event) { buf = e.AppendBinary(buf[:0]); h.Write(buf) })
	return struct {
		C     model.Checkpoint
		Req   []model.RequestView
		Total uint64
		Trace uint64
	}{sim.Checkpoint(), sim.AppendRequests(nil), tr.Total(), h.Sum64()}
}

// straight plays sc from 0 to at with the changes, the way a person watching would.
func straight(t testing.TB, sc *model.Scenario, at model.Time, changes []model.Change) *timeline.Run {
	t.Helper()
	r := newRun(t, sc)
	for _, c := range changes {
		r.RunTo(c.At - 1)
		if err := r.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	r.RunTo(at)
	return r
}

// Going back restores a snapshot and re-runs: the state is exactly what a straight run has,
// and so are the charts' series and the counters the panel compares against.
func TestSeekBackIsExact(t *testing.T) {
	sc := floodShot(t)
	r := newRun(t, sc)
	r.RunTo(9 * s1)
	for _, at := range []model.Time{7*s1 + 123, 3 * s1, 0, 5 * s1, 5 * s1, 8*s1 + 1} {
		r.Seek(at)
		want := straight(t, sc, at, nil)
		if r.Now() != at {
			t.Fatalf("Seek(%v) left the run at %v", at, r.Now())
		}
		if got, w := state(t, r.Sim()), state(t, want.Sim()); !reflect.DeepEqual(got, w) {
			t.Errorf("after Seek(%v):\n got %+v\nwant %+v", at, got, w)
		}
		for m := range scene.NumMetrics {
			got := r.Series().Columns(nil, m, 0, 10*s1, at, 50)
			w := want.Series().Columns(nil, m, 0, 10*s1, at, 50)
			if !reflect.DeepEqual(got, w) {
				t.Errorf("after Seek(%v): %v chart %v, want %v", at, m, got, w)
			}
		}
		gotC, ok1 := r.Series().Before(at - s1)
		wantC, ok2 := want.Series().Before(at - s1)
		if gotC != wantC || ok1 != ok2 {
			t.Errorf("after Seek(%v): counters a second before %v, want %v", at, gotC, wantC)
		}
	}
}

// Changes made while playing are part of the run: going back and forward replays them.
func TestSeekReplaysChanges(t *testing.T) {
	sc := floodShot(t)
	changes := []model.Change{
		{At: 2500*model.Millisecond + 1, Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 1},
		{At: 4*s1 + 1, Kind: model.ChangeFlood, Rate: 0},
		{At: 6*s1 + 1, Kind: model.ChangeBacklog, Value: 16},
	}
	r := straight(t, sc, 9*s1, changes)
	if got := len(r.Changes()); got != 3 {
		t.Fatalf("%d changes recorded, want 3", got)
	}
	for _, at := range []model.Time{1 * s1, 3 * s1, 5*s1 + 7, 8 * s1, 2 * s1, 9 * s1} {
		r.Seek(at)
		want := straight(t, sc, at, changesBefore(changes, at))
		if got, w := state(t, r.Sim()), state(t, want.Sim()); !reflect.DeepEqual(got, w) {
			t.Errorf("after Seek(%v) with changes:\n got %+v\nwant %+v", at, got, w)
		}
	}
	if got := len(r.Changes()); got != 3 {
		t.Errorf("seeking kept %d changes, want all 3", got)
	}
}

func changesBefore(cs []model.Change, at model.Time) []model.Change {
	var out []model.Change
	for _, c := range cs {
		if c.At <= at {
			out = append(out, c)
		}
	}
	return out
}

// A change made after going back drops the recorded changes later than now.
func TestApplyAfterSeekBranches(t *testing.T) {
	sc := floodShot(t)
	r := newRun(t, sc)
	r.RunTo(2 * s1)
	mustApply(t, r, model.Change{Kind: model.ChangeBacklog, Value: 8})
	r.RunTo(6 * s1)
	mustApply(t, r, model.Change{Kind: model.ChangeFlood, Rate: 0})
	r.RunTo(8 * s1)
	r.Seek(4 * s1)
	if got := len(r.Changes()); got != 2 {
		t.Fatalf("after going back: %d changes, want both still recorded", got)
	}
	mustApply(t, r, model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 2})
	got := r.Changes()
	if len(got) != 2 || got[0].Kind != model.ChangeBacklog || got[1].Kind != model.ChangeSysctl {
		t.Fatalf("after a change at 4s: %v, want the backlog change and the new one", got)
	}
	for _, s := range r.Snapshots() {
		if s > r.Now() {
			t.Errorf("snapshot at %v kept after branching at %v", s, r.Now())
		}
	}
	r.RunTo(8 * s1)
	want := straight(t, sc, 8*s1, got)
	if g, w := state(t, r.Sim()), state(t, want.Sim()); !reflect.DeepEqual(g, w) {
		t.Errorf("the branch at 8s differs from a straight run with its changes:\n got %+v\nwant %+v", g, w)
	}
	for _, c := range r.Sim().Changes() {
		if c.Kind == model.ChangeFlood {
			t.Errorf("the run on the new branch still has the dropped change %v", c)
		}
	}
}

func mustApply(t *testing.T, r *timeline.Run, c model.Change) {
	t.Helper()
	if err := r.Apply(c); err != nil {
		t.Fatal(err)
	}
}

// A change takes effect at once, and one the kernel refuses is an error that changes nothing.
func TestApplyTakesEffectAndRefuses(t *testing.T) {
	r := newRun(t, floodShot(t))
	r.RunTo(3 * s1)
	mustApply(t, r, model.Change{Kind: model.ChangeBacklog, Value: 7})
	if got := r.Sim().Limits().Backlog; got != 7 {
		t.Errorf("backlog after listen(fd, 7) = %d, want 7 at once", got)
	}
	if err := r.Apply(model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 256}); err == nil {
		t.Error("tcp_syncookies = 256 was accepted")
	}
	if got := len(r.Changes()); got != 1 {
		t.Errorf("%d changes recorded, want only the valid one", got)
	}
	r.RunTo(r.Scenario().Duration)
	if err := r.Apply(model.Change{Kind: model.ChangeBacklog, Value: 9}); err == nil {
		t.Error("a change after the end was accepted")
	}
}

// Snapshots stay within their bound over a long run, spread over it.
func TestSnapshotsAreBounded(t *testing.T) {
	r := newRun(t, builtinFlood(t))
	r.RunTo(r.Scenario().Duration)
	snaps := r.Snapshots()
	if len(snaps) > timeline.MaxSnapshots || len(snaps) < timeline.MaxSnapshots/2 {
		t.Errorf("%d snapshots over 60 s, want between %d and %d", len(snaps), timeline.MaxSnapshots/2, timeline.MaxSnapshots)
	}
	if snaps[0] != 0 {
		t.Errorf("first snapshot at %v, want 0", snaps[0])
	}
	for i := 1; i < len(snaps); i++ {
		if gap := snaps[i] - snaps[i-1]; gap > 8*s1 {
			t.Errorf("snapshots %v and %v are %v apart", snaps[i-1], snaps[i], gap)
		}
	}
}

// BenchmarkSeekBack60sFlood goes back from the end of the built-in 60 s flood to a random
// earlier time and forward again, as scrubbing does. ms/seek is the time one seek back takes.
func BenchmarkSeekBack60sFlood(b *testing.B) {
	benchSeek(b, builtinFlood(b))
}

// BenchmarkSeekBack100kFlood is the same over a 60 s flood of 100,000 SYN/s.
func BenchmarkSeekBack100kFlood(b *testing.B) {
	sc := builtinFlood(b)
	sc.Traffic = append(sc.Traffic[:0:0], sc.Traffic...)
	sc.Traffic[1] = model.Traffic{Kind: model.Flood, At: 2 * s1, Count: 5_000_000, Rate: 100_000, Options: model.DefaultFloodOptions}
	benchSeek(b, sc)
}

func benchSeek(b *testing.B, sc *model.Scenario) {
	r := newRun(b, sc)
	r.RunTo(sc.Duration)
	targets := []model.Time{31*s1 + 700*model.Millisecond, 5*s1 + 300*model.Millisecond, 47 * s1, 13*s1 + 999*model.Millisecond}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		r.Seek(sc.Duration)
		b.StartTimer()
		r.Seek(targets[i%len(targets)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/seek")
}

// BenchmarkPlay100k plays one second of a 100,000 SYN/s flood through a scrubbable run (the
// series recording every event, snapshots on the way): SYN/s is how fast the app's model
// goes, against 100,000 needed for real time.
func BenchmarkPlay100k(b *testing.B) {
	sc := builtinFlood(b)
	sc.Traffic = []model.Traffic{{Kind: model.Flood, Count: 5_000_000, Rate: 100_000, Options: model.DefaultFloodOptions}}
	b.ResetTimer()
	for b.Loop() {
		r := newRun(b, sc)
		r.RunTo(2 * s1)
	}
	b.ReportMetric(200_000*float64(b.N)/b.Elapsed().Seconds(), "SYN/s")
}

// Seeking back on a kernel of 4.3 or earlier, whose listener sweeps its requests with one timer:
// the snapshot once shared that timer with the run it was taken from, so the run restored from
// it never re-sent a SYN-ACK (TCPTimeouts stayed 0). Played to 10 s, back to 3 s and forward
// again, the counters are what playing straight to 10 s gives.
func TestSeekBackOnCentOS7(t *testing.T) {
	sc, _ := scenario.WithProfile(builtinFlood(t), profile(t, "centos-7"))
	r := newRun(t, sc)
	r.RunTo(10 * s1)
	first := r.Sim().Counters().Get(model.TCPTimeouts)
	if first == 0 {
		t.Fatal("no SYN-ACK timeouts in 10 s of the flood on centos-7: the test would prove nothing")
	}
	r.Seek(3 * s1)
	r.RunTo(10 * s1)
	if again := r.Sim().Counters().Get(model.TCPTimeouts); again != first {
		t.Errorf("TCPTimeouts at 10 s: %d after seeking back to 3 s and playing on, %d the first time", again, first)
	}
	if got, want := state(t, r.Sim()), state(t, straight(t, sc, 10*s1, nil).Sim()); !reflect.DeepEqual(got, want) {
		t.Errorf("after seeking back to 3 s and playing to 10 s:\n got %+v\nwant %+v", got, want)
	}
}

// Seeking back and forward is exact on every kernel profile, each with its own listener: the
// drawing test's scenario, shortened, on each profile as the app's profile switch makes it.
func TestSeekIsExactOnEveryProfile(t *testing.T) {
	base := floodShot(t)
	base.Duration = 5 * s1
	for _, name := range model.KnownProfiles() {
		sc, _ := scenario.WithProfile(base, profile(t, name))
		times := []model.Time{2*s1 + 123, 5 * s1}
		played := newRun(t, sc)
		var want []any
		for _, at := range times {
			played.RunTo(at)
			want = append(want, state(t, played.Sim()))
		}
		r := newRun(t, sc)
		r.RunTo(5 * s1)
		for i, at := range times {
			r.Seek(at)
			if got := state(t, r.Sim()); !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%s: after going to 5 s and seeking to %v:\n got %+v\nwant %+v", name, at, got, want[i])
			}
		}
	}
}

func profile(t testing.TB, name string) *model.Profile {
	t.Helper()
	p, err := model.LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestKnobsStayWithinTheMemoryLimit: knobs turned while a run goes are held to the same memory
// limit as scenario files and page links. Queues of 2³¹ without cookies are allowed (nothing
// fills them yet); a flood of ten million SYNs a second into them is refused with the reason,
// and the run goes on as it was.
func TestKnobsStayWithinTheMemoryLimit(t *testing.T) {
	r, err := timeline.New(builtinFlood(t))
	if err != nil {
		t.Fatal(err)
	}
	r.RunTo(s1)
	for _, c := range []model.Change{
		{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 0},
		{Kind: model.ChangeSysctl, Key: "net.core.somaxconn", Value: 2147483647},
		{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_max_syn_backlog", Value: 2147483647},
		{Kind: model.ChangeBacklog, Value: 2147483647},
	} {
		if err := r.Apply(c); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
	}
	before := r.Sim().Checkpoint()
	err = r.Apply(model.Change{Kind: model.ChangeFlood, Rate: 10_000_000})
	if err == nil || !strings.Contains(err.Error(), "memory") || !strings.Contains(err.Error(), "half-open requests would fit") {
		t.Fatalf("a flood of 10M SYN/s into unbounded queues: err %v, want a refusal for memory", err)
	}
	if after := r.Sim().Checkpoint(); !reflect.DeepEqual(before, after) {
		t.Errorf("the refused change moved the run:\n%+v\n%+v", before, after)
	}
	if err := r.Apply(model.Change{Kind: model.ChangeFlood, Rate: 1000}); err != nil {
		t.Errorf("a flood of 1000 SYN/s: %v", err)
	}
}
