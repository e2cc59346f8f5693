package scene

import (
	"image"
	"strconv"
	"strings"

	"synq/model"
)

// server draws the listener: the SYN queue and the accept queue as slots whose number follows
// the live limits, the cookie path around the SYN queue, and the application.
func (b *builder) server() {
	l, f, d := b.l, b.f, b.d
	d.rect(l.Server, b.pal.Panel)
	d.outline(l.Server, 2, b.pal.Box)
	b.marks = b.dropMarkList()
	backlog := b.conceal(ConcealLimits, strconv.Itoa(f.Limits.Backlog))
	addr, limit := model.ListenAddr(f.Port), "B = "+backlog
	kind := "server "
	if b.isBSD() {
		kind, limit = "4.4BSD server ", "so_qlimit = "+backlog
	}
	b.firstFit(l.ServerTitle, 0, SizeBody, b.pal.Text, kind+addr+"  "+limit, "server "+addr+"  "+limit, addr+"  "+limit, limit)
	if b.isBSD() {
		b.bsdServer()
		b.app()
		b.dropMarks()
		return
	}
	b.cookiePath()
	b.synQueue()
	b.acceptQueue()
	b.app()
	b.dropMarks()
}

// capNote explains a queue's capacity in terms of B.
func capNote(capacity, backlog int) string {
	switch capacity {
	case backlog + 1:
		return "B+1"
	case backlog:
		return "B"
	}
	return ""
}

// queueLabel is "SYN queue 37 / 512 (B+1)", with FULL when it is; where that does not fit,
// the name goes on a line of its own (a label beside its slots) or is shortened, but the
// numbers are never cut.
func (b *builder) queueLabel(r image.Rectangle, name string, n, capacity int) {
	num := b.conceal(ConcealLengths, Thousands(int64(n)))
	lim := b.conceal(ConcealLimits, Thousands(int64(capacity)))
	s := name + " " + num + " / " + lim
	note := ""
	if cn := capNote(capacity, b.f.Limits.Backlog); cn != "" && !b.v.Conceal.Has(ConcealLimits) {
		note = " (" + cn + ")"
	}
	full, c := "", b.pal.Text
	if n >= capacity && !b.v.Conceal.Has(ConcealLengths) {
		full, c = "  FULL", ColorDrop
	}
	body := b.font(SizeBody)
	chars := body.Chars(r.Dx())
	short := map[string]string{"SYN queue": "SYN", "accept queue": "accept"}[name]
	nums := num + "/" + lim
	if r.Dy() >= 2*body.LineH { // a narrow label beside its slots: name, then numbers
		for _, try := range []string{s + note + full, s + full, s} {
			if len([]rune(try)) <= chars {
				b.textIn(try, r, 0, SizeBody, c)
				return
			}
		}
		nm := name
		if len([]rune(nm)) > chars {
			nm = short
		}
		b.textIn(nm, r, 0, SizeBody, b.pal.Text)
		if len([]rune(nums+full)) > chars {
			b.textIn(nums, r, body.LineH, SizeBody, c)
			if r.Dy() >= 3*body.LineH {
				b.textIn(strings.TrimSpace(full), r, 2*body.LineH, SizeBody, c)
			}
			return
		}
		b.textIn(nums+full, r, body.LineH, SizeBody, c)
		return
	}
	for _, try := range []string{s + note + full, s + full, s, short + " " + nums + full, short + " " + nums} {
		if len([]rune(try)) <= chars {
			b.textIn(try, r, 0, SizeBody, c)
			return
		}
	}
	b.textIn(nums, r, 0, SizeBody, c)
}

