package render

import (
	"fmt"
	"strconv"

	"synq/model"
)

// Speed limits and the step a paused clock takes on request.
const (
	minSpeed  = 1.0 / 1000
	maxSpeed  = 100.0
	stepWhile = 100 * model.Millisecond
)

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

// faster doubles the speed, up to maxSpeed.
func (c *clock) faster() { c.speed = min(c.speed*2, maxSpeed) }

// slower halves the speed, down to minSpeed.
func (c *clock) slower() { c.speed = max(c.speed/2, minSpeed) }

// speedLabel formats a speed for people: "1x", "64x", "1/8x", "1/1000x".
func speedLabel(speed float64) string {
	if speed >= 1 {
		return strconv.FormatFloat(speed, 'g', 4, 64) + "x"
	}
	return fmt.Sprintf("1/%sx", strconv.FormatFloat(1/speed, 'g', 4, 64))
}
