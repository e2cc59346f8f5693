package scene

import "image"

// Grid places n equal square slots in an area, as large as fit (up to maxCell pixels). When
// even minCell-pixel slots do not fit, the grid is a bar instead: one rectangle filled in
// proportion, so a queue of 65,536 still reads as a gauge.
type Grid struct {
	Area       image.Rectangle
	N          int
	Cols, Rows int
	Cell, Gap  int
	Bar        bool // too many slots to draw one by one
	FromRight  bool // slot 0 at the top right, filling leftwards (a queue that drains to the right)
	// A zoomed grid shows N of Total slots, from First: the part of a long queue in use,
	// at a size that reads from the back of a room (Total 0: not zoomed).
	First, Total int
}

// ZoomGrid fits n slots in area like NewGrid; but when that makes them smaller than readable
// pixels (or a bar), and slots lo..hi (the ones in use) fit in a window of readable slots, it
// shows that window instead, starting at a whole row, and keeps a line at the area's foot for
// Scrollbar.
func ZoomGrid(area image.Rectangle, n, lo, hi, readable int, fromRight bool) Grid {
	g := NewGrid(area, n, fromRight)
	if n <= 0 || (!g.Bar && g.Cell >= readable) {
		return g
	}
	c := min(max(readable, minCell), maxCell)
	gap := max(1, c/6)
	inner := area
	inner.Max.Y -= zoomBar + gap
	cols := (inner.Dx() + gap) / (c + gap)
	rows := (inner.Dy() + gap) / (c + gap)
	fit := cols * rows
	if lo > hi { // none in use: the queue's head
		lo, hi = 0, 0
	}
	lo, hi = max(lo, 0), min(hi, n-1)
	if cols <= 0 || rows <= 0 || fit >= n || hi-lo+1 > fit {
		return g
	}
	first := min(lo/cols*cols, n-fit)
	if hi >= first+fit {
		first = hi - fit + 1
	}
	z := Grid{Area: inner, N: fit, Cols: cols, Rows: rows, Cell: c, Gap: gap, FromRight: fromRight, First: first, Total: n}
	return z
}

// zoomBar is the height of the line under a zoomed grid that shows where its window is.
const zoomBar = 4

// Scrollbar is the line under a zoomed grid and the part of it the window covers (both
// empty when the grid is not zoomed).
func (g Grid) Scrollbar() (line, window image.Rectangle) {
	if g.Total <= 0 {
		return
	}
	y := g.Area.Max.Y + g.Gap
	line = image.Rect(g.Area.Min.X, y, g.Area.Max.X, y+zoomBar)
	w := line.Dx()
	x0, x1 := line.Min.X+w*g.First/g.Total, line.Min.X+w*(g.First+g.N)/g.Total
	if g.FromRight {
		x0, x1 = line.Max.X-(x1-line.Min.X), line.Max.X-(x0-line.Min.X)
	}
	return line, image.Rect(x0, y, max(x1, x0+2), y+zoomBar)
}

// Grid sizes: below minCell pixels a slot is not worth drawing on its own.
const (
	minCell = 4
	maxCell = 44
)

// NewGrid fits n slots in area.
func NewGrid(area image.Rectangle, n int, fromRight bool) Grid {
	g := Grid{Area: area, N: n, FromRight: fromRight}
	if n <= 0 || area.Dx() < minCell || area.Dy() < minCell {
		g.Bar = n > 0
		return g
	}
	w, h := area.Dx(), area.Dy()
	for c := min(maxCell, w, h); c >= minCell; c-- {
		gap := max(1, c/6)
		cols := (w + gap) / (c + gap)
		rows := (h + gap) / (c + gap)
		if cols*rows >= n {
			g.Cell, g.Gap = c, gap
			g.Cols = min(cols, n)
			g.Rows = ceilDiv(n, g.Cols)
			return g
		}
	}
	g.Bar = true
	return g
}

// Slot is slot i's rectangle; slots fill rows from the top.
func (g Grid) Slot(i int) image.Rectangle {
	if g.Bar || g.Cols == 0 {
		return image.Rectangle{}
	}
	col, row := i%g.Cols, i/g.Cols
	if g.FromRight {
		col = g.Cols - 1 - col
	}
	step := g.Cell + g.Gap
	x := g.Area.Min.X + col*step
	if g.FromRight {
		x = g.Area.Max.X - (g.Cols-col)*step + g.Gap
	}
	y := g.Area.Min.Y + row*step
	return image.Rect(x, y, x+g.Cell, y+g.Cell)
}

// Used is the part of the area the slots cover (the whole area for a bar).
func (g Grid) Used() image.Rectangle {
	if g.Bar || g.Cols == 0 {
		return g.Area
	}
	step := g.Cell + g.Gap
	w, h := g.Cols*step-g.Gap, g.Rows*step-g.Gap
	if g.FromRight {
		return image.Rect(g.Area.Max.X-w, g.Area.Min.Y, g.Area.Max.X, g.Area.Min.Y+h)
	}
	return image.Rect(g.Area.Min.X, g.Area.Min.Y, g.Area.Min.X+w, g.Area.Min.Y+h)
}

// BarFill is the filled part of the bar for n of the grid's N slots in use.
func (g Grid) BarFill(n int) image.Rectangle {
	if g.N <= 0 {
		return image.Rectangle{}
	}
	n = min(max(n, 0), g.N)
	w := g.Area.Dx() * n / g.N
	if n > 0 && w == 0 {
		w = 1 // one request is still visible
	}
	if g.FromRight {
		return image.Rect(g.Area.Max.X-w, g.Area.Min.Y, g.Area.Max.X, g.Area.Max.Y)
	}
	return image.Rect(g.Area.Min.X, g.Area.Min.Y, g.Area.Min.X+w, g.Area.Max.Y)
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
