package render

import (
	"errors"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
)

// clockSource is a Source that only keeps time.
type clockSource struct{ now model.Time }

func (c *clockSource) Advance(dt model.Time) { c.now += dt }
func (c *clockSource) Lines() []string       { return []string{c.now.String()} }
func (c *clockSource) Title() string         { return "clock" }

func TestStatusWindowActions(t *testing.T) {
	src := &clockSource{}
	w, err := NewStatusWindow(src)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		do         action
		wantNow    model.Time
		wantPaused bool
		wantSpeed  float64
	}{
		{actionStep, 0, false, 1}, // stepping only works while paused
		{actionTogglePause, 0, true, 1},
		{actionStep, 100 * model.Millisecond, true, 1},
		{actionStep, 200 * model.Millisecond, true, 1},
		{actionFaster, 200 * model.Millisecond, true, 3},
		{actionSlower, 200 * model.Millisecond, true, 1},
		{actionSlower, 200 * model.Millisecond, true, 1.0 / 3},
		{actionTogglePause, 200 * model.Millisecond, false, 1.0 / 3},
	}
	for i, s := range steps {
		if err := w.apply(s.do); err != nil {
			t.Fatalf("step %d: apply(%d) = %v, want nil", i, s.do, err)
		}
		if src.now != s.wantNow || w.clock.paused != s.wantPaused || w.clock.speed != s.wantSpeed {
			t.Errorf("step %d: after apply(%d): now %v paused %v speed %g, want now %v paused %v speed %g",
				i, s.do, src.now, w.clock.paused, w.clock.speed, s.wantNow, s.wantPaused, s.wantSpeed)
		}
	}
	if w.advanced != src.now {
		t.Errorf("window counted %v advanced, source is at %v", w.advanced, src.now)
	}
	if err := w.apply(actionQuit); !errors.Is(err, ebiten.Termination) {
		t.Errorf("apply(actionQuit) = %v, want ebiten.Termination", err)
	}
}

func TestStatusWindowUpdateAdvancesOneTick(t *testing.T) {
	src := &clockSource{}
	w, err := NewStatusWindow(src)
	if err != nil {
		t.Fatal(err)
	}
	for range ebiten.TPS() {
		if err := w.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if d := model.Second - src.now; d < 0 || d > 1 {
		t.Errorf("after %d updates at 1x the source is at %v, want 1s", ebiten.TPS(), src.now)
	}
}
