package render

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/render/scene"
)

// action is what the person asked for, independent of the key that asked for it.
type action int

const (
	actionNone action = iota
	actionTogglePause
	actionStep // advance to the next event; only while paused
	actionFaster
	actionSlower
	actionToggleFullscreen
	actionBack      // seek back one second of viewing
	actionRealTime  // speed 1x
	actionFrameTime // show or hide the frame-time display
	actionStart     // seek to 0
	actionEnd       // seek to the end
	actionBackPart  // seek back a tenth of the run
	actionAheadPart // seek ahead a tenth of the run
	actionKnobs     // open (and focus) or close the knob panel
	actionVariant   // the next side-by-side variant
	actionPresenter // presenter mode on or off
	actionHelp      // the overlay with every key
	actionClose     // close the help, the knob panel or presenter mode; quit when none is on
	actionQuit
	// With the knob panel focused:
	actionKnobUp
	actionKnobDown
	actionKnobLess
	actionKnobMore
	actionKnobApply
	numActions
)

// keyActions maps each key the window listens to onto its action.
var keyActions = map[ebiten.Key]action{
	ebiten.KeySpace:        actionTogglePause,
	ebiten.KeyArrowRight:   actionStep,
	ebiten.KeyEqual:        actionFaster, // the "+" key on most layouts
	ebiten.KeyKPAdd:        actionFaster,
	ebiten.KeyMinus:        actionSlower,
	ebiten.KeyKPSubtract:   actionSlower,
	ebiten.KeyF:            actionToggleFullscreen,
	ebiten.KeyF11:          actionToggleFullscreen,
	ebiten.KeyArrowUp:      actionFaster,
	ebiten.KeyArrowDown:    actionSlower,
	ebiten.KeyArrowLeft:    actionBack,
	ebiten.KeyDigit1:       actionRealTime,
	ebiten.KeyT:            actionFrameTime,
	ebiten.KeyHome:         actionStart,
	ebiten.KeyEnd:          actionEnd,
	ebiten.KeyBracketLeft:  actionBackPart,
	ebiten.KeyBracketRight: actionAheadPart,
	ebiten.KeyK:            actionKnobs,
	ebiten.KeyV:            actionVariant,
	ebiten.KeyP:            actionPresenter,
	ebiten.KeySlash:        actionHelp, // "?" with shift, or "/" alone
	ebiten.KeyH:            actionHelp,
	ebiten.KeyF1:           actionHelp,
	ebiten.KeyEscape:       actionClose,
	ebiten.KeyQ:            actionQuit,
}

// knobKeyActions replace keyActions for their keys while the knob panel has the keyboard.
var knobKeyActions = map[ebiten.Key]action{
	ebiten.KeyArrowUp:    actionKnobUp,
	ebiten.KeyArrowDown:  actionKnobDown,
	ebiten.KeyArrowLeft:  actionKnobLess,
	ebiten.KeyArrowRight: actionKnobMore,
	ebiten.KeyMinus:      actionKnobLess,
	ebiten.KeyKPSubtract: actionKnobLess,
	ebiten.KeyEqual:      actionKnobMore,
	ebiten.KeyKPAdd:      actionKnobMore,
	ebiten.KeyEnter:      actionKnobApply,
	ebiten.KeyKPEnter:    actionKnobApply,
}

// keysShown are the shortcuts as the footer and the help overlay list them; the last one is
// the help key, which the footer always shows.
var (
	keysPlaying = []scene.Key{
		{Keys: "Space", What: "play"},
		{Keys: "→", What: "step"},
		{Keys: "←", What: "back"},
		{Keys: "↑↓", What: "speed"},
		{Keys: "[ ] Home End", What: "seek"},
		{Keys: "K", What: "knobs"},
		{Keys: "V", What: "compare"},
		{Keys: "P", What: "presenter"},
		{Keys: "?", What: "all keys"},
	}
	keysPresenter = []scene.Key{
		{Keys: "Space", What: "play"},
		{Keys: "→", What: "step"},
		{Keys: "←", What: "back"},
		{Keys: "[ ]", What: "seek"},
		{Keys: "K", What: "knobs"},
		{Keys: "V", What: "compare"},
		{Keys: "Esc", What: "leave"},
		{Keys: "?", What: "keys"},
	}
	keysKnobs = []scene.Key{
		{Keys: "↑↓", What: "choose"},
		{Keys: "←→ -+", What: "value"},
		{Keys: "Enter", What: "apply"},
		{Keys: "K Esc", What: "close"},
		{Keys: "Space", What: "play/pause"},
		{Keys: "[ ] Home End", What: "seek"},
		{Keys: "mouse", What: "click ◄ ► to choose, the name to apply"},
		{Keys: "?", What: "all keys"},
	}
	// keysAll is the help overlay's list.
	keysAll = []scene.Key{
		{Keys: "Space", What: "play / pause"},
		{Keys: "→", What: "while paused: the next event"},
		{Keys: "←", What: "back one second of viewing"},
		{Keys: "↑ ↓  + -", What: "faster / slower (1/1000x … 100x)"},
		{Keys: "1", What: "real time (1x)"},
		{Keys: "[  ]", What: "back / ahead a tenth of the run"},
		{Keys: "Home  End", What: "the start / the end"},
		{Keys: "mouse", What: "click or drag the timeline"},
		{Keys: "K", What: "knobs: open and focus, or close"},
		{Keys: "knobs ↑ ↓", What: "choose a knob"},
		{Keys: "knobs ← → - +", What: "choose its value"},
		{Keys: "knobs Enter", What: "apply it now (recorded on the timeline)"},
		{Keys: "V", What: "side by side: the next comparison"},
		{Keys: "P", What: "presenter mode: fullscreen, large, contrast"},
		{Keys: "T", What: "show the time each frame takes"},
		{Keys: "F  F11", What: "full screen"},
		{Keys: "?  H  F1", What: "this list"},
		{Keys: "Esc", What: "close this list, the knobs, presenter mode; else quit"},
		{Keys: "Q", What: "quit"},
	}
)

// repeats reports whether holding the key down repeats the action.
func (a action) repeats() bool {
	switch a {
	case actionStep, actionFaster, actionSlower, actionBack, actionBackPart, actionAheadPart,
		actionKnobUp, actionKnobDown, actionKnobLess, actionKnobMore:
		return true
	}
	return false
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

// actionFor is the action of key k: the knob panel's when it has the keyboard.
func actionFor(k ebiten.Key, knobs bool) action {
	if knobs {
		if a, ok := knobKeyActions[k]; ok {
			return a
		}
	}
	return keyActions[k]
}

// pollActions reads this tick's keyboard state and returns the actions it asks for, in a
// stable order (the order of the action constants).
func pollActions(knobs bool) []action {
	var fired [numActions]bool
	for _, keys := range []map[ebiten.Key]action{keyActions, knobKeyActions} {
		for k := range keys {
			a := actionFor(k, knobs)
			if a != actionNone && firesAfter(a, inpututil.KeyPressDuration(k)) {
				fired[a] = true
			}
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
