package session

import (
	"testing"

	"synq/render/scene"
)

// The page shows the lesson's panel in HTML: the canvas must then draw none, while Overlay
// still gives the page what to show, and the change is one the renderer sees.
func TestExternalPanelHidesTheDrawnNarration(t *testing.T) {
	s, err := New(loadFloodShot(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := &scene.Narration{Title: "a lesson", Text: "what it says"}
	s.SetOverlay(n)
	if s.Drawn() != n {
		t.Fatalf("Drawn() = %v before SetExternalPanel, want the overlay", s.Drawn())
	}
	g := s.Generation()
	s.SetExternalPanel(true)
	if s.Generation() == g {
		t.Error("SetExternalPanel(true) left the generation as it was: the canvas would not redraw without its panel")
	}
	if s.Drawn() != nil {
		t.Errorf("Drawn() = %v with the external panel, want nil", s.Drawn())
	}
	if s.Overlay() != n || !s.ExternalPanel() {
		t.Errorf("Overlay() = %v, ExternalPanel() = %v: the page lost what to show", s.Overlay(), s.ExternalPanel())
	}
}
