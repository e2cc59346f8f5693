package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/gomono"

	"synq/model"
)

// Look of the status window, in device-independent pixels.
const (
	fontSize    = 18
	padding     = 12
	columnGap   = 32
	minColChars = 40 // a column is at least this many characters wide
)

// Colors of the status window.
var (
	colorBackground = color.RGBA{0x16, 0x18, 0x1d, 0xff}
	colorFooterBand = color.RGBA{0x24, 0x27, 0x30, 0xff}
	colorText       = color.RGBA{0xe8, 0xe8, 0xe8, 0xff}
	colorDim        = color.RGBA{0x9a, 0xa0, 0xab, 0xff}
	colorTitle      = color.RGBA{0x7f, 0xc8, 0xff, 0xff}
	colorRunning    = color.RGBA{0x7c, 0xdc, 0x8a, 0xff}
	colorPaused     = color.RGBA{0xff, 0xc4, 0x5c, 0xff}
)

// keyHelp is the footer's second line.
const keyHelp = "Space pause/resume   → step 100ms (paused)   +/- speed   F/F11 fullscreen   Q/Esc quit"

// StatusWindow is an Ebiten game that shows a Source's lines of text and advances it in
// simulated time, at a speed the keyboard changes.
type StatusWindow struct {
	src      Source
	font     *text.GoTextFaceSource
	clock    clock
	advanced model.Time // simulated time this window has advanced the source by
	scale    float64    // device scale factor, from Layout
	title    string     // the title last given to the window
}

var _ ebiten.Game = (*StatusWindow)(nil)

// NewStatusWindow returns a running window at real-time speed for src.
func NewStatusWindow(src Source) (*StatusWindow, error) {
	if src == nil {
		return nil, fmt.Errorf("render: NewStatusWindow needs a Source")
	}
	font, err := text.NewGoTextFaceSource(bytes.NewReader(gomono.TTF))
	if err != nil {
		return nil, fmt.Errorf("render: loading the Go Mono font: %w", err)
	}
	return &StatusWindow{src: src, font: font, clock: newClock(), scale: 1}, nil
}

// RunStatusWindow opens a resizable 1280x800 window for src and runs it until it is closed
// or the person quits.
func RunStatusWindow(src Source) error {
	w, err := NewStatusWindow(src)
	if err != nil {
		return err
	}
	w.title = src.Title()
	ebiten.SetWindowTitle(w.title)
	ebiten.SetWindowSize(1280, 800)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	return ebiten.RunGame(w)
}

// Update applies the keyboard's actions and advances the source by this tick's share of
// simulated time.
func (w *StatusWindow) Update() error {
	for _, a := range pollActions() {
		if err := w.apply(a); err != nil {
			return err
		}
	}
	tps := ebiten.TPS()
	if tps <= 0 { // ebiten.SyncWithFPS: no fixed tick rate
		tps = ebiten.DefaultTPS
	}
	w.advance(w.clock.tick(tps))
	if t := w.src.Title(); t != w.title {
		w.title = t
		ebiten.SetWindowTitle(t)
	}
	return nil
}

// apply carries out one action; quitting returns ebiten.Termination.
func (w *StatusWindow) apply(a action) error {
	switch a {
	case actionTogglePause:
		w.clock.paused = !w.clock.paused
	case actionStep:
		if w.clock.paused {
			w.advance(stepWhile)
		}
	case actionFaster:
		w.clock.faster()
	case actionSlower:
		w.clock.slower()
	case actionToggleFullscreen:
		ebiten.SetFullscreen(!ebiten.IsFullscreen())
	case actionQuit:
		return ebiten.Termination
	}
	return nil
}

// advance moves the source forward by dt, if dt is any time at all.
func (w *StatusWindow) advance(dt model.Time) {
	if dt <= 0 {
		return
	}
	w.src.Advance(dt)
	w.advanced += dt
}

// Draw shows the title, the source's lines and the footer. It only reads state.
func (w *StatusWindow) Draw(screen *ebiten.Image) {
	screen.Fill(colorBackground)
	scale := w.scale
	if scale <= 0 {
		scale = 1
	}
	face := &text.GoTextFace{Source: w.font, Size: fontSize * scale}
	m := face.Metrics()
	lineHeight := int(math.Ceil(m.HAscent + m.HDescent + m.HLineGap))
	charWidth := int(math.Ceil(text.Advance("0", face)))
	pad := int(padding * scale)
	l := layoutScreen(screen.Bounds(), lineHeight, pad)

	maxChars := l.header.Dx() / max(charWidth, 1)
	drawText(screen, clipText(w.src.Title(), maxChars), face, l.header.Min, colorTitle)

	for _, pl := range placeLines(w.src.Lines(), l.body, lineHeight, charWidth, minColChars*charWidth, int(columnGap*scale)) {
		c := colorText
		if pl.more {
			c = colorDim
		}
		drawText(screen, pl.text, face, pl.at, c)
	}

	screen.SubImage(l.footerBand).(*ebiten.Image).Fill(colorFooterBand)
	state, stateColor := "RUNNING", colorRunning
	if w.clock.paused {
		state, stateColor = "PAUSED ", colorPaused
	}
	rest := fmt.Sprintf("   speed %s   advanced %.3fs", speedLabel(w.clock.speed), w.advanced.Seconds())
	at := l.footer.Min
	drawText(screen, state, face, at, stateColor)
	drawText(screen, clipText(rest, maxChars-len(state)), face, at.Add(image.Pt(len(state)*charWidth, 0)), colorText)
	drawText(screen, clipText(keyHelp, maxChars), face, at.Add(image.Pt(0, lineHeight)), colorDim)
}

// drawText draws s with its top-left corner at at.
func drawText(dst *ebiten.Image, s string, face text.Face, at image.Point, c color.Color) {
	if s == "" {
		return
	}
	op := &text.DrawOptions{}
	op.GeoM.Translate(float64(at.X), float64(at.Y))
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, s, face, op)
}

// Layout makes the screen as many device pixels as the window has, so text stays sharp on
// high-density displays; Draw scales its sizes to match.
func (w *StatusWindow) Layout(outsideWidth, outsideHeight int) (int, int) {
	w.scale = ebiten.Monitor().DeviceScaleFactor()
	return int(float64(outsideWidth) * w.scale), int(float64(outsideHeight) * w.scale)
}
