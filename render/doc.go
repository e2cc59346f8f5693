// Package render is synq's desktop app and training page drawn with Ebiten: it turns keys,
// the mouse and the page's controls into actions on a run of the model, and paints the draw
// list that package scene builds from it; it also draws `synq shot`'s pictures. It is the only
// package (with cmd/synq-app and web/app) that imports Ebiten.
package render
