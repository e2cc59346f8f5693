package scene

import (
	"fmt"
	"image"

	"synq/model"
)

// panel draws the right column: the listener as `ss -ltn` shows it, the SYN-RECV count, the
// counters as `nstat -az` prints them (those that moved lately highlighted, with how much),
// and the genuine clients' outcomes.
func (b *builder) panel() {
	l, f, d := b.l, b.f, b.d
	r := l.Panel
	d.rect(r, ColorPanel)
	r = r.Inset(l.Pad)
	body, small := b.font(SizeBody), b.font(SizeSmall)
	lh := body.LineH

	sh := small.LineH
	dy := b.title("$ ss -ltn", r, 0, SizeBody)
	b.textIn("State   Recv-Q  Send-Q  Local Address:Port", r, dy, SizeSmall, ColorDim)
	dy += sh
	b.textIn(fmt.Sprintf("LISTEN  %-6d  %-6d  %s", f.AcceptQLen, f.Limits.Backlog, model.ListenAddr(f.Port)), r, dy, SizeSmall, ColorText)
	dy += sh + lh/3
	dy = b.title("$ ss -tn state syn-recv | wc -l", r, dy, SizeBody)
	b.textIn(Thousands(int64(f.SynQLen)), r, dy, SizeSmall, ColorText)
	dy += sh + lh/3

	head := "$ nstat -az"
	if f.HaveDelta {
		head += "   (+ last " + Span(f.Window) + ")"
	}
	dy = b.title(head, r, dy, SizeBody)
	const nameW, valueW = 26, 9 // the rest of the line holds the change
	for _, c := range f.CounterList {
		v := f.Counters[c]
		moved := f.HaveDelta && f.Delta[c] > 0
		row := image.Rect(r.Min.X-l.Pad/2, r.Min.Y+dy, r.Max.X+l.Pad/2, r.Min.Y+dy+sh)
		col := ColorText
		if moved {
			d.rect(row, ColorHighlight)
			col = ColorCookie
		}
		line := fmt.Sprintf("%-*s%*s", nameW, c.String(), valueW, Thousands(int64(v)))
		b.textIn(line, r, dy, SizeSmall, col)
		if moved {
			b.textRight("+"+Compact(f.Delta[c]), r, dy, SizeSmall, ColorCookie)
		}
		dy += sh
	}
	dy += lh / 4

	cc := f.ClientCount
	dy = b.title("clients: "+Thousands(int64(len(f.Clients))), r, dy, SizeBody)
	type outcome struct {
		s model.ClientState
		n int
	}
	x := r.Min.X
	for _, o := range []outcome{
		{model.ClientEstablished, cc.Established}, {model.ClientSynSent, cc.SynSent},
		{model.ClientReset, cc.Reset}, {model.ClientTimedOut, cc.TimedOut}, {model.ClientRefused, cc.Refused},
	} {
		label := o.s.String() + " " + Thousands(int64(o.n))
		w := int(small.Size) + small.Width(len(label)+2)
		if x+w > r.Max.X {
			x = r.Min.X
			dy += small.LineH
		}
		c, hollow := clientColor(o.s)
		if o.n == 0 {
			c = ColorDim
		}
		size := float32(small.Size * 0.7)
		d.sprite(float32(x)+size/2, float32(r.Min.Y+dy+small.LineH/2), size, ShapeCircle, hollow, c)
		d.text(label, image.Pt(x+int(small.Size), r.Min.Y+dy), SizeSmall, ColorText)
		x += w
	}
}
