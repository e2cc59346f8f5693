package render

import (
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
	"synq/model/scenario"
	"synq/session"
)

func loadFloodShot(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func newTestApp(t *testing.T, sc, compare *model.Scenario) *App {
	t.Helper()
	a, err := NewCompareApp(sc, compare)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The window's title says whether the scenario's profile was proven on a real kernel.
func TestAppTitleShowsProof(t *testing.T) {
	sc := loadFloodShot(t)
	a := newTestApp(t, sc, nil)
	if got, want := a.title(), "on "+sc.Profile.Name+" ("+sc.Profile.Proof()+")"; !strings.HasSuffix(got, want) {
		t.Errorf("title %q, want it to end with %q", got, want)
	}
	if !strings.Contains(sc.Profile.Proof(), "proven on") && !strings.Contains(sc.Profile.Proof(), "specification") {
		t.Errorf("Proof() = %q", sc.Profile.Proof())
	}
}

// painted reports whether any pixel of img is not fully transparent.
func painted(img *ebiten.Image) bool {
	b := img.Bounds()
	pix := make([]byte, 4*b.Dx()*b.Dy())
	img.ReadPixels(pix)
	for _, p := range pix {
		if p != 0 {
			return true
		}
	}
	return false
}

// With the screen kept between frames, a paused app whose session shows nothing new draws
// nothing; a change (the help overlay) draws again.
func TestAppDrawSkipsWhenNothingChanged(t *testing.T) {
	ebiten.SetScreenClearedEveryFrame(false)
	defer ebiten.SetScreenClearedEveryFrame(true)
	a := newTestApp(t, loadFloodShot(t), nil)
	a.s.SetPaused(true)
	first := ebiten.NewImage(320, 240)
	a.Draw(first)
	if !painted(first) {
		t.Fatal("the first frame was not drawn")
	}
	if err := a.Update(); err != nil {
		t.Fatal(err)
	}
	again := ebiten.NewImage(320, 240)
	a.Draw(again)
	if painted(again) {
		t.Error("a paused app with nothing new drew its frame again")
	}
	if err := a.s.Do(session.Intent{Do: session.Help}); err != nil {
		t.Fatal(err)
	}
	a.Draw(again)
	if !painted(again) {
		t.Error("after opening the help the frame was not drawn")
	}
}
