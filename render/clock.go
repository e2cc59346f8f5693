package render

import (
	"synq/model"
	"synq/render/scene"
)

// Speed limits and the step a paused clock takes on request.
const (
	minSpeed  = 1.0 / 1000
	maxSpeed  = 100.0
	stepWhile = 100 * model.Millisecond
)

// speeds are the speeds the keyboard steps through: round numbers from 1/1000 of real time to
// 100 times real time.
var speeds = []float64{1.0 / 1000, 1.0 / 300, 1.0 / 100, 1.0 / 30, 1.0 / 10, 1.0 / 3, 1, 3, 10, 30, 100}

// clock turns Ebiten ticks into simulated time: speed seconds of simulated time pass per second
// of real time, whatever the tick rate. It owns no simulation state.
type clock struct {
	speed  float64 // simulated seconds per real second, within [minSpeed, maxSpeed]
	paused bool
	carry  float64 // nanoseconds owed to the simulation but smaller than one
}

// newClock returns a running clock at real-time speed.
func newClock() clock { return clock{speed: 1} }

// tick returns how much simulated time one tick at tps ticks per second covers; zero while paused.
// Fractions of a nanosecond are carried to the next tick so slow speeds do not drift.
func (c *clock) tick(tps int) model.Time {
	if c.paused || tps <= 0 {
		return 0
	}
	ns := c.speed*float64(model.Second)/float64(tps) + c.carry
	whole := model.Time(ns)
	c.carry = ns - float64(whole)
	return whole
}

// faster moves to the next speed up the ladder, up to maxSpeed.
func (c *clock) faster() {
	for _, s := range speeds {
		if s > c.speed*1.0001 {
			c.speed = s
			return
		}
	}
	c.speed = maxSpeed
}

// slower moves to the next speed down the ladder, down to minSpeed.
func (c *clock) slower() {
	for i := len(speeds) - 1; i >= 0; i-- {
		if speeds[i] < c.speed*0.9999 {
			c.speed = speeds[i]
			return
		}
	}
	c.speed = minSpeed
}

// speedLabel formats a speed for people: "1x", "30x", "1/300x", "1/1000x".
func speedLabel(speed float64) string { return scene.SpeedText(speed) }
