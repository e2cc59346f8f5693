package render

import (
	"synq/lessons"
	"synq/model"
)

// LessonStart says how RunLessons opens: at a lesson's step, or with the menu.
type LessonStart struct {
	Lessons []*lessons.Lesson
	Store   lessons.Store // where progress is kept; nil: not kept
	ID      string        // the lesson to open; "" for none
	Step    int           // with ID: the step, from 0; negative resumes
	Menu    bool          // without ID: open the menu
}

// RunLessons opens the app's window on sc (and compare beside it, when not nil) with a lesson
// player attached to its session (package session/lesson holds it; the app paints its panel
// and turns the lesson keys into intents), opened as o says, and runs it until it is closed.
func RunLessons(sc, compare *model.Scenario, o LessonStart) error {
	a, err := NewCompareApp(sc, compare)
	if err != nil {
		return err
	}
	p := a.s.AttachLessons(o.Lessons, o.Store)
	switch {
	case o.ID != "":
		if err := p.Open(o.ID, o.Step); err != nil {
			return err
		}
	case o.Menu:
		p.OpenMenu()
	}
	return runWindow(a)
}
