//go:build !js

package render

// Paused reports whether the clock is paused. (web_js.go declares the same method for the
// browser build; when it drops its copy, this one moves into app.go.)
func (a *App) Paused() bool { return a.clock.paused }
