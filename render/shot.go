package render

import (
	"fmt"
	"image"
	"image/png"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
)

// ShotOptions say what a shot shows.
type ShotOptions struct {
	Scenario  *model.Scenario
	Compare   *model.Scenario // shown beside Scenario when not nil
	At        model.Time      // the simulated time to show
	W, H      int             // the picture's size
	Presenter bool            // presenter mode: large text, high contrast
	Knobs     bool            // the knob panel open
	Hover     *image.Point    // the pointer there, when not nil: the tooltip of what is under it
	Path      string          // RunShot: the PNG file to write
}

// Shot renders the app at simulated time o.At into an o.W×o.H image, as a person watching at
// real-time speed would have seen it then. It needs a running Ebiten game (RunShot gives one).
func Shot(o ShotOptions) (*image.RGBA, error) {
	a, err := NewCompareApp(o.Scenario, o.Compare)
	if err != nil {
		return nil, err
	}
	a.s.SetPresenter(o.Presenter)
	a.s.SetKnobsOpen(o.Knobs)
	a.s.Seek(o.At)
	img := a.Snapshot(o.W, o.H)
	if o.Hover != nil { // the first picture says what is where; the second shows its tooltip
		a.hover(*o.Hover, false, false)
		img = a.Snapshot(o.W, o.H)
	}
	return img, nil
}

// RunShot renders a shot (see Shot) and writes it to o.Path as a PNG. It starts Ebiten
// itself, so it must be called at most once, from the main goroutine.
func RunShot(o ShotOptions) error {
	g := &shotGame{o: o}
	ebiten.SetWindowTitle("synq shot")
	ebiten.SetWindowSize(320, 180)
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		return err
	}
	return g.err
}

// shotGame renders the shot in its first Update, where Ebiten can read pixels back, and ends.
type shotGame struct {
	o   ShotOptions
	err error
}

func (g *shotGame) Update() error {
	img, err := Shot(g.o)
	if err == nil {
		err = writePNG(g.o.Path, img)
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
