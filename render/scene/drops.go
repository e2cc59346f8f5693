package scene

import (
	"fmt"
	"image"
	"strings"
)

// sitePoint is where on the picture drops at a site are marked.
func (b *builder) sitePoint(s Site) image.Point {
	l := b.l
	mid := func(r image.Rectangle) int { return r.Min.Y + r.Dy()/2 }
	if b.isBSD() { // one queue: every drop is a SYN refused at its entrance (spec 5.1)
		return image.Pt(l.Server.Min.X, mid(l.SynQueue.Union(l.AcceptQueue)))
	}
	switch s {
	case SiteSynQueue:
		return image.Pt(l.Server.Min.X, mid(l.SynQueue))
	case SiteAcceptQueue:
		return image.Pt(l.AcceptQueue.Min.X, mid(l.AcceptQueue))
	case SiteExpired:
		if l.SynNote.Empty() { // two runs: no note line under the SYN queue
			return image.Pt(l.SynQueue.Max.X, mid(l.SynQueue))
		}
		return image.Pt(l.SynQueue.Max.X, mid(l.SynNote))
	case SiteClient:
		return image.Pt(l.Clients.Max.X, mid(l.Clients))
	}
	return image.Pt(l.Server.Min.X, mid(l.Server))
}

// sortedDrops copies the frame's drops into buf, in a fixed order (site, then reason), so
// that lines do not jump about from frame to frame.
func sortedDrops(buf []DropStat, drops []DropStat) []DropStat {
	buf = append(buf[:0], drops...)
	for i := 1; i < len(buf); i++ {
		for j := i; j > 0 && dropBefore(buf[j], buf[j-1]); j-- {
			buf[j], buf[j-1] = buf[j-1], buf[j]
		}
	}
	return buf
}

func dropBefore(a, b DropStat) bool {
	return a.Site < b.Site || (a.Site == b.Site && a.Reason < b.Reason)
}

// dropMark is a drop site's mark: the cross, and its count with the count's ground.
type dropMark struct {
	p      image.Point
	label  string
	at     image.Point
	ground image.Rectangle
}

// dropMarkList is where every site where something was dropped lately is marked.
func (b *builder) dropMarkList() []dropMark {
	var sites [numSites]int
	for _, dr := range b.f.Drops {
		sites[dr.Site] += dr.Count
	}
	body := b.font(SizeBody)
	size := float32(body.Size * 1.1)
	short := b.l.SynNote.Empty() || b.isBSD() // mark drops at the door, the count outside the box
	var out []dropMark
	for s, n := range sites {
		if n == 0 {
			continue
		}
		p := b.sitePoint(Site(s))
		label := b.conceal(ConcealCounters, Thousands(int64(n)))
		w := body.Width(len(label))
		at := image.Pt(p.X+int(size*0.7), p.Y-body.LineH/2)
		switch {
		case short && (Site(s) == SiteSynQueue || Site(s) == SiteAcceptQueue || b.isBSD()):
			p.X = b.l.Server.Min.X // the count inside the box, over the row's first slots
			if !b.isBSD() && Site(s) == SiteSynQueue {
				p.X = b.l.SynQueue.Min.X
			} else if !b.isBSD() {
				p.X = b.l.AcceptQueue.Min.X
			}
			at = image.Pt(p.X+int(size*0.7), p.Y-body.LineH/2)
		case Site(s) == SiteExpired || Site(s) == SiteClient: // at a box's right edge: the count goes inside
			at = image.Pt(p.X-int(size*0.7)-w, p.Y-body.LineH/2)
		}
		out = append(out, dropMark{p: p, label: label, at: at, ground: image.Rect(at.X-2, at.Y, at.X+w+4, at.Y+body.LineH)})
	}
	return out
}

// underDropCount reports whether r lies under a drop mark's count (where a slot leaves out
// its own number, which would show through the count's ground).
func (b *builder) underDropCount(r image.Rectangle) bool {
	for _, m := range b.marks {
		if m.ground.Overlaps(r) {
			return true
		}
	}
	return false
}

// dropMarks marks every site where something was dropped lately, with how many.
func (b *builder) dropMarks() {
	size := float32(b.font(SizeBody).Size * 1.1)
	for _, m := range b.marks {
		b.d.sprite(float32(m.p.X), float32(m.p.Y), size, ShapeCross, false, ColorDrop)
		b.d.overlay(m.ground, withAlpha(b.pal.Background, 230))
		b.d.text(m.label, m.at, SizeBody, ColorDrop)
	}
}

