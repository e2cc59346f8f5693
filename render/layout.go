package render

import (
	"fmt"
	"image"
	"math"
)

// screenLayout is where each part of the status window goes, in screen pixels.
type screenLayout struct {
	header     image.Rectangle // the title line
	body       image.Rectangle // the source's lines
	footerBand image.Rectangle // the strip behind the footer, edge to edge
	footer     image.Rectangle // the footer's text: footerLines lines
}

// footerLines is how many lines of text the footer holds: the state, then the key help.
const footerLines = 2

// layoutScreen splits bounds into a one-line header, the body and a footer of footerLines
// lines, with pad pixels around each text area. On a window too small for all of it the body
// shrinks first, down to empty.
func layoutScreen(bounds image.Rectangle, lineHeight, pad int) screenLayout {
	var l screenLayout
	bandHeight := footerLines*lineHeight + 2*pad
	l.footerBand = image.Rect(bounds.Min.X, max(bounds.Max.Y-bandHeight, bounds.Min.Y), bounds.Max.X, bounds.Max.Y)
	l.footer = l.footerBand.Inset(pad)
	l.header = image.Rect(bounds.Min.X+pad, bounds.Min.Y+pad, bounds.Max.X-pad, bounds.Min.Y+pad+lineHeight)
	bodyTop := l.header.Max.Y + pad
	bodyBottom := max(l.footerBand.Min.Y-pad, bodyTop)
	l.body = image.Rect(bounds.Min.X+pad, bodyTop, bounds.Max.X-pad, bodyBottom)
	return l
}

// placedLine is one line of text and the top-left corner it is drawn at.
type placedLine struct {
	text string
	at   image.Point
	more bool // the "… N more lines" marker that stands in for lines that do not fit
}

// textGrid is how lines are arranged in the body: column-major, rows lines per column.
type textGrid struct {
	cols, rows int
	colWidth   int // pixels, not counting the gap between columns
	shown      int // lines of the source shown; the rest are summed up by a marker line
}

// arrangeLines decides how n lines of lineHeight pixels go into a body of size: one column if
// they fit; otherwise as many columns of at least minColWidth pixels (gap apart) as needed and
// as fit, with the lines spread evenly over them. Lines that still do not fit are dropped from
// the end and the last slot is left for a marker that counts them.
func arrangeLines(n int, size image.Point, lineHeight, minColWidth, gap int) textGrid {
	if n <= 0 || lineHeight <= 0 || size.Y < lineHeight || size.X <= 0 {
		return textGrid{}
	}
	maxRows := size.Y / lineHeight
	maxCols := max(1, (size.X+gap)/(max(minColWidth, 1)+gap))
	cols := min(ceilDiv(n, maxRows), maxCols)
	g := textGrid{cols: cols, rows: ceilDiv(n, cols), shown: n}
	if g.rows > maxRows {
		g.rows = maxRows
		g.shown = cols*maxRows - 1
	}
	g.colWidth = (size.X - (cols-1)*gap) / cols
	return g
}

// placeLines lays lines out in body with arrangeLines and clips each to the width of its
// column, for a monospaced font whose characters are charWidth pixels wide.
func placeLines(lines []string, body image.Rectangle, lineHeight, charWidth, minColWidth, gap int) []placedLine {
	g := arrangeLines(len(lines), body.Size(), lineHeight, minColWidth, gap)
	if g.cols == 0 {
		return nil
	}
	maxChars := math.MaxInt // no clipping without a character width
	if charWidth > 0 {
		maxChars = g.colWidth / charWidth
	}
	slot := func(i int) image.Point {
		return image.Pt(body.Min.X+(i/g.rows)*(g.colWidth+gap), body.Min.Y+(i%g.rows)*lineHeight)
	}
	out := make([]placedLine, 0, g.shown+1)
	for i := range g.shown {
		out = append(out, placedLine{text: clipText(lines[i], maxChars), at: slot(i)})
	}
	if hidden := len(lines) - g.shown; hidden > 0 {
		out = append(out, placedLine{text: clipText(moreLabel(hidden), maxChars), at: slot(g.shown), more: true})
	}
	return out
}

// moreLabel is the marker text for hidden lines that do not fit.
func moreLabel(hidden int) string {
	if hidden == 1 {
		return "… 1 more line"
	}
	return fmt.Sprintf("… %d more lines", hidden)
}

// clipText shortens s to at most maxChars characters, ending it with "…" when it was cut.
func clipText(s string, maxChars int) string {
	r := []rune(s)
	if len(r) <= maxChars {
		return s
	}
	if maxChars <= 0 {
		return ""
	}
	return string(r[:maxChars-1]) + "…"
}

// ceilDiv is a/b rounded up, for positive a and b.
func ceilDiv(a, b int) int { return (a + b - 1) / b }
