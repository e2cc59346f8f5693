package scene_test

import (
	"fmt"
	"image"
	"testing"

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
	return scene.NewLayout(r, scene.GoMonoFonts(scene.Scale(r.Dx(), r.Dy())))
}

// Every part lies inside the screen, the parts that sit side by side do not overlap, and the
// queues are inside the server's box.
func TestLayoutPartsFitAndDoNotOverlap(t *testing.T) {
	for _, screen := range screens {
		t.Run(fmt.Sprintf("%dx%d", screen.Dx(), screen.Dy()), func(t *testing.T) {
			l := layoutFor(screen)
			parts := map[string]image.Rectangle{
				"header": l.Header, "timeline": l.Timeline, "footer": l.Footer, "clients": l.Clients,
				"flood": l.Flood, "wire": l.Wire, "server": l.Server, "legend": l.Legend, "drops": l.Drops,
				"log": l.Log, "panel": l.Panel,
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
			inner := map[string]image.Rectangle{"SYN queue": l.SynQueue, "accept queue": l.AcceptQueue,
				"app": l.App, "cookie lane": l.CookieLane, "SYN label": l.SynLabel, "accept label": l.AcceptLabel}
			for name, r := range inner {
				if r.Empty() || !r.In(l.Server) {
					t.Errorf("%s %v: empty or outside the server %v", name, r, l.Server)
				}
			}
			if l.SynQueue.Overlaps(l.AcceptQueue) || l.AcceptQueue.Overlaps(l.App) {
				t.Errorf("SYN queue %v, accept queue %v and app %v overlap", l.SynQueue, l.AcceptQueue, l.App)
			}
			for i, lane := range l.Lanes {
				if lane.Empty() || !lane.In(l.Wire) {
					t.Errorf("lane %d %v: empty or outside the wire %v", i, lane, l.Wire)
				}
			}
		})
	}
}

// The picture is laid out left to right in the order packets travel: hosts, wire, server;
// the SYN queue above the accept queue, the application right of the accept queue.
func TestLayoutOrder(t *testing.T) {
	l := layoutFor(image.Rect(0, 0, 1280, 720))
	if !(l.Clients.Max.X <= l.Wire.Min.X && l.Wire.Max.X <= l.Server.Min.X && l.Server.Max.X <= l.Panel.Min.X) {
		t.Errorf("clients %v, wire %v, server %v, panel %v: want them left to right", l.Clients, l.Wire, l.Server, l.Panel)
	}
	if l.SynQueue.Max.Y > l.AcceptLabel.Min.Y || l.AcceptQueue.Max.X > l.App.Min.X {
		t.Errorf("SYN queue %v, accept label %v, accept queue %v, app %v: want SYN queue on top, app on the right",
			l.SynQueue, l.AcceptLabel, l.AcceptQueue, l.App)
	}
	if l.Clients.Max.Y > l.Flood.Min.Y {
		t.Errorf("clients %v should be above the flood %v", l.Clients, l.Flood)
	}
	// The genuine lanes are level with the clients, the flood lanes with the flood.
	if !overlapsY(l.Lanes[scene.LaneToServerGenuine], l.Clients) || !overlapsY(l.Lanes[scene.LaneToServerFlood], l.Flood) {
		t.Errorf("lanes %v not level with clients %v and flood %v", l.Lanes, l.Clients, l.Flood)
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
