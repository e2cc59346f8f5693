package scene

import (
	"image"
	"image/color"
	"math"

	"synq/model"
)

// laneLabels name what travels in each lane.
var laneLabels = [numLanes]string{
	LaneToServerGenuine:   "SYN, ACK →",
	LaneFromServerGenuine: "← SYN-ACK, RST",
	LaneToServerFlood:     "spoofed SYN →",
	LaneFromServerFlood:   "← to no one",
}

// streamBelow is how long, in real time, a packet must take to cross the wire for the eye to
// follow it; faster than that, a lane also shows its traffic as a stream with a rate.
const streamBelow = 0.25 // seconds

// packetLook is a packet's sprite: shape by who sent or receives it, colour by what it is.
func packetLook(p *Packet) (Shape, color.RGBA) {
	flood := p.Peer.IsFlood()
	switch {
	case p.Flags&model.RST != 0:
		return ShapeSquare, ColorReset
	case p.Attr&model.AttrCookie != 0:
		return ShapeDiamond, ColorCookie
	case p.Flags&model.SYN == 0: // ACK, data
		return ShapeCircle, ColorDone
	case flood:
		return ShapeDiamond, ColorFlood
	}
	return ShapeCircle, ColorGenuine
}

// jitter spreads packets across a lane's height, the same way for the same packet every frame.
func jitter(p *Packet) float32 {
	h := uint64(p.Peer)*0x9e3779b97f4a7c15 ^ uint64(p.Sent)*0xbf58476d1ce4e5b9
	h ^= h >> 29
	return float32(h%1024)/1023*2 - 1
}

// laneCap is how many single packets a lane shows before it shows a stream instead.
func laneCap(r image.Rectangle, size float32) int {
	return max(12, int(float32(r.Dx()*r.Dy())/(size*size*3)))
}

