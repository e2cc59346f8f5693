package render

import (
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/render/scene"
)

func TestEveryActionHasAKey(t *testing.T) {
	have := map[action]bool{}
	for _, a := range keyActions {
		have[a] = true
	}
	for _, a := range knobKeyActions {
		have[a] = true
	}
	for a := actionNone + 1; a < numActions; a++ {
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
		{ebiten.KeyEscape, actionClose},
		{ebiten.KeyHome, actionStart},
		{ebiten.KeyEnd, actionEnd},
		{ebiten.KeyBracketLeft, actionBackPart},
		{ebiten.KeyBracketRight, actionAheadPart},
		{ebiten.KeyK, actionKnobs},
		{ebiten.KeyV, actionVariant},
		{ebiten.KeyP, actionPresenter},
		{ebiten.KeySlash, actionHelp},
		{ebiten.KeyA, actionNone},
	}
	for _, tt := range tests {
		if got := actionFor(tt.key, false); got != tt.want {
			t.Errorf("actionFor(%v) = %d, want %d", tt.key, got, tt.want)
		}
	}
}

// With the knob panel open, the arrows, + - and Enter work the knobs; the other keys keep
// their meaning, so time can still be played and scrubbed.
func TestKnobKeysOverride(t *testing.T) {
	tests := []struct {
		key  ebiten.Key
		want action
	}{
		{ebiten.KeyArrowUp, actionKnobUp},
		{ebiten.KeyArrowDown, actionKnobDown},
		{ebiten.KeyArrowLeft, actionKnobLess},
		{ebiten.KeyArrowRight, actionKnobMore},
		{ebiten.KeyMinus, actionKnobLess},
		{ebiten.KeyEqual, actionKnobMore},
		{ebiten.KeyEnter, actionKnobApply},
		{ebiten.KeySpace, actionTogglePause},
		{ebiten.KeyHome, actionStart},
		{ebiten.KeyK, actionKnobs},
		{ebiten.KeyEscape, actionClose},
		{ebiten.KeyEnter + 0, actionKnobApply},
	}
	for _, tt := range tests {
		if got := actionFor(tt.key, true); got != tt.want {
			t.Errorf("with knobs: actionFor(%v) = %d, want %d", tt.key, got, tt.want)
		}
	}
	if got := actionFor(ebiten.KeyEnter, false); got != actionNone {
		t.Errorf("Enter without the knob panel = %d, want nothing", got)
	}
}

// Every key in keyActions and knobKeyActions appears in the help overlay's list.
func TestHelpListsEveryKey(t *testing.T) {
	var all strings.Builder
	for _, k := range keysAll {
		all.WriteString(k.Keys + " " + k.What + "\n")
	}
	for _, name := range []string{"Space", "→", "←", "↑", "↓", "+", "-", "1", "[", "]", "Home", "End", "K", "V", "P", "T", "F", "F11", "?", "H", "F1", "Esc", "Q", "Enter", "mouse"} {
		if !strings.Contains(all.String(), name) {
			t.Errorf("the help overlay does not mention %q:\n%s", name, all.String())
		}
	}
	for _, keys := range [][]scene.Key{keysPlaying, keysPresenter, keysKnobs} {
		if last := keys[len(keys)-1]; last.Keys != "?" {
			t.Errorf("a footer's last key is %q, want ? (it is always shown)", last.Keys)
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
		{actionKnobMore, repeatDelay, true},
		{actionKnobApply, repeatDelay, false},
	}
	for _, tt := range tests {
		if got := firesAfter(tt.a, tt.ticks); got != tt.want {
			t.Errorf("firesAfter(action %d, held %d ticks) = %v, want %v", tt.a, tt.ticks, got, tt.want)
		}
	}
}
