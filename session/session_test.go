package session

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
)

func newTestApp(t *testing.T, sc, compare *model.Scenario) *Session {
	t.Helper()
	a, err := New(sc, compare)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Going back re-runs the model: the state is exactly what a fresh run reaches at that time.
func TestAppSeekBackIsExact(t *testing.T) {
	sc := loadFloodShot(t)
	a := newTestApp(t, sc, nil)
	a.runTo(3 * model.Second)
	a.Do(Intent{Do: Back}) // one second of viewing at 1x
	if a.Now() != 2*model.Second {
		t.Fatalf("after ← at 3s and 1x: at %v, want 2s", a.Now())
	}
	fresh, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fresh.RunUntil(2 * model.Second)
	if got, want := a.Sim().Checkpoint(), fresh.Checkpoint(); !reflect.DeepEqual(got, want) {
		t.Errorf("after seeking back to 2s:\n got %+v\nwant %+v", got, want)
	}
}

func TestAppStepGoesToTheNextEvent(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.Do(Intent{Do: TogglePause})
	a.runTo(1500 * model.Millisecond)
	next, _ := a.Sim().NextAt()
	a.Do(Intent{Do: Step})
	if a.Now() != next {
		t.Errorf("→ while paused at 1.5s went to %v, want the next event at %v", a.Now(), next)
	}
	a.Do(Intent{Do: TogglePause})
	at := a.Now()
	a.Do(Intent{Do: Step}) // only while paused
	if a.Now() != at {
		t.Errorf("→ while playing moved the clock from %v to %v", at, a.Now())
	}
}

func TestAppSpeedKeys(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	for range 20 {
		a.Do(Intent{Do: Slower})
	}
	if a.clock.speed != MinSpeed {
		t.Errorf("speed after ↓×20 = %g, want %g", a.clock.speed, MinSpeed)
	}
	a.Do(Intent{Do: RealTime})
	if a.clock.speed != 1 {
		t.Errorf("speed after 1 = %g, want 1", a.clock.speed)
	}
}

func TestAppStopsAtTheEnd(t *testing.T) {
	sc := loadFloodShot(t)
	a := newTestApp(t, sc, nil)
	a.advance(sc.Duration+model.Hour, time.Hour, time.Hour)
	if a.Now() != sc.Duration {
		t.Errorf("advanced past the end to %v, want to stop at %v", a.Now(), sc.Duration)
	}
}

// Home, End, [ and ] move along the timeline.
func TestAppTimelineKeys(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil) // 10 s
	a.runTo(5 * model.Second)
	tests := []struct {
		act  Do
		want model.Time
	}{
		{AheadPart, 6 * model.Second},
		{BackPart, 5 * model.Second},
		{End, 10 * model.Second},
		{AheadPart, 10 * model.Second},
		{Start, 0},
		{BackPart, 0},
	}
	for _, tt := range tests {
		a.Do(Intent{Do: tt.act})
		if a.goingTo >= 0 { // a seek forward runs over the next frames
			a.runFor(a.goingTo, time.Hour)
			a.goingTo = -1
		}
		if a.Now() != tt.want || a.Sim().Now() != tt.want {
			t.Errorf("after action %d: app at %v, model at %v; want %v", tt.act, a.Now(), a.Sim().Now(), tt.want)
		}
	}
}

// A seek forward into time not run yet is spread over frames (each within its time budget,
// which the timeline's benchmarks measure); one to where an earlier pass went is at once.
func TestAppGoToForward(t *testing.T) {
	sc := loadFloodShot(t)
	sc.Traffic = []model.Traffic{{Kind: model.Flood, Count: 9_000_000, Rate: 1_000_000, Options: model.DefaultFloodOptions}}
	a := newTestApp(t, sc, nil)
	a.GoTo(3 * model.Second)
	if a.goingTo != 3*model.Second || a.Now() != 0 {
		t.Fatalf("goTo(3s) into a 1M SYN/s flood: at %v going to %v; want it to wait for the frames", a.Now(), a.goingTo)
	}
	frames := 0
	for a.goingTo >= 0 && frames < 10_000 {
		a.Update(time.Second / 60)
		frames++
	}
	if a.Now() != 3*model.Second || frames < 2 {
		t.Errorf("after %d frames at %v, want 3s reached over several frames", frames, a.Now())
	}
	a.GoTo(model.Second)
	if a.Now() != model.Second {
		t.Errorf("going back is at once: at %v, want 1s", a.Now())
	}
	a.GoTo(2900 * model.Millisecond) // the pass before left a snapshot at about 2 s
	if a.Now() < 2*model.Second {
		t.Errorf("going forward over ground covered: at %v at once, want a snapshot's time (2 s or later)", a.Now())
	}
}