// wire draws the lanes and the packets in flight, interpolated between their send time and
// their arrival one delay later.
func (b *builder) wire() {
	l, f, d := b.l, b.f, b.d
	body, small := b.font(SizeBody), b.font(SizeSmall)
	if l.Label.Empty() { // two runs: the label's line says it
		b.firstFit(l.Wire, 0, SizeBody, b.pal.Dim, "wire "+Span(f.Delay), Span(f.Delay)) // narrow: the delay alone
	}
	size := float32(body.Size * 0.75)

	var shown, stride [numLanes]int
	for i, r := range l.Lanes {
		ln := Lane(i)
		st := f.Lanes[i]
		stride[i] = 1
		if n, capN := st.InFlight, laneCap(r, size); n > capN {
			stride[i] = ceilDiv(n, capN)
		}
		track := laneTrack(r, ln, small.LineH)
		mid := track.Min.Y + track.Dy()/2
		d.rect(image.Rect(r.Min.X, mid, r.Max.X, mid+1), b.pal.Box)
		labelY := r.Min.Y + 2
		if !ln.ToServer() {
			labelY = r.Max.Y - small.LineH - 2
		}
		// A stream: too many packets to draw one by one, or too fast to follow.
		fast := b.v.Speed > 0 && f.Delay.Seconds()/b.v.Speed < streamBelow
		stream := (st.Rate > 0 || st.InFlight > 0) && (stride[i] > 1 || fast)
		label := laneLabels[i]
		lw := small.Width(len([]rune(label)))
		showLabel := r.Dy() >= 2*small.LineH && lw+4 <= r.Dx() // a short lane has no room for its label
		lbl := image.Rect(r.Min.X, labelY, r.Min.X+2+lw+4, labelY+small.LineH)
		if !showLabel {
			lbl = image.Rectangle{}
		}
		if !stream {
			if showLabel {
				d.text(label, image.Pt(r.Min.X+2, labelY), SizeSmall, b.pal.Dim)
			}
			continue
		}
		{
			_, c := laneColor(ln, f)
			alpha := uint8(min(200, 40+30*math.Log10(1+st.Rate)))
			band := image.Rect(r.Min.X, mid-track.Dy()/4, r.Max.X, mid+track.Dy()/4)
			d.rect(band, withAlpha(c, alpha))
			rate := RateText(st.Rate)
			size, fnt := SizeBody, body
			if track.Dy() < body.LineH {
				size, fnt = SizeSmall, small
			}
			tw := fnt.Width(len([]rune(rate)))
			// Centred on the track, but clear of the lane's label and inside the lane.
			at := image.Pt(r.Min.X+(r.Dx()-tw)/2, mid-fnt.LineH/2)
			at.Y = min(max(at.Y, r.Min.Y), r.Max.Y-fnt.LineH)
			rateAt := func() image.Rectangle { return image.Rect(at.X, at.Y, at.X+tw, at.Y+fnt.LineH) }
			if lbl.Overlaps(rateAt()) { // beside the label, else at the lane's end
				at.X = max(at.X, lbl.Max.X+4)
				if at.X+tw > r.Max.X {
					at.X = max(r.Min.X, r.Max.X-tw)
				}
			}
			if lbl.Overlaps(rateAt()) { // the other edge of the lane from the label
				if ln.ToServer() {
					at.Y = r.Max.Y - fnt.LineH
				} else {
					at.Y = r.Min.Y
				}
			}
			if lbl.Overlaps(rateAt()) { // the rate matters more than the label
				showLabel = false
			}
			if showLabel {
				d.text(label, image.Pt(r.Min.X+2, labelY), SizeSmall, b.pal.Dim)
			}
			if at.X+tw > r.Max.X || at.Y < r.Min.Y {
				continue
			}
			d.overlay(image.Rect(at.X-4, at.Y, at.X+tw+4, at.Y+fnt.LineH), withAlpha(b.pal.Background, 210))
			d.text(rate, at, size, b.pal.Text)
		}
	}

	if f.Delay <= 0 {
		return
	}
	var seen [numLanes]int
	for i := range f.Packets {
		p := &f.Packets[i]
		ln := p.Lane
		seen[ln]++
		if (seen[ln]-1)%stride[ln] != 0 {
			continue
		}
		shown[ln]++
		r := laneTrack(l.Lanes[ln], ln, small.LineH)
		progress := float32(f.Now-p.Sent) / float32(f.Delay)
		progress = min(max(progress, 0), 1)
		if !ln.ToServer() {
			progress = 1 - progress
		}
		x := float32(r.Min.X) + size/2 + progress*(float32(r.Dx())-size)
		y := float32(r.Min.Y+r.Dy()/2) + jitter(p)*max(0, float32(r.Dy())/2-size/2)
		shape, c := packetLook(p)
		d.sprite(x, y, size, shape, p.Attr&model.AttrRetrans != 0, c)
	}
}

// laneTrack is the part of lane r that packets travel in: all but the line of its label (at
// the top of a lane towards the server, at the bottom of one from it).
func laneTrack(r image.Rectangle, l Lane, labelH int) image.Rectangle {
	if r.Dy() < 2*labelH {
		return r
	}
	if l.ToServer() {
		r.Min.Y += labelH
	} else {
		r.Max.Y -= labelH
	}
	return r
}

// laneColor is the colour a lane's stream is drawn in: what most of its traffic is.
func laneColor(l Lane, f *Frame) (Shape, color.RGBA) {
	switch l {
	case LaneToServerFlood:
		return ShapeDiamond, ColorFlood
	case LaneFromServerFlood, LaneFromServerGenuine:
		if f.Cookies > 0 && (l == LaneFromServerFlood || f.FloodRate == 0) {
			return ShapeDiamond, ColorCookie
		}
		if l == LaneFromServerFlood {
			return ShapeDiamond, ColorFlood
		}
	}
	return ShapeCircle, ColorGenuine
}
