// Package lesson is the lesson player: the lesson menu, and one lesson at a time, step by
// step, played on a Stage (the session). Entering a step loads its plan afresh
// (lessons.Plan), runs it silently to the step's start, and plays it to the step's end at the
// step's speed; a step with a "predict first" question waits, paused, until it is answered.
// It reads no keys: the session hands it what a person asked for (Next, Answer, …).
package lesson

import (
	"fmt"

	"synq/lessons"
	"synq/model"
	"synq/render/scene"
)

// Stage is what the player plays a lesson on: the session's runs and clock, its highlight and
// narration panel, and its messages.
type Stage interface {
	Restart(sc, compare *model.Scenario) error // load a step's scenario (and its side) at 0
	Seek(t model.Time)                         // go to t, exactly as playing there gives
	SetSpeed(speed float64)
	SetPaused(paused bool)
	SetStop(t model.Time) // pause on reaching t; 0: no stop
	SetHighlight(parts []string)
	SetOverlay(n *scene.Narration) // the lesson's panel; nil: none
	Say(format string, v ...any)   // a passing message
	Now() model.Time
	Sim() *model.Sim     // the first run as it stands, for reading
	SideSim() *model.Sim // the second run side by side, else nil
}

// Player plays the guided lessons on a Stage.
type Player struct {
	stage Stage
	all   []*lessons.Lesson
	store lessons.Store // nil: progress is kept for this run only
	prog  *lessons.Progress

	mode     Mode
	lesson   *lessons.Lesson // the lesson open, nil for none (kept while the menu is open)
	step     int             // the step shown, from 0
	plan     *lessons.Plan
	selected int    // the choice selected for the step's question, -1 for none
	answered bool   // the step's question has been answered
	ended    bool   // the step has played to its end
	menuSel  int    // the lesson selected in the menu, from 0
	reading  bool   // the narration is shown whole (R), over the scene
	hint     string // what Enter with no choice made says, until a choice is made

	narr scene.Narration // what the overlay shows, rebuilt every tick
}

// Mode is what the player shows.
type Mode int

const (
	Free   Mode = iota // no lesson: the app as it is
	Menu               // the lesson menu
	Lesson             // a lesson's step
)

// New makes a player on stage, showing no lesson. It reads the saved progress from store
// (nil: none is saved); a problem reading it is said on the stage and the learner starts
// afresh.
func New(stage Stage, ls []*lessons.Lesson, store lessons.Store) *Player {
	p := &Player{stage: stage, all: ls, store: store, prog: &lessons.Progress{}, selected: -1}
	if store != nil {
		prog, err := store.Load()
		if err != nil {
			stage.Say("lesson progress: %v", err)
		}
		if prog != nil {
			p.prog = prog
		}
	}
	return p
}

// Mode is what the player shows.
func (p *Player) Mode() Mode { return p.mode }

// Reading reports whether the narration is shown whole.
func (p *Player) Reading() bool { return p.reading }

// Selected is the choice selected for the waiting question, -1 for none.
func (p *Player) Selected() int { return p.selected }

// Narration is what the lesson's panel shows.
func (p *Player) Narration() *scene.Narration { return &p.narr }

// Current says what the player shows: the lesson open ("" for none), its step (from 0) and
// whether the lesson menu is open.
func (p *Player) Current() (id string, step int, menu bool) {
	if p.lesson != nil && p.mode == Lesson {
		id, step = p.lesson.ID, p.step
	}
	return id, step, p.mode == Menu
}

// Open opens lesson id at step (from 0; a negative step resumes where the learner left off).
func (p *Player) Open(id string, step int) error {
	l := lessons.Find(p.all, id)
	if l == nil {
		return fmt.Errorf("no lesson %q", id)
	}
	if step < 0 {
		step = p.prog.Resume(l)
	}
	return p.enter(l, step)
}

