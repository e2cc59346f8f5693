package scene_test

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"synq/model"

	"synq/render/scene"
)

var screens = []image.Rectangle{
	image.Rect(0, 0, 1280, 720),
	image.Rect(0, 0, 1280, 800),
	image.Rect(0, 0, 1920, 1080),
	image.Rect(0, 0, 2560, 1440),
	image.Rect(0, 0, 1024, 768),
	image.Rect(0, 0, 800, 450),
}

func layoutFor(r image.Rectangle) scene.Layout {
	return scene.NewLayout(r, scene.GoMonoFonts(scene.Scale(r.Dx(), r.Dy())), scene.Mode{})
}

// Every part lies inside the screen, the parts that sit side by side do not overlap, and the
// queues are inside the server's box.
func TestLayoutPartsFitAndDoNotOverlap(t *testing.T) {
	for _, screen := range screens {
		t.Run(fmt.Sprintf("%dx%d", screen.Dx(), screen.Dy()), func(t *testing.T) {
			l := layoutFor(screen)
			parts := map[string]image.Rectangle{
				"header": l.Header, "timeline": l.Timeline, "footer": l.Footer, "clients": l.Runs[0].Clients,
				"flood": l.Runs[0].Flood, "wire": l.Runs[0].Wire, "server": l.Runs[0].Server, "legend": l.Legend, "drops": l.Runs[0].Drops,
				"log": l.Runs[0].Log, "panel": l.Runs[0].Panel,
			}
			for name, r := range parts {
				if r.Empty() || !r.In(screen) {
					t.Errorf("%s %v: empty or outside the screen %v", name, r, screen)
				}
			}
			apart := []string{"header", "footer", "clients", "flood", "wire", "server", "legend", "drops", "log", "panel"}
			for i, a := range apart {
				for _, b := range apart[i+1:] {
					if parts[a].Overlaps(parts[b]) {
						t.Errorf("%s %v overlaps %s %v", a, parts[a], b, parts[b])
					}
				}
			}
			inner := map[string]image.Rectangle{"SYN queue": l.Runs[0].SynQueue, "accept queue": l.Runs[0].AcceptQueue,
				"app": l.Runs[0].App, "cookie lane": l.Runs[0].CookieLane, "SYN label": l.Runs[0].SynLabel, "accept label": l.Runs[0].AcceptLabel}
			for name, r := range inner {
				if r.Empty() || !r.In(l.Runs[0].Server) {
					t.Errorf("%s %v: empty or outside the server %v", name, r, l.Runs[0].Server)
				}
			}
			if l.Runs[0].SynQueue.Overlaps(l.Runs[0].AcceptQueue) || l.Runs[0].AcceptQueue.Overlaps(l.Runs[0].App) {
				t.Errorf("SYN queue %v, accept queue %v and app %v overlap", l.Runs[0].SynQueue, l.Runs[0].AcceptQueue, l.Runs[0].App)
			}
			for i, lane := range l.Runs[0].Lanes {
				if lane.Empty() || !lane.In(l.Runs[0].Wire) {
					t.Errorf("lane %d %v: empty or outside the wire %v", i, lane, l.Runs[0].Wire)
				}
			}
		})
	}
}

// The picture is laid out left to right in the order packets travel: hosts, wire, server;
// the SYN queue above the accept queue, the application right of the accept queue.
func TestLayoutOrder(t *testing.T) {
	l := layoutFor(image.Rect(0, 0, 1280, 720))
	if !(l.Runs[0].Clients.Max.X <= l.Runs[0].Wire.Min.X && l.Runs[0].Wire.Max.X <= l.Runs[0].Server.Min.X && l.Runs[0].Server.Max.X <= l.Runs[0].Panel.Min.X) {
		t.Errorf("clients %v, wire %v, server %v, panel %v: want them left to right", l.Runs[0].Clients, l.Runs[0].Wire, l.Runs[0].Server, l.Runs[0].Panel)
	}
	if l.Runs[0].SynQueue.Max.Y > l.Runs[0].AcceptLabel.Min.Y || l.Runs[0].AcceptQueue.Max.X > l.Runs[0].App.Min.X {
		t.Errorf("SYN queue %v, accept label %v, accept queue %v, app %v: want SYN queue on top, app on the right",
			l.Runs[0].SynQueue, l.Runs[0].AcceptLabel, l.Runs[0].AcceptQueue, l.Runs[0].App)
	}
	if l.Runs[0].Clients.Max.Y > l.Runs[0].Flood.Min.Y {
		t.Errorf("clients %v should be above the flood %v", l.Runs[0].Clients, l.Runs[0].Flood)
	}
	// The genuine lanes are level with the clients, the flood lanes with the flood.
	if !overlapsY(l.Runs[0].Lanes[scene.LaneToServerGenuine], l.Runs[0].Clients) || !overlapsY(l.Runs[0].Lanes[scene.LaneToServerFlood], l.Runs[0].Flood) {
		t.Errorf("lanes %v not level with clients %v and flood %v", l.Runs[0].Lanes, l.Runs[0].Clients, l.Runs[0].Flood)
	}
}