// A slow model does not hold the frame: advance stops when its budget runs out, and the app
// says how fast the model went.
func TestAppAdvanceKeepsToItsBudget(t *testing.T) {
	sc := loadFloodShot(t)
	sc.Traffic = []model.Traffic{{Kind: model.Flood, Count: 5_000_000, Rate: 1_000_000, Options: model.DefaultFloodOptions}}
	a := newTestApp(t, sc, nil)
	a.SetSpeed(100)
	start := time.Now()
	a.advance(5*model.Second, 50*time.Millisecond, time.Millisecond)
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("advance with a 1 ms budget took %v", took)
	}
	if a.Now() >= 5*model.Second || a.Now() <= 0 {
		t.Errorf("advance(5s) of a 1M SYN/s flood in 1 ms reached %v; want part of the way", a.Now())
	}
	if e := a.Effective(); e <= 0 || e >= 100 {
		t.Errorf("effective speed %g, want between 0 and the 100x asked for", e)
	}
}

// The API the lesson engine drives: Apply records a change that seeking back and forward
// replays; Restart starts afresh; SetPaused and Paused; the input hook.
func TestAppAPI(t *testing.T) {
	sc := loadFloodShot(t)
	a := newTestApp(t, sc, nil)
	a.runTo(2 * model.Second)
	if err := a.Apply(model.Change{Kind: model.ChangeBacklog, Value: 7}); err != nil {
		t.Fatal(err)
	}
	if got := a.Sim().Limits().Backlog; got != 7 {
		t.Errorf("backlog after Apply(listen 7) = %d, want 7", got)
	}
	if err := a.Apply(model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 900}); err == nil {
		t.Error("Apply(tcp_syncookies = 900) did not fail")
	}
	a.runTo(4 * model.Second)
	a.Seek(1 * model.Second)
	if got := a.Sim().Limits().Backlog; got != 63 {
		t.Errorf("backlog at 1 s, before the change = %d, want the scenario's 63", got)
	}
	a.Seek(3 * model.Second)
	if got := a.Sim().Limits().Backlog; got != 7 {
		t.Errorf("backlog at 3 s after seeking back and forward = %d, want 7 (the change replayed)", got)
	}
	a.SetPaused(true)
	if !a.Paused() {
		t.Error("SetPaused(true) left the clock running")
	}
	if err := a.Restart(sc, sc); err != nil {
		t.Fatal(err)
	}
	if a.Now() != 0 || len(a.runs) != 2 || !a.Paused() {
		t.Errorf("after Restart(sc, sc): at %v with %d runs, paused %v; want 0, 2, still paused", a.Now(), len(a.runs), a.Paused())
	}
	a.Update(time.Second)
	if a.Now() != 0 {
		t.Errorf("a paused session moved to %v in an Update", a.Now())
	}
}

// The knob panel: ↑↓ choose, ←→ choose a value, Enter applies it at once; an invalid value is
// a message, not a change.
func TestAppKnobs(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.runTo(2 * model.Second)
	a.Do(Intent{Do: Knobs})
	if !a.knobsOpen {
		t.Fatal("K did not open the knob panel")
	}
	row := func(kind scene.KnobKind, key string) {
		for i, k := range a.knobs.knobs {
			if k.Kind == kind && k.Key == key {
				a.knobs.selected = i
				return
			}
		}
		t.Fatalf("no knob %d %q", kind, key)
	}
	row(scene.KnobSysctl, "net.ipv4.tcp_syncookies") // 0 in flood-shot
	a.Do(Intent{Do: KnobMore})
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Limits().Syncookies; got != 1 {
		t.Errorf("tcp_syncookies after → Enter = %d, want 1", got)
	}
	a.Do(Intent{Do: KnobMore})
	a.Do(Intent{Do: KnobMore}) // 3: 6.18 takes it, and it acts as 1
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Limits().Syncookies; got != 3 || a.knobs.bad {
		t.Errorf("tcp_syncookies after choosing 3 = %d (%q), want 3", got, a.knobs.message)
	}
	a.knobs.pending[a.knobs.selected] = 256 // as if → were pressed 253 times: out of range
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Limits().Syncookies; got != 3 {
		t.Errorf("tcp_syncookies = %d after a refused 256, want 3 still", got)
	}
	if !a.knobs.bad || !strings.Contains(a.knobs.message, "out of range") {
		t.Errorf("after choosing tcp_syncookies 256: message %q (bad %v), want it refused", a.knobs.message, a.knobs.bad)
	}
	row(scene.KnobFlood, "")
	a.Do(Intent{Do: KnobApply}) // Enter on the flood switch turns it off
	if _, flood := a.Sim().TrafficRates(); flood != 0 {
		t.Errorf("flood after Enter on the switch = %d/s, want off", flood)
	}
	if n := len(a.runs[0].Changes()); n != 3 {
		t.Errorf("%d changes on the timeline, want 3 (syncookies 1 and 3, flood off)", n)
	}
	a.Do(Intent{Do: Close})
	if a.knobsOpen {
		t.Error("Esc did not close the knob panel")
	}
}

