package scene_test

import (
	"image"
	"testing"

	"synq/render/scene"
)

func TestGrid(t *testing.T) {
	tests := []struct {
		name      string
		area      image.Rectangle
		n         int
		wantCols  int
		wantRows  int
		wantCell  int
		wantBar   bool
		fromRight bool
	}{
		{name: "two slots are large", area: image.Rect(0, 0, 400, 100), n: 2, wantCols: 2, wantRows: 1, wantCell: 44},
		{name: "B+1 of 511", area: image.Rect(0, 0, 400, 130), n: 512, wantCols: 40, wantRows: 13, wantCell: 9},
		{name: "too many for slots", area: image.Rect(0, 0, 400, 130), n: 65536, wantBar: true},
		{name: "none", area: image.Rect(0, 0, 400, 130), n: 0},
		{name: "from the right", area: image.Rect(0, 0, 400, 100), n: 3, wantCols: 3, wantRows: 1, wantCell: 44, fromRight: true},
	}
	for _, tt := range tests {
		g := scene.NewGrid(tt.area, tt.n, tt.fromRight)
		if g.Cols != tt.wantCols || g.Rows != tt.wantRows || g.Cell != tt.wantCell || g.Bar != tt.wantBar {
			t.Errorf("%s: NewGrid(%v, %d) = %d×%d of %dpx bar %v, want %d×%d of %dpx bar %v", tt.name, tt.area, tt.n,
				g.Cols, g.Rows, g.Cell, g.Bar, tt.wantCols, tt.wantRows, tt.wantCell, tt.wantBar)
			continue
		}
		if g.Bar || tt.n == 0 {
			continue
		}
		// Every slot is inside the area and inside Used, and no two slots overlap.
		var prev []image.Rectangle
		for i := range tt.n {
			s := g.Slot(i)
			if !s.In(tt.area) || !s.In(g.Used()) || s.Dx() != g.Cell {
				t.Errorf("%s: slot %d %v outside area %v or used %v", tt.name, i, s, tt.area, g.Used())
			}
			for j, p := range prev {
				if p.Overlaps(s) {
					t.Errorf("%s: slot %d %v overlaps slot %d %v", tt.name, i, s, j, p)
				}
			}
			prev = append(prev, s)
		}
	}
}

// A queue that drains to the right has its first slot at the right edge.
func TestGridFromRight(t *testing.T) {
	area := image.Rect(10, 10, 410, 110)
	g := scene.NewGrid(area, 3, true)
	if s0, s2 := g.Slot(0), g.Slot(2); s0.Max.X != area.Max.X || s2.Min.X >= s0.Min.X {
		t.Errorf("from the right: slot 0 %v, slot 2 %v in %v; want slot 0 at the right edge, slot 2 left of it", s0, s2, area)
	}
}

func TestGridBarFill(t *testing.T) {
	g := scene.NewGrid(image.Rect(0, 0, 100, 10), 100000, false)
	tests := []struct{ n, wantW int }{{0, 0}, {1, 1}, {50000, 50}, {100000, 100}, {200000, 100}}
	for _, tt := range tests {
		if got := g.BarFill(tt.n).Dx(); got != tt.wantW {
			t.Errorf("BarFill(%d) of 100000 in 100px = %dpx wide, want %d", tt.n, got, tt.wantW)
		}
	}
}

// A long queue with few entries is drawn zoomed: readable slots around the ones in use, and
// a bar showing where they are in the whole queue; a queue that fits is not zoomed.
func TestZoomGrid(t *testing.T) {
	area := image.Rect(0, 0, 400, 100)
	g := scene.ZoomGrid(area, 512, 0, 0, 20, false)
	if g.Total != 512 || g.First != 0 || g.Cell < 20 || g.N >= 512 || g.Bar {
		t.Errorf("512 slots, slot 0 in use: %+v, want a zoomed window from 0 with cells of 20 px or more", g)
	}
	if line, win := g.Scrollbar(); line.Empty() || win.Empty() || !win.In(line) || !line.In(area) {
		t.Errorf("scrollbar %v window %v: want a line inside %v holding the window", line, win, area)
	}
	g = scene.ZoomGrid(area, 512, 300, 310, 20, false)
	if g.First > 300 || g.First+g.N <= 310 || g.Cell < 20 {
		t.Errorf("slots 300-310 in use: window %d..%d (cell %d), want it to hold them", g.First, g.First+g.N-1, g.Cell)
	}
	g = scene.ZoomGrid(area, 512, 0, 511, 20, false)
	if g.Total != 0 {
		t.Errorf("every slot in use: zoomed %+v, want the whole queue", g)
	}
	g = scene.ZoomGrid(area, 8, 0, 0, 20, false)
	if g.Total != 0 || g.N != 8 {
		t.Errorf("8 slots: %+v, want them all, not zoomed", g)
	}
	g = scene.ZoomGrid(area, 512, 512, 0, 20, false) // none in use (lo past hi)
	if g.First != 0 {
		t.Errorf("empty queue: window from %d, want from 0", g.First)
	}
}
