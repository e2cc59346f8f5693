package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"synq/lessons"
	"synq/render/scene"
	"synq/session/lesson"
)

// memStore keeps saved progress as the JSON a file would hold.
type memStore struct{ data []byte }

func (s *memStore) Load() (*lessons.Progress, error) {
	p := &lessons.Progress{}
	if s.data == nil {
		return p, nil
	}
	return p, json.Unmarshal(s.data, p)
}

func (s *memStore) Save(p *lessons.Progress) error {
	var err error
	s.data, err = json.Marshal(p)
	return err
}

// saved is what the store holds for lesson id.
func (s *memStore) saved(t *testing.T, id string) *lessons.LessonProgress {
	t.Helper()
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return p.Lesson(id)
}

// testPlayer is a lesson player on a fresh session, as the tests drive it.
type testPlayer struct {
	*lesson.Player
	app *Session
}

// newTestPlayer is a player on a fresh session with every lesson and store.
func newTestPlayer(t *testing.T, store lessons.Store) testPlayer {
	t.Helper()
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	s := newTestApp(t, loadFloodShot(t), nil)
	return testPlayer{Player: s.AttachLessons(ls, store), app: s}
}

// do carries out an intent on the player's session.
func (p testPlayer) do(d Do, n int) { p.app.Do(Intent{Do: d, N: n}) }

// open opens lesson id at step (from 0), failing the test if it cannot.
func open(t *testing.T, p testPlayer, id string, step int) {
	t.Helper()
	if err := p.Open(id, step); err != nil {
		t.Fatal(err)
	}
}

// playTicks runs n Updates of the session at 60 a second, each without a budget.
func playTicks(p testPlayer, n int) {
	for range n {
		p.Tick()
		p.app.advance(p.app.clock.advance(time.Second/60), time.Second/60, time.Hour)
	}
}

const overflow = "accept-overflow" // its first step asks a question, its second does not

func TestLessonNextAndBackStayInTheLesson(t *testing.T) {
	p := newTestPlayer(t, &memStore{})
	open(t, p, overflow, 0)
	if err := p.Back(); err != nil || p.Step() != 0 || p.Mode() != lesson.Lesson {
		t.Fatalf("back on step 1: step %d, mode %d, err %v; want step 1 still shown", p.Step()+1, p.Mode(), err)
	}
	n := len(p.Lesson().Steps)
	for i := 1; i < n; i++ {
		if err := p.Next(); err != nil {
			t.Fatal(err)
		}
		if p.Step() != i {
			t.Fatalf("after %d× next: step %d, want %d", i, p.Step()+1, i+1)
		}
	}
	if err := p.Back(); err != nil || p.Step() != n-2 {
		t.Fatalf("back from the last step: step %d, err %v; want %d", p.Step()+1, err, n-1)
	}
	p.Next()
	if err := p.Next(); err != nil || p.Mode() != lesson.Menu {
		t.Fatalf("next on the last step: mode %d, err %v; want the menu", p.Mode(), err)
	}
	if !p.Progress().Lessons[overflow].Completed {
		t.Error("next on the last step did not complete the lesson")
	}
	if got := p.All()[p.MenuSelected()].ID; got != "synq-overflow" {
		t.Errorf("the menu after finishing selects %s, want the next lesson", got)
	}
}

