package session

import (
	"testing"
	"time"

	"synq/model"
)

// The clock follows the wall clock: the simulated time it gives adds up to speed × the
// wall-clock time passed in, however that time is cut into frames.
func TestClockAddsUpToSpeedTimesRealTime(t *testing.T) {
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
		{speed: MinSpeed, tps: 60, ticks: 60, want: model.Millisecond},
		{speed: 1.0 / 8, tps: 144, ticks: 144 * 8, want: model.Second},
	}
	for _, tt := range tests {
		c := clock{speed: tt.speed}
		var got model.Time
		frame := time.Second / time.Duration(tt.tps)
		for range tt.ticks {
			got += c.advance(frame)
		}
		// A frame of 1/tps seconds in whole nanoseconds falls short of it by less than one,
		// so want is that much less; carried fractions can leave at most one nanosecond behind.
		short := model.Time(tt.speed * float64(tt.ticks) * float64(time.Second-frame*time.Duration(tt.tps)) / float64(tt.tps))
		if d := tt.want - short - got; d < -1 || d > 1 {
			t.Errorf("speed %g, %d ticks at %d TPS advanced %v, want %v", tt.speed, tt.ticks, tt.tps, got, tt.want)
		}
	}
}

func TestClockPausedDoesNotAdvance(t *testing.T) {
	c := newClock()
	c.paused = true
	if got := c.advance(time.Second / 60); got != 0 {
		t.Errorf("paused clock advanced %v, want 0", got)
	}
}

// A long gap between frames (a window dragged, a tab hidden) is made up for only up to
// MaxCatchUp.
func TestClockCatchUpIsBounded(t *testing.T) {
	c := clock{speed: 2}
	if got, want := c.advance(10*time.Second), model.Time(2*MaxCatchUp); got != want {
		t.Errorf("10 s between frames at 2x advanced %v, want %v (2 × MaxCatchUp)", got, want)
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
	if c.speed != MinSpeed {
		t.Errorf("speed at the bottom = %g, want %g", c.speed, MinSpeed)
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
		{MinSpeed, "1/1000x"},
	}
	for _, tt := range tests {
		if got := speedLabel(tt.speed); got != tt.want {
			t.Errorf("speedLabel(%g) = %q, want %q", tt.speed, got, tt.want)
		}
	}
}
