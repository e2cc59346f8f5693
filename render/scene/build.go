package scene

import (
	"image"
	"image/color"
	"strings"
)

// View is the state of the viewer rather than of the model: how fast time runs and what to show.
type View struct {
	Speed     float64 // simulated seconds per real second
	Paused    bool
	Help      string // the keyboard shortcuts, for the footer
	FrameTime string // shown in the footer when not empty
}

// Build turns a frame into its draw list for layout l, appending to d after resetting it.
// It reads l and f only.
func Build(d *DrawList, l *Layout, f *Frame, v View) {
	d.Reset()
	b := builder{d: d, l: l, f: f, v: v}
	d.rect(l.Bounds, ColorBackground)
	b.header()
	b.hosts()
	b.wire()
	b.server()
	b.drops()
	b.log()
	b.panel()
	b.legend()
}

// builder carries what every part of Build needs.
type builder struct {
	d *DrawList
	l *Layout
	f *Frame
	v View
}

func (b *builder) font(s TextSize) Font { return b.l.Fonts[s] }

// textIn draws s clipped to the width of r, at r's top left plus dy.
func (b *builder) textIn(s string, r image.Rectangle, dy int, size TextSize, c color.RGBA) {
	b.d.text(Clip(s, b.font(size).Chars(r.Dx())), image.Pt(r.Min.X, r.Min.Y+dy), size, c)
}

// textRight draws s so that it ends at r's right edge.
func (b *builder) textRight(s string, r image.Rectangle, dy int, size TextSize, c color.RGBA) {
	s = Clip(s, b.font(size).Chars(r.Dx()))
	w := b.font(size).Width(len([]rune(s)))
	b.d.text(s, image.Pt(r.Max.X-w, r.Min.Y+dy), size, c)
}

func (b *builder) header() {
	l, f := b.l, b.f
	b.textIn(f.Name+" on "+f.Kernel, l.Header, 0, SizeLarge, ColorText)
	state, c := "PLAYING", ColorText
	switch {
	case f.Now >= f.Duration:
		state, c = "END", ColorPaused
	case b.v.Paused:
		state, c = "PAUSED", ColorPaused
	}
	right := "t = " + Seconds(f.Now) + " of " + Span(f.Duration) + "   " + SpeedText(b.v.Speed) + "  "
	large := b.font(SizeLarge)
	stateW := large.Width(len(state))
	b.textRight(state, l.Header, 0, SizeLarge, c)
	r := l.Header
	r.Max.X -= stateW
	b.textRight(right, r, 0, SizeLarge, ColorText)

	b.d.rect(l.Timeline, ColorBox)
	if f.Duration > 0 {
		done := l.Timeline
		done.Max.X = done.Min.X + int(float64(done.Dx())*min(1, float64(f.Now)/float64(f.Duration)))
		b.d.rect(done, ColorDim)
	}

	help := b.v.Help
	if b.v.FrameTime != "" {
		help += "   frame " + b.v.FrameTime
	}
	b.textIn(help, l.Footer, 0, SizeBody, ColorDim)
}

// legendItem is one entry of the legend: a sprite and what it means.
type legendItem struct {
	shape  Shape
	hollow bool
	c      color.RGBA
	label  string
}

var legendItems = []legendItem{
	{ShapeCircle, false, ColorGenuine, "genuine"},
	{ShapeDiamond, false, ColorFlood, "flood"},
	{ShapeCircle, false, ColorDone, "ACK/data"},
	{ShapeDiamond, false, ColorCookie, "cookie"},
	{ShapeSquare, false, ColorReset, "RST"},
	{ShapeCircle, true, ColorGenuine, "re-sent"},
	{ShapeCircle, false, ColorHeld, "ACK dropped"},
	{ShapeCross, false, ColorDrop, "drop"},
}

func (b *builder) legend() {
	r := b.l.Legend
	sm := b.font(SizeSmall)
	size := float32(sm.Size * 0.8)
	x := r.Min.X
	for _, it := range legendItems {
		w := int(size) + 4 + sm.Width(len(it.label)) + sm.Width(1)
		if x+w > r.Max.X {
			break
		}
		b.d.sprite(float32(x)+size/2, float32(r.Min.Y+sm.LineH/2), size, it.shape, it.hollow, it.c)
		b.d.text(it.label, image.Pt(x+int(size)+4, r.Min.Y), SizeSmall, ColorDim)
		x += w
	}
}

// title draws a panel's heading line in r at dy and returns the next line's dy.
func (b *builder) title(s string, r image.Rectangle, dy int, size TextSize) int {
	b.textIn(s, r, dy, size, ColorDim)
	return dy + b.font(size).LineH
}

// lines draws wrapped text in r from dy, at most max lines, and returns the next line's dy.
func (b *builder) lines(s string, r image.Rectangle, dy, maxLines int, size TextSize, c color.RGBA) int {
	fnt := b.font(size)
	ls := Wrap(s, fnt.Chars(r.Dx()))
	if len(ls) > maxLines {
		ls = ls[:maxLines]
		ls[maxLines-1] = Clip(strings.TrimRight(ls[maxLines-1], " ")+" …", fnt.Chars(r.Dx()))
	}
	for _, line := range ls {
		b.d.text(line, image.Pt(r.Min.X, r.Min.Y+dy), size, c)
		dy += fnt.LineH
	}
	return dy
}
