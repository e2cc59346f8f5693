//go:build js

package render

// Paused reports whether the clock is paused. It is pause_notjs.go's twin for the browser
// build, where the page (web/app) reads it for its links and state; the two can become one
// method in app.go, and both files go.
func (a *App) Paused() bool { return a.clock.paused }
