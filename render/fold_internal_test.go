package render

import (
	"image"
	"testing"

	"synq/lessons"
)

// A click on the narration strip's title line folds it to that line, and the scene takes
// the room; a second click unfolds it; a click elsewhere does nothing to it.
func TestNarrationFoldsOnClick(t *testing.T) {
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t, loadFloodShot(t), nil)
	if err := a.s.AttachLessons(ls, nil).Open("handshake", 0); err != nil {
		t.Fatal(err)
	}
	screen := image.Rect(0, 0, 1280, 720)
	open := *a.layoutFor(screen)
	if a.fold(&open, open.Runs[0].Server.Min) {
		t.Fatal("a click on the server folded the narration")
	}
	if !a.fold(&open, open.Narration.Min.Add(image.Pt(20, 10))) {
		t.Fatal("a click on the narration's title line did not fold it")
	}
	shut := *a.layoutFor(screen)
	if !shut.Mode.NarrationCollapsed || shut.Narration.Dy() >= open.Narration.Dy() || shut.Runs[0].Scene.Dy() <= open.Runs[0].Scene.Dy() {
		t.Errorf("folded: narration %d px (was %d), scene %d px (was %d): want it a line and the scene taller",
			shut.Narration.Dy(), open.Narration.Dy(), shut.Runs[0].Scene.Dy(), open.Runs[0].Scene.Dy())
	}
	a.fold(&shut, shut.Narration.Min.Add(image.Pt(20, 5)))
	if a.layoutFor(screen).Mode.NarrationCollapsed {
		t.Error("a second click did not unfold the narration")
	}
}
