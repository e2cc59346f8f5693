package scene

import (
	"image"
	"image/color"

	"synq/model"
)

// clientColor is how a genuine client looks in each state.
func (b *builder) clientColor(s model.ClientState) (color.RGBA, bool) {
	switch s {
	case model.ClientSynSent:
		return ColorGenuine, true
	case model.ClientEstablished:
		return ColorDone, false
	case model.ClientReset:
		return ColorReset, false
	case model.ClientTimedOut:
		return ColorDrop, false
	case model.ClientRefused:
		return ColorReset, true
	}
	return b.pal.Slot, false
}

// hosts draws the genuine clients (one dot each, coloured by the state of its socket) and the
// flood sources.
func (b *builder) hosts() {
	l, f, d := b.l, b.f, b.d
	body, small := b.font(SizeBody), b.font(SizeSmall)

	r := l.Clients
	d.outline(r, 2, b.pal.Box)
	d.hit(Hit{R: r, Tip: TipClients})
	in := r.Inset(b.g.Pad / 2)
	dy := b.title("clients", in, 0, SizeBody)
	sub := Thousands(int64(len(f.Clients)))
	if f.ClientsRate > 0 {
		sub += " · " + RateText(float64(f.ClientsRate))
	}
	b.textIn(sub, in, dy, SizeSmall, b.pal.Text)
	dy += small.LineH + b.g.Pad/2
	area := image.Rect(in.Min.X, in.Min.Y+dy, in.Max.X, in.Max.Y)
	g := NewGrid(area, len(f.Clients), false)
	if g.Bar {
		b.clientBar(g)
	} else {
		for i, s := range f.Clients {
			c, hollow := b.clientColor(s)
			cell := g.Slot(i)
			d.sprite(float32(cell.Min.X)+float32(g.Cell)/2, float32(cell.Min.Y)+float32(g.Cell)/2, float32(g.Cell), ShapeCircle, hollow, c)
		}
	}

	r = l.Flood
	d.outline(r, 2, b.pal.Box)
	d.hit(Hit{R: r, Tip: TipFlood})
	in = r.Inset(b.g.Pad / 2)
	dy = b.title("flood", in, 0, SizeBody)
	b.textIn("198.19.0.0/16", in, dy, SizeSmall, b.pal.Text)
	dy += small.LineH
	rate, c := "off", b.pal.Dim
	if f.FloodRate > 0 {
		rate, c = RateText(float64(f.FloodRate)), ColorFlood
	}
	b.textIn(rate, in, dy, SizeBody, c)
	dy += body.LineH
	b.textIn(Compact(uint64(f.FloodSent))+" sent", in, dy, SizeSmall, b.pal.Dim)
	dy += small.LineH
	// A cluster of spoofed sources: what it looks like, not how many there are.
	size := float32(body.Size * 0.8)
	y := float32(in.Min.Y+dy) + size
	for i := range 5 {
		x := float32(in.Min.X) + size*(0.6+1.3*float32(i))
		if x+size/2 > float32(in.Max.X) || y+size/2 > float32(in.Max.Y) {
			break
		}
		d.sprite(x, y+float32(i%2)*size*0.6, size, ShapeDiamond, f.FloodRate == 0, c)
	}
}

// clientBar draws the clients as a bar split by state, when there are too many for dots.
func (b *builder) clientBar(g Grid) {
	var n [6]int
	for _, s := range b.f.Clients {
		n[s]++
	}
	b.d.rect(g.Area, b.pal.Slot)
	x := g.Area.Min.X
	for s := model.ClientSynSent; s <= model.ClientRefused; s++ {
		w := g.Area.Dx() * n[s] / max(1, len(b.f.Clients))
		c, _ := b.clientColor(s)
		b.d.rect(image.Rect(x, g.Area.Min.Y, x+w, g.Area.Max.Y), c)
		x += w
	}
}