func (b *builder) synQueue() {
	l, f, d := b.l, b.f, b.d
	lim := f.Limits
	b.queueLabel(l.SynLabel, "SYN queue", f.SynQLen, lim.SynQueueCap)
	d.hit(Hit{R: l.SynLabel, Tip: TipSynQueue})
	d.hit(Hit{R: l.SynQueue, Tip: TipSynQueue})
	d.hit(Hit{R: l.SynNote, Tip: TipSynQueue})
	slots := b.shownSlots(l.SynQueue, lim.SynQueueCap, len(f.Requests))
	lo, hi := slots, 0 // the slots in use
	for i := range f.Requests {
		lo, hi = min(lo, f.Requests[i].Slot), max(hi, f.Requests[i].Slot)
	}
	g := ZoomGrid(l.SynQueue, slots, lo, hi, b.readableCell(), false)
	b.scrollbar(g)
	var retries [8]int
	next := model.Time(-1)
	for i := range f.Requests {
		r := &f.Requests[i]
		retries[min(r.Retries, len(retries)-1)]++
		if next < 0 || r.NextTimer < next {
			next = r.NextTimer
		}
	}
	if g.Bar {
		d.rect(g.Area, b.pal.Slot)
		flood := 0
		for i := range f.Requests {
			if f.Requests[i].Peer.IsFlood() {
				flood++
			}
		}
		fill := g.BarFill(len(f.Requests))
		split := fill.Min.X + fill.Dx()*flood/max(1, len(f.Requests))
		d.rect(image.Rect(fill.Min.X, fill.Min.Y, split, fill.Max.Y), ColorFlood)
		d.rect(image.Rect(split, fill.Min.Y, fill.Max.X, fill.Max.Y), ColorGenuine)
	} else {
		b.requestSlots(g)
	}

	// Retries and the next timer, summed up under the queue.
	s := "re-sent"
	for n, c := range retries {
		if c > 0 {
			label := strconv.Itoa(n)
			if n == len(retries)-1 {
				label += "+"
			}
			s += " " + label + "×: " + Thousands(int64(c))
		}
	}
	nextIn := ""
	if len(f.Requests) == 0 {
		s = "no half-open requests"
	} else if next >= f.Now {
		nextIn = " · next in " + strconv.FormatFloat((next-f.Now).Seconds(), 'f', 2, 64) + " s"
	}
	if b.v.Conceal.Has(ConcealLengths) {
		s, nextIn = "", ""
	}
	chars := b.font(SizeSmall).Chars(l.SynNote.Dx())
	for _, try := range []string{s + nextIn, s, "re-sent: " + Thousands(int64(len(f.Requests)-retries[0]))} {
		if len([]rune(try)) <= chars {
			b.textIn(try, l.SynNote, 0, SizeSmall, b.pal.Dim)
			break
		}
	}
}

// timerSpan is how long a request's current SYN-ACK timer runs: the initial timeout doubled
// per retry, at most TCP_RTO_MAX.
func timerSpan(retries int, init, rtoMax model.Time) model.Time {
	if retries > 20 {
		return rtoMax
	}
	return min(init<<retries, rtoMax)
}

// requestSlots draws each half-open request in its slot: colour and shape by who sent the
// SYN, hollow once it has re-sent its SYN-ACK, and when the slots are large enough its retry
// count and a bar of the time left to its next timer.
func (b *builder) requestSlots(g Grid) {
	f, d := b.f, b.d
	for i := range g.N {
		if !b.v.Conceal.Has(ConcealLimits) { // empty slots would tell the capacity
			d.rect(g.Slot(i), b.pal.Slot)
		}
	}
	// Each request keeps its own slot; any that cannot (the limit shrank under it) takes
	// the first free one.
	owner := b.d.scratch(g.N) // the request drawn in each slot, or -1
	big := float64(g.Cell) >= 1.25*b.font(SizeSmall).Size
	for i := range f.Requests {
		if r := &f.Requests[i]; r.Slot >= g.First && r.Slot-g.First < g.N && owner[r.Slot-g.First] < 0 {
			owner[r.Slot-g.First] = int32(i)
			b.request(g, r.Slot-g.First, r, big)
		}
	}
	free := 0
	for i := range f.Requests {
		r := &f.Requests[i]
		if r.Slot >= g.First && r.Slot-g.First < g.N && owner[r.Slot-g.First] == int32(i) {
			continue
		}
		for free < g.N && owner[free] >= 0 {
			free++
		}
		if free >= g.N {
			break
		}
		owner[free] = int32(i)
		b.request(g, free, r, big)
	}
}

