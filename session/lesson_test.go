package session

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"synq/lessons"
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
	if !p.app.Context().TakesInput() {
		t.Error("while the question waits the hook leaves the app its keys")
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
	if f := lesson.Feedback(p.Plan().Step.Predict, 0); !strings.Contains(f, "Not quite") {
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
	if want := "step 2/" + strconv.Itoa(len(p.Lesson().Steps)); p.app.Overlay().Progress != want {
		t.Errorf("overlay progress %q", p.app.Overlay().Progress)
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
	if p.app.Overlay() == nil || len(p.app.Overlay().Choices) != len(p.All()) {
		t.Fatalf("menu overlay %+v, want one choice a lesson", p.app.Overlay())
	}
	c := p.app.Overlay().Choices
	hs := lessons.Find(p.All(), "handshake")
	if want := "[step 3/" + strconv.Itoa(len(hs.Steps)) + "]"; !strings.Contains(c[0], want) {
		t.Errorf("menu entry %q, want %q", c[0], want)
	}
	if !strings.Contains(c[3], "[done]") || strings.Contains(c[1], "[") {
		t.Errorf("menu entries %q, %q: want done for a completed lesson, nothing for one not begun", c[3], c[1])
	}
	p.do(MenuMove, 1) // ↓
	p.do(MenuMove, 1)
	p.do(MenuMove, -1) // ↑
	p.do(MenuOpen, 0)  // Enter
	if p.Mode() != lesson.Lesson || p.Lesson().ID != "bsd-vs-linux" {
		t.Fatalf("↓↓↑ Enter opened %v (mode %d), want the second lesson", p.Lesson(), p.Mode())
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
