// Package render draws synq's windows with Ebiten. It reads the simulation and advances it in
// simulated time; it never changes the simulation's state any other way.
package render

import "synq/model"

// Source is what a StatusWindow shows and drives: a live simulation described as text.
type Source interface {
	// Advance moves the simulation forward by dt of simulated time.
	Advance(dt model.Time)
	// Lines returns the current state as lines of text; there may be more than fit in one column.
	Lines() []string
	// Title names the simulation; the window's title bar and header show it.
	Title() string
}
