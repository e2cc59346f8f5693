package render

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/lessons"
	"synq/model"
	"synq/render/scene"
)

// LessonPlayer plays the guided lessons in the app: the lesson menu, and one lesson at a
// time, step by step. Entering a step loads its plan afresh (lessons.Plan), runs it silently
// to the step's start, and plays it to the step's end at the step's speed; a step with a
// "predict first" question waits, paused, until it is answered. Its keys come through the
// app's input hook, so the app's own keys (play, pause, seek, knobs) work inside a step.
type LessonPlayer struct {
	app   *App
	all   []*lessons.Lesson
	store lessons.Store // nil: progress is kept for this run only
	prog  *lessons.Progress

	mode     playerMode
	lesson   *lessons.Lesson // the lesson open, nil for none (kept while the menu is open)
	step     int             // the step shown, from 0
	plan     *lessons.Plan
	selected int  // the choice selected for the step's question, -1 for none
	answered bool // the step's question has been answered
	ended    bool // the step has played to its end
	menuSel  int  // the lesson selected in the menu, from 0
	reading  bool // the narration is shown whole (R), over the scene

	narr scene.Narration // what the overlay shows, rebuilt every tick
}

// playerMode is what the player shows.
type playerMode int

const (
	modeFree   playerMode = iota // no lesson: the app as it is
	modeMenu                     // the lesson menu
	modeLesson                   // a lesson's step
)

// NewLessonPlayer attaches a lesson player to a (through its input hook), in free mode. It
// reads the saved progress from store (nil: none is saved); a problem reading it is shown as
// the app's message and the learner starts afresh.
func NewLessonPlayer(a *App, ls []*lessons.Lesson, store lessons.Store) *LessonPlayer {
	p := &LessonPlayer{app: a, all: ls, store: store, prog: &lessons.Progress{}, selected: -1}
	if store != nil {
		prog, err := store.Load()
		if err != nil {
			a.say("lesson progress: %v", err)
		}
		if prog != nil {
			p.prog = prog
		}
	}
	a.SetInputHook(p.hook)
	return p
}

// Current says what the player shows: the lesson open ("" for none), its step (from 0) and
// whether the lesson menu is open.
func (p *LessonPlayer) Current() (id string, step int, menu bool) {
	if p.lesson != nil && p.mode == modeLesson {
		id, step = p.lesson.ID, p.step
	}
	return id, step, p.mode == modeMenu
}

