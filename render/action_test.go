package render

import (
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/render/scene"
	"synq/session"
	"synq/session/lesson"
)

// Every intent of the app's own (play, seek, knobs, panels) has a key.
func TestEveryActionHasAKey(t *testing.T) {
	have := map[session.Do]bool{}
	for _, a := range keyActions {
		have[a] = true
	}
	for _, a := range knobKeyActions {
		have[a] = true
	}
	for a := session.None + 1; a <= session.KnobApply; a++ {
		if !have[a] {
			t.Errorf("action %d has no key", a)
		}
	}
}

func TestKeyActions(t *testing.T) {
	tests := []struct {
		key  ebiten.Key
		want session.Do
	}{
		{ebiten.KeySpace, session.TogglePause},
		{ebiten.KeyArrowRight, session.Step},
		{ebiten.KeyEqual, session.Faster},
		{ebiten.KeyKPAdd, session.Faster},
		{ebiten.KeyMinus, session.Slower},
		{ebiten.KeyKPSubtract, session.Slower},
		{ebiten.KeyF, session.Fullscreen},
		{ebiten.KeyF11, session.Fullscreen},
		{ebiten.KeyArrowUp, session.Faster},
		{ebiten.KeyArrowDown, session.Slower},
		{ebiten.KeyArrowLeft, session.Back},
		{ebiten.KeyDigit1, session.RealTime},
		{ebiten.KeyT, session.FrameTime},
		{ebiten.KeyQ, session.Quit},
		{ebiten.KeyEscape, session.Close},
		{ebiten.KeyHome, session.Start},
		{ebiten.KeyEnd, session.End},
		{ebiten.KeyBracketLeft, session.BackPart},
		{ebiten.KeyBracketRight, session.AheadPart},
		{ebiten.KeyK, session.Knobs},
		{ebiten.KeyV, session.Variant},
		{ebiten.KeyP, session.Presenter},
		{ebiten.KeySlash, session.Help},
		{ebiten.KeyA, session.None},
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
		want session.Do
	}{
		{ebiten.KeyArrowUp, session.KnobUp},
		{ebiten.KeyArrowDown, session.KnobDown},
		{ebiten.KeyArrowLeft, session.KnobLess},
		{ebiten.KeyArrowRight, session.KnobMore},
		{ebiten.KeyMinus, session.KnobLess},
		{ebiten.KeyEqual, session.KnobMore},
		{ebiten.KeyEnter, session.KnobApply},
		{ebiten.KeySpace, session.TogglePause},
		{ebiten.KeyHome, session.Start},
		{ebiten.KeyK, session.Knobs},
		{ebiten.KeyEscape, session.Close},
		{ebiten.KeyEnter + 0, session.KnobApply},
	}
	for _, tt := range tests {
		if got := actionFor(tt.key, true); got != tt.want {
			t.Errorf("with knobs: actionFor(%v) = %d, want %d", tt.key, got, tt.want)
		}
	}
	if got := actionFor(ebiten.KeyEnter, false); got != session.None {
		t.Errorf("Enter without the knob panel = %d, want nothing", got)
	}
}

// Every key in keyActions and knobKeyActions appears in the help overlay's list.
func TestHelpListsEveryKey(t *testing.T) {
	var all strings.Builder
	for _, k := range keysAll {
		all.WriteString(k.Keys + " " + k.What + "\n")
	}
	for _, name := range []string{"Space", "→", "←", "↑", "↓", "+", "-", "1", "[", "]", "Home", "End", "K", "V", "P", "T", "F", "F11", "?", "H", "F1", "Esc", "Q", "Enter", "mouse", "M", "PgDn", "PgUp", "A–D", "R"} {
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
		a     session.Do
		ticks int
		want  bool
	}{
		{session.Step, 0, false},
		{session.Step, 1, true},
		{session.Step, 2, false},
		{session.Step, repeatDelay - 1, false},
		{session.Step, repeatDelay, true},
		{session.Step, repeatDelay + repeatEvery, true},
		{session.Step, repeatDelay + 1, false},
		{session.TogglePause, 1, true},
		{session.TogglePause, repeatDelay, false},
		{session.Quit, repeatDelay + repeatEvery, false},
		{session.KnobMore, repeatDelay, true},
		{session.KnobApply, repeatDelay, false},
	}
	for _, tt := range tests {
		if got := firesAfter(tt.a, tt.ticks); got != tt.want {
			t.Errorf("firesAfter(action %d, held %d ticks) = %v, want %v", tt.a, tt.ticks, got, tt.want)
		}
	}
}