func TestLessonPredictStepWaitsForTheAnswer(t *testing.T) {
	store := &memStore{}
	p := newTestPlayer(t, store)
	open(t, p, overflow, 0)
	start := p.Plan().Start
	if p.app.Now() != start || !p.app.Paused() {
		t.Fatalf("a predict step opened at %v, paused %t; want paused at its start %v", p.app.Now(), p.app.Paused(), start)
	}
	if c := p.app.Context(); c.TakesInput() || c.Choices != len(p.Plan().Step.Predict.Choices) {
		t.Errorf("while the question waits: takes every input %t, choices %d; want the choices, the app's keys free", c.TakesInput(), c.Choices)
	}
	// N chooses nothing (render maps it to no intent while a question waits); Enter with no choice:
	p.do(Answer, p.Selected())
	playTicks(p, 30)
	if p.app.Now() != start || p.Answered() || p.Mode() != lesson.Lesson {
		t.Fatalf("unanswered, the step moved to %v (answered %t)", p.app.Now(), p.Answered())
	}
	p.do(Choose, 1) // B: choice B, not back
	if p.Selected() != 1 || p.Answered() || p.Step() != 0 {
		t.Fatalf("B on the question: selected %d, answered %t, step %d; want choice B selected", p.Selected(), p.Answered(), p.Step()+1)
	}
	p.do(Answer, p.Selected()) // Enter
	if !p.Answered() || p.app.Paused() {
		t.Fatalf("after Enter: answered %t, paused %t; want answered and playing", p.Answered(), p.app.Paused())
	}
	if got := store.saved(t, overflow).Answers[0]; got != 1 {
		t.Errorf("saved answer to step 1 = %d, want 1", got)
	}
	if f := p.Narration().Feedback; f != p.Plan().Step.Predict.Right {
		t.Errorf("feedback for the right answer = %q", p.Narration().Feedback)
	}
	if f := lesson.Feedback(p.Plan().Step.Predict, 0); !strings.Contains(f, "You chose 1; the answer is 2.") {
		t.Errorf("feedback for a wrong answer = %q", f)
	}
	playTicks(p, 60*60)
	if p.app.Now() != p.Plan().End || !p.app.Paused() || !p.Ended() {
		t.Errorf("the step played to %v (paused %t, ended %t), want it to stop at its end %v", p.app.Now(), p.app.Paused(), p.Ended(), p.Plan().End)
	}
}

func TestLessonStepWithoutQuestionPlays(t *testing.T) {
	p := newTestPlayer(t, &memStore{})
	open(t, p, overflow, 1)
	if p.app.Paused() || p.app.Context().TakesInput() {
		t.Fatalf("a step without a question: paused %t; want it playing with the app's keys free", p.app.Paused())
	}
	if p.app.Now() != p.Plan().Start || p.Plan().Start == 0 {
		t.Errorf("step 2 opened at %v, want its start %v (after step 1)", p.app.Now(), p.Plan().Start)
	}
	if p.app.Speed() != p.Plan().Step.Speed {
		t.Errorf("speed %g, want the step's %g", p.app.Speed(), p.Plan().Step.Speed)
	}
	if !slices.Contains(p.app.Highlight(), "syn-queue") {
		t.Errorf("highlight %v, want the step's parts", p.app.Highlight())
	}
	ev := strings.Join(p.app.Overlay().Evidence, "\n")
	if !strings.Contains(ev, "nstat -az TcpExtListenOverflows") {
		t.Errorf("overlay evidence %q, want the step's counters", ev)
	}
	if want := "Lesson 4: Accept-queue overflow (2/" + strconv.Itoa(len(p.Lesson().Steps)) + ")"; p.app.Overlay().Title != want {
		t.Errorf("overlay title %q, want %q", p.app.Overlay().Title, want)
	}
}

func TestLessonResumesAtTheSavedStep(t *testing.T) {
	store := &memStore{}
	p := newTestPlayer(t, store)
	open(t, p, overflow, 2)
	if got := store.saved(t, overflow).Step; got != 2 {
		t.Fatalf("saved step %d, want 2 (from 0)", got)
	}
	again := newTestPlayer(t, store)
	open(t, again, overflow, -1)
	if again.Step() != 2 {
		t.Errorf("resumed at step %d, want 3", again.Step()+1)
	}
	again.Progress().Complete(overflow)
	open(t, again, overflow, -1)
	if again.Step() != 0 {
		t.Errorf("a completed lesson resumed at step %d, want 1", again.Step()+1)
	}
}