// request draws one request in its slot.
func (b *builder) request(g Grid, slot int, r *model.RequestView, big bool) {
	f, d := b.f, b.d
	cell := g.Slot(slot)
	c, shape := ColorGenuine, ShapeCircle
	if r.Peer.IsFlood() {
		c, shape = ColorFlood, ShapeDiamond
	}
	if r.Acked {
		c = ColorHeld
	}
	cx, cy := float32(cell.Min.X)+float32(g.Cell)/2, float32(cell.Min.Y)+float32(g.Cell)/2
	d.sprite(cx, cy, float32(g.Cell), shape, r.Retries > 0, c)
	digit := strconv.Itoa(r.Retries)
	at := image.Pt(cell.Min.X+g.Cell/3, cell.Min.Y+g.Cell/6)
	sm := b.font(SizeSmall)
	if big && !b.underDropCount(image.Rect(at.X, at.Y, at.X+sm.Width(len(digit)), at.Y+sm.LineH).Union(cell)) {
		d.text(digit, at, SizeSmall, b.pal.Text)
		span := timerSpan(r.Retries, f.TimeoutInit, f.RTOMax)
		left := float64(r.NextTimer-f.Now) / float64(max(span, 1))
		w := int(float64(g.Cell) * min(max(left, 0), 1))
		d.rect(image.Rect(cell.Min.X, cell.Max.Y-3, cell.Min.X+w, cell.Max.Y), b.pal.Text)
	}
}

func (b *builder) acceptQueue() {
	l, f, d := b.l, b.f, b.d
	b.queueLabel(l.AcceptLabel, "accept queue", f.AcceptQLen, f.Limits.AcceptQueueCap)
	d.hit(Hit{R: l.AcceptLabel, Tip: TipAcceptQueue})
	d.hit(Hit{R: l.AcceptQueue, Tip: TipAcceptQueue})
	slots := b.shownSlots(l.AcceptQueue, f.Limits.AcceptQueueCap, len(f.AcceptQueue))
	g := ZoomGrid(l.AcceptQueue, slots, 0, len(f.AcceptQueue)-1, b.readableCell(), true)
	b.scrollbar(g)
	if g.Bar {
		d.rect(g.Area, b.pal.Slot)
		d.rect(g.BarFill(len(f.AcceptQueue)), ColorDone)
		return
	}
	for i := range g.N {
		if !b.v.Conceal.Has(ConcealLimits) { // empty slots would tell the capacity
			d.rect(g.Slot(i), b.pal.Slot)
		}
	}
	for i := range f.AcceptQueue {
		if i >= g.N {
			break
		}
		cell := g.Slot(i)
		d.sprite(float32(cell.Min.X)+float32(g.Cell)/2, float32(cell.Min.Y)+float32(g.Cell)/2, float32(g.Cell), ShapeCircle, false, ColorDone)
	}
}

// app draws the application and how it calls accept().
func (b *builder) app() {
	l, f, d := b.l, b.f, b.d
	r := l.App
	d.outline(r, 2, b.pal.Box)
	in := r.Inset(b.g.Pad / 2)
	in.Min.X += b.g.Pad / 4
	sh := b.font(SizeSmall).LineH
	how := "none"
	switch f.App.Mode {
	case model.AcceptAll:
		how = "all"
	case model.AcceptRate:
		how = RateText(float64(f.App.Rate))
	}
	dy := 0
	if in.Dy() >= 3*sh { // room for a title line
		dy = b.title("accept()", in, 0, SizeSmall)
	} else if len("accept "+how) <= b.font(SizeSmall).Chars(in.Dx()) {
		how = "accept " + how
	}
	b.textIn(how, in, dy, SizeSmall, b.pal.Text)
	dy += sh
	done := Thousands(int64(f.Accepted)) + " done"
	if len([]rune(done)) > b.font(SizeSmall).Chars(in.Dx()) {
		done = Thousands(int64(f.Accepted)) // the colour of accepted connections says what it counts
	}
	b.textIn(done, in, dy, SizeSmall, ColorDone)
}

