package lessons

import (
	"encoding/json"
	"fmt"
)

// Progress is what a learner has done: for each lesson, the step reached, the answers given to
// its questions and whether it was completed. The app saves it after every step, so a lesson
// can be resumed after a restart.
type Progress struct {
	Lessons map[string]*LessonProgress `json:"lessons"`
}

// LessonProgress is one lesson's progress.
type LessonProgress struct {
	Step      int         `json:"step"`              // the step reached, from 0
	Answers   map[int]int `json:"answers,omitempty"` // step (from 0) → the choice given (from 0)
	Completed bool        `json:"completed"`
}

// Lesson returns the lesson's progress, creating it empty.
func (p *Progress) Lesson(id string) *LessonProgress {
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	lp := p.Lessons[id]
	if lp == nil {
		lp = &LessonProgress{}
		p.Lessons[id] = lp
	}
	return lp
}

// Reach records that the learner is at step (from 0) of the lesson; going back does not
// forget how far they got.
func (p *Progress) Reach(id string, step int) {
	lp := p.Lesson(id)
	lp.Step = max(lp.Step, step)
}

// Answer records the choice given to the question of a step; the first answer counts.
func (p *Progress) Answer(id string, step, choice int) {
	lp := p.Lesson(id)
	if lp.Answers == nil {
		lp.Answers = map[int]int{}
	}
	if _, done := lp.Answers[step]; !done {
		lp.Answers[step] = choice
	}
}

// Complete records that the lesson was finished.
func (p *Progress) Complete(id string) { p.Lesson(id).Completed = true }

// Resume is the step (from 0) to start the lesson at: the step reached, within the lesson's
// steps (a lesson may have changed since).
func (p *Progress) Resume(l *Lesson) int {
	lp := p.Lessons[l.ID]
	if lp == nil || lp.Completed {
		return 0
	}
	return min(max(lp.Step, 0), len(l.Steps)-1)
}

// Store keeps the progress between runs: a file on the desktop, localStorage in the browser.
type Store interface {
	Load() (*Progress, error)
	Save(*Progress) error
}

// decodeProgress reads saved progress; empty data is no progress yet.
func decodeProgress(data []byte) (*Progress, error) {
	p := &Progress{Lessons: map[string]*LessonProgress{}}
	if len(data) == 0 {
		return p, nil
	}
	if err := json.Unmarshal(data, p); err != nil {
		return &Progress{Lessons: map[string]*LessonProgress{}}, fmt.Errorf("saved lesson progress is unreadable (starting afresh): %w", err)
	}
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	return p, nil
}

func encodeProgress(p *Progress) ([]byte, error) { return json.MarshalIndent(p, "", "  ") }
