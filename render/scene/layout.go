package scene

import (
	"image"
	"math"
)

// Layout is where every part of the app goes on a screen, in pixels. It depends only on the
// screen's bounds and the fonts; the queues' slots are fitted into it per frame (NewGrid),
// because their number follows the live limits.
type Layout struct {
	Bounds   image.Rectangle
	Fonts    Fonts
	Pad      int
	Header   image.Rectangle // title, simulated time, speed
	Timeline image.Rectangle // a thin bar: how far through the scenario
	Footer   image.Rectangle // the keyboard shortcuts

	Scene   image.Rectangle // the picture: hosts, wire, server
	Clients image.Rectangle // genuine clients, top left
	Flood   image.Rectangle // flood sources, bottom left
	Wire    image.Rectangle
	Lanes   [numLanes]image.Rectangle
	Server  image.Rectangle // the server's box, holding everything below

	ServerTitle image.Rectangle
	CookieLane  image.Rectangle // cookie SYN-ACKs pass above the SYN queue
	SynLabel    image.Rectangle
	SynQueue    image.Rectangle // the SYN queue's slots go in here
	SynNote     image.Rectangle // retries and timers of the requests
	AcceptLabel image.Rectangle
	AcceptQueue image.Rectangle // the accept queue's slots, draining to the right
	App         image.Rectangle // the application calling accept()
	Legend      image.Rectangle // what the shapes and colours mean

	Drops image.Rectangle // recent drops with their reasons, under the picture
	Log   image.Rectangle // dmesg
	Panel image.Rectangle // the right column: ss, SYN-RECV, nstat, clients
}

// Lane is one direction of one kind of traffic on the wire.
type Lane uint8

// The wire's lanes, top to bottom.
const (
	LaneToServerGenuine   Lane = iota // SYN, ACK, data from genuine clients
	LaneFromServerGenuine             // SYN-ACK, cookie SYN-ACK, ACK, RST to genuine clients
	LaneToServerFlood                 // spoofed SYNs
	LaneFromServerFlood               // SYN-ACKs to spoofed addresses: no one is there
	numLanes
)

// ToServer reports whether the lane's packets travel towards the server (rightwards).
func (l Lane) ToServer() bool { return l == LaneToServerGenuine || l == LaneToServerFlood }

// panelChars is the right column's width in small characters: an nstat line
// ("TcpExtTCPReqQFullDoCookies", a value and its change) fits.
const panelChars = 43

// NewLayout lays the app out in bounds.
func NewLayout(bounds image.Rectangle, f Fonts) Layout {
	l := Layout{Bounds: bounds, Fonts: f}
	scale := f[SizeBody].Size / designSizes[SizeBody]
	pad := int(math.Round(10 * scale))
	l.Pad = pad
	body, small, large := f[SizeBody], f[SizeSmall], f[SizeLarge]

	rest := bounds
	l.Header = cutTop(&rest, large.LineH+2*pad).Inset(pad)
	l.Timeline = cutTop(&rest, max(4, int(6*scale)))
	l.Timeline.Min.X += pad
	l.Timeline.Max.X -= pad
	l.Footer = cutBottom(&rest, body.LineH+2*pad).Inset(pad)
	rest = rest.Inset(pad)

	l.Panel = cutRight(&rest, min(small.Width(panelChars)+2*pad, rest.Dx()/2))
	cutRight(&rest, pad)
	l.Log = cutBottom(&rest, body.LineH+2*small.LineH+pad)
	l.Drops = cutBottom(&rest, body.LineH+5*small.LineH+pad)
	cutBottom(&rest, pad)
	l.Legend = cutBottom(&rest, small.LineH)
	cutBottom(&rest, pad/2)
	l.Scene = rest

	hosts := cutLeft(&rest, min(body.Width(12), rest.Dx()/5))
	l.Clients = cutTop(&hosts, hosts.Dy()/2-pad/2)
	cutTop(&hosts, pad)
	l.Flood = hosts
	l.Wire = cutLeft(&rest, rest.Dx()*3/10)
	l.Server = rest

	// Two lanes level with the clients, two level with the flood, below a title line.
	wire := l.Wire
	cutTop(&wire, body.LineH)
	half := image.Rect(wire.Min.X, l.Clients.Min.Y+body.LineH, wire.Max.X, l.Clients.Max.Y)
	l.Lanes[LaneToServerGenuine], l.Lanes[LaneFromServerGenuine] = splitRows(half)
	half = image.Rect(wire.Min.X, l.Flood.Min.Y+body.LineH, wire.Max.X, l.Flood.Max.Y)
	l.Lanes[LaneToServerFlood], l.Lanes[LaneFromServerFlood] = splitRows(half)

	in := l.Server.Inset(pad)
	l.ServerTitle = cutTop(&in, body.LineH)
	l.CookieLane = cutTop(&in, body.LineH+pad)
	l.SynLabel = cutTop(&in, body.LineH)
	l.AcceptQueue = cutBottom(&in, max(in.Dy()/3, 0))
	l.AcceptLabel = cutBottom(&in, body.LineH+pad/2)
	cutBottom(&in, pad/2)
	l.SynNote = cutBottom(&in, small.LineH)
	l.SynQueue = in
	l.App = cutRight(&l.AcceptQueue, min(small.Width(14)+pad, l.AcceptQueue.Dx()/3))
	cutRight(&l.AcceptQueue, pad)
	return l
}

// cutTop takes h pixels off the top of r and returns them; r keeps the rest.
func cutTop(r *image.Rectangle, h int) image.Rectangle {
	h = min(max(h, 0), r.Dy())
	out := image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+h)
	r.Min.Y += h
	return out
}

// cutBottom takes h pixels off the bottom of r.
func cutBottom(r *image.Rectangle, h int) image.Rectangle {
	h = min(max(h, 0), r.Dy())
	out := image.Rect(r.Min.X, r.Max.Y-h, r.Max.X, r.Max.Y)
	r.Max.Y -= h
	return out
}

// cutLeft takes w pixels off the left of r.
func cutLeft(r *image.Rectangle, w int) image.Rectangle {
	w = min(max(w, 0), r.Dx())
	out := image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y)
	r.Min.X += w
	return out
}

// cutRight takes w pixels off the right of r.
func cutRight(r *image.Rectangle, w int) image.Rectangle {
	w = min(max(w, 0), r.Dx())
	out := image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y)
	r.Max.X -= w
	return out
}

// splitRows halves r into a top and a bottom row.
func splitRows(r image.Rectangle) (top, bottom image.Rectangle) {
	mid := r.Min.Y + r.Dy()/2
	return image.Rect(r.Min.X, r.Min.Y, r.Max.X, mid), image.Rect(r.Min.X, mid, r.Max.X, r.Max.Y)
}