// enter shows step i of lesson l: it loads the step's plan, runs it to the step's start and
// plays it to the step's end, paused first when the step asks a question. Nothing changes
// when the step cannot run.
func (p *Player) enter(l *lessons.Lesson, i int) error {
	plan, err := l.Plan(i)
	if err != nil {
		return err
	}
	var side *model.Scenario
	if plan.Side != nil {
		side = plan.Side.Scenario
	}
	if err := p.stage.Restart(plan.Scenario, side); err != nil {
		return fmt.Errorf("%s: step %d: %w", l.ID, i+1, err)
	}
	p.mode, p.lesson, p.step, p.plan = Lesson, l, i, plan
	p.selected, p.answered, p.ended, p.reading, p.hint = -1, false, false, false, ""
	st := plan.Step
	p.stage.Seek(plan.Start)
	p.stage.SetSpeed(st.Speed)
	p.stage.SetStop(plan.End)
	p.stage.SetPaused(st.Predict != nil)
	p.stage.SetHighlight(partNames(st.Highlight))
	p.prog.Reach(l.ID, i)
	p.save()
	p.refresh()
	return nil
}

// partNames are the scene's names of a step's parts (the two lists are the same).
func partNames(parts []lessons.Part) []string {
	out := make([]string, len(parts))
	for i, pt := range parts {
		out[i] = string(pt)
	}
	return out
}

// Next goes to the next step; on the last step it completes the lesson and opens the menu
// at the next lesson.
func (p *Player) Next() error {
	if p.lesson == nil {
		return nil
	}
	if p.step+1 < len(p.lesson.Steps) {
		return p.enter(p.lesson, p.step+1)
	}
	p.complete()
	if sc := Score(p.lesson, p.prog); sc != "" {
		p.stage.Say("%s done. %s", p.lesson.Title, sc)
	}
	p.OpenMenu()
	p.menuSel = min(p.index(p.lesson)+1, len(p.all)-1)
	p.refresh()
	return nil
}

// Back goes to the step before; on the first step it does nothing.
func (p *Player) Back() error {
	if p.lesson == nil || p.step == 0 {
		return nil
	}
	return p.enter(p.lesson, p.step-1)
}

// Question is the step's question while it waits for an answer, else nil.
func (p *Player) Question() *lessons.Question {
	if p.mode != Lesson || p.answered {
		return nil
	}
	return p.plan.Step.Predict
}

// Select selects choice i (from 0) of the waiting question.
func (p *Player) Select(i int) {
	if q := p.Question(); q != nil && i >= 0 && i < len(q.Choices) {
		p.selected, p.hint = i, ""
		p.refresh()
	}
}

// MoveChoice selects the choice d lines below the selected one (above when negative),
// within the choices.
func (p *Player) MoveChoice(d int) {
	if q := p.Question(); q != nil {
		p.Select(min(len(q.Choices)-1, max(0, p.selected+d)))
	}
}

// Answer answers the waiting question with choice i (from 0): the progress records it, the
// feedback shows, and the step plays. With no choice made (i out of range) it says what to do.
func (p *Player) Answer(i int) {
	q := p.Question()
	if q == nil {
		return
	}
	if i < 0 || i >= len(q.Choices) {
		p.hint = pickFirst(len(q.Choices)) // in the panel, above the narration: a toast would cover the header
		p.refresh()
		return
	}
	p.selected, p.answered, p.hint = i, true, ""
	p.prog.Answer(p.lesson.ID, p.step, i)
	p.save()
	p.stage.SetPaused(false)
	p.refresh()
}

// complete records that the open lesson was finished.
func (p *Player) complete() {
	p.prog.Complete(p.lesson.ID)
	p.save()
}

// save writes the progress; a failure is said on the stage.
func (p *Player) save() {
	if p.store == nil {
		return
	}
	if err := p.store.Save(p.prog); err != nil {
		p.stage.Say("lesson progress not saved: %v", err)
	}
}

