package render

import (
	"image"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/lessons"
	"synq/render/scene"
	"synq/session"
	"synq/session/lesson"
)

// center is the middle of r.
func center(r image.Rectangle) image.Point { return r.Min.Add(r.Size().Div(2)) }

// buttonKey is the ebiten key a drawn button shows.
func buttonKey(t *testing.T, b scene.Button) button {
	t.Helper()
	for _, bt := range allButtons {
		if bt.b.Control == b.Control {
			return bt
		}
	}
	t.Fatalf("button %+v is not one of allButtons", b)
	return button{}
}

// appIn is an app with every lesson attached, in each of the lesson player's situations.
func appIn(t *testing.T, situation string) *App {
	t.Helper()
	a := newTestApp(t, loadFloodShot(t), nil)
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	p := a.s.AttachLessons(ls, nil)
	open := func(id string, step int) {
		if err := p.Open(id, step); err != nil {
			t.Fatal(err)
		}
	}
	switch situation {
	case "menu":
		p.OpenMenu()
	case "question", "chosen":
		open("accept-overflow", 0)
		if p.Question() == nil {
			t.Fatal("accept-overflow step 1 asks no question")
		}
		if situation == "chosen" {
			p.Select(1)
		}
	case "step":
		open("accept-overflow", 1)
	case "paused":
		a.s.SetPaused(true)
	}
	return a
}

// Every button drawn is hit at its centre, shows the key that asks for what its click does,
// and the clock's and the lesson's buttons are drawn where their keys work.
func TestButtonsHitAtTheirCentreGiveTheirKeysIntent(t *testing.T) {
	want := map[string][]scene.Control{
		"free":     {scene.CtrlBack, scene.CtrlPlay, scene.CtrlStep, scene.CtrlSlower, scene.CtrlFaster, scene.CtrlLessonMenu},
		"paused":   {scene.CtrlBack, scene.CtrlPlay, scene.CtrlStep, scene.CtrlSlower, scene.CtrlFaster, scene.CtrlLessonMenu},
		"step":     {scene.CtrlLessonBack, scene.CtrlLessonNext, scene.CtrlLessonMenu},
		"question": nil,
		"chosen":   {scene.CtrlAnswer},
		"menu":     nil,
	}
	for situation, controls := range want {
		a := appIn(t, situation)
		img := a.Snapshot(1280, 720)
		_ = img
		c := a.s.Context()
		var drawn []scene.Control
		for _, h := range a.list.Hits {
			if h.Key == "" {
				continue
			}
			drawn = append(drawn, h.Control)
			got, ok := a.list.HitAt(center(h.R))
			if !ok || got.Control != h.Control {
				t.Errorf("%s: button %q %v: its centre hits %+v", situation, h.Key, h.Control, got)
			}
			bt := buttonKey(t, scene.Button{Control: h.Control})
			in, ok := intentFor(bt.key, c)
			clicks := controlIntents(got.Control, got.N, c)
			if !ok || len(clicks) != 1 || clicks[0] != in {
				t.Errorf("%s: button %q: a click asks for %v, its key for %v (%v)", situation, h.Key, clicks, in, ok)
			}
			if bt.b.Key != h.Key {
				t.Errorf("%s: button shows key %q, its key is %q", situation, h.Key, bt.b.Key)
			}
		}
		for _, ctrl := range controls {
			if !slices.Contains(drawn, ctrl) {
				t.Errorf("%s: no button for control %d drawn (drawn: %v)", situation, ctrl, drawn)
			}
		}
	}
}

// A question's choices and the lesson menu's lines are hit at their centres: a click chooses
// the choice (answers with it when already chosen), or opens the lesson.
func TestChoicesAndMenuLinesAreClickable(t *testing.T) {
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		a := appIn(t, "question")
		a.Snapshot(size[0], size[1])
		choicesClickable(t, a)
	}

	a := appIn(t, "menu")
	a.Snapshot(1280, 720)
	var third scene.Hit
	for _, h := range a.list.Hits {
		if h.Control == scene.CtrlMenuEntry && h.N == 2 {
			third = h
		}
	}
	if third.R.Empty() {
		t.Fatal("the menu's third line is not clickable")
	}
	h, _ := a.list.HitAt(center(third.R))
	for _, in := range controlIntents(h.Control, h.N, a.s.Context()) {
		if err := a.s.Do(in); err != nil {
			t.Fatal(err)
		}
	}
	p := a.s.Lessons()
	if p.Mode() != lesson.Lesson || p.Lesson() != p.All()[2] {
		t.Errorf("clicking the menu's third line opened %v in mode %v, want lesson %s", p.Lesson(), p.Mode(), p.All()[2].ID)
	}
}

// choicesClickable checks that every choice of a's waiting question is hit at its centre and
// that a click there gives the intent its key gives.
func choicesClickable(t *testing.T, a *App) {
	t.Helper()
	c := a.s.Context()
	n := 0
	for _, h := range a.list.Hits {
		if h.Control != scene.CtrlChoice {
			continue
		}
		got, _ := a.list.HitAt(center(h.R))
		if got.Control != scene.CtrlChoice || got.N != h.N {
			t.Errorf("choice %d: its centre hits %+v", h.N, got)
		}
		in, _ := intentFor(choiceKeys[h.N], c)
		if clicks := controlIntents(got.Control, got.N, c); len(clicks) != 1 || clicks[0] != in {
			t.Errorf("choice %d: click %v, key %v", h.N, clicks, in)
		}
		n++
	}
	if n != c.Choices {
		t.Fatalf("%d choices clickable, the question has %d", n, c.Choices)
	}
}

// A click on a drawn button does what its key does, through the session.
func TestPlayButtonPauses(t *testing.T) {
	a := appIn(t, "free")
	a.Snapshot(1280, 720)
	for _, h := range a.list.Hits {
		if h.Control == scene.CtrlPlay {
			for _, in := range controlIntents(h.Control, h.N, a.s.Context()) {
				_ = a.s.Do(in)
			}
			if !a.s.Paused() {
				t.Error("a click on play/pause did not pause")
			}
			return
		}
	}
	t.Fatal("no play button")
}

var choiceKeys = func() []ebitenKey {
	return []ebitenKey{ebitenKeyDigit1, ebitenKeyDigit1 + 1, ebitenKeyDigit1 + 2, ebitenKeyDigit1 + 3}
}()

var _ = session.None

type ebitenKey = ebiten.Key

const ebitenKeyDigit1 = ebiten.KeyDigit1