func overlapsY(a, b image.Rectangle) bool { return a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y }

// The text sizes follow the screen: large enough for a classroom on 720p, larger on 1080p.
func TestFontsScaleWithTheScreen(t *testing.T) {
	tests := []struct {
		w, h     int
		wantBody float64
	}{
		{1280, 720, 20}, {1280, 800, 20}, {1920, 1080, 30}, {640, 360, 12},
	}
	for _, tt := range tests {
		f := scene.GoMonoFonts(scene.Scale(tt.w, tt.h))
		if got := f[scene.SizeBody].Size; got != tt.wantBody {
			t.Errorf("%dx%d: body text %gpx, want %gpx", tt.w, tt.h, got, tt.wantBody)
		}
		if f[scene.SizeSmall].Size >= f[scene.SizeBody].Size || f[scene.SizeBody].Size >= f[scene.SizeLarge].Size {
			t.Errorf("%dx%d: sizes %+v not small < body < large", tt.w, tt.h, f)
		}
	}
}

var modes = map[string]scene.Mode{
	"single":                   {},
	"knobs":                    {Knobs: true, KnobRows: 13},
	"narration":                {Narration: true},
	"knobs and narration":      {Knobs: true, KnobRows: 13, Narration: true},
	"presenter":                {Presenter: true},
	"compare":                  {Compare: true},
	"compare, knobs":           {Compare: true, Knobs: true, KnobRows: 13},
	"compare, knobs, lesson":   {Compare: true, Knobs: true, KnobRows: 13, Narration: true},
	"presenter, compare":       {Compare: true, Presenter: true},
	"presenter, knobs, lesson": {Presenter: true, Knobs: true, KnobRows: 13, Narration: true},
}

// In every mode, on every screen, at the normal and the presenter's text size, the parts
// lie on the screen and those side by side do not overlap; every run's queues are in its
// server.
func TestLayoutModes(t *testing.T) {
	for name, m := range modes {
		for _, screen := range screens {
			scale := scene.Scale(screen.Dx(), screen.Dy())
			if m.Presenter {
				scale *= scene.PresenterTextScale
			}
			l := scene.NewLayout(screen, scene.GoMonoFonts(scale), m)
			where := fmt.Sprintf("%s on %dx%d", name, screen.Dx(), screen.Dy())
			parts := map[string]image.Rectangle{"header": l.Header, "timeline": l.Timeline, "footer": l.Footer, "legend": l.Legend}
			for i, c := range l.Charts {
				if !c.Empty() || !m.Narration || !m.Compare { // two runs in a lesson leave the charts out for the picture
					parts[fmt.Sprint("chart ", i)] = c
				}
			}
			if m.Knobs {
				parts["knobs"] = l.Knobs
			}
			if m.Narration {
				parts["narration"] = l.Narration
			}
			runs := 1
			if m.Compare {
				runs = 2
			}
			for i := range runs {
				r := l.Runs[i]
				for k, v := range map[string]image.Rectangle{"clients": r.Clients, "flood": r.Flood, "wire": r.Wire, "server": r.Server,
					"panel": r.Panel, "counters": r.Counters} {
					parts[fmt.Sprint(k, " ", i)] = v
				}
				if !m.Compare {
					parts["drops"], parts["log"] = r.Drops, r.Log
				}
				for k, v := range map[string]image.Rectangle{"SYN queue": r.SynQueue, "accept queue": r.AcceptQueue, "app": r.App} {
					if v.Empty() || !v.In(r.Server) {
						t.Errorf("%s: run %d's %s %v is empty or outside its server %v", where, i, k, v, r.Server)
					}
				}
			}
			for k, r := range parts {
				if r.Empty() || !r.In(screen) {
					t.Errorf("%s: %s %v is empty or off the screen", where, k, r)
				}
			}
			for a, ra := range parts {
				for b, rb := range parts {
					if a < b && a[:3] != "cou" && b[:3] != "cou" && ra.Overlaps(rb) && !(strings.HasPrefix(a, "panel") || strings.HasPrefix(b, "panel")) {
						t.Errorf("%s: %s %v overlaps %s %v", where, a, ra, b, rb)
					}
				}
			}
		}
	}
}

// Every part name a lesson may highlight is somewhere on the screen when it is shown, and
// inside the screen; a run's part has one rectangle per run.
func TestParts(t *testing.T) {
	screen := image.Rect(0, 0, 1280, 720)
	fonts := scene.GoMonoFonts(1)
	l := scene.NewLayout(screen, fonts, scene.Mode{Knobs: true, KnobRows: 12, Narration: true})
	for _, p := range scene.Parts() {
		rs := l.Part(p)
		if len(rs) != 1 {
			t.Errorf("Part(%q) = %v, want one rectangle", p, rs)
		}
		for _, r := range rs {
			if !r.In(screen) {
				t.Errorf("Part(%q) = %v, off the screen", p, r)
			}
		}
	}
	c := scene.NewLayout(screen, fonts, scene.Mode{Compare: true})
	if got := len(c.Part(scene.PartSynQueue)); got != 2 {
		t.Errorf("side by side, Part(syn-queue) has %d rectangles, want 2", got)
	}
	if got := c.Part(scene.PartKnobs); len(got) != 0 {
		t.Errorf("with the knobs closed, Part(knobs) = %v, want none", got)
	}
	if got := l.Part("no-such-part"); len(got) != 0 || scene.IsPart("no-such-part") || !scene.IsPart(scene.PartCharts) {
		t.Errorf("an unknown part gave %v", got)
	}
}

