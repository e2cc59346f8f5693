package render_test

import (
	"image"
	"image/color"
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/render"
	"synq/render/scene"
)

func floodShot(t *testing.T) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// near reports whether two colours match within a few levels per channel.
func near(a color.RGBA, b color.RGBA) bool {
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	return d(a.R, b.R) <= 6 && d(a.G, b.G) <= 6 && d(a.B, b.B) <= 6
}

// pixels counts the pixels of r in img that are colour c.
func pixels(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near(img.RGBAAt(x, y), c) {
				n++
			}
		}
	}
	return n
}

// The shot of a flood shows each queue where the layout puts it, in the queues' colours, and
// the panels' text.
func TestShotDrawsQueuesWhereTheLayoutSays(t *testing.T) {
	for _, size := range []image.Point{{1280, 720}, {1920, 1080}} {
		img, err := render.Shot(floodShot(t), 3*model.Second, size.X, size.Y)
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Size() != size {
			t.Fatalf("shot is %v, want %v", img.Bounds().Size(), size)
		}
		l := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(scene.Scale(size.X, size.Y)))
		checks := []struct {
			where string
			r     image.Rectangle
			c     color.RGBA
			min   int
		}{
			{"flood requests in the SYN queue", l.SynQueue, scene.ColorFlood, 500},
			{"connections in the accept queue", l.AcceptQueue, scene.ColorDone, 1000},
			{"flood SYNs on the wire", l.Lanes[scene.LaneToServerFlood], scene.ColorFlood, 100},
			{"highlighted counters in the panel", l.Panel, scene.ColorHighlight, 1000},
			{"text in the panel", l.Panel, scene.ColorText, 500},
			{"drop marks at the server", l.Server, scene.ColorDrop, 50},
		}
		for _, c := range checks {
			if got := pixels(img, c.r, c.c); got < c.min {
				t.Errorf("%v: %s: %d pixels of %v in %v, want at least %d", size, c.where, got, c.c, c.r, c.min)
			}
		}
		if got := pixels(img, l.SynQueue, scene.ColorDone); got > 0 {
			t.Errorf("%v: %d pixels of the accept queue's colour inside the SYN queue %v, want none", size, got, l.SynQueue)
		}
	}
}
