package lesson

import (
	"fmt"
	"strings"
	"testing"

	"synq/lessons"
	"synq/model"
	"synq/render/scene"
)

// menuStage is a Stage for the menu, which reads no run: it records what the player says and
// shows.
type menuStage struct {
	said    []string
	overlay *scene.Narration
}

func (s *menuStage) Restart(sc, compare *model.Scenario) error { return nil }
func (s *menuStage) Seek(t model.Time)                         {}
func (s *menuStage) SetSpeed(speed float64)                    {}
func (s *menuStage) SetPaused(paused bool)                     {}
func (s *menuStage) SetStop(t model.Time)                      {}
func (s *menuStage) SetHighlight(parts []string)               {}
func (s *menuStage) SetOverlay(n *scene.Narration)             { s.overlay = n }
func (s *menuStage) Say(format string, v ...any)               { s.said = append(s.said, fmt.Sprintf(format, v...)) }
func (s *menuStage) Now() model.Time                           { return 0 }
func (s *menuStage) Sim() *model.Sim                           { return nil }
func (s *menuStage) SideSim() *model.Sim                       { return nil }

// memStore holds progress in memory.
type memStore struct{ p *lessons.Progress }

func (m *memStore) Load() (*lessons.Progress, error) { return m.p, nil }
func (m *memStore) Save(p *lessons.Progress) error   { m.p = p; return nil }

func loadAll(t *testing.T) []*lessons.Lesson {
	t.Helper()
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// asked are the steps of l that ask a question.
func asked(l *lessons.Lesson) []int {
	var out []int
	for i, st := range l.Steps {
		if st.Predict != nil {
			out = append(out, i)
		}
	}
	return out
}

func TestVerdict(t *testing.T) {
	q := &lessons.Question{Choices: []string{"a", "b", "c"}, Answer: 2}
	if got := Verdict(q, 2); got != "You chose 3 — right." {
		t.Errorf("right: %q", got)
	}
	if got := Verdict(q, 0); got != "You chose 1; the answer is 3." {
		t.Errorf("wrong: %q", got)
	}
}

// The score counts first answers only, and says how many were not answered.
func TestScore(t *testing.T) {
	l := lessons.Find(loadAll(t), "handshake")
	qs := asked(l)
	if len(qs) < 2 {
		t.Fatalf("handshake asks %d questions, the test wants two", len(qs))
	}
	prog := &lessons.Progress{}
	q0 := l.Steps[qs[0]].Predict
	prog.Answer(l.ID, qs[0], q0.Answer)
	want := fmt.Sprintf("Score: 1 of %d questions right on the first try (%d not answered).", len(qs), len(qs)-1)
	if got := Score(l, prog); got != want {
		t.Errorf("one right: %q, want %q", got, want)
	}
	q1 := l.Steps[qs[1]].Predict
	prog.Answer(l.ID, qs[1], (q1.Answer+1)%len(q1.Choices))
	prog.Answer(l.ID, qs[1], q1.Answer) // a second try does not count
	if got := Score(l, prog); strings.HasPrefix(got, "Score: 2 ") || !strings.HasPrefix(got, "Score: 1 ") {
		t.Errorf("one right, one wrong then right: %q", got)
	}
}

// The menu offers to continue the lesson under way, first; it counts each lesson's answers;
// a click on a line (MenuLine) selects it, and Enter on Continue opens that lesson.
func TestMenuContinueAndCounts(t *testing.T) {
	ls := loadAll(t)
	l := lessons.Find(ls, "somaxconn")
	qs := asked(l)
	prog := &lessons.Progress{}
	prog.Reach(l.ID, 1)
	q := l.Steps[qs[0]].Predict
	prog.Answer(l.ID, qs[0], (q.Answer+1)%len(q.Choices))
	st := &menuStage{}
	p := New(st, ls, &memStore{p: prog})
	p.OpenMenu()
	n := st.overlay
	if n == nil || len(n.Choices) != len(ls)+1 {
		t.Fatalf("menu %+v, want Continue and a line a lesson", n)
	}
	if want := fmt.Sprintf("Continue: %s, step 2/%d", l.Title, len(l.Steps)); n.Choices[0] != want || n.Selected != 0 {
		t.Errorf("first line %q (selected %d), want %q selected", n.Choices[0], n.Selected, want)
	}
	i := 1 + slicesIndex(ls, l)
	if want := fmt.Sprintf("[step 2/%d · %s0 %s1]", len(l.Steps), scene.MarkRight, scene.MarkWrong); !strings.HasSuffix(n.Choices[i], want) {
		t.Errorf("the lesson's line %q, want it to end %q", n.Choices[i], want)
	}
	if p.All()[p.MenuSelected()] != l || p.Narration().Text != l.Summary {
		t.Errorf("with Continue selected: lesson %s, text %q; want %s and its summary", p.All()[p.MenuSelected()].ID, p.Narration().Text, l.ID)
	}
	p.MenuLine(3)
	if p.MenuSelected() != 2 || st.overlay.Selected != 3 {
		t.Errorf("line 4 clicked: lesson %d, line %d selected; want lesson 3, line 4", p.MenuSelected()+1, st.overlay.Selected+1)
	}
	p.MoveMenu(-10)
	if st.overlay.Selected != 0 {
		t.Errorf("↑ past the top: line %d, want the Continue line", st.overlay.Selected+1)
	}
	if fresh := New(&menuStage{}, ls, nil); fresh.menuOffset() != 0 {
		t.Error("a learner who began nothing is offered to continue")
	}
}

func slicesIndex(ls []*lessons.Lesson, l *lessons.Lesson) int {
	for i, x := range ls {
		if x == l {
			return i
		}
	}
	return -1
}