// What a key asks of the lesson player depends on what it shows; while the menu is open the
// app's own keys do nothing; while a question waits only the choice keys and Enter are its.
func TestLessonKeys(t *testing.T) {
	free := session.Context{Lessons: true, Mode: lesson.Free, Selected: -1}
	step := session.Context{Lessons: true, Mode: lesson.Lesson, Selected: -1}
	question := session.Context{Lessons: true, Mode: lesson.Lesson, Choices: 3, Selected: 2}
	menu := session.Context{Lessons: true, Mode: lesson.Menu, Selected: -1}
	knobs := step
	knobs.Knobs = true
	questionKnobs := question
	questionKnobs.Knobs = true
	reading := step
	reading.Reading = true
	none := session.Context{Selected: -1}
	tests := []struct {
		name string
		c    session.Context
		key  ebiten.Key
		want session.Intent
		ok   bool
	}{
		{"M, free", free, ebiten.KeyM, session.Intent{Do: session.LessonMenu}, true},
		{"N, free", free, ebiten.KeyN, session.Intent{}, false},
		{"R, free", free, ebiten.KeyR, session.Intent{}, false},
		{"Space, free", free, ebiten.KeySpace, session.Intent{Do: session.TogglePause}, true},
		{"M, no lessons", none, ebiten.KeyM, session.Intent{}, false},
		{"N, step", step, ebiten.KeyN, session.Intent{Do: session.LessonNext}, true},
		{"PageDown, step", step, ebiten.KeyPageDown, session.Intent{Do: session.LessonNext}, true},
		{"B, step", step, ebiten.KeyB, session.Intent{Do: session.LessonBack}, true},
		{"PageUp, step", step, ebiten.KeyPageUp, session.Intent{Do: session.LessonBack}, true},
		{"M, step", step, ebiten.KeyM, session.Intent{Do: session.LessonMenu}, true},
		{"Esc, step", step, ebiten.KeyEscape, session.Intent{Do: session.LessonLeave}, true},
		{"Esc, step, knobs open", knobs, ebiten.KeyEscape, session.Intent{Do: session.Close}, true},
		{"1, step", step, ebiten.KeyDigit1, session.Intent{Do: session.RealTime}, true},
		{"↑, step", step, ebiten.KeyArrowUp, session.Intent{Do: session.Faster}, true},
		{"R, step", step, ebiten.KeyR, session.Intent{Do: session.Read}, true},
		{"Esc, reading", reading, ebiten.KeyEscape, session.Intent{Do: session.Read}, true},
		{"N, question", question, ebiten.KeyN, session.Intent{}, false},
		{"B, question", question, ebiten.KeyB, session.Intent{Do: session.Choose, N: 1}, true},
		{"2, question", question, ebiten.KeyDigit2, session.Intent{Do: session.Choose, N: 1}, true},
		{"D, question of 3", question, ebiten.KeyD, session.Intent{}, false},
		{"↓, question", question, ebiten.KeyArrowDown, session.Intent{Do: session.ChoiceMove, N: 1}, true},
		{"Enter, question", question, ebiten.KeyEnter, session.Intent{Do: session.Answer, N: 2}, true},
		{"PageDown, question", question, ebiten.KeyPageDown, session.Intent{Do: session.LessonNext}, true},
		{"Space, question", question, ebiten.KeySpace, session.Intent{Do: session.TogglePause}, true},
		{"P, question", question, ebiten.KeyP, session.Intent{Do: session.Presenter}, true},
		{"K, question", question, ebiten.KeyK, session.Intent{Do: session.Knobs}, true},
		{"?, question", question, ebiten.KeySlash, session.Intent{Do: session.Help}, true},
		{"M, question", question, ebiten.KeyM, session.Intent{Do: session.LessonMenu}, true},
		{"↓, question, knobs open", questionKnobs, ebiten.KeyArrowDown, session.Intent{Do: session.KnobDown}, true},
		{"Enter, question, knobs open", questionKnobs, ebiten.KeyEnter, session.Intent{Do: session.KnobApply}, true},
		{"2, question, knobs open", questionKnobs, ebiten.KeyDigit2, session.Intent{Do: session.Choose, N: 1}, true},
		{"↑, menu", menu, ebiten.KeyArrowUp, session.Intent{Do: session.MenuMove, N: -1}, true},
		{"↓, menu", menu, ebiten.KeyArrowDown, session.Intent{Do: session.MenuMove, N: 1}, true},
		{"Enter, menu", menu, ebiten.KeyEnter, session.Intent{Do: session.MenuOpen}, true},
		{"Esc, menu", menu, ebiten.KeyEscape, session.Intent{Do: session.MenuClose}, true},
		{"N, menu", menu, ebiten.KeyN, session.Intent{}, false},
		{"Space, menu", menu, ebiten.KeySpace, session.Intent{}, false},
	}
	for _, tt := range tests {
		got, ok := intentFor(tt.key, tt.c)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("%s: intentFor = %+v, %v; want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
