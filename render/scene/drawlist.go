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

// DrawList is one frame's picture as data, drawn in order: rectangles, sprites, the
// rectangles that go over sprites (behind labels), then text on top.
type DrawList struct {
	Rects    []Rect
	Sprites  []Sprite
	Overlays []Rect
	Texts    []Text

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
