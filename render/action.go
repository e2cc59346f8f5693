package render

import (
	"cmp"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/render/scene"
	"synq/session"
	"synq/session/lesson"
)

// keyActions maps each key the window listens to onto its action.
var keyActions = map[ebiten.Key]session.Do{
	ebiten.KeySpace:        session.TogglePause,
	ebiten.KeyArrowRight:   session.Step,
	ebiten.KeyEqual:        session.Faster, // the "+" key on most layouts
	ebiten.KeyKPAdd:        session.Faster,
	ebiten.KeyMinus:        session.Slower,
	ebiten.KeyKPSubtract:   session.Slower,
	ebiten.KeyF:            session.Fullscreen,
	ebiten.KeyF11:          session.Fullscreen,
	ebiten.KeyArrowUp:      session.Faster,
	ebiten.KeyArrowDown:    session.Slower,
	ebiten.KeyArrowLeft:    session.Back,
	ebiten.KeyDigit1:       session.RealTime,
	ebiten.KeyT:            session.FrameTime,
	ebiten.KeyHome:         session.Start,
	ebiten.KeyEnd:          session.End,
	ebiten.KeyBracketLeft:  session.BackPart,
	ebiten.KeyBracketRight: session.AheadPart,
	ebiten.KeyK:            session.Knobs,
	ebiten.KeyV:            session.Variant,
	ebiten.KeyP:            session.Presenter,
	ebiten.KeySlash:        session.Help, // "?" with shift, or "/" alone
	ebiten.KeyH:            session.Help,
	ebiten.KeyF1:           session.Help,
	ebiten.KeyEscape:       session.Close,
	ebiten.KeyQ:            session.Quit,
}

// knobKeyActions replace keyActions for their keys while the knob panel has the keyboard.
var knobKeyActions = map[ebiten.Key]session.Do{
	ebiten.KeyArrowUp:    session.KnobUp,
	ebiten.KeyArrowDown:  session.KnobDown,
	ebiten.KeyArrowLeft:  session.KnobLess,
	ebiten.KeyArrowRight: session.KnobMore,
	ebiten.KeyMinus:      session.KnobLess,
	ebiten.KeyKPSubtract: session.KnobLess,
	ebiten.KeyEqual:      session.KnobMore,
	ebiten.KeyKPAdd:      session.KnobMore,
	ebiten.KeyEnter:      session.KnobApply,
	ebiten.KeyKPEnter:    session.KnobApply,
}

// keysShown are the shortcuts as the footer and the help overlay list them; the last one is
// the help key, which the footer always shows.
var (
	keysPlaying = []scene.Key{
		{Keys: "Space", What: "play"},
		{Keys: "→", What: "step"},
		{Keys: "←", What: "back"},
		{Keys: "↑↓", What: "speed"},
		{Keys: "[ ]", What: "seek"},
		{Keys: "K", What: "knobs"},
		{Keys: "V", What: "compare"},
		{Keys: "P", What: "presenter"},
		{Keys: "M", What: "lessons"},
		{Keys: "?", What: "all keys"},
	}
	keysPresenter = []scene.Key{
		{Keys: "Space", What: "play"},
		{Keys: "→", What: "step"},
		{Keys: "←", What: "back"},
		{Keys: "[ ]", What: "seek"},
		{Keys: "K", What: "knobs"},
		{Keys: "V", What: "compare"},
		{Keys: "M", What: "lessons"},
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
		{Keys: "→", What: "while paused: the next event, and what it was"},
		{Keys: "←", What: "while paused: back one event; else back one second of viewing"},
		{Keys: "↑ ↓  + -", What: "faster / slower (1/1000x … 100x)"},
		{Keys: "1", What: "real time (1x)"},
		{Keys: "[  ]", What: "back / ahead a tenth of the run"},
		{Keys: "Home  End", What: "the start / the end"},
		{Keys: "mouse", What: "click or drag the timeline"},
		{Keys: "mouse", What: "click a lesson's title: fold / unfold its text"},
		{Keys: "mouse", What: "the footer's buttons, a choice, a lesson in the menu"},
		{Keys: "hover / tap", What: "a queue, counter, chart, knob: its kernel rule"},
		{Keys: "K", What: "knobs: open and focus, or close"},
		{Keys: "knobs ↑ ↓", What: "choose a knob"},
		{Keys: "knobs ← → - +", What: "choose its value"},
		{Keys: "knobs Enter", What: "apply it now (recorded on the timeline)"},
		{Keys: "V", What: "side by side: the next comparison"},
		{Keys: "P", What: "presenter mode: fullscreen, large, contrast"},
		{Keys: "T", What: "show the time each frame takes"},
		{Keys: "F  F11", What: "full screen"},
		{Keys: "M", What: "the lesson menu (↑ ↓ choose, Enter open, Esc close)"},
		{Keys: "lesson N  PgDn", What: "the next step (on the last, finish the lesson)"},
		{Keys: "lesson B  PgUp", What: "the step before"},
		{Keys: "lesson 1–4  A–D", What: "while a question waits: choose (↑ ↓ too)"},
		{Keys: "lesson Enter", What: "answer with the choice made"},
		{Keys: "lesson R", What: "read the step whole"},
		{Keys: "?  H  F1", What: "this list"},
		{Keys: "Esc", What: "close this list, the knobs, presenter mode; leave a lesson; else asks, and Esc again quits"},
		{Keys: "Q", What: "quit"},
	}
)