// The timeline maps x to time and back; the knob panel's rows are where KnobAt finds them.
func TestTimelineAndKnobHits(t *testing.T) {
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), scene.Mode{Knobs: true, KnobRows: 5})
	d := 60 * model.Second
	for _, at := range []model.Time{0, 15 * model.Second, 59 * model.Second, d} {
		x := l.TimeX(at, d)
		if got := l.TimeAt(x, d); got < at-d/model.Time(l.Track.Dx()) || got > at+d/model.Time(l.Track.Dx()) {
			t.Errorf("TimeAt(TimeX(%v)) = %v", at, got)
		}
	}
	if got := l.TimeAt(l.Track.Min.X-50, d); got != 0 {
		t.Errorf("left of the track: %v, want 0", got)
	}
	if got := l.TimeAt(l.Track.Max.X+50, d); got != d {
		t.Errorf("right of the track: %v, want the end", got)
	}
	r := l.KnobRow(3)
	for _, tt := range []struct {
		x    int
		side int
	}{{r.Min.X + 2, 0}, {r.Max.X - 2, 1}, {r.Min.X + r.Dx()*60/100, -1}} {
		row, side, ok := l.KnobAt(image.Pt(tt.x, r.Min.Y+r.Dy()/2))
		if !ok || row != 3 || side != tt.side {
			t.Errorf("KnobAt(x %d on row 3) = row %d side %d (%v), want row 3 side %d", tt.x, row, side, ok, tt.side)
		}
	}
	if _, _, ok := l.KnobAt(image.Pt(5, 5)); ok {
		t.Error("KnobAt found a knob in the header")
	}
}

// Collapsed, the narration is one line and the scene takes the room it leaves; in every
// mode the picture (hosts, wire, server) keeps a good part of the screen.
func TestNarrationCollapses(t *testing.T) {
	for _, screen := range []image.Rectangle{image.Rect(0, 0, 1280, 720), image.Rect(0, 0, 1920, 1080)} {
		f := scene.GoMonoFonts(scene.Scale(screen.Dx(), screen.Dy()))
		open := scene.NewLayout(screen, f, scene.Mode{Narration: true})
		shut := scene.NewLayout(screen, f, scene.Mode{Narration: true, NarrationCollapsed: true})
		if h := shut.Narration.Dy(); h > f[scene.SizeBody].LineH+2*shut.Pad {
			t.Errorf("%v: collapsed narration %d px tall, want one line", screen, h)
		}
		if shut.Runs[0].Scene.Dy() <= open.Runs[0].Scene.Dy() {
			t.Errorf("%v: the scene is %d px tall with the narration collapsed, %d open: want taller", screen, shut.Runs[0].Scene.Dy(), open.Runs[0].Scene.Dy())
		}
	}
}

// sceneShare is the part of the screen the pictures of the runs (hosts, wire, server) take.
func sceneShare(l scene.Layout) float64 {
	a := 0
	for _, r := range l.Runs {
		a += r.Scene.Dx() * r.Scene.Dy()
	}
	return float64(a) / float64(l.Bounds.Dx()*l.Bounds.Dy())
}

// The picture is the star: in every mode the hosts, wire and queues take the largest part of
// a landscape screen, free play included (issue 16).
func TestSceneIsTheLargestPart(t *testing.T) {
	for _, size := range []image.Point{{1280, 720}, {1920, 1080}} {
		b := image.Rect(0, 0, size.X, size.Y)
		f := scene.GoMonoFonts(scene.Scale(size.X, size.Y))
		for _, c := range []struct {
			name string
			m    scene.Mode
		}{
			{"free play", scene.Mode{}},
			{"presenter", scene.Mode{Presenter: true}},
			{"lesson", scene.Mode{Narration: true}},
			{"presenter lesson", scene.Mode{Narration: true, Presenter: true}},
			{"side by side", scene.Mode{Compare: true}},
			{"side by side lesson", scene.Mode{Compare: true, Narration: true}},
		} {
			l := scene.NewLayout(b, f, c.m)
			s := sceneShare(l)
			t.Logf("%dx%d %s: the picture takes %.0f%% of the screen", size.X, size.Y, c.name, 100*s)
			// A lesson's narration strip takes its share of the height: only the modes
			// without one are held to a floor.
			if s < 0.35 && !c.m.Narration {
				t.Errorf("%dx%d %s: the picture takes %.0f%% of the screen, want at least 35%%", size.X, size.Y, c.name, 100*s)
			}
		}
	}
}