// OpenMenu shows the lesson menu, pausing the stage. The lesson open, if any, stays open
// behind it.
func (p *Player) OpenMenu() {
	if p.mode != Menu {
		if p.lesson != nil {
			p.menuSel = p.index(p.lesson)
		} else if p.menuOffset() > 0 {
			p.menuSel = -1 // "Continue" first
		}
	}
	p.mode, p.reading = Menu, false
	p.stage.SetPaused(true)
	p.stage.SetHighlight(nil)
	p.refresh()
}

// MoveMenu selects the lesson d lines below the selected one (above when negative).
func (p *Player) MoveMenu(d int) {
	p.menuSel = min(len(p.all)-1, max(-p.menuOffset(), p.menuSel+d))
	p.refresh()
}

// OpenSelected opens the lesson selected in the menu where the learner left off.
func (p *Player) OpenSelected() error {
	if len(p.all) == 0 {
		return nil
	}
	return p.Open(p.all[p.MenuSelected()].ID, -1)
}

// CloseMenu goes back to the lesson open behind the menu, or, with none, to the stage,
// playing.
func (p *Player) CloseMenu() {
	if p.lesson == nil {
		p.Leave()
		p.stage.SetPaused(false)
		return
	}
	p.mode, p.reading = Lesson, false
	p.stage.SetHighlight(partNames(p.plan.Step.Highlight))
	p.refresh()
}

// Leave closes the lesson (or the menu) and gives the stage back as it stands.
func (p *Player) Leave() {
	p.mode, p.lesson, p.plan, p.reading = Free, nil, nil, false
	p.stage.SetStop(0)
	p.stage.SetHighlight(nil)
	p.stage.SetOverlay(nil)
}

// ToggleRead shows the narration whole, or hides it again.
func (p *Player) ToggleRead() {
	if p.mode == Free {
		return
	}
	p.reading = !p.reading
	p.refresh()
}

// index is l's place in the menu.
func (p *Player) index(l *lessons.Lesson) int {
	for i, x := range p.all {
		if x == l {
			return i
		}
	}
	return 0
}

// The keys that show the narration whole and hide it again, as the panel and overlay say them.
const (
	readKey     = "R read all"
	readingKeys = "R or Esc: back"
)

// Tick notes the end of the step (the last step's end completes the lesson) and refreshes
// the panel with the run's evidence now. The session calls it every Update.
func (p *Player) Tick() {
	if p.mode != Lesson {
		return
	}
	if !p.ended && p.stage.Now() >= p.plan.End {
		p.ended = true
		if p.step == len(p.lesson.Steps)-1 {
			p.complete()
		}
	}
	p.refresh()
}

// refresh sets the stage's panel to what the player shows.
func (p *Player) refresh() {
	switch p.mode {
	case Menu:
		p.menuNarration()
	case Lesson:
		p.stepNarration()
	default:
		return
	}
	p.stage.SetOverlay(&p.narr)
}

// stepNarration fills the panel for the step shown: the lesson's title and step, the
// narration, and the step's question with its choices. Once answered the choices stay, the
// pick and the right one marked, followed by the verdict, the feedback, the explanation
// (Question.After) and the run's evidence; the last step, once played, adds the score.
func (p *Player) stepNarration() {
	st := p.plan.Step
	p.narr = scene.Narration{
		Title:    p.Heading(),
		Text:     st.Title + " — " + st.Narration,
		Selected: -1,
		Keys:     p.keys(),
		More:     readKey, Reading: p.reading, ReadingKeys: readingKeys,
	}
	if q := st.Predict; q != nil {
		p.narr.Question, p.narr.Choices, p.narr.Selected = q.Text, q.Choices, p.selected
		if !p.answered {
			p.narr.Hint = p.hint
			return
		}
		p.narr.Answered, p.narr.Answer, p.narr.Right = true, q.Answer, q.Correct(p.selected)
		p.narr.Verdict = Verdict(q, p.selected)
		p.narr.Feedback = q.Feedback(p.selected)
		p.narr.After = q.After
	}
	p.narr.Evidence = st.Evidence.Lines(lessons.Take(p.stage.Sim()))
	p.narr.EvidenceB = nil
	if side := p.stage.SideSim(); side != nil { // side by side: what run B shows too, marked B
		p.narr.EvidenceB = st.Evidence.Lines(lessons.Take(side))
	}
	if p.ended && p.step == len(p.lesson.Steps)-1 {
		p.narr.Score = Score(p.lesson, p.prog)
	}
}

