package render

import (
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

func TestEveryActionHasAKey(t *testing.T) {
	have := map[action]bool{}
	for _, a := range keyActions {
		have[a] = true
	}
	for a := actionNone + 1; a <= actionQuit; a++ {
		if !have[a] {
			t.Errorf("action %d has no key", a)
		}
	}
}

func TestKeyActions(t *testing.T) {
	tests := []struct {
		key  ebiten.Key
		want action
	}{
		{ebiten.KeySpace, actionTogglePause},
		{ebiten.KeyArrowRight, actionStep},
		{ebiten.KeyEqual, actionFaster},
		{ebiten.KeyKPAdd, actionFaster},
		{ebiten.KeyMinus, actionSlower},
		{ebiten.KeyKPSubtract, actionSlower},
		{ebiten.KeyF, actionToggleFullscreen},
		{ebiten.KeyF11, actionToggleFullscreen},
		{ebiten.KeyArrowUp, actionFaster},
		{ebiten.KeyArrowDown, actionSlower},
		{ebiten.KeyArrowLeft, actionBack},
		{ebiten.KeyDigit1, actionRealTime},
		{ebiten.KeyT, actionFrameTime},
		{ebiten.KeyQ, actionQuit},
		{ebiten.KeyEscape, actionQuit},
		{ebiten.KeyA, actionNone},
	}
	for _, tt := range tests {
		if got := keyActions[tt.key]; got != tt.want {
			t.Errorf("keyActions[%v] = %d, want %d", tt.key, got, tt.want)
		}
	}
}

func TestFiresAfter(t *testing.T) {
	tests := []struct {
		a     action
		ticks int
		want  bool
	}{
		{actionStep, 0, false},
		{actionStep, 1, true},
		{actionStep, 2, false},
		{actionStep, repeatDelay - 1, false},
		{actionStep, repeatDelay, true},
		{actionStep, repeatDelay + repeatEvery, true},
		{actionStep, repeatDelay + 1, false},
		{actionTogglePause, 1, true},
		{actionTogglePause, repeatDelay, false},
		{actionQuit, repeatDelay + repeatEvery, false},
	}
	for _, tt := range tests {
		if got := firesAfter(tt.a, tt.ticks); got != tt.want {
			t.Errorf("firesAfter(action %d, held %d ticks) = %v, want %v", tt.a, tt.ticks, got, tt.want)
		}
	}
}