// Open opens lesson id at step (from 0; a negative step resumes where the learner left off).
func (p *LessonPlayer) Open(id string, step int) error {
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
func (p *LessonPlayer) enter(l *lessons.Lesson, i int) error {
	plan, err := l.Plan(i)
	if err != nil {
		return err
	}
	var side *model.Scenario
	if plan.Side != nil {
		side = plan.Side.Scenario
	}
	if err := p.app.Restart(plan.Scenario, side); err != nil {
		return fmt.Errorf("%s: step %d: %w", l.ID, i+1, err)
	}
	p.mode, p.lesson, p.step, p.plan = modeLesson, l, i, plan
	p.selected, p.answered, p.ended, p.reading = -1, false, false, false
	st := plan.Step
	p.app.Seek(plan.Start)
	p.app.clock.speed = max(minSpeed, min(maxSpeed, st.Speed))
	p.app.SetStop(plan.End)
	p.app.SetPaused(st.Predict != nil)
	p.app.SetHighlight(partNames(st.Highlight))
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
func (p *LessonPlayer) Next() error {
	if p.lesson == nil {
		return nil
	}
	if p.step+1 < len(p.lesson.Steps) {
		return p.enter(p.lesson, p.step+1)
	}
	p.complete()
	p.OpenMenu()
	p.menuSel = min(p.index(p.lesson)+1, len(p.all)-1)
	p.refresh()
	return nil
}

// Back goes to the step before; on the first step it does nothing.
func (p *LessonPlayer) Back() error {
	if p.lesson == nil || p.step == 0 {
		return nil
	}
	return p.enter(p.lesson, p.step-1)
}

// question is the step's question while it waits for an answer, else nil.
func (p *LessonPlayer) question() *lessons.Question {
	if p.mode != modeLesson || p.answered {
		return nil
	}
	return p.plan.Step.Predict
}

// Select selects choice i (from 0) of the waiting question.
func (p *LessonPlayer) Select(i int) {
	if q := p.question(); q != nil && i >= 0 && i < len(q.Choices) {
		p.selected = i
		p.refresh()
	}
}

// Answer answers the waiting question with choice i (from 0): the progress records it, the
// feedback shows, and the step plays.
func (p *LessonPlayer) Answer(i int) {
	q := p.question()
	if q == nil || i < 0 || i >= len(q.Choices) {
		return
	}
	p.selected, p.answered = i, true
	p.prog.Answer(p.lesson.ID, p.step, i)
	p.save()
	p.app.SetPaused(false)
	p.refresh()
}

// complete records that the open lesson was finished.
func (p *LessonPlayer) complete() {
	p.prog.Complete(p.lesson.ID)
	p.save()
}

// save writes the progress; a failure is the app's message.
func (p *LessonPlayer) save() {
	if p.store == nil {
		return
	}
	if err := p.store.Save(p.prog); err != nil {
		p.app.say("lesson progress not saved: %v", err)
	}
}

// OpenMenu shows the lesson menu, pausing the app. The lesson open, if any, stays open
// behind it.
func (p *LessonPlayer) OpenMenu() {
	if p.mode != modeMenu && p.lesson != nil {
		p.menuSel = p.index(p.lesson)
	}
	p.mode, p.reading = modeMenu, false
	p.app.SetPaused(true)
	p.app.SetHighlight(nil)
	p.refresh()
}

// CloseMenu goes back to the lesson open behind the menu, or, with none, to the app, playing.
func (p *LessonPlayer) CloseMenu() {
	if p.lesson == nil {
		p.Leave()
		p.app.SetPaused(false)
		return
	}
	p.mode, p.reading = modeLesson, false
	p.app.SetHighlight(partNames(p.plan.Step.Highlight))
	p.refresh()
}

// Leave closes the lesson (or the menu) and gives the app back as it stands.
func (p *LessonPlayer) Leave() {
	p.mode, p.lesson, p.plan, p.reading = modeFree, nil, nil, false
	p.app.SetStop(0)
	p.app.SetHighlight(nil)
	p.app.SetOverlay(nil)
}

// index is l's place in the menu.
func (p *LessonPlayer) index(l *lessons.Lesson) int {
	for i, x := range p.all {
		if x == l {
			return i
		}
	}
	return 0
}

// lessonKeys are the keys the player reads; what each does depends on what is shown (handle).
var lessonKeys = []ebiten.Key{
	ebiten.KeyPageDown, ebiten.KeyPageUp, ebiten.KeyN, ebiten.KeyB, ebiten.KeyM, ebiten.KeyEscape,
	ebiten.KeyArrowUp, ebiten.KeyArrowDown, ebiten.KeyEnter, ebiten.KeyNumpadEnter,
	ebiten.KeyDigit1, ebiten.KeyDigit2, ebiten.KeyDigit3, ebiten.KeyDigit4,
	ebiten.KeyA, ebiten.KeyC, ebiten.KeyD, ebiten.KeyR,
}

// The keys that show the narration whole and hide it again, as the panel and overlay say them.
const (
	readKey     = "R read all"
	readingKeys = "R or Esc: back"
)

// hook is the app's input hook: it handles this tick's lesson keys and refreshes the
// overlay. It takes the whole keyboard while the menu or a question is shown.
func (p *LessonPlayer) hook() bool {
	took := false
	for _, k := range lessonKeys {
		if inpututil.IsKeyJustPressed(k) && p.handle(k) {
			took = true
		}
	}
	p.tick()
	return took || p.mode == modeMenu || p.question() != nil
}

// handle carries out key k; it reports whether the key was the player's.
func (p *LessonPlayer) handle(k ebiten.Key) bool {
	var err error
	took := true
	switch {
	case p.mode != modeFree && k == ebiten.KeyR:
		p.reading = !p.reading
		p.refresh()
		return true
	case p.reading && k == ebiten.KeyEscape:
		p.reading = false
		p.refresh()
		return true
	}
	switch p.mode {
	case modeMenu:
		err = p.menuKey(k)
	case modeLesson:
		took, err = p.stepKey(k)
	default:
		took = k == ebiten.KeyM
		if took {
			p.OpenMenu()
		}
	}
	if err != nil {
		p.app.say("%v", err)
	}
	return took
}

// menuKey is a key while the menu is shown: ↑ ↓ choose, Enter opens, Esc closes.
func (p *LessonPlayer) menuKey(k ebiten.Key) error {
	switch k {
	case ebiten.KeyArrowUp:
		p.menuSel = max(0, p.menuSel-1)
	case ebiten.KeyArrowDown:
		p.menuSel = min(len(p.all)-1, p.menuSel+1)
	case ebiten.KeyEnter, ebiten.KeyNumpadEnter:
		if len(p.all) > 0 {
			return p.Open(p.all[p.menuSel].ID, -1)
		}
	case ebiten.KeyEscape:
		p.CloseMenu()
		return nil
	}
	p.refresh()
	return nil
}

// stepKey is a key inside a step. While a question waits, 1–4 and A–D choose, ↑ ↓ move the
// choice, Enter answers, and only PageDown and PageUp leave the step; otherwise N and PageDown go on, B and PageUp back, M opens the
// menu and Esc leaves the lesson (unless it closes the app's help, knobs or presenter mode).
func (p *LessonPlayer) stepKey(k ebiten.Key) (bool, error) {
	if q := p.question(); q != nil {
		if i, ok := choiceKey(k); ok && i < len(q.Choices) {
			p.Select(i)
			return true, nil
		}
		switch k {
		case ebiten.KeyArrowUp:
			p.Select(max(0, p.selected-1))
			return true, nil
		case ebiten.KeyArrowDown:
			p.Select(min(len(q.Choices)-1, p.selected+1))
			return true, nil
		case ebiten.KeyEnter, ebiten.KeyNumpadEnter:
			p.Answer(p.selected)
			return true, nil
		case ebiten.KeyN, ebiten.KeyB: // letters near the choices' skip nothing by accident
			return true, nil
		}
	}
	switch k {
	case ebiten.KeyPageDown, ebiten.KeyN:
		return true, p.Next()
	case ebiten.KeyPageUp, ebiten.KeyB:
		return true, p.Back()
	case ebiten.KeyM:
		p.OpenMenu()
	case ebiten.KeyEscape:
		if p.app.help || p.app.knobsOpen || p.app.presenter {
			return false, nil
		}
		p.Leave()
	default:
		return false, nil
	}
	return true, nil
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

// tick notes the end of the step (the last step's end completes the lesson) and refreshes
// the overlay with the run's evidence now.
func (p *LessonPlayer) tick() {
	if p.mode != modeLesson {
		return
	}
	if !p.ended && p.app.Now() >= p.plan.End {
		p.ended = true
		if p.step == len(p.lesson.Steps)-1 {
			p.complete()
		}
	}
	p.refresh()
}

// refresh sets the app's overlay to what the player shows.
func (p *LessonPlayer) refresh() {
	switch p.mode {
	case modeMenu:
		p.menuNarration()
	case modeLesson:
		p.stepNarration()
	default:
		return
	}
	p.app.SetOverlay(&p.narr)
}

// stepNarration fills the overlay for the step shown: while its question waits, the
// question and its choices; then the feedback on the answer and the run's evidence.
func (p *LessonPlayer) stepNarration() {
	st, l := p.plan.Step, p.lesson
	p.narr = scene.Narration{
		Title:    l.Title,
		Progress: fmt.Sprintf("step %d/%d", p.step+1, len(l.Steps)),
		Text:     st.Title + " — " + st.Narration,
		Selected: -1,
		Keys:     p.keys(),
		More:     readKey, Reading: p.reading, ReadingKeys: readingKeys,
	}
	if q := p.question(); q != nil {
		p.narr.Question, p.narr.Choices, p.narr.Selected = q.Text, q.Choices, p.selected
		return
	}
	if q := st.Predict; q != nil {
		p.narr.Feedback = feedback(q, p.selected)
	}
	p.narr.Evidence = st.Evidence.Lines(lessons.Take(p.app.Sim()))
	if side := p.app.SideSim(); side != nil { // side by side: what run B shows too, marked B
		p.narr.EvidenceB = st.Evidence.Lines(lessons.Take(side))
	}
}

// feedback is what the learner is told after answering.
func feedback(q *lessons.Question, choice int) string {
	if q.Correct(choice) {
		return q.Feedback(choice)
	}
	return "Not quite. " + q.Feedback(choice)
}

// keys is the overlay's line of lesson keys for what is shown (short: the panel is narrow).
func (p *LessonPlayer) keys() string {
	if q := p.question(); q != nil {
		n := len(q.Choices)
		return fmt.Sprintf("1–%d A–%c choose · Enter answer · Esc leave", n, 'A'+rune(n-1))
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

// menuNarration fills the overlay with the lesson menu: a line a lesson (its title and the
// learner's progress), and the first sentence of the selected lesson's summary above them.
func (p *LessonPlayer) menuNarration() {
	p.narr = scene.Narration{
		Title:    "Lessons",
		Selected: p.menuSel,
		Keys:     "↑↓ choose · Enter open · Esc close the menu",
		More:     readKey, Reading: p.reading, ReadingKeys: readingKeys,
	}
	if len(p.all) > 0 {
		// The selected lesson's summary, as much as fits; R shows it whole, under its title.
		sel := p.all[p.menuSel]
		p.narr.Text = sel.Summary
		if p.reading {
			p.narr.Title = sel.Title
		}
	}
	for _, l := range p.all {
		p.narr.Choices = append(p.narr.Choices, menuEntry(p.prog, l))
	}
}

// menuEntry is a lesson's line in the menu: its title and the learner's progress.
func menuEntry(prog *lessons.Progress, l *lessons.Lesson) string {
	if st := progressText(prog, l); st != "" {
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

// LessonStart says how RunLessons opens: at a lesson's step, or with the menu.
type LessonStart struct {
	Lessons []*lessons.Lesson
	Store   lessons.Store // where progress is kept; nil: not kept
	ID      string        // the lesson to open; "" for none
	Step    int           // with ID: the step, from 0; negative resumes
	Menu    bool          // without ID: open the menu
}

// RunLessons opens the app's window on sc (and compare beside it, when not nil) with the
// lesson player attached, opened as o says, and runs it until it is closed.
func RunLessons(sc, compare *model.Scenario, o LessonStart) error {
	a, err := NewCompareApp(sc, compare)
	if err != nil {
		return err
	}
	p := NewLessonPlayer(a, o.Lessons, o.Store)
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
