package render

import (
	"testing"

	"synq/model"
)

func TestClockTickAddsUpToSpeedTimesRealTime(t *testing.T) {
	tests := []struct {
		speed float64
		tps   int
		ticks int
		want  model.Time
	}{
		{speed: 1, tps: 60, ticks: 60, want: model.Second},
		{speed: 1, tps: 60, ticks: 600, want: 10 * model.Second},
		{speed: 2, tps: 60, ticks: 30, want: model.Second},
		{speed: 100, tps: 60, ticks: 60, want: 100 * model.Second},
		{speed: minSpeed, tps: 60, ticks: 60, want: model.Millisecond},
		{speed: 1.0 / 8, tps: 144, ticks: 144 * 8, want: model.Second},
	}
	for _, tt := range tests {
		c := clock{speed: tt.speed}
		var got model.Time
		for range tt.ticks {
			got += c.tick(tt.tps)
		}
		// Carried fractions can leave at most one nanosecond behind.
		if d := tt.want - got; d < 0 || d > 1 {
			t.Errorf("speed %g, %d ticks at %d TPS advanced %v, want %v", tt.speed, tt.ticks, tt.tps, got, tt.want)
		}
	}
}

func TestClockPausedDoesNotAdvance(t *testing.T) {
	c := newClock()
	c.paused = true
	if got := c.tick(60); got != 0 {
		t.Errorf("paused clock ticked %v, want 0", got)
	}
}

func TestClockSpeedLadder(t *testing.T) {
	c := newClock()
	var up []string
	for range 7 {
		c.faster()
		up = append(up, speedLabel(c.speed))
	}
	want := []string{"3x", "10x", "30x", "100x", "100x", "100x", "100x"}
	for i := range want {
		if up[i] != want[i] {
			t.Errorf("faster from 1x, step %d: %s, want %s (all: %v)", i+1, up[i], want[i], up)
		}
	}
	var down []string
	for range 12 {
		c.slower()
		down = append(down, speedLabel(c.speed))
	}
	wantDown := []string{"30x", "10x", "3x", "1x", "1/3x", "1/10x", "1/30x", "1/100x", "1/300x", "1/1000x", "1/1000x", "1/1000x"}
	for i := range wantDown {
		if down[i] != wantDown[i] {
			t.Errorf("slower from 100x, step %d: %s, want %s (all: %v)", i+1, down[i], wantDown[i], down)
		}
	}
	if c.speed != minSpeed {
		t.Errorf("speed at the bottom = %g, want %g", c.speed, minSpeed)
	}
}

func TestSpeedLabel(t *testing.T) {
	tests := []struct {
		speed float64
		want  string
	}{
		{1, "1x"},
		{2, "2x"},
		{64, "64x"},
		{100, "100x"},
		{12.5, "12.5x"},
		{0.5, "1/2x"},
		{1.0 / 300, "1/300x"},
		{minSpeed, "1/1000x"},
	}
	for _, tt := range tests {
		if got := speedLabel(tt.speed); got != tt.want {
			t.Errorf("speedLabel(%g) = %q, want %q", tt.speed, got, tt.want)
		}
	}
}
