package render

import (
	"reflect"
	"testing"

	"synq/model"
)

// Going back re-runs the model: the state is exactly what a fresh run reaches at that time.
func TestAppSeekBackIsExact(t *testing.T) {
	sc := loadFloodShot(t)
	a, err := NewApp(sc)
	if err != nil {
		t.Fatal(err)
	}
	a.runTo(3 * model.Second)
	a.apply(actionBack) // one second of viewing at 1x
	if a.Now() != 2*model.Second {
		t.Fatalf("after ← at 3s and 1x: at %v, want 2s", a.Now())
	}
	fresh, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fresh.RunUntil(2 * model.Second)
	if got, want := a.sim.Checkpoint(), fresh.Checkpoint(); !reflect.DeepEqual(got, want) {
		t.Errorf("after seeking back to 2s:\n got %+v\nwant %+v", got, want)
	}
}

func TestAppStepGoesToTheNextEvent(t *testing.T) {
	a, err := NewApp(loadFloodShot(t))
	if err != nil {
		t.Fatal(err)
	}
	a.apply(actionTogglePause)
	a.runTo(1500 * model.Millisecond)
	next, _ := a.sim.NextAt()
	a.apply(actionStep)
	if a.Now() != next {
		t.Errorf("→ while paused at 1.5s went to %v, want the next event at %v", a.Now(), next)
	}
	a.apply(actionTogglePause)
	at := a.Now()
	a.apply(actionStep) // only while paused
	if a.Now() != at {
		t.Errorf("→ while playing moved the clock from %v to %v", at, a.Now())
	}
}

func TestAppSpeedKeys(t *testing.T) {
	a, err := NewApp(loadFloodShot(t))
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		a.apply(actionSlower)
	}
	if a.clock.speed != minSpeed {
		t.Errorf("speed after ↓×20 = %g, want %g", a.clock.speed, minSpeed)
	}
	a.apply(actionRealTime)
	if a.clock.speed != 1 {
		t.Errorf("speed after 1 = %g, want 1", a.clock.speed)
	}
}

func TestAppStopsAtTheEnd(t *testing.T) {
	sc := loadFloodShot(t)
	a, err := NewApp(sc)
	if err != nil {
		t.Fatal(err)
	}
	a.advance(sc.Duration + model.Hour)
	if a.Now() != sc.Duration {
		t.Errorf("advanced past the end to %v, want to stop at %v", a.Now(), sc.Duration)
	}
}
