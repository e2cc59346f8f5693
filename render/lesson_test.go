package render

import (
	"fmt"
	"strings"
	"testing"

	"synq/lessons"
	"synq/render/scene"
	"synq/session"
	"synq/session/lesson"
)

// The frame drawn right after N (no Update between) names the new step, in the panel and in
// the window's title; the frame after the answer keeps the choices and says the verdict.
func TestLessonFirstFrameOfAStep(t *testing.T) {
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, loadFloodShot(t), nil)
	p := a.s.AttachLessons(ls, nil)
	if err := p.Open("handshake", 0); err != nil {
		t.Fatal(err)
	}
	drawn := func() string {
		a.Snapshot(1280, 720)
		var b strings.Builder
		for _, x := range a.list.Texts {
			b.WriteString(x.S + "\n")
		}
		return b.String()
	}
	drawn()
	a.s.Do(session.Intent{Do: session.LessonNext})
	n := len(p.Lesson().Steps)
	want := fmt.Sprintf("Lesson 1: The handshake and listen() (2/%d)", n)
	if got := drawn(); !strings.Contains(got, want) {
		t.Errorf("the first frame after N lacks %q:\n%s", want, got)
	}
	if got := a.title(); got != "synq — "+want {
		t.Errorf("window title %q, want it to name the step", got)
	}
	q := p.Question()
	if q == nil {
		t.Fatal("the test wants the handshake's step 2 to ask a question")
	}
	wrong := (q.Answer + 1) % len(q.Choices)
	a.s.Do(session.Intent{Do: session.Answer, N: wrong})
	got := drawn()
	for _, w := range []string{fmt.Sprintf("You chose %d; the answer is %d.", wrong+1, q.Answer+1), q.Choices[q.Answer], q.Choices[wrong]} {
		if !strings.Contains(got, w) {
			t.Errorf("the frame after the answer lacks %q:\n%s", w, got)
		}
	}
}

// With a lesson under way the menu's first line is "Continue"; a click on it opens that
// lesson where the learner left off, and a click on a lesson's line opens that lesson (the
// lines count as shown).
func TestMenuContinueClick(t *testing.T) {
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	click := func(line int) *lesson.Player {
		a := newTestApp(t, loadFloodShot(t), nil)
		p := a.s.AttachLessons(ls, nil)
		p.Progress().Reach("somaxconn", 1)
		p.OpenMenu()
		a.Snapshot(1280, 720)
		var hit scene.Hit
		for _, h := range a.list.Hits {
			if h.Control == scene.CtrlMenuEntry && h.N == line {
				hit = h
			}
		}
		if hit.R.Empty() {
			t.Fatalf("menu line %d is not clickable", line+1)
		}
		h, _ := a.list.HitAt(center(hit.R))
		for _, in := range controlIntents(h.Control, h.N, a.s.Context()) {
			if err := a.s.Do(in); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	if p := click(0); p.Mode() != lesson.Lesson || p.Lesson().ID != "somaxconn" || p.Step() != 1 {
		t.Errorf("a click on Continue: mode %v, lesson %v, step %d; want somaxconn at step 2", p.Mode(), p.Lesson(), p.Step()+1)
	}
	if p := click(2); p.Mode() != lesson.Lesson || p.Lesson() != ls[1] {
		t.Errorf("a click on line 3: lesson %v, want %s (line 1 is Continue)", p.Lesson(), ls[1].ID)
	}
}
