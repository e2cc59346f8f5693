package scene

import (
	"image"
	"image/color"
)

// Shape is the outline of a sprite. Genuine and flood traffic differ in shape as well as in
// colour, so the picture does not depend on telling colours apart.
type Shape uint8

// Sprite shapes.
const (
	ShapeCircle  Shape = iota // genuine clients and their packets
	ShapeDiamond              // flood sources and their packets
	ShapeSquare               // RSTs, queue slots
	ShapeCross                // a drop
	NumShapes
)

// Rect is a filled rectangle.
type Rect struct {
	R image.Rectangle
	C color.RGBA
}

// Sprite is a shape centred on (X, Y), Size pixels across.
type Sprite struct {
	X, Y   float32
	Size   float32
	Shape  Shape
	Hollow bool // only the outline: a retransmission, a request that re-sent its SYN-ACK
	C      color.RGBA
}

// Text is a line of text whose top-left corner is At.
type Text struct {
	S    string
	At   image.Point
	Size TextSize
	C    color.RGBA
}

// Polyline is a line through Points[Start:End], Width pixels wide; dashed lines leave every
// other segment out.
type Polyline struct {
	Start, End int
	Width      float32
	Dashed     bool
	C          color.RGBA
}

// PointF is a point of a polyline.
type PointF struct{ X, Y float32 }

// DrawList is one frame's picture as data, drawn in order: rectangles, chart lines, sprites,
// the rectangles that go over sprites (behind labels), text; then the top layer (highlights,
// the help overlay): its rectangles, then its text.
type DrawList struct {
	Rects    []Rect
	Lines    []Polyline
	Points   []PointF
	Sprites  []Sprite
	Overlays []Rect
	Texts    []Text
	Tops     []Rect
	TopTexts []Text
	Hits     []Hit // what a click or a hover means where (see HitAt)

	slots []int32 // scratch space for the builder
}

// scratch returns n slots set to -1, reusing the list's memory.
func (d *DrawList) scratch(n int) []int32 {
	if cap(d.slots) < n {
		d.slots = make([]int32, n)
	}
	d.slots = d.slots[:n]
	for i := range d.slots {
		d.slots[i] = -1
	}
	return d.slots
}

// Reset empties the list, keeping its memory for the next frame.
func (d *DrawList) Reset() {
	d.Rects, d.Sprites, d.Overlays, d.Texts = d.Rects[:0], d.Sprites[:0], d.Overlays[:0], d.Texts[:0]
	d.Lines, d.Points, d.Tops, d.TopTexts = d.Lines[:0], d.Points[:0], d.Tops[:0], d.TopTexts[:0]
	d.Hits = d.Hits[:0]
}

// top fills r on the top layer.
func (d *DrawList) top(r image.Rectangle, c color.RGBA) {
	if !r.Empty() {
		d.Tops = append(d.Tops, Rect{R: r, C: c})
	}
}

// topOutline draws the border of r, w pixels wide, on the top layer.
func (d *DrawList) topOutline(r image.Rectangle, w int, c color.RGBA) {
	d.top(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), c)
	d.top(image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y), c)
	d.top(image.Rect(r.Min.X, r.Min.Y+w, r.Min.X+w, r.Max.Y-w), c)
	d.top(image.Rect(r.Max.X-w, r.Min.Y+w, r.Max.X, r.Max.Y-w), c)
}

func (d *DrawList) topText(s string, at image.Point, size TextSize, c color.RGBA) {
	if s != "" {
		d.TopTexts = append(d.TopTexts, Text{S: s, At: at, Size: size, C: c})
	}
}

// line starts a polyline; add its points with point, then end it with endLine.
func (d *DrawList) line(w float32, dashed bool, c color.RGBA) {
	d.Lines = append(d.Lines, Polyline{Start: len(d.Points), End: len(d.Points), Width: w, Dashed: dashed, C: c})
}

func (d *DrawList) point(x, y float32) {
	d.Points = append(d.Points, PointF{x, y})
	d.Lines[len(d.Lines)-1].End = len(d.Points)
}

// endLine drops the last polyline if it has fewer than two points.
func (d *DrawList) endLine() {
	if n := len(d.Lines); n > 0 && d.Lines[n-1].End-d.Lines[n-1].Start < 2 {
		d.Points = d.Points[:d.Lines[n-1].Start]
		d.Lines = d.Lines[:n-1]
	}
}

func (d *DrawList) rect(r image.Rectangle, c color.RGBA) {
	if !r.Empty() {
		d.Rects = append(d.Rects, Rect{R: r, C: c})
	}
}

// overlay fills r above the sprites, behind the text: the ground of a label.
func (d *DrawList) overlay(r image.Rectangle, c color.RGBA) {
	if !r.Empty() {
		d.Overlays = append(d.Overlays, Rect{R: r, C: c})
	}
}

// outline draws the border of r, w pixels wide, inside r.
func (d *DrawList) outline(r image.Rectangle, w int, c color.RGBA) {
	if r.Dx() <= 2*w || r.Dy() <= 2*w {
		d.rect(r, c)
		return
	}
	d.rect(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), c)
	d.rect(image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y), c)
	d.rect(image.Rect(r.Min.X, r.Min.Y+w, r.Min.X+w, r.Max.Y-w), c)
	d.rect(image.Rect(r.Max.X-w, r.Min.Y+w, r.Max.X, r.Max.Y-w), c)
}

func (d *DrawList) sprite(x, y, size float32, s Shape, hollow bool, c color.RGBA) {
	d.Sprites = append(d.Sprites, Sprite{X: x, Y: y, Size: size, Shape: s, Hollow: hollow, C: c})
}

func (d *DrawList) text(s string, at image.Point, size TextSize, c color.RGBA) {
	if s != "" {
		d.Texts = append(d.Texts, Text{S: s, At: at, Size: size, C: c})
	}
}
