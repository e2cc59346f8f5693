package render

import (
	"fmt"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/opentype"

	"synq/render/scene"
)

// painter draws a scene.DrawList on an Ebiten image. It only reads the list; the images it
// keeps (sprite shapes, font faces) are caches.
type painter struct {
	font    *opentype.Font
	faces   [3]sizedFace
	sprites spriteCache
	op      ebiten.DrawImageOptions
}

// sizedFace is a face and the size it was made at.
type sizedFace struct {
	size float64
	face text.Face
}

// newPainter loads the embedded Go Mono font.
//
// The text is all Latin in one monospaced font, so it needs no shaping: faces come from
// x/image's OpenType rasterizer (text.GoXFace) rather than text.GoTextFace, whose shaping engine
// would add about 0.7 MB (gzip) to the training page.
func newPainter() (*painter, error) {
	f, err := opentype.Parse(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("render: loading the Go Mono font: %w", err)
	}
	return &painter{font: f, sprites: newSpriteCache()}, nil
}

// face returns the face for one of the list's text sizes at the fonts' measures.
func (p *painter) face(s scene.TextSize, fonts scene.Fonts) text.Face {
	f := &p.faces[s]
	if f.face == nil || f.size != fonts[s].Size {
		// NewFace has no failure for a parsed font: its error is always nil.
		xf, _ := opentype.NewFace(p.font, &opentype.FaceOptions{Size: fonts[s].Size, DPI: 72, Hinting: font.HintingNone})
		*f = sizedFace{size: fonts[s].Size, face: text.NewGoXFace(xf)}
	}
	return f.face
}

// paint draws the list on dst in its order: rectangles, chart lines, sprites, overlays, text,
// then the top layer's rectangles and text.
func (p *painter) paint(dst *ebiten.Image, d *scene.DrawList, fonts scene.Fonts) {
	for _, r := range d.Rects {
		vector.DrawFilledRect(dst, float32(r.R.Min.X), float32(r.R.Min.Y), float32(r.R.Dx()), float32(r.R.Dy()), r.C, false)
	}
	for _, l := range d.Lines {
		p.polyline(dst, d.Points[l.Start:l.End], l)
	}
	for i := range d.Sprites {
		s := &d.Sprites[i]
		img := p.sprites.get(s.Shape, s.Hollow, int(s.Size+0.5))
		if img == nil {
			continue
		}
		half := float64(img.Bounds().Dx()) / 2
		p.op.GeoM.Reset()
		p.op.GeoM.Translate(float64(s.X)-half, float64(s.Y)-half)
		p.op.ColorScale.Reset()
		p.op.ColorScale.ScaleWithColor(s.C)
		dst.DrawImage(img, &p.op)
	}
	for _, r := range d.Overlays {
		vector.DrawFilledRect(dst, float32(r.R.Min.X), float32(r.R.Min.Y), float32(r.R.Dx()), float32(r.R.Dy()), r.C, false)
	}
	p.texts(dst, d.Texts, fonts)
	for _, r := range d.Tops {
		vector.DrawFilledRect(dst, float32(r.R.Min.X), float32(r.R.Min.Y), float32(r.R.Dx()), float32(r.R.Dy()), r.C, false)
	}
	p.texts(dst, d.TopTexts, fonts)
}

func (p *painter) texts(dst *ebiten.Image, ts []scene.Text, fonts scene.Fonts) {
	var op text.DrawOptions
	for _, t := range ts {
		face := p.face(t.Size, fonts)
		op.GeoM.Reset()
		op.GeoM.Translate(float64(t.At.X), float64(t.At.Y))
		op.ColorScale.Reset()
		op.ColorScale.ScaleWithColor(t.C)
		text.Draw(dst, t.S, face, &op)
	}
}

