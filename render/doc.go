// Package render is synq's desktop app and training page drawn with Ebiten: it turns keys,
// the mouse and touch into intents for a session (package session, which holds the runs, the
// clock, the knobs and the lesson player, without Ebiten), and paints the draw list that
// package scene builds from what the session shows; it also draws `synq shot`'s pictures. It
// is the only package (with cmd/synq-app and web/app) that imports Ebiten.
package render