// Key repeat timing, in ticks: the first repeat after repeatDelay, then one every repeatEvery.
const (
	repeatDelay = 30
	repeatEvery = 6
)

// firesAfter reports whether a key held for d ticks fires this tick: on the first tick, and
// for repeating intents again after repeatDelay every repeatEvery ticks.
func firesAfter(do session.Do, d int) bool {
	if d == 1 {
		return true
	}
	return do.Repeats() && d >= repeatDelay && (d-repeatDelay)%repeatEvery == 0
}

// actionFor is what app key k asks for: the knob panel's when it has the keyboard.
func actionFor(k ebiten.Key, knobs bool) session.Do {
	if knobs {
		if do, ok := knobKeyActions[k]; ok {
			return do
		}
	}
	return keyActions[k]
}

// lessonKeys are the keys the lesson player reads; what each does depends on what it shows.
var lessonKeys = []ebiten.Key{
	ebiten.KeyPageDown, ebiten.KeyPageUp, ebiten.KeyN, ebiten.KeyB, ebiten.KeyM, ebiten.KeyEscape,
	ebiten.KeyArrowUp, ebiten.KeyArrowDown, ebiten.KeyEnter, ebiten.KeyNumpadEnter,
	ebiten.KeyDigit1, ebiten.KeyDigit2, ebiten.KeyDigit3, ebiten.KeyDigit4,
	ebiten.KeyA, ebiten.KeyC, ebiten.KeyD, ebiten.KeyR,
}