// Heading names the lesson and the step shown, as the lesson's panel and the window's title
// say it: "Lesson 4: Accept-queue overflow (2/6)"; "Lessons" while the menu is open; "" with
// neither.
func (p *Player) Heading() string {
	switch {
	case p.mode == Menu:
		return "Lessons"
	case p.mode != Lesson || p.lesson == nil:
		return ""
	}
	return fmt.Sprintf("Lesson %d: %s (%d/%d)", p.index(p.lesson)+1, p.lesson.Title, p.step+1, len(p.lesson.Steps))
}

// Verdict says which choice the learner made and whether it was right, with the choice's
// number as the panel shows it: "You chose 2 — right." or "You chose 1; the answer is 3."
func Verdict(q *lessons.Question, choice int) string {
	if q.Correct(choice) {
		return fmt.Sprintf("You chose %d — right.", choice+1)
	}
	return fmt.Sprintf("You chose %d; the answer is %d.", choice+1, q.Answer+1)
}

// pickFirst is what Enter with no choice made says.
func pickFirst(n int) string {
	return fmt.Sprintf("Pick a choice first: 1–%d, or click one; then Enter.", n)
}

// tally counts lesson l's questions and how the learner's first answers to them went.
func tally(l *lessons.Lesson, prog *lessons.Progress) (questions, right, wrong int) {
	lp := prog.Lessons[l.ID]
	for i, st := range l.Steps {
		if st.Predict == nil {
			continue
		}
		questions++
		if lp == nil {
			continue
		}
		if a, ok := lp.Answers[i]; ok {
			if st.Predict.Correct(a) {
				right++
			} else {
				wrong++
			}
		}
	}
	return questions, right, wrong
}

// Score is the lesson's score from the learner's first answers: "Score: 3 of 4 questions
// right on the first try." (and how many were left unanswered); "" for a lesson that asks
// nothing.
func Score(l *lessons.Lesson, prog *lessons.Progress) string {
	n, right, wrong := tally(l, prog)
	if n == 0 {
		return ""
	}
	s := fmt.Sprintf("Score: %d of %d questions right on the first try", right, n)
	if left := n - right - wrong; left > 0 {
		s += fmt.Sprintf(" (%d not answered)", left)
	}
	return s + "."
}

// feedback is what the learner is told after answering: the verdict, then the feedback.
func feedback(q *lessons.Question, choice int) string {
	return Verdict(q, choice) + " " + q.Feedback(choice)
}

// keys is the panel's line of lesson keys for what is shown (short: the panel is narrow).
func (p *Player) keys() string {
	if q := p.Question(); q != nil {
		n := len(q.Choices)
		return fmt.Sprintf("1–%d choose · Enter answer · M menu · Esc leave", n) // A–D and PgDn (skip) too: ? lists them
	}
	next := "N next"
	if p.step == len(p.lesson.Steps)-1 {
		next = "N finish"
	}
	if p.ended {
		next = "Done: " + next
	}
	return next + " · B back · M menu · Esc leave"
}

// continueAt is the lesson the menu offers to continue: the first one begun and not
// finished, at the step the learner reached; ok is false when there is none.
func (p *Player) continueAt() (i, step int, ok bool) {
	for i, l := range p.all {
		if lp := p.prog.Lessons[l.ID]; lp != nil && !lp.Completed {
			return i, p.prog.Resume(l), true
		}
	}
	return 0, 0, false
}

// menuOffset is the number of lines above the lessons in the menu: 1 with a "Continue"
// line, else 0.
func (p *Player) menuOffset() int {
	if _, _, ok := p.continueAt(); ok {
		return 1
	}
	return 0
}

