package scene

import (
	"image"
	"strconv"
)

// bsdServer draws a 4.4BSD listener (kernel-spec.md 5.1) as what it is: ONE queue. Its
// entries are the incomplete connections (so_q0, SYN_RCVD) and the complete ones (so_q,
// ESTABLISHED) together, under the single limit sonewconn checks: past 3/2 of so_qlimit the
// SYN is dropped. The capacity comes from the model (Limits.SynQueueCap, which is the
// combined one on BSD); nothing Linux (no sysctls, no SYN/accept split, no cookies) is drawn.
func (b *builder) bsdServer() {
	l, f, d := b.l, b.f, b.d
	body, small := b.font(SizeBody), b.font(SizeSmall)
	lim := f.Limits
	capacity := lim.SynQueueCap // so_qlen + so_q0len may reach this (spec 5.1, the fudge factor)
	n := len(f.Requests) + len(f.AcceptQueue)

	// The queue's area: everything the Linux listener's two queues and labels would take,
	// except the application's column.
	area := l.CookieLane.Union(l.SynLabel).Union(l.SynQueue).Union(l.SynNote).Union(l.AcceptLabel).Union(l.AcceptQueue)
	if !l.ServerTitle.Empty() {
		area.Min.Y = l.ServerTitle.Max.Y
	}

	top := area.Min.Y // the queue's tip covers its label and its slots, not the application
	// Line 1: the one queue and its limit; line 2: what its entries are.
	head := cutTop(&area, body.LineH)
	full, c := "", b.pal.Text
	if n >= capacity {
		full, c = "  FULL", ColorDrop
	}
	count := b.conceal(ConcealLengths, Thousands(int64(n)))
	limit := b.conceal(ConcealLimits, Thousands(int64(capacity)))
	rule := "3×" + strconv.Itoa(lim.Backlog) + "/2+1"
	chars := body.Chars(head.Dx())
	label := ""
	tries := []string{
		"one queue " + count + " / " + limit + " (" + rule + ")" + full,
		"one queue " + count + " / " + limit + full,
		"queue " + count + "/" + limit + full,
		count + "/" + limit,
	}
	if b.v.Conceal.Has(ConcealLimits) {
		tries = tries[1:] // no rule: it would give the limit
	}
	for _, try := range tries {
		if len([]rune(try)) <= chars {
			label = try
			break
		}
	}
	b.textIn(label, head, 0, SizeBody, c)

	key := cutTop(&area, small.LineH)
	b.bsdKey(key)
	cutTop(&area, max(2, b.g.Pad/4))
	if !l.App.Empty() && l.App.Min.X > area.Min.X && l.App.Min.Y < area.Max.Y {
		area.Max.X = min(area.Max.X, l.App.Min.X-b.g.Pad/2)
	}
	d.hit(Hit{R: image.Rect(area.Min.X, top, area.Max.X, area.Max.Y), Tip: TipBSDQueue})

	// The slots: SYN_RCVD entries fill from the left, ESTABLISHED ones from the right, next
	// to the application that accept()s them.
	shown := capacity
	if b.v.Conceal.Has(ConcealLimits) {
		shown = max(n, 10) // more than 4.4BSD ever holds (8): the count tells nothing
	}
	cells := bsdCells(area, shown, b.g.Pad/3)
	for _, r := range cells {
		if !b.v.Conceal.Has(ConcealLimits) { // empty slots would tell the capacity
			d.rect(r, b.pal.Slot)
		}
	}
	for i := range f.Requests {
		if i >= len(cells) {
			break
		}
		b.bsdEntry(cells[i], false, f.Requests[i].Peer.IsFlood(), f.Requests[i].Retries > 0)
	}
	for i := range f.AcceptQueue {
		j := len(cells) - 1 - i
		if j < len(f.Requests) || j < 0 {
			break
		}
		b.bsdEntry(cells[j], true, f.AcceptQueue[i].IsFlood(), false)
	}
}

// bsdKey says what the entries' marks mean, with how many of each there are.
func (b *builder) bsdKey(r image.Rectangle) {
	f, small := b.f, b.font(SizeSmall)
	size := float32(small.Size * 0.8)
	x := r.Min.X
	for _, it := range []struct {
		est  bool
		name string
		n    int
	}{{false, "SYN_RCVD", len(f.Requests)}, {true, "ESTABLISHED", len(f.AcceptQueue)}} {
		s := it.name + " " + b.conceal(ConcealLengths, strconv.Itoa(it.n))
		w := int(size) + 4 + small.Width(len(s)+2)
		if x+w > r.Max.X {
			return
		}
		c, shape := ColorGenuine, ShapeCircle
		if it.est {
			c = ColorDone
		}
		b.d.sprite(float32(x)+size/2, float32(r.Min.Y+small.LineH/2), size, shape, !it.est, c)
		b.d.text(s, image.Pt(x+int(size)+4, r.Min.Y), SizeSmall, b.pal.Text)
		x += w
	}
}

// bsdCells lays capacity slots out in area: one row of wide cells while they stay readable
// (4.4BSD holds at most 8; 10 are laid out while its limit is concealed), else a grid.
func bsdCells(area image.Rectangle, capacity, gap int) []image.Rectangle {
	if capacity <= 0 || area.Empty() {
		return nil
	}
	gap = max(2, gap)
	cols := capacity
	if cols > 10 {
		g := NewGrid(area, capacity, false)
		out := make([]image.Rectangle, 0, capacity)
		for i := range capacity {
			if s := g.Slot(i); !s.Empty() {
				out = append(out, s)
			}
		}
		return out
	}
	w := (area.Dx() - (cols-1)*gap) / cols
	h := min(area.Dy(), max(w*3/2, 1)) // tall enough to read its mark from the back
	y := area.Min.Y + (area.Dy()-h)/2
	out := make([]image.Rectangle, cols)
	for i := range cols {
		x := area.Min.X + i*(w+gap)
		out[i] = image.Rect(x, y, x+w, y+h)
	}
	return out
}

// bsdEntry draws one connection in its slot: hollow blue for SYN_RCVD (so_q0), solid green
// for ESTABLISHED (so_q), with its state written in when the slot is wide enough.
func (b *builder) bsdEntry(cell image.Rectangle, established, flood, resent bool) {
	small := b.font(SizeSmall)
	c, shape := ColorGenuine, ShapeCircle
	if flood {
		c, shape = ColorFlood, ShapeDiamond
	}
	name := "SYN_RCVD"
	if established {
		c, name = ColorDone, "ESTABLISHED"
	}
	b.d.outline(cell, max(2, b.g.Pad/4), c)
	size := float32(min(cell.Dx(), cell.Dy())) * 0.5
	cx := float32(cell.Min.X) + float32(cell.Dx())/2
	cy := float32(cell.Min.Y) + float32(cell.Dy())/2
	tag := ""
	for _, try := range []string{name, map[bool]string{false: "SYN_R", true: "ESTAB"}[established]} {
		if small.Width(len(try)) <= cell.Dx()-4 && cell.Dy() >= small.LineH+int(size) {
			tag = try
			break
		}
	}
	if tag != "" {
		cy -= float32(small.LineH) / 2
		w := small.Width(len(tag))
		b.d.text(tag, image.Pt(cell.Min.X+(cell.Dx()-w)/2, cell.Max.Y-small.LineH-2), SizeSmall, b.pal.Text)
	}
	b.d.sprite(cx, cy, size, shape, !established || resent, c)
}

// isBSD says whether the run's kernel is 4.4BSD's single-queue listener.
func (b *builder) isBSD() bool { return b.f.Profile != nil && b.f.Profile.BSD }