func TestLessonMenu(t *testing.T) {
	store := &memStore{}
	p := newTestPlayer(t, store)
	p.Progress().Reach("handshake", 2)
	p.Progress().Complete(overflow)
	p.OpenMenu()
	if p.app.Overlay() == nil || len(p.app.Overlay().Choices) != len(p.All())+1 {
		t.Fatalf("menu overlay %+v, want a Continue line and one choice a lesson", p.app.Overlay())
	}
	hs := lessons.Find(p.All(), "handshake")
	if c, want := p.app.Overlay().Choices[0], "Continue: "+hs.Title+", step 3/"+strconv.Itoa(len(hs.Steps)); c != want {
		t.Errorf("menu line 1 %q, want %q", c, want)
	}
	if p.app.Overlay().Selected != 0 {
		t.Errorf("the menu opens on line %d, want the Continue line", p.app.Overlay().Selected+1)
	}
	c := p.app.Overlay().Choices[1:]
	if want := "[step 3/" + strconv.Itoa(len(hs.Steps)) + "]"; !strings.Contains(c[0], want) {
		t.Errorf("menu entry %q, want %q", c[0], want)
	}
	if !strings.Contains(c[3], "[done]") || strings.Contains(c[1], "[") {
		t.Errorf("menu entries %q, %q: want done for a completed lesson, nothing for one not begun", c[3], c[1])
	}
	p.do(MenuOpen, 0) // Enter on Continue
	if p.Mode() != lesson.Lesson || p.Lesson().ID != "handshake" || p.Step() != 2 {
		t.Fatalf("Enter on Continue opened %v at step %d (mode %d), want the handshake at step 3", p.Lesson(), p.Step()+1, p.Mode())
	}
	p.do(LessonLeave, 0)
	p.OpenMenu()
	p.do(MenuMove, 1) // ↓
	p.do(MenuMove, 1)
	p.do(MenuMove, 1)
	p.do(MenuMove, -1) // ↑
	p.do(MenuOpen, 0)  // Enter
	if p.Mode() != lesson.Lesson || p.Lesson().ID != "bsd-vs-linux" {
		t.Fatalf("↓↓↓↑ Enter opened %v (mode %d), want the second lesson", p.Lesson(), p.Mode())
	}
	p.do(LessonMenu, 0) // M
	p.do(MenuClose, 0)  // Esc in the menu
	if p.Mode() != lesson.Lesson || p.Lesson().ID != "bsd-vs-linux" {
		t.Fatalf("M then Esc: mode %d, want back in the lesson", p.Mode())
	}
	p.do(LessonLeave, 0) // Esc in a lesson
	if p.Mode() != lesson.Free || p.app.Overlay() != nil || len(p.app.Highlight()) != 0 || p.app.Stop() != 0 {
		t.Errorf("Esc in a lesson: mode %d, overlay %v; want the free app", p.Mode(), p.app.Overlay())
	}
}

func TestLessonEscClosesTheAppsPanelsFirst(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 1)
	p.app.SetKnobsOpen(true)
	if p.do(Close, 0); p.app.KnobsOpen() || p.Mode() != lesson.Lesson { // Esc with the knobs open: render maps it to Close
		t.Errorf("Esc with the knobs open left the lesson; want it to close the knobs")
	}
}

func TestLessonMenuEscPlaysTheApp(t *testing.T) {
	p := newTestPlayer(t, nil)
	p.OpenMenu()
	p.do(MenuClose, 0) // Esc in the menu
	if p.Mode() != lesson.Free || p.app.Paused() || p.app.Overlay() != nil {
		t.Errorf("Esc in the first menu: mode %d, paused %t; want the app playing", p.Mode(), p.app.Paused())
	}
}

// R shows the step's narration whole and hides it again; Esc hides it without leaving the
// lesson; another step starts with it hidden; in the menu R shows the selected lesson's
// summary under its title.
func TestLessonReadAll(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 1)
	if p.Narration().Reading || p.Narration().More == "" {
		t.Fatalf("a step opens reading %v with More %q", p.Narration().Reading, p.Narration().More)
	}
	p.do(Read, 0) // R
	if !p.Narration().Reading {
		t.Fatal("R does not show the narration whole")
	}
	p.do(Read, 0) // Esc while reading
	if id, _, _ := p.Current(); p.Narration().Reading || id != overflow {
		t.Fatalf("Esc while reading: reading %v, lesson %q; want the step, not reading", p.Narration().Reading, id)
	}
	p.do(Read, 0) // R
	p.do(Read, 0) // R
	if p.Narration().Reading {
		t.Fatal("a second R does not hide the narration")
	}
	p.do(Read, 0) // R
	if err := p.Next(); err != nil {
		t.Fatal(err)
	}
	if p.Narration().Reading {
		t.Error("the next step opens reading")
	}
	p.OpenMenu()
	p.do(Read, 0) // R
	sel := p.All()[p.MenuSelected()]
	if !p.Narration().Reading || p.Narration().Title != sel.Title || p.Narration().Text != sel.Summary {
		t.Errorf("R in the menu: reading %v, title %q, text %q; want %q and its summary", p.Narration().Reading, p.Narration().Title, p.Narration().Text, sel.Title)
	}
	p.do(Read, 0) // Esc while reading
	if _, _, menu := p.Current(); !menu || p.Narration().Reading {
		t.Errorf("Esc while reading in the menu closed the menu (%v) or kept reading (%v)", !menu, p.Narration().Reading)
	}
}

