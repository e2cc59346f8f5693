package render

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
)

// action is what the person asked for, independent of the key that asked for it.
type action int

const (
	actionNone action = iota
	actionTogglePause
	actionStep // advance by stepWhile; only while paused
	actionFaster
	actionSlower
	actionToggleFullscreen
	actionBack      // seek back (the app re-runs the model up to the earlier time)
	actionRealTime  // speed 1x
	actionFrameTime // show or hide the frame-time display
	actionQuit
)

// keyActions maps each key the window listens to onto its action.
var keyActions = map[ebiten.Key]action{
	ebiten.KeySpace:      actionTogglePause,
	ebiten.KeyArrowRight: actionStep,
	ebiten.KeyEqual:      actionFaster, // the "+" key on most layouts
	ebiten.KeyKPAdd:      actionFaster,
	ebiten.KeyMinus:      actionSlower,
	ebiten.KeyKPSubtract: actionSlower,
	ebiten.KeyF:          actionToggleFullscreen,
	ebiten.KeyF11:        actionToggleFullscreen,
	ebiten.KeyArrowUp:    actionFaster,
	ebiten.KeyArrowDown:  actionSlower,
	ebiten.KeyArrowLeft:  actionBack,
	ebiten.KeyDigit1:     actionRealTime,
	ebiten.KeyT:          actionFrameTime,
	ebiten.KeyQ:          actionQuit,
	ebiten.KeyEscape:     actionQuit,
}

// repeats reports whether holding the key down repeats the action.
func (a action) repeats() bool {
	return a == actionStep || a == actionFaster || a == actionSlower || a == actionBack
}

// Key repeat timing, in ticks: the first repeat after repeatDelay, then one every repeatEvery.
const (
	repeatDelay = 30
	repeatEvery = 6
)

// firesAfter reports whether a key held for d ticks fires this tick: on the first tick, and
// for repeating actions again after repeatDelay every repeatEvery ticks.
func firesAfter(a action, d int) bool {
	if d == 1 {
		return true
	}
	return a.repeats() && d >= repeatDelay && (d-repeatDelay)%repeatEvery == 0
}

// pollActions reads this tick's keyboard state and returns the actions it asks for, in a
// stable order (the order of the action constants).
func pollActions() []action {
	var fired [actionQuit + 1]bool
	for k, a := range keyActions {
		if firesAfter(a, inpututil.KeyPressDuration(k)) {
			fired[a] = true
		}
	}
	var out []action
	for a, ok := range fired {
		if ok {
			out = append(out, action(a))
		}
	}
	return out
}
