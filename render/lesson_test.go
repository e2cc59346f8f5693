package render

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/lessons"
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

// newTestPlayer is a player on a fresh app with every lesson and store.
func newTestPlayer(t *testing.T, store lessons.Store) *LessonPlayer {
	t.Helper()
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	return NewLessonPlayer(newTestApp(t, loadFloodShot(t), nil), ls, store)
}

// open opens lesson id at step (from 0), failing the test if it cannot.
func open(t *testing.T, p *LessonPlayer, id string, step int) {
	t.Helper()
	if err := p.Open(id, step); err != nil {
		t.Fatal(err)
	}
}

// playTicks runs n ticks of the app at 60 ticks a second, as Update does minus the input.
func playTicks(p *LessonPlayer, n int) {
	for range n {
		p.tick()
		p.app.advance(p.app.clock.tick(60), time.Hour)
	}
}

const overflow = "accept-overflow" // its first step asks a question, its second does not

func TestLessonNextAndBackStayInTheLesson(t *testing.T) {
	p := newTestPlayer(t, &memStore{})
	open(t, p, overflow, 0)
	if err := p.Back(); err != nil || p.step != 0 || p.mode != modeLesson {
		t.Fatalf("back on step 1: step %d, mode %d, err %v; want step 1 still shown", p.step+1, p.mode, err)
	}
	n := len(p.lesson.Steps)
	for i := 1; i < n; i++ {
		if err := p.Next(); err != nil {
			t.Fatal(err)
		}
		if p.step != i {
			t.Fatalf("after %d× next: step %d, want %d", i, p.step+1, i+1)
		}
	}
	if err := p.Back(); err != nil || p.step != n-2 {
		t.Fatalf("back from the last step: step %d, err %v; want %d", p.step+1, err, n-1)
	}
	p.Next()
	if err := p.Next(); err != nil || p.mode != modeMenu {
		t.Fatalf("next on the last step: mode %d, err %v; want the menu", p.mode, err)
	}
	if !p.prog.Lessons[overflow].Completed {
		t.Error("next on the last step did not complete the lesson")
	}
	if got := p.all[p.menuSel].ID; got != "synq-overflow" {
		t.Errorf("the menu after finishing selects %s, want the next lesson", got)
	}
}

func TestLessonPredictStepWaitsForTheAnswer(t *testing.T) {
	store := &memStore{}
	p := newTestPlayer(t, store)
	open(t, p, overflow, 0)
	start := p.plan.Start
	if p.app.Now() != start || !p.app.Paused() {
		t.Fatalf("a predict step opened at %v, paused %t; want paused at its start %v", p.app.Now(), p.app.Paused(), start)
	}
	if !p.hook() {
		t.Error("while the question waits the hook leaves the app its keys")
	}
	p.handle(ebiten.KeyN) // chooses nothing: not a choice key
	p.handle(ebiten.KeyEnter)
	playTicks(p, 30)
	if p.app.Now() != start || p.answered || p.mode != modeLesson {
		t.Fatalf("unanswered, the step moved to %v (answered %t)", p.app.Now(), p.answered)
	}
	p.handle(ebiten.KeyB) // choice B, not back
	if p.selected != 1 || p.answered || p.step != 0 {
		t.Fatalf("B on the question: selected %d, answered %t, step %d; want choice B selected", p.selected, p.answered, p.step+1)
	}
	p.handle(ebiten.KeyEnter)
	if !p.answered || p.app.Paused() {
		t.Fatalf("after Enter: answered %t, paused %t; want answered and playing", p.answered, p.app.Paused())
	}
	if got := store.saved(t, overflow).Answers[0]; got != 1 {
		t.Errorf("saved answer to step 1 = %d, want 1", got)
	}
	if f := p.narr.Feedback; f != p.plan.Step.Predict.Right {
		t.Errorf("feedback for the right answer = %q", p.narr.Feedback)
	}
	if f := feedback(p.plan.Step.Predict, 0); !strings.Contains(f, "Not quite") {
		t.Errorf("feedback for a wrong answer = %q", f)
	}
	playTicks(p, 60*60)
	if p.app.Now() != p.plan.End || !p.app.Paused() || !p.ended {
		t.Errorf("the step played to %v (paused %t, ended %t), want it to stop at its end %v", p.app.Now(), p.app.Paused(), p.ended, p.plan.End)
	}
}

