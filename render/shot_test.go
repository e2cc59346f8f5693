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
		img, err := render.Shot(render.ShotOptions{Scenario: floodShot(t), At: 3 * model.Second, W: size.X, H: size.Y})
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Size() != size {
			t.Fatalf("shot is %v, want %v", img.Bounds().Size(), size)
		}
		l := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(scene.Scale(size.X, size.Y)), scene.Mode{})
		run := l.Runs[0]
		checks := []struct {
			where string
			r     image.Rectangle
			c     color.RGBA
			min   int
		}{
			{"flood requests in the SYN queue", run.SynQueue, scene.ColorFlood, 500},
			{"connections in the accept queue", run.AcceptQueue, scene.ColorDone, 1000},
			{"flood SYNs on the wire", run.Lanes[scene.LaneToServerFlood], scene.ColorFlood, 100},
			{"highlighted counters in the panel", run.Panel, scene.ColorHighlight, 1000},
			{"text in the panel", run.Panel, scene.ColorText, 500},
			{"drop marks at the server", run.Server, scene.ColorDrop, 50},
			{"the drops line in its chart", l.Charts[scene.MetricDrops], scene.ColorDrop, 60},
			{"the accept queue's line in its chart", l.Charts[scene.MetricAcceptQueue], scene.ColorDone, 60},
		}
		for _, c := range checks {
			if got := pixels(img, c.r, c.c); got < c.min {
				t.Errorf("%v: %s: %d pixels of %v in %v, want at least %d", size, c.where, got, c.c, c.r, c.min)
			}
		}
		if got := pixels(img, run.SynQueue, scene.ColorDone); got > 0 {
			t.Errorf("%v: %d pixels of the accept queue's colour inside the SYN queue %v, want none", size, got, run.SynQueue)
		}
	}
}

// Side by side, each run's queues are where the layout puts them; in presenter mode the
// ground is black and the text larger.
func TestShotCompareAndPresenter(t *testing.T) {
	sc := floodShot(t)
	b, err := scenario.WithSysctl(sc, "net.ipv4.tcp_syncookies", 2)
	if err != nil {
		t.Fatal(err)
	}
	img, err := render.Shot(render.ShotOptions{Scenario: sc, Compare: b, At: 3 * model.Second, W: 1280, H: 720})
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(1), scene.Mode{Compare: true})
	if got := pixels(img, l.Runs[0].SynQueue, scene.ColorFlood); got < 300 {
		t.Errorf("run A (cookies off): %d flood pixels in its SYN queue, want it full of flood requests", got)
	}
	if got := pixels(img, l.Runs[1].SynQueue, scene.ColorFlood); got > 50 {
		t.Errorf("run B (cookies always): %d flood pixels in its SYN queue, want it empty", got)
	}
	img, err = render.Shot(render.ShotOptions{Scenario: sc, At: 3 * model.Second, W: 1280, H: 720, Presenter: true})
	if err != nil {
		t.Fatal(err)
	}
	black := color.RGBA{0, 0, 0, 255}
	if got := pixels(img, image.Rect(0, 0, 1280, 720), black); got < 1280*720/4 {
		t.Errorf("presenter mode: %d black pixels, want a black ground", got)
	}
	pl := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(scene.PresenterTextScale), scene.Mode{Presenter: true})
	if got, all := pixels(img, pl.Header, black), pl.Header.Dx()*pl.Header.Dy(); got < all/2 {
		t.Errorf("presenter mode: %d of the header's %d pixels black, want its ground black", got, all)
	}
}

// A lesson's narration gets its panel, and a highlighted part its outline.
func TestAppOverlayAndHighlight(t *testing.T) {
	a, err := render.NewApp(floodShot(t))
	if err != nil {
		t.Fatal(err)
	}
	a.Session().Seek(3 * model.Second)
	a.Session().SetOverlay(&scene.Narration{Title: "The accept queue", Text: "It holds B+1.", Selected: -1})
	a.Session().SetHighlight([]string{scene.PartAcceptQueue, "no-such-part"})
	img := a.Snapshot(1280, 720)
	l := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(1), scene.Mode{Narration: true})
	if got := pixels(img, l.Narration, scene.ColorText); got < 100 {
		t.Errorf("%d text pixels in the narration panel %v, want its text", got, l.Narration)
	}
	r := l.Part(scene.PartAcceptQueue)[0]
	band := image.Rect(r.Min.X-8, r.Min.Y-8, r.Max.X+8, r.Min.Y)
	if got := pixels(img, band, scene.ColorMark); got < r.Dx() {
		t.Errorf("%d mark pixels just above the accept queue %v, want an outline", got, r)
	}
	a.Session().SetOverlay(nil)
	a.Session().SetHighlight(nil)
	img = a.Snapshot(1280, 720)
	if got := pixels(img, band, scene.ColorMark); got > r.Dx()/4 {
		t.Errorf("after clearing: %d mark pixels above the accept queue", got)
	}
}
