package render_test

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
	"synq/render"
)

// fakeSource is a Source with a clock and a fixed number of lines that mention it.
type fakeSource struct {
	now   model.Time
	lines int
}

func (f *fakeSource) Advance(dt model.Time) { f.now += dt }

func (f *fakeSource) Title() string { return "fake simulation" }

func (f *fakeSource) Lines() []string {
	out := make([]string, f.lines)
	for i := range out {
		out[i] = fmt.Sprintf("counter %-2d  %8d   at %s", i, i*int(f.now/model.Millisecond), f.now)
	}
	return out
}

// background is the color the window clears to (its top-left pixel, which no text reaches).
func background(img *ebiten.Image) color.RGBA {
	return img.At(0, 0).(color.RGBA)
}

// inked counts the pixels of r that differ from the background.
func inked(img *ebiten.Image, r image.Rectangle) int {
	bg := background(img)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.At(x, y).(color.RGBA) != bg {
				n++
			}
		}
	}
	return n
}

func TestStatusWindowDrawsText(t *testing.T) {
	tests := []struct {
		lines     int
		where     string
		area      image.Rectangle // part of a 1280x800 screen that must show text
		minPixels int
	}{
		{lines: 3, where: "header", area: image.Rect(0, 0, 1280, 40), minPixels: 200},
		{lines: 3, where: "first lines", area: image.Rect(0, 40, 640, 120), minPixels: 500},
		{lines: 3, where: "footer", area: image.Rect(0, 720, 1280, 800), minPixels: 500},
		{lines: 60, where: "second column", area: image.Rect(660, 40, 1280, 400), minPixels: 500},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d lines %s", tt.lines, tt.where), func(t *testing.T) {
			w, err := render.NewStatusWindow(&fakeSource{now: 1500 * model.Millisecond, lines: tt.lines})
			if err != nil {
				t.Fatal(err)
			}
			screen := ebiten.NewImage(1280, 800)
			defer screen.Deallocate()
			w.Draw(screen)
			if got := inked(screen, tt.area); got < tt.minPixels {
				t.Errorf("%d lines: %s %v has %d pixels off the background %v, want at least %d",
					tt.lines, tt.where, tt.area, got, background(screen), tt.minPixels)
			}
		})
	}
}

func TestStatusWindowEmptySourceStillDrawsFooter(t *testing.T) {
	w, err := render.NewStatusWindow(&fakeSource{})
	if err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImage(640, 400)
	defer screen.Deallocate()
	w.Draw(screen)
	if got := inked(screen, image.Rect(0, 320, 640, 400)); got == 0 {
		t.Errorf("no lines: footer of a 640x400 window is blank, want the speed and key help")
	}
}

func TestStatusWindowTinyScreenDoesNotPanic(t *testing.T) {
	w, err := render.NewStatusWindow(&fakeSource{lines: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []image.Point{{1, 1}, {30, 20}, {200, 60}} {
		screen := ebiten.NewImage(size.X, size.Y)
		w.Draw(screen)
		screen.Deallocate()
	}
}

func TestNewStatusWindowNeedsSource(t *testing.T) {
	if _, err := render.NewStatusWindow(nil); err == nil {
		t.Error("NewStatusWindow(nil) = nil error, want an error")
	}
}
