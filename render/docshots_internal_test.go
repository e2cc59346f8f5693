package render

import (
	"os"
	"path/filepath"
	"testing"

	"synq/lessons"
)

// TestDocShots writes the screenshots docs/ shows when SYNQ_DOC_SHOTS names a directory
// (SYNQ_DOC_SHOTS=$PWD/docs xvfb-run -a go test -run TestDocShots ./render/); without it, it
// only checks that each can be drawn.
func TestDocShots(t *testing.T) {
	dir := os.Getenv("SYNQ_DOC_SHOTS")
	if testing.Short() && dir == "" {
		t.Skip("drawn only with SYNQ_DOC_SHOTS or without -short")
	}
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, a *App, w, h int) {
		img := a.Snapshot(w, h)
		if dir == "" {
			return
		}
		if err := writePNG(filepath.Join(dir, name), img); err != nil {
			t.Fatal(err)
		}
	}
	// lesson opens lesson id at step, answers its question rightly (unless ask), and plays
	// the step to its end.
	lesson := func(id string, step int, presenter, ask bool) *App {
		l := lessons.Find(ls, id)
		if l == nil {
			t.Fatalf("no lesson %q", id)
		}
		a, err := NewApp(l.Steps[0].Scenario)
		if err != nil {
			t.Fatal(err)
		}
		p := a.s.AttachLessons(ls, nil)
		if err := p.Open(id, step); err != nil {
			t.Fatal(err)
		}
		a.s.SetPresenter(presenter)
		if ask {
			a.s.Seek(p.Plan().Start)
			p.Tick()
			return a
		}
		if q := p.Question(); q != nil {
			p.Answer(q.Answer)
		}
		a.s.Seek(p.Plan().End)
		p.Tick() // the evidence as the step ends
		return a
	}
	write("bsd-vs-linux.png", lesson("bsd-vs-linux", 0, false, false), 1280, 720)
	write("bsd-vs-linux-question.png", lesson("bsd-vs-linux", 0, false, true), 1280, 720)
	// A question before and after answering (wrongly, so both marks show): handshake step 2,
	// whose queue limits stay hidden until the answer.
	before := lesson("handshake", 1, false, true)
	write("question-before.png", before, 1280, 720)
	p := before.s.Lessons()
	q := p.Question()
	p.Select((q.Answer + 1) % len(q.Choices))
	p.Answer(p.Selected())
	before.s.Seek(p.Plan().End)
	before.s.SetPaused(true) // as the step's stop leaves it
	p.Tick()
	write("question-after.png", before, 1280, 720)
	write("presenter-lesson.png", lesson("syn-flood", 0, true, false), 1920, 1080)
	// A question waiting in presenter mode, as a class sees it projected: every choice shown.
	write("presenter-question.png", lesson("handshake", 0, true, true), 1920, 1080)

	// Side by side, no lesson: Linux 4.9 and 4.10 under the load of kernel-history's first step.
	st := lessons.Find(ls, "kernel-history").Steps[0]
	a, err := NewCompareApp(st.Scenario, st.Side.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	a.s.Seek(st.Play)
	write("side-by-side.png", a, 1280, 720)

	// Free play, no lesson: the SYN flood of syn-flood's first step, at its end; and the same
	// on an upright phone (390×844 CSS pixels at a devicePixelRatio of 3).
	fl := lessons.Find(ls, "syn-flood").Steps[0]
	free, err := NewApp(fl.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	free.s.Seek(fl.Play)
	write("free-play.png", free, 1280, 720)
	write("phone-portrait.png", free, 1170, 2532)
}