// menuNarration fills the panel with the lesson menu: "Continue: <lesson>, step n" first
// when a lesson is under way, then a line a lesson (its title, the learner's progress and
// the first answers' ✓ and ✗ counts), and the first sentence of the selected lesson's
// summary above them.
func (p *Player) menuNarration() {
	off := p.menuOffset()
	if p.menuSel < -off {
		p.menuSel = 0
	}
	p.narr = scene.Narration{
		Title:    p.Heading(),
		Selected: p.menuSel + off,
		Answer:   -1,
		Keys:     "↑↓ choose · Enter open · Esc close the menu",
		More:     readKey, Reading: p.reading, ReadingKeys: readingKeys,
	}
	if ci, cs, ok := p.continueAt(); ok {
		l := p.all[ci]
		p.narr.Choices = append(p.narr.Choices, fmt.Sprintf("Continue: %s, step %d/%d", l.Title, cs+1, len(l.Steps)))
		p.narr.Unnumbered = 1
	}
	if len(p.all) > 0 {
		// The selected lesson's summary, as much as fits; R shows it whole, under its title.
		sel := p.all[p.MenuSelected()]
		p.narr.Text = sel.Summary
		if p.reading {
			p.narr.Title = sel.Title
		}
	}
	for _, l := range p.all {
		p.narr.Choices = append(p.narr.Choices, menuEntry(p.prog, l))
	}
}

// menuEntry is a lesson's line in the menu: its title, the learner's progress and how the
// questions answered went ("[step 3/6 · ✓2 ✗1]").
func menuEntry(prog *lessons.Progress, l *lessons.Lesson) string {
	st := progressText(prog, l)
	if _, right, wrong := tally(l, prog); right+wrong > 0 {
		st += fmt.Sprintf(" · %s%d %s%d", scene.MarkRight, right, scene.MarkWrong, wrong)
	}
	if st != "" {
		return l.Title + " [" + st + "]"
	}
	return l.Title
}

// progressText is how far the learner got in l: "done", "step 3/6", or "" for not begun.
func progressText(prog *lessons.Progress, l *lessons.Lesson) string {
	lp := prog.Lessons[l.ID]
	switch {
	case lp == nil:
		return ""
	case lp.Completed:
		return "done"
	}
	return fmt.Sprintf("step %d/%d", prog.Resume(l)+1, len(l.Steps))
}

// Lesson is the lesson open (also behind the menu), nil for none.
func (p *Player) Lesson() *lessons.Lesson { return p.lesson }

// Plan is the plan of the step shown, nil for none.
func (p *Player) Plan() *lessons.Plan { return p.plan }

// Step is the step shown, from 0.
func (p *Player) Step() int { return p.step }

// Answered reports whether the step's question was answered.
func (p *Player) Answered() bool { return p.answered }

// Ended reports whether the step has played to its end.
func (p *Player) Ended() bool { return p.ended }

// Progress is the learner's progress.
func (p *Player) Progress() *lessons.Progress { return p.prog }

// All are the lessons the menu lists.
func (p *Player) All() []*lessons.Lesson { return p.all }

// MenuSelected is the lesson selected in the menu, from 0 (with the "Continue" line
// selected, the lesson it continues).
func (p *Player) MenuSelected() int {
	if p.menuSel < 0 {
		if i, _, ok := p.continueAt(); ok {
			return i
		}
		return 0
	}
	return p.menuSel
}

// MenuLine selects line i of the menu as it is shown (from 0; the "Continue" line, when
// there is one, is line 0): for a click on it.
func (p *Player) MenuLine(i int) {
	if p.mode != Menu {
		return
	}
	p.menuSel = min(len(p.all)-1, max(-p.menuOffset(), i-p.menuOffset()))
	p.refresh()
}

// Feedback is what the learner is told after answering q with choice.
func Feedback(q *lessons.Question, choice int) string { return feedback(q, choice) }
