package render

import (
	"fmt"
	"image"
	"image/png"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
)

// Shot renders the app for sc at simulated time at into a w×h image, as a person watching at
// real-time speed would have seen it then. It needs a running Ebiten game (RunShot gives one).
func Shot(sc *model.Scenario, at model.Time, w, h int) (*image.RGBA, error) {
	a, err := NewApp(sc)
	if err != nil {
		return nil, err
	}
	a.replayTo(at)
	return a.Snapshot(w, h), nil
}

// RunShot renders a shot (see Shot) and writes it to path as a PNG. It starts Ebiten itself,
// so it must be called at most once, from the main goroutine.
func RunShot(sc *model.Scenario, at model.Time, w, h int, path string) error {
	g := &shotGame{sc: sc, at: at, w: w, h: h, path: path}
	ebiten.SetWindowTitle("synq shot")
	ebiten.SetWindowSize(320, 180)
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		return err
	}
	return g.err
}

// shotGame renders the shot in its first Update, where Ebiten can read pixels back, and ends.
type shotGame struct {
	sc   *model.Scenario
	at   model.Time
	w, h int
	path string
	err  error
}

func (g *shotGame) Update() error {
	img, err := Shot(g.sc, g.at, g.w, g.h)
	if err == nil {
		err = writePNG(g.path, img)
	}
	g.err = err
	return ebiten.Termination
}

func (*shotGame) Draw(*ebiten.Image) {}

func (*shotGame) Layout(int, int) (int, int) { return 320, 180 }

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the shot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("writing the shot to %s: %w", path, err)
	}
	return f.Close()
}