// cookiePath draws the way a cookie connection goes: its SYN-ACK is sent at the door and
// nothing is kept; its ACK later creates the connection straight in the accept queue.
func (b *builder) cookiePath() {
	l, f, d := b.l, b.f, b.d
	r := l.CookieLane
	if r.Empty() { // left out of a server too short for it (layout.go shortServer)
		return
	}
	var s string
	switch {
	case f.Limits.Syncookies == 0:
		s = "tcp_syncookies=0: no cookies"
	case f.Limits.CookiesAlways:
		s = "tcp_syncookies=2: cookies always"
	default: // the kernel reads any other value as 1 (and 2 too before 3.12)
		s = "tcp_syncookies=" + strconv.Itoa(f.Limits.Syncookies) + ": cookies when full"
	}
	active := f.Cookies > 0
	c := b.pal.Dim
	short := []string{"syncookies=" + strconv.Itoa(f.Limits.Syncookies), ""}
	if active {
		c = ColorCookie
		s = "cookies " + RateText(f.Cookies) + ": not queued"
		short = []string{"cookies " + RateText(f.Cookies), ""}
	}
	lane := r.Add(image.Pt(b.g.Pad, 0))
	lane.Max.X -= b.g.Pad
	for _, try := range append([]string{s}, short...) {
		if len([]rune(try)) <= b.font(SizeBody).Chars(lane.Dx()) {
			b.textIn(try, lane, 0, SizeBody, c)
			break
		}
	}
	if f.Limits.Syncookies == 0 {
		return
	}
	// The path: up from the door, over the SYN queue, down past it into the accept queue.
	w := max(2, b.g.Pad/4)
	lc := withAlpha(c, 160)
	if !active {
		lc = withAlpha(b.pal.Box, 255)
	}
	y := r.Max.Y - w - 2
	x0, x1 := l.Server.Min.X+b.g.Pad/2, l.SynQueue.Max.X+b.g.Pad/2
	d.rect(image.Rect(x0, y, x1, y+w), lc)
	d.rect(image.Rect(x1-w, y, x1, l.AcceptQueue.Min.Y), lc)
	if active {
		size := float32(b.font(SizeBody).Size * 0.7)
		d.sprite(float32(x1-w/2), float32(l.AcceptQueue.Min.Y)-size/2, size, ShapeDiamond, false, ColorCookie)
	}
}

// readableCell is the smallest slot, in pixels, that reads from the back of a room.
func (b *builder) readableCell() int { return int(b.font(SizeSmall).Size * 1.25) }

// scrollbar draws where a zoomed grid's window lies in its whole queue.
func (b *builder) scrollbar(g Grid) {
	line, window := g.Scrollbar()
	b.d.rect(line, b.pal.Slot)
	b.d.rect(window, b.pal.Text)
}

// shownSlots is how many slots a queue of capacity with n entries is drawn with: its
// capacity, or, while a lesson conceals the limits, as many readable slots as fit (at least
// n), none of them drawn empty, so that counting them tells nothing.
func (b *builder) shownSlots(area image.Rectangle, capacity, n int) int {
	if !b.v.Conceal.Has(ConcealLimits) {
		return capacity
	}
	c := b.readableCell()
	gap := max(1, c/6)
	return max(n, 1, ((area.Dx()+gap)/(c+gap))*((area.Dy()+gap)/(c+gap)))
}