// Inside a paused lesson step, the player's refresh every Update does not count as a change:
// the generation stays, so render can skip drawing.
func TestLessonPausedStepIdles(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 0) // a question: paused
	g := p.app.Generation()
	for range 60 {
		p.app.Update(time.Second / 60)
	}
	if p.app.Generation() != g {
		t.Error("a paused lesson step changed the generation while nothing changed")
	}
	p.do(Choose, 1)
	if p.app.Generation() == g {
		t.Error("choosing an answer did not change the generation")
	}
}

// After the answer the choices stay, with the pick and the right one, the verdict in words
// (right and wrong differ), the feedback and the explanation; Enter with no choice says what
// to do.
func TestLessonAnswerKeepsTheChoices(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 0)
	q := p.Plan().Step.Predict
	p.do(Answer, -1) // Enter, no choice
	if h := p.app.Overlay().Hint; !strings.Contains(h, "Pick a choice first: 1–3, or click one") {
		t.Errorf("Enter with no choice: hint %q", h)
	}
	wrong := (q.Answer + 1) % len(q.Choices)
	p.do(Choose, wrong)
	p.do(Answer, wrong)
	n := p.app.Overlay()
	if !n.Answered || n.Answer != q.Answer || n.Selected != wrong || n.Right || len(n.Choices) != len(q.Choices) || n.Question != q.Text {
		t.Fatalf("after a wrong answer: %+v; want the choices kept with the pick and the right one", n)
	}
	if want := fmt.Sprintf("You chose %d; the answer is %d.", wrong+1, q.Answer+1); n.Verdict != want {
		t.Errorf("verdict %q, want %q", n.Verdict, want)
	}
	if n.Feedback != q.Wrong || n.After != q.After || n.Hint != "" {
		t.Errorf("feedback %q after %q hint %q; want the wrong feedback and the explanation", n.Feedback, n.After, n.Hint)
	}
	if q.After == "" {
		t.Error("the test wants a question with an explanation (After)")
	}
	open(t, p, overflow, 0)
	p.do(Answer, q.Answer)
	n = p.app.Overlay()
	if !n.Right || n.Verdict != fmt.Sprintf("You chose %d — right.", q.Answer+1) || n.Feedback != q.Right {
		t.Errorf("after the right answer: right %t, verdict %q, feedback %q", n.Right, n.Verdict, n.Feedback)
	}
}

// The last step, played to its end, shows the score of the first answers; the menu counts
// them per lesson.
func TestLessonScore(t *testing.T) {
	p := newTestPlayer(t, nil)
	l := lessons.Find(p.All(), "handshake")
	var asked []int
	for i, st := range l.Steps {
		if st.Predict != nil {
			asked = append(asked, i)
		}
	}
	if len(asked) < 2 {
		t.Fatalf("the handshake asks %d questions; the test wants two", len(asked))
	}
	for k, i := range asked {
		open(t, p, l.ID, i)
		q := l.Steps[i].Predict
		first := q.Answer
		if k == 0 {
			first = (q.Answer + 1) % len(q.Choices) // wrong on the first try
		}
		p.do(Answer, first)
		open(t, p, l.ID, i)
		p.do(Answer, q.Answer) // right on the second: the first counts
	}
	open(t, p, l.ID, len(l.Steps)-1)
	if p.Plan().Step.Predict != nil {
		p.do(Answer, p.Plan().Step.Predict.Answer)
	}
	playTicks(p, 60*120)
	want := fmt.Sprintf("Score: %d of %d questions right on the first try.", len(asked)-1, len(asked))
	if !p.Ended() || p.app.Overlay().Score != want {
		t.Errorf("at the end: ended %t, score %q; want %q", p.Ended(), p.app.Overlay().Score, want)
	}
	p.do(LessonNext, 0) // finish
	if !strings.Contains(p.app.Message(), want) {
		t.Errorf("finishing says %q, want the score", p.app.Message())
	}
	if c := p.app.Overlay().Choices[0]; !strings.Contains(c, fmt.Sprintf("[done · %s%d %s1]", scene.MarkRight, len(asked)-1, scene.MarkWrong)) {
		t.Errorf("menu line %q, want done with the answers' counts", c)
	}
}

