package scene

import (
	"fmt"
	"image"
	"strconv"

	"synq/model"
)

// panel draws the listener's panel: the listener as `ss -ltn` shows it, the SYN-RECV count,
// the counters as `nstat -az` prints them (those that moved lately highlighted, with how much),
// and the genuine clients' outcomes. A compact panel puts ss on one line and lists only the
// counters that are not zero.
func (b *builder) panel() {
	l, f, d := b.l, b.f, b.d
	if l.Panel.Empty() {
		return
	}
	d.rect(l.Panel, b.pal.Panel)
	sh := b.font(SizeSmall).LineH
	if l.Compact {
		b.textIn(fmt.Sprintf("Recv-Q %s  Send-Q %s  SYN-RECV %s", b.conceal(ConcealLengths, strconv.Itoa(f.AcceptQLen)),
			b.conceal(ConcealLimits, strconv.Itoa(f.Limits.Backlog)),
			b.conceal(ConcealLengths, Thousands(int64(f.SynQLen)))),
			l.SS, 0, SizeSmall, b.pal.Text)
		d.hit(Hit{R: l.SS, Tip: TipSS})
	} else {
		dy := b.title("$ ss -ltn", l.SS, 0, SizeBody)
		b.textIn("State   Recv-Q  Send-Q  Local Address:Port", l.SS, dy, SizeSmall, b.pal.Dim)
		dy += sh
		b.textIn(fmt.Sprintf("LISTEN  %-6s  %-6s  %s", b.conceal(ConcealLengths, strconv.Itoa(f.AcceptQLen)),
			b.conceal(ConcealLimits, strconv.Itoa(f.Limits.Backlog)), model.ListenAddr(f.Port)), l.SS, dy, SizeSmall, b.pal.Text)
		d.hit(Hit{R: l.SS, Tip: TipSS})
		dy = b.title("$ ss -tn state syn-recv | wc -l", l.SynRecv, 0, SizeBody)
		b.textIn(b.conceal(ConcealLengths, Thousands(int64(f.SynQLen))), l.SynRecv, dy, SizeSmall, b.pal.Text)
	}
	b.counters()
	b.outcomes()
}

// counters draws the nstat lines in the panel's counter section.
func (b *builder) counters() {
	l, f, d := b.l, b.f, b.d
	r := l.Counters
	sh := b.font(SizeSmall).LineH
	dy := 0
	if !l.Compact {
		head := "$ nstat -az"
		if f.HaveDelta {
			head += "   (+ last " + Span(f.Window) + ")"
		}
		dy = b.title(head, r, dy, SizeBody)
	}
	nameW, valueW := 26, 10 // the rest of the line holds the change
	if l.Compact {
		// As much of the name as leaves room for the value.
		valueW = 8
		nameW = max(6, min(20, b.font(SizeSmall).Chars(r.Dx())-valueW))
	}
	shown := 0
	for _, c := range f.CounterList {
		v := f.Counters[c]
		if l.Compact && v == 0 && !b.v.Conceal.Has(ConcealCounters) {
			continue
		}
		if dy+sh > r.Dy() {
			break
		}
		moved := f.HaveDelta && f.Delta[c] > 0 && !b.v.Conceal.Has(ConcealCounters)
		row := image.Rect(r.Min.X-b.g.Pad/2, r.Min.Y+dy, r.Max.X+b.g.Pad/2, r.Min.Y+dy+sh)
		col := b.pal.Text
		if moved {
			d.rect(row, b.pal.Highlight)
			col = b.pal.HighlightText
		}
		name := c.String()
		if l.Compact {
			name = Clip(trimNstat(name), nameW)
		}
		line := fmt.Sprintf("%-*s%*s", nameW, name, valueW, b.conceal(ConcealCounters, Thousands(int64(v))))
		b.textIn(line, r, dy, SizeSmall, col)
		b.d.hit(Hit{R: row, Tip: counterTip(c)})
		if moved && b.font(SizeSmall).Chars(r.Dx()) >= nameW+valueW+8 { // room for the change
			b.textRight("+"+Compact(f.Delta[c]), r, dy, SizeSmall, b.pal.HighlightText)
		}
		dy += sh
		shown++
	}
	switch {
	case len(f.CounterList) == 0:
		b.textIn("no nstat counters on "+f.Kernel, r, dy, SizeSmall, b.pal.Dim)
	case l.Compact && shown == 0:
		b.textIn("nstat: every counter 0", r, 0, SizeSmall, b.pal.Dim)
	}
}

// trimNstat drops the TcpExt prefix in a compact panel.
func trimNstat(name string) string {
	if len(name) > 6 && name[:6] == "TcpExt" {
		return name[6:]
	}
	return name
}

// outcomes draws the genuine clients by state.
func (b *builder) outcomes() {
	l, f, d := b.l, b.f, b.d
	r := l.Outcomes
	small := b.font(SizeSmall)
	cc := f.ClientCount
	dy := 0
	if !l.Compact {
		dy = b.title("clients: "+Thousands(int64(len(f.Clients))), r, dy, SizeBody)
	}
	type outcome struct {
		s model.ClientState
		n int
	}
	x := r.Min.X
	for _, o := range []outcome{
		{model.ClientEstablished, cc.Established}, {model.ClientSynSent, cc.SynSent},
		{model.ClientReset, cc.Reset}, {model.ClientTimedOut, cc.TimedOut}, {model.ClientRefused, cc.Refused},
	} {
		label := o.s.String() + " " + b.conceal(ConcealCounters, Thousands(int64(o.n)))
		if l.Compact && o.n == 0 && !b.v.Conceal.Has(ConcealCounters) {
			continue
		}
		w := int(small.Size) + small.Width(len(label)+2)
		if x+w > r.Max.X {
			x = r.Min.X
			dy += small.LineH
		}
		if dy+small.LineH > r.Dy() {
			break
		}
		c, hollow := b.clientColor(o.s)
		if o.n == 0 || b.v.Conceal.Has(ConcealCounters) {
			c = b.pal.Dim
		}
		size := float32(small.Size * 0.7)
		d.sprite(float32(x)+size/2, float32(r.Min.Y+dy+small.LineH/2), size, ShapeCircle, hollow, c)
		d.text(label, image.Pt(x+int(small.Size), r.Min.Y+dy), SizeSmall, b.pal.Text)
		x += w
	}
}