func TestLessonStepWithoutQuestionPlays(t *testing.T) {
	p := newTestPlayer(t, &memStore{})
	open(t, p, overflow, 1)
	if p.app.Paused() || p.hook() {
		t.Fatalf("a step without a question: paused %t; want it playing with the app's keys free", p.app.Paused())
	}
	if p.app.Now() != p.plan.Start || p.plan.Start == 0 {
		t.Errorf("step 2 opened at %v, want its start %v (after step 1)", p.app.Now(), p.plan.Start)
	}
	if p.app.clock.speed != p.plan.Step.Speed {
		t.Errorf("speed %g, want the step's %g", p.app.clock.speed, p.plan.Step.Speed)
	}
	if !slices.Contains(p.app.highlight, "syn-queue") {
		t.Errorf("highlight %v, want the step's parts", p.app.highlight)
	}
	ev := strings.Join(p.app.overlay.Evidence, "\n")
	if !strings.Contains(ev, "nstat -az TcpExtListenOverflows") {
		t.Errorf("overlay evidence %q, want the step's counters", ev)
	}
	if want := "step 2/" + strconv.Itoa(len(p.lesson.Steps)); p.app.overlay.Progress != want {
		t.Errorf("overlay progress %q", p.app.overlay.Progress)
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
	if again.step != 2 {
		t.Errorf("resumed at step %d, want 3", again.step+1)
	}
	again.complete()
	open(t, again, overflow, -1)
	if again.step != 0 {
		t.Errorf("a completed lesson resumed at step %d, want 1", again.step+1)
	}
}

func TestLessonMenu(t *testing.T) {
	store := &memStore{}
	p := newTestPlayer(t, store)
	p.prog.Reach("handshake", 2)
	p.prog.Complete(overflow)
	p.OpenMenu()
	if p.app.overlay == nil || len(p.app.overlay.Choices) != len(p.all) {
		t.Fatalf("menu overlay %+v, want one choice a lesson", p.app.overlay)
	}
	c := p.app.overlay.Choices
	hs := lessons.Find(p.all, "handshake")
	if want := "[step 3/" + strconv.Itoa(len(hs.Steps)) + "]"; !strings.Contains(c[0], want) {
		t.Errorf("menu entry %q, want %q", c[0], want)
	}
	if !strings.Contains(c[3], "[done]") || strings.Contains(c[1], "[") {
		t.Errorf("menu entries %q, %q: want done for a completed lesson, nothing for one not begun", c[3], c[1])
	}
	p.handle(ebiten.KeyArrowDown)
	p.handle(ebiten.KeyArrowDown)
	p.handle(ebiten.KeyArrowUp)
	p.handle(ebiten.KeyEnter)
	if p.mode != modeLesson || p.lesson.ID != "bsd-vs-linux" {
		t.Fatalf("↓↓↑ Enter opened %v (mode %d), want the second lesson", p.lesson, p.mode)
	}
	p.handle(ebiten.KeyM)
	p.handle(ebiten.KeyEscape)
	if p.mode != modeLesson || p.lesson.ID != "bsd-vs-linux" {
		t.Fatalf("M then Esc: mode %d, want back in the lesson", p.mode)
	}
	p.handle(ebiten.KeyEscape)
	if p.mode != modeFree || p.app.overlay != nil || len(p.app.highlight) != 0 || p.app.stopAt != 0 {
		t.Errorf("Esc in a lesson: mode %d, overlay %v; want the free app", p.mode, p.app.overlay)
	}
	if p.handle(ebiten.KeyN) {
		t.Error("N in the free app was taken by the lesson player")
	}
}

func TestLessonEscClosesTheAppsPanelsFirst(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 1)
	p.app.knobsOpen = true
	if p.handle(ebiten.KeyEscape) || p.mode != modeLesson {
		t.Errorf("Esc with the knobs open left the lesson; want it to close the knobs")
	}
}

func TestLessonMenuEscPlaysTheApp(t *testing.T) {
	p := newTestPlayer(t, nil)
	p.OpenMenu()
	p.handle(ebiten.KeyEscape)
	if p.mode != modeFree || p.app.Paused() || p.app.overlay != nil {
		t.Errorf("Esc in the first menu: mode %d, paused %t; want the app playing", p.mode, p.app.Paused())
	}
}

// R shows the step's narration whole and hides it again; Esc hides it without leaving the
// lesson; another step starts with it hidden; in the menu R shows the selected lesson's
// summary under its title.
func TestLessonReadAll(t *testing.T) {
	p := newTestPlayer(t, nil)
	open(t, p, overflow, 1)
	if p.narr.Reading || p.narr.More == "" {
		t.Fatalf("a step opens reading %v with More %q", p.narr.Reading, p.narr.More)
	}
	p.handle(ebiten.KeyR)
	if !p.narr.Reading {
		t.Fatal("R does not show the narration whole")
	}
	p.handle(ebiten.KeyEscape)
	if id, _, _ := p.Current(); p.narr.Reading || id != overflow {
		t.Fatalf("Esc while reading: reading %v, lesson %q; want the step, not reading", p.narr.Reading, id)
	}
	p.handle(ebiten.KeyR)
	p.handle(ebiten.KeyR)
	if p.narr.Reading {
		t.Fatal("a second R does not hide the narration")
	}
	p.handle(ebiten.KeyR)
	if err := p.Next(); err != nil {
		t.Fatal(err)
	}
	if p.narr.Reading {
		t.Error("the next step opens reading")
	}
	p.OpenMenu()
	p.handle(ebiten.KeyR)
	sel := p.all[p.menuSel]
	if !p.narr.Reading || p.narr.Title != sel.Title || p.narr.Text != sel.Summary {
		t.Errorf("R in the menu: reading %v, title %q, text %q; want %q and its summary", p.narr.Reading, p.narr.Title, p.narr.Text, sel.Title)
	}
	p.handle(ebiten.KeyEscape)
	if _, _, menu := p.Current(); !menu || p.narr.Reading {
		t.Errorf("Esc while reading in the menu closed the menu (%v) or kept reading (%v)", !menu, p.narr.Reading)
	}
}
