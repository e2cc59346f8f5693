package session

import (
	"fmt"
	"strings"

	"synq/model"
)

// Intent is what a person asked for, whatever asked for it: a key, a click, a tap or one of
// the page's controls. render/action.go turns keys and the mouse into intents, the training
// page its controls; Session.Do carries them out.
type Intent struct {
	Do   Do
	At   model.Time // GoTo: the time to go to
	N    int        // KnobRow: the knob's line; Choose, Answer: the choice; MenuMove, ChoiceMove: the direction
	Side int        // KnobRow: -1 or 1 for the value's ◄ ►, 0 for the knob's name
}

// Do names what an intent asks for.
type Do int

// What an intent can ask for.
const (
	None        Do = iota
	TogglePause    // play or pause
	Step           // while paused: run the next event and say what it was
	Faster         // the next speed up
	Slower         // the next speed down
	Fullscreen     // full screen on or off
	Back           // while paused: back one event; while playing: back one second of viewing
	RealTime       // speed 1x
	FrameTime      // show or hide the time each frame takes
	Start          // go to 0
	End            // go to the end
	BackPart       // back a tenth of the run
	AheadPart      // ahead a tenth of the run
	Knobs          // open (and focus) or close the knob panel
	Variant        // the next side-by-side comparison
	Presenter      // presenter mode on or off
	Help           // the overlay with every key
	Close          // close the help, the knob panel or presenter mode; quit when none is on
	Quit
	// With the knob panel open:
	KnobUp    // choose the knob above
	KnobDown  // choose the knob below
	KnobLess  // choose a smaller value
	KnobMore  // choose a larger value
	KnobApply // apply the chosen value now
	KnobRow   // a click on knob line N: on its value's ◄ ► (Side) or on its name (choose, then apply)
	GoTo      // go to time At (the timeline clicked or dragged)
	// Lessons:
	LessonMenu  // open the lesson menu
	MenuMove    // the menu's selection N lines down (up when negative)
	MenuOpen    // open the lesson selected in the menu
	MenuClose   // close the menu
	LessonNext  // the next step (the last one finishes the lesson)
	LessonBack  // the step before
	LessonLeave // close the lesson
	Choose      // select choice N of the waiting question
	ChoiceMove  // the question's selection N lines down (up when negative)
	Answer      // answer the waiting question with choice N
	Read        // show the narration whole, or hide it again
	numDo
)

// Repeats reports whether holding a key down repeats the intent.
func (d Do) Repeats() bool {
	switch d {
	case Step, Faster, Slower, Back, BackPart, AheadPart, KnobUp, KnobDown, KnobLess, KnobMore:
		return true
	}
	return false
}

// NumDo is how many kinds of intent there are (for tables indexed by Do).
const NumDo = int(numDo)

// doNames are the intents' names, as the training page's controls send them (synqIntent).
var doNames = [numDo]string{
	None: "none", TogglePause: "toggle-pause", Step: "step", Faster: "faster", Slower: "slower",
	Fullscreen: "fullscreen", Back: "back", RealTime: "real-time", FrameTime: "frame-time",
	Start: "start", End: "end", BackPart: "back-part", AheadPart: "ahead-part", Knobs: "knobs",
	Variant: "variant", Presenter: "presenter", Help: "help", Close: "close", Quit: "quit",
	KnobUp: "knob-up", KnobDown: "knob-down", KnobLess: "knob-less", KnobMore: "knob-more",
	KnobApply: "knob-apply", KnobRow: "knob-row", GoTo: "go-to", LessonMenu: "lesson-menu",
	MenuMove: "menu-move", MenuOpen: "menu-open", MenuClose: "menu-close", LessonNext: "lesson-next",
	LessonBack: "lesson-back", LessonLeave: "lesson-leave", Choose: "choose", ChoiceMove: "choice-move",
	Answer: "answer", Read: "read",
}

// String names the intent ("toggle-pause", "lesson-next", …).
func (d Do) String() string {
	if d >= 0 && d < numDo {
		return doNames[d]
	}
	return "?"
}

// ParseDo is the intent named name (see String), or an error that lists the names.
func ParseDo(name string) (Do, error) {
	for d, n := range doNames {
		if n == name {
			return Do(d), nil
		}
	}
	return None, fmt.Errorf("no intent %q; there are %s", name, strings.Join(doNames[1:], ", "))
}