// polyline strokes a chart's line through pts in one draw call; a dashed line leaves out
// every other segment.
func (p *painter) polyline(dst *ebiten.Image, pts []scene.PointF, l scene.Polyline) {
	var path vector.Path
	for i, pt := range pts {
		if i == 0 || (l.Dashed && i%2 == 1) {
			path.MoveTo(pt.X, pt.Y)
		} else {
			path.LineTo(pt.X, pt.Y)
		}
	}
	vs, is := path.AppendVerticesAndIndicesForStroke(p.sprites.vs[:0], p.sprites.is[:0], &vector.StrokeOptions{Width: l.Width, LineJoin: vector.LineJoinRound})
	r, g, b, a := float32(l.C.R)/255, float32(l.C.G)/255, float32(l.C.B)/255, float32(l.C.A)/255
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = r, g, b, a
	}
	dst.DrawTriangles(vs, is, p.sprites.white, &ebiten.DrawTrianglesOptions{AntiAlias: true})
	p.sprites.vs, p.sprites.is = vs, is
}

// spriteKey names one cached sprite image.
type spriteKey struct {
	shape  scene.Shape
	hollow bool
	size   int
}

// spriteCache holds white sprite images, drawn once per shape and size with anti-aliasing
// and tinted when drawn.
type spriteCache struct {
	m     map[spriteKey]*ebiten.Image
	white *ebiten.Image // the source of filled paths
	vs    []ebiten.Vertex
	is    []uint16
}

func newSpriteCache() spriteCache {
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	return spriteCache{m: map[spriteKey]*ebiten.Image{}, white: w}
}

// maxSprite is the largest sprite drawn.
const maxSprite = 128

func (c *spriteCache) get(shape scene.Shape, hollow bool, size int) *ebiten.Image {
	if size < 1 || size > maxSprite {
		return nil
	}
	k := spriteKey{shape, hollow, size}
	if img, ok := c.m[k]; ok {
		return img
	}
	img := ebiten.NewImage(size, size)
	c.draw(img, shape, hollow, float32(size))
	c.m[k] = img
	return img
}

// draw draws a white shape filling an s×s image.
func (c *spriteCache) draw(img *ebiten.Image, shape scene.Shape, hollow bool, s float32) {
	white := color.White
	stroke := max(1.5, s/7)
	var path vector.Path
	switch shape {
	case scene.ShapeCircle:
		if hollow {
			vector.StrokeCircle(img, s/2, s/2, s/2-stroke/2-0.5, stroke, white, true)
		} else {
			vector.DrawFilledCircle(img, s/2, s/2, s/2-0.5, white, true)
		}
		return
	case scene.ShapeCross:
		m, w := s*0.18, max(2, s/5)
		vector.StrokeLine(img, m, m, s-m, s-m, w, white, true)
		vector.StrokeLine(img, s-m, m, m, s-m, w, white, true)
		return
	case scene.ShapeDiamond:
		e := stroke / 2
		path.MoveTo(s/2, e)
		path.LineTo(s-e, s/2)
		path.LineTo(s/2, s-e)
		path.LineTo(e, s/2)
		path.Close()
	default: // ShapeSquare
		m := s * 0.12
		path.MoveTo(m, m)
		path.LineTo(s-m, m)
		path.LineTo(s-m, s-m)
		path.LineTo(m, s-m)
		path.Close()
	}
	if hollow {
		c.vs, c.is = path.AppendVerticesAndIndicesForStroke(c.vs[:0], c.is[:0], &vector.StrokeOptions{Width: stroke, LineJoin: vector.LineJoinMiter})
	} else {
		c.vs, c.is = path.AppendVerticesAndIndicesForFilling(c.vs[:0], c.is[:0])
	}
	for i := range c.vs {
		c.vs[i].SrcX, c.vs[i].SrcY = 1, 1
		c.vs[i].ColorR, c.vs[i].ColorG, c.vs[i].ColorB, c.vs[i].ColorA = 1, 1, 1, 1
	}
	op := &ebiten.DrawTrianglesOptions{AntiAlias: true}
	if !hollow {
		op.FillRule = ebiten.FillRuleNonZero
	}
	img.DrawTriangles(c.vs, c.is, c.white, op)
}