// lessonIntent is what key k asks of the lesson player in context c. taken is false when the
// key is not the player's there (then it is the app's); a key taken with session.None does
// nothing (N and B while a question waits: letters near the choices skip nothing by
// accident).
func lessonIntent(k ebiten.Key, c session.Context) (in session.Intent, taken bool) {
	if !c.Lessons || !slices.Contains(lessonKeys, k) {
		return in, false
	}
	do := func(d session.Do, n int) (session.Intent, bool) { return session.Intent{Do: d, N: n}, true }
	switch {
	case c.Mode != lesson.Free && k == ebiten.KeyR:
		return do(session.Read, 0)
	case c.Reading && k == ebiten.KeyEscape:
		return do(session.Read, 0)
	}
	switch c.Mode {
	case lesson.Menu: // ↑ ↓ choose, Enter opens, Esc closes; the rest do nothing
		switch k {
		case ebiten.KeyArrowUp:
			return do(session.MenuMove, -1)
		case ebiten.KeyArrowDown:
			return do(session.MenuMove, 1)
		case ebiten.KeyEnter, ebiten.KeyNumpadEnter:
			return do(session.MenuOpen, 0)
		case ebiten.KeyEscape:
			return do(session.MenuClose, 0)
		}
		return do(session.None, 0)
	case lesson.Free:
		if k == ebiten.KeyM {
			return do(session.LessonMenu, 0)
		}
		return in, false
	}
	// A step. While a question waits, 1–4 and A–D choose, ↑ ↓ move the choice, Enter answers
	// (↑ ↓ and Enter are the knob panel's while it is open), and only PageDown and PageUp
	// leave the step; the app's other keys (Space, P, K, ?) work as ever.
	if n := c.Choices; n > 0 {
		if i, ok := choiceKey(k); ok && i < n {
			return do(session.Choose, i)
		}
		if c.Knobs {
			if _, ok := knobKeyActions[k]; ok {
				return in, false
			}
		}
		switch k {
		case ebiten.KeyArrowUp:
			return do(session.ChoiceMove, -1)
		case ebiten.KeyArrowDown:
			return do(session.ChoiceMove, 1)
		case ebiten.KeyEnter, ebiten.KeyNumpadEnter:
			return do(session.Answer, c.Selected)
		case ebiten.KeyN, ebiten.KeyB:
			return do(session.None, 0)
		}
	}
	// N and PageDown go on, B and PageUp back, M opens the menu and Esc leaves the lesson
	// (unless it closes the app's help, knobs or presenter mode).
	switch k {
	case ebiten.KeyPageDown, ebiten.KeyN:
		return do(session.LessonNext, 0)
	case ebiten.KeyPageUp, ebiten.KeyB:
		return do(session.LessonBack, 0)
	case ebiten.KeyM:
		return do(session.LessonMenu, 0)
	case ebiten.KeyEscape:
		if !c.Help && !c.Knobs && !c.Presenter {
			return do(session.LessonLeave, 0)
		}
	}
	return in, false
}

// choiceKey is the choice (from 0) a key names: 1–4 or A–D.
func choiceKey(k ebiten.Key) (int, bool) {
	switch {
	case k >= ebiten.KeyDigit1 && k <= ebiten.KeyDigit4:
		return int(k - ebiten.KeyDigit1), true
	case k >= ebiten.KeyA && k <= ebiten.KeyD:
		return int(k - ebiten.KeyA), true
	}
	return 0, false
}

// intentFor is what key k asks for in context c: the lesson player's meaning first; while
// the lesson menu is open, the app's keys do nothing.
func intentFor(k ebiten.Key, c session.Context) (session.Intent, bool) {
	if in, taken := lessonIntent(k, c); taken {
		return in, in.Do != session.None
	}
	if c.TakesInput() {
		return session.Intent{}, false
	}
	do := actionFor(k, c.Knobs)
	return session.Intent{Do: do}, do != session.None
}

// allKeys are the keys the window listens to.
var allKeys = func() []ebiten.Key {
	var ks []ebiten.Key
	for _, m := range []map[ebiten.Key]session.Do{keyActions, knobKeyActions} {
		for k := range m {
			ks = append(ks, k)
		}
	}
	ks = append(ks, lessonKeys...)
	slices.Sort(ks)
	return slices.Compact(ks)
}()

// pollIntents reads this tick's keyboard state and returns what it asks for in context c,
// each once, in a stable order (the order of session.Do, then N).
func pollIntents(c session.Context) []session.Intent {
	var out []session.Intent
	for _, k := range allKeys {
		d := inpututil.KeyPressDuration(k)
		if d == 0 {
			continue
		}
		if in, ok := intentFor(k, c); ok && firesAfter(in.Do, d) && !slices.Contains(out, in) {
			out = append(out, in)
		}
	}
	slices.SortFunc(out, func(a, b session.Intent) int { return cmp.Or(cmp.Compare(a.Do, b.Do), cmp.Compare(a.N, b.N)) })
	return out
}
