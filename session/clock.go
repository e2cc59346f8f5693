package session

import (
	"time"

	"synq/model"
	"synq/render/scene"
)

// Speed limits.
const (
	MinSpeed = 1.0 / 1000
	MaxSpeed = 100.0
)

// MaxCatchUp is the most wall-clock time one Update makes up for: after a longer gap (a
// window dragged, a tab hidden, a machine asleep) the clock goes on from where it was rather
// than jumping ahead.
const MaxCatchUp = 250 * time.Millisecond

// speeds are the speeds the keyboard steps through: round numbers from 1/1000 of real time to
// 100 times real time.
var speeds = []float64{1.0 / 1000, 1.0 / 300, 1.0 / 100, 1.0 / 30, 1.0 / 10, 1.0 / 3, 1, 3, 10, 30, 100}

// clock turns wall-clock time into simulated time: speed seconds of simulated time pass per
// second of real time, whatever the frame rate. It owns no simulation state.
type clock struct {
	speed  float64 // simulated seconds per real second, within [MinSpeed, MaxSpeed]
	paused bool
	carry  float64 // nanoseconds owed to the simulation but smaller than one
}

// newClock returns a running clock at real-time speed.
func newClock() clock { return clock{speed: 1} }

// advance returns how much simulated time elapsed wall-clock time covers (at most MaxCatchUp
// of it); zero while paused. Fractions of a nanosecond are carried to the next call so slow
// speeds do not drift.
func (c *clock) advance(elapsed time.Duration) model.Time {
	if c.paused || elapsed <= 0 {
		return 0
	}
	elapsed = min(elapsed, MaxCatchUp)
	ns := c.speed*float64(elapsed) + c.carry
	whole := model.Time(ns)
	c.carry = ns - float64(whole)
	return whole
}

// faster moves to the next speed up the ladder, up to MaxSpeed.
func (c *clock) faster() {
	for _, s := range speeds {
		if s > c.speed*1.0001 {
			c.speed = s
			return
		}
	}
	c.speed = MaxSpeed
}

// slower moves to the next speed down the ladder, down to MinSpeed.
func (c *clock) slower() {
	for i := len(speeds) - 1; i >= 0; i-- {
		if speeds[i] < c.speed*0.9999 {
			c.speed = speeds[i]
			return
		}
	}
	c.speed = MinSpeed
}

// speedLabel formats a speed for people: "1x", "30x", "1/300x", "1/1000x".
func speedLabel(speed float64) string { return scene.SpeedText(speed) }