// drops lists the recent drops with their reasons in the kernel's terms.
func (b *builder) drops() {
	l, f := b.l, b.f
	r := l.Drops
	if r.Empty() {
		return
	}
	small := b.font(SizeSmall)
	window := "in the last " + Span(f.Span) + " of simulated time"
	if f.TraceMissing {
		window = "in the last " + Span(f.Span) + " (all the trace still holds)"
	}
	body := b.font(SizeBody)
	if b.v.Conceal.Has(ConcealCounters) { // the recent drops count what the question asks
		b.title("drops: shown after your answer", r, 0, SizeBody)
		return
	}
	head := "drops " + window
	if len(f.Drops) == 0 {
		head = "drops: none " + window
	}
	if len([]rune(head)) > body.Chars(r.Dx()) {
		head = "drops, last " + Span(f.Span)
		if len(f.Drops) == 0 {
			head = "drops: none in " + Span(f.Span)
		}
	}
	if len(f.Drops) == 0 {
		b.title(head, r, 0, SizeBody)
		return
	}
	dy := b.title(head, r, 0, SizeBody)
	var buf [16]DropStat
	indent := small.Width(8)
	text := image.Rect(r.Min.X+indent, r.Min.Y, r.Max.X, r.Max.Y)
	drops := sortedDrops(buf[:0], f.Drops)
	// Each reason whole (its counters are the point); the reasons that find no room are
	// counted on the last line.
	for i, dr := range drops {
		reason := dr.Reason.String()
		if f.Profile != nil {
			reason = dr.Reason.For(f.Profile) // the counters this kernel moves
		}
		ls := Wrap(reason, small.Chars(text.Dx()))
		rest := len(drops) - i - 1
		need := len(ls) * small.LineH
		if rest > 0 {
			need += small.LineH // room for the "more" line
		}
		if dy+need > r.Dy() && !(rest == 0 && dy+len(ls)*small.LineH <= r.Dy()) {
			more := 0
			for _, d := range drops[i:] {
				more += d.Count
			}
			what := "reasons"
			if len(drops)-i == 1 {
				what = "reason"
			}
			b.firstFit(r, dy, SizeSmall, b.pal.Dim, fmt.Sprintf("+%d more %s (%s drops)", len(drops)-i, what, Thousands(int64(more))),
				fmt.Sprintf("+%d more (%s)", len(drops)-i, Thousands(int64(more))))
			return
		}
		size := float32(small.Size * 0.8)
		b.d.hit(Hit{R: image.Rect(r.Min.X, r.Min.Y+dy, r.Max.X, r.Min.Y+dy+len(ls)*small.LineH), Tip: DropTip(dr.Reason)})
		b.d.sprite(float32(r.Min.X)+size/2, float32(r.Min.Y+dy+small.LineH/2), size, ShapeCross, false, ColorDrop)
		b.d.text(fmt.Sprintf("%6s", Thousands(int64(dr.Count))), image.Pt(r.Min.X+int(size), r.Min.Y+dy), SizeSmall, ColorDrop)
		for _, line := range ls {
			b.d.text(line, image.Pt(text.Min.X, r.Min.Y+dy), SizeSmall, b.pal.Text)
			dy += small.LineH
		}
	}
}

// log shows the kernel log, newest lines last, as many as fit.
func (b *builder) log() {
	l, f := b.l, b.f
	r := l.Log
	if r.Empty() {
		return
	}
	small := b.font(SizeSmall)
	dy := b.title("$ dmesg", r, 0, SizeBody)
	b.d.hit(Hit{R: r, Tip: TipLog})
	if b.v.Conceal.Has(ConcealEvidence) && len(f.Log) > 0 {
		b.firstFit(r, dy, SizeSmall, b.pal.Dim, "(shown after your answer)", "(after your answer)", "")
		return
	}
	if len(f.Log) == 0 {
		b.firstFit(r, dy, SizeSmall, b.pal.Dim, "(nothing about this listener)", "(nothing yet)", "")
		return
	}
	room := (r.Dy() - dy) / small.LineH
	var lines []string
	for i := len(f.Log) - 1; i >= 0 && len(lines) < room; i-- {
		ls := logLines(f.Log[i].At.Seconds(), f.Log[i].Text, small.Chars(r.Dx()), room-len(lines))
		lines = append(ls, lines...)
	}
	if len(lines) > room {
		lines = lines[len(lines)-room:]
	}
	for _, s := range lines {
		b.d.text(s, image.Pt(r.Min.X, r.Min.Y+dy), SizeSmall, b.pal.Text)
		dy += small.LineH
	}
}

// logLines wraps one dmesg line to chars a line in at most room lines, always from its start
// (the start says what happened: "Possible SYN flooding on port …"). Where the whole line does
// not fit, the time stamp goes first, then the subsystem's prefixes ("TCP: request_sock_TCP: ");
// what still does not fit is left off at the end.
func logLines(at float64, text string, chars, room int) []string {
	cands := []string{fmt.Sprintf("[%11.6f] %s", at, text), text}
	for t := text; ; {
		i := strings.Index(t, ": ")
		if i < 0 || strings.Contains(t[:i], " ") {
			break
		}
		t = t[i+2:]
		cands = append(cands, t)
	}
	var ls []string
	for _, c := range cands {
		if ls = Wrap(c, chars); len(ls) <= room {
			return ls
		}
	}
	return ls[:max(room, 0)]
}