// The lesson's title and step name the panel from the first frame of a step, before any
// Update.
func TestLessonHeadingOnTheFirstFrame(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 0)
	p.do(LessonNext, 0)
	n := len(p.Lesson().Steps)
	if got, want := p.app.Overlay().Title, fmt.Sprintf("Lesson 4: Accept-queue overflow (2/%d)", n); got != want {
		t.Errorf("after N, before any Update: title %q, want %q", got, want)
	}
	if got, want := p.app.Title(), fmt.Sprintf("Lesson 4: Accept-queue overflow (2/%d)", n); got != want {
		t.Errorf("session title %q, want %q", got, want)
	}
	p.do(LessonBack, 0)
	if got := p.app.Overlay().Title; !strings.HasSuffix(got, fmt.Sprintf("(1/%d)", n)) {
		t.Errorf("after B: title %q", got)
	}
}

// While a step's question waits, the session's view conceals the step's labels; once it is
// answered, nothing; outside a lesson, nothing.
func TestLessonConcealUntilAnswered(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, "somaxconn", 0)
	if p.Plan().Step.Predict == nil || len(p.Plan().Step.Conceal) == 0 {
		t.Fatal("the test wants somaxconn's first step to conceal labels until its question is answered")
	}
	if got, want := p.app.Conceal(), scene.ConcealLimits|scene.ConcealEvidence; got != want {
		t.Errorf("while the question waits: conceal %b, want %b (queue-limits, evidence)", got, want)
	}
	p.do(Answer, p.Plan().Step.Predict.Answer)
	if got := p.app.Conceal(); got != 0 {
		t.Errorf("after the answer: conceal %b, want none", got)
	}
	open(t, p, "somaxconn", 0)
	if p.app.Conceal() == 0 {
		t.Error("the step opened again conceals nothing")
	}
	p.do(LessonLeave, 0)
	if got := p.app.Conceal(); got != 0 {
		t.Errorf("outside a lesson: conceal %b", got)
	}
}

// Esc leaving a lesson says how to come back; Esc with nothing to close asks before
// quitting: a second Esc quits, any other key stays.
func TestEscAsksBeforeQuitting(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 1)
	p.do(LessonLeave, 0)
	if m := p.app.Message(); m != LeftLesson || !strings.Contains(m, "M") {
		t.Errorf("after Esc left the lesson: message %q", m)
	}
	if err := p.app.Do(Intent{Do: Close}); err != nil || p.app.Message() != QuitAsk {
		t.Fatalf("first Esc: err %v, message %q; want the question", err, p.app.Message())
	}
	if err := p.app.Do(Intent{Do: TogglePause}); err != nil || p.app.Message() != "" {
		t.Fatalf("another key after the question: err %v, message %q; want staying, the question gone", err, p.app.Message())
	}
	if err := p.app.Do(Intent{Do: Close}); err != nil {
		t.Fatalf("Esc after staying quit at once: %v", err)
	}
	if err := p.app.Do(Intent{Do: Close}); err != ErrQuit {
		t.Errorf("a second Esc: %v, want ErrQuit", err)
	}
	p.app.Do(Intent{Do: Close})
	p.app.Update(MessageTime + time.Second)
	if err := p.app.Do(Intent{Do: Close}); err == ErrQuit {
		t.Error("an Esc after the question timed out quit at once")
	}
	p.app.Update(MessageTime + time.Second)
	p.app.SetNoQuit() // the page
	for range 2 {
		if err := p.app.Do(Intent{Do: Close}); err != nil || p.app.Message() != "" {
			t.Errorf("Esc on the page: err %v, message %q; want nothing", err, p.app.Message())
		}
	}
}

// P, Space and K work while a question waits; the question still waits.
func TestAppIntentsWhileAQuestionWaits(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 0)
	p.do(Presenter, 0)
	p.do(Knobs, 0)
	p.do(Help, 0)
	p.do(TogglePause, 0)
	if !p.app.Presenter() || !p.app.KnobsOpen() || !p.app.Help() || p.app.Paused() {
		t.Errorf("P K ? Space with a question waiting: presenter %t knobs %t help %t paused %t", p.app.Presenter(), p.app.KnobsOpen(), p.app.Help(), p.app.Paused())
	}
	if p.Question() == nil {
		t.Error("the question no longer waits")
	}
}