// Switching the kernel restarts the run on it, with the sysctls as they stood.
func TestAppSwitchProfile(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.runTo(2 * model.Second)
	if err := a.Apply(model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_synack_retries", Value: 2}); err != nil {
		t.Fatal(err)
	}
	a.switchProfile("linux-6.13")
	if a.Now() != 0 || a.Sim().Profile().Name != "linux-6.13" {
		t.Fatalf("after switching: at %v on %s, want 0 on linux-6.13", a.Now(), a.Sim().Profile().Name)
	}
	if got := a.Sim().Limits().SynackRetries; got != 2 {
		t.Errorf("tcp_synack_retries after the switch = %d, want the 2 set before it", got)
	}
	if got := a.Sim().Limits().Syncookies; got != 0 {
		t.Errorf("tcp_syncookies after the switch = %d, want the scenario's 0", got)
	}
}

// V cycles the comparisons: each shows two runs at the same time, labelled with what differs;
// a comparison whose kernel the model lacks is skipped with a message; after the last, back
// to one run.
func TestAppVariants(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.runTo(3 * model.Second)
	seen := map[string]bool{}
	for i := range len(scenario.Variants) + 1 {
		a.Do(Intent{Do: Variant})
		if i == 0 {
			if _, err := model.LookupProfile("bsd-4.4"); err != nil && !strings.Contains(a.message, "skipped Linux vs bsd-4.4") {
				t.Errorf("without a bsd-4.4 profile, the first V says %q; want it to say the comparison was skipped", a.message)
			} else if err == nil && a.labels[1] != "bsd-4.4" {
				t.Errorf("the first V shows %q beside %q, want bsd-4.4", a.labels[1], a.labels[0])
			}
		}
		if a.Now() != 3*model.Second {
			t.Errorf("V moved the clock to %v", a.Now())
		}
		if len(a.runs) == 1 {
			break
		}
		if a.labels[0] == a.labels[1] || a.labels[1] == "" {
			t.Errorf("variant %d: labels %q and %q, want what differs", a.variant, a.labels[0], a.labels[1])
		}
		seen[a.labels[0]+" | "+a.labels[1]] = true
	}
	if len(a.runs) != 1 {
		t.Errorf("after cycling through: %d runs, want 1", len(a.runs))
	}
	if !seen["tcp_syncookies=1 | tcp_syncookies=2"] || !seen["tcp_abort_on_overflow=0 | tcp_abort_on_overflow=1"] {
		t.Errorf("comparisons seen: %v", seen)
	}
}

// ShowVariant goes straight to a comparison by its key, as a page link asks, and Variant names
// it; V then goes on to the next one; "" goes back; an unknown key changes nothing.
func TestAppShowVariant(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.runTo(2 * model.Second)
	if _, err := a.ShowVariant("cookies"); err != nil {
		t.Fatal(err)
	}
	if a.variantKey() != "cookies" || len(a.runs) != 2 || a.labels[1] != "tcp_syncookies=2" || a.Now() != 2*model.Second {
		t.Errorf("after ShowVariant(cookies): variant %q, %d runs, labels %q/%q, at %v", a.variantKey(), len(a.runs), a.labels[0], a.labels[1], a.Now())
	}
	_, err := a.ShowVariant("nope")
	if err == nil || !strings.Contains(err.Error(), `no comparison "nope"; there are bsd, cookies, abort, older`) {
		t.Errorf("ShowVariant(nope) = %v", err)
	}
	if a.variantKey() != "cookies" || len(a.runs) != 2 {
		t.Errorf("a bad key changed the view to %q with %d runs", a.variantKey(), len(a.runs))
	}
	a.Do(Intent{Do: Variant})
	if a.variantKey() != "abort" {
		t.Errorf("V after cookies shows %q, want abort", a.variantKey())
	}
	if _, err := a.ShowVariant(""); err != nil || a.Variant() != nil || len(a.runs) != 1 {
		t.Errorf(`ShowVariant(""): %v, variant %q, %d runs`, err, a.variantKey(), len(a.runs))
	}
}

func (a *Session) variantKey() string {
	if v := a.Variant(); v != nil {
		return v.Key
	}
	return ""
}

// Side by side, a knob that is what differs goes to run A only; the others to both.
func TestAppCompareApply(t *testing.T) {
	sc := loadFloodShot(t)
	b, err := scenario.WithSysctl(sc, "net.ipv4.tcp_syncookies", 2)
	if err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, sc, b)
	a.runTo(2 * model.Second)
	if err := a.Apply(model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 1}); err != nil {
		t.Fatal(err)
	}
	if err := a.Apply(model.Change{Kind: model.ChangeBacklog, Value: 9}); err != nil {
		t.Fatal(err)
	}
	ra, rb := a.runs[0].Sim().Limits(), a.runs[1].Sim().Limits()
	if ra.Syncookies != 1 || rb.Syncookies != 2 {
		t.Errorf("syncookies A %d B %d, want 1 and 2 (the differing knob goes to A only)", ra.Syncookies, rb.Syncookies)
	}
	if ra.Backlog != 9 || rb.Backlog != 9 {
		t.Errorf("backlog A %d B %d, want 9 in both", ra.Backlog, rb.Backlog)
	}
}
