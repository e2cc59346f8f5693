package session

import (
	"errors"

	"synq/lessons"
	"synq/session/lesson"
)

// ErrQuit is what Do returns when the person asked to quit.
var ErrQuit = errors.New("quit")

// Do carries out intent in; it returns ErrQuit when the person asked to quit, and nil
// otherwise (what goes wrong is said as a message).
func (s *Session) Do(in Intent) error {
	s.gen++ // most intents change what is shown; an extra frame when one does not is cheap
	// A change waiting for confirmation is forgotten by any other intent (dragging the
	// timeline sends GoTo every frame: it asks nothing).
	if in.Do != GoTo {
		s.asked, s.confirm = s.confirm, ""
	}
	asked := s.quitAsk // Esc with nothing to close asked; any intent but a second Esc stays
	if asked {
		s.quitAsk = false
		if in.Do != Close {
			s.message, s.msgLeft = "", 0
		}
	}
	switch in.Do {
	case TogglePause:
		s.SetPaused(!s.clock.paused)
	case Step:
		if s.clock.paused {
			s.step()
		}
	case Back:
		if s.clock.paused {
			s.stepBack()
		} else {
			s.GoTo(s.t - backSpan(s.clock.speed))
		}
	case Faster:
		s.clock.faster()
		s.effective = 0
	case Slower:
		s.clock.slower()
		s.effective = 0
	case RealTime:
		s.SetSpeed(1)
	case FrameTime:
		s.frameTime = !s.frameTime
	case Fullscreen:
		s.fullscreen = !s.fullscreen
	case Start:
		s.GoTo(0)
	case End:
		s.GoTo(s.Duration())
	case BackPart:
		s.GoTo(s.t - s.Duration()/10)
	case AheadPart:
		s.GoTo(s.t + s.Duration()/10)
	case GoTo:
		if in.At != s.t && in.At != s.goingTo {
			s.GoTo(in.At)
		}
	case Knobs:
		s.knobsOpen = !s.knobsOpen
	case Variant:
		if s.confirmed("variant", "another comparison (or leaving side by side) starts from the scenario as loaded", "press V again") {
			s.nextVariant()
		}
	case Presenter:
		s.setPresenter(!s.presenter)
	case Help:
		s.help = !s.help
	case Close:
		switch {
		case s.help:
			s.help = false
		case s.knobsOpen:
			s.knobsOpen = false
		case s.presenter:
			s.setPresenter(false)
		case s.noQuit: // a page has nowhere to quit to
		case asked:
			return ErrQuit
		default:
			s.quitAsk = true
			s.Say("%s", QuitAsk)
		}
	case Quit:
		return ErrQuit
	case KnobUp:
		s.knobs.move(-1)
	case KnobDown:
		s.knobs.move(1)
	case KnobLess:
		s.knobs.step(s.sim, -1)
	case KnobMore:
		s.knobs.step(s.sim, 1)
	case KnobApply:
		s.applyKnob()
	case KnobRow:
		if s.knobsOpen {
			s.knobRow(in.N, in.Side)
		}
	default:
		s.lessonDo(in)
	}
	return nil
}

// What Esc says: with nothing to close, before quitting; after leaving a lesson (or the
// first menu), how to come back.
const (
	QuitAsk    = "Esc again to quit, any other key to stay"
	LeftLesson = "Left the lessons: M opens the lesson menu to come back"
)

// lessonDo carries out a lesson's intent; without a lesson player it does nothing.
func (s *Session) lessonDo(in Intent) {
	p := s.player
	if p == nil {
		return
	}
	var err error
	switch in.Do {
	case LessonMenu:
		p.OpenMenu()
	case MenuMove:
		p.MoveMenu(in.N)
	case MenuOpen:
		err = p.OpenSelected()
	case MenuClose:
		p.CloseMenu()
		if p.Mode() == lesson.Free {
			s.Say("%s", LeftLesson)
		}
	case LessonNext:
		err = p.Next()
	case LessonBack:
		err = p.Back()
	case LessonLeave:
		p.Leave()
		s.Say("%s", LeftLesson)
	case Choose:
		p.Select(in.N)
	case ChoiceMove:
		p.MoveChoice(in.N)
	case Answer:
		p.Answer(in.N)
	case Read:
		p.ToggleRead()
	}
	if err != nil {
		s.Say("%v", err)
	}
}

// setPresenter turns presenter mode on (full screen, large text, high contrast) or off (full
// screen as it was before).
func (s *Session) setPresenter(on bool) {
	if on == s.presenter {
		return
	}
	s.presenter = on
	if on {
		s.fullBefore = s.fullscreen
		s.fullscreen = true
	} else {
		s.fullscreen = s.fullBefore
	}
}

// SetPresenter turns presenter mode on or off.
func (s *Session) SetPresenter(on bool) { s.setPresenter(on); s.gen++ }

// SetPresenterLook turns presenter mode's look (large text, high contrast) on or off without
// asking for full screen, which a browser grants only in answer to a key or a click: how the
// training page opens a link with presenter=1. P and Esc then work as they always do.
func (s *Session) SetPresenterLook(on bool) { s.presenter = on; s.gen++ }

// SetNoQuit says there is nowhere to quit to (the training page): Esc with nothing to close
// then does nothing, rather than ask whether to quit.
func (s *Session) SetNoQuit() { s.noQuit = true }

// SetKnobsOpen opens or closes the knob panel.
func (s *Session) SetKnobsOpen(open bool) { s.knobsOpen = open; s.gen++ }

// SetFullscreen notes that the window is (or is not) full screen, as the person may change
// it outside the app.
func (s *Session) SetFullscreen(on bool) { s.fullscreen = on }

// AttachLessons gives the session a lesson player for lessons ls, its progress kept in store
// (nil: not kept), showing no lesson yet.
func (s *Session) AttachLessons(ls []*lessons.Lesson, store lessons.Store) *lesson.Player {
	s.player = lesson.New(s, ls, store)
	return s.player
}

// Lessons is the lesson player, nil when none is attached.
func (s *Session) Lessons() *lesson.Player { return s.player }

// Context is what a key means now depends on: which panels are open and what the lesson
// player shows. render's key map reads it.
type Context struct {
	Knobs, Help, Presenter bool
	Lessons                bool        // a lesson player is attached
	Mode                   lesson.Mode // what it shows
	Reading                bool        // the narration is shown whole
	Choices                int         // a question waits with this many choices; 0: none
	Selected               int         // the choice selected, -1 for none
	MenuSelected           int         // the lesson menu's line selected (as shown: a "Continue" line may be line 0)
	Paused                 bool        // the clock is paused
}

// Context says what a key means now depends on.
func (s *Session) Context() Context {
	c := Context{Knobs: s.knobsOpen, Help: s.help, Presenter: s.presenter, Selected: -1, Paused: s.clock.paused}
	if p := s.player; p != nil {
		c.Lessons, c.Mode, c.Reading, c.Selected = true, p.Mode(), p.Reading(), p.Selected()
		c.MenuSelected = p.MenuSelected()
		if p.Mode() == lesson.Menu {
			c.MenuSelected = p.Narration().Selected // the line shown: a "Continue" line may come first
		}
		if q := p.Question(); q != nil {
			c.Choices = len(q.Choices)
		}
	}
	return c
}

// TakesInput reports whether the lesson player takes every key and click: while the menu
// is open. While a question waits it takes only the choice keys and Enter (and N and B, so
// that they skip nothing by accident); P, Space, K, ? and the rest stay the app's.
func (c Context) TakesInput() bool { return c.Mode == lesson.Menu }
