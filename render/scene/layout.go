package scene

import (
	"image"
	"math"

	"synq/model"
)

// Mode is what the screen holds besides the run: it changes the layout.
type Mode struct {
	Compare   bool // two runs, one above the other
	Knobs     bool // the knob panel is open
	KnobRows  int  // how many knobs it lists
	Narration bool // a lesson's narration panel
	Presenter bool // presenter mode: the panel lists only the counters that are not zero, to leave room
	// NarrationCollapsed shrinks the narration strip to its title line, to leave the scene
	// the screen (the player toggles it).
	NarrationCollapsed bool
	// NarrationQuestion: a question waits, whose choices must all be on screen, so the strip
	// may take eight lines (within its share of the room).
	NarrationQuestion bool
}

// Layout is where every part of the app goes on a screen, in pixels. It depends only on the
// screen's bounds, the fonts and the mode; the queues' slots are fitted into it per frame
// (NewGrid), because their number follows the live limits.
type Layout struct {
	Bounds   image.Rectangle
	Fonts    Fonts
	Mode     Mode
	Pad      int
	Header   image.Rectangle // title, simulated time, speed
	Timeline image.Rectangle // the whole run: click or drag to go to a time
	Track    image.Rectangle // the timeline's bar, inside Timeline
	Footer   image.Rectangle // the keyboard shortcuts

	Aside     image.Rectangle // the right column (empty when comparing without knobs or narration)
	Narration image.Rectangle // a lesson's text and question (empty without one)
	Knobs     image.Rectangle // the knob panel (empty when closed)
	// KnobVisible is how many knobs the panel has room for; it scrolls through the rest.
	KnobVisible int

	Legend image.Rectangle // what the shapes and colours mean
	Charts [NumMetrics]image.Rectangle
	Help   image.Rectangle // the overlay listing every shortcut

	Runs [2]RunLayout // Runs[1] only when comparing
}

// RunLayout is where the parts of one run go.
type RunLayout struct {
	Area    image.Rectangle // everything of this run
	Label   image.Rectangle // what this run is (when comparing: what differs)
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

	Drops image.Rectangle // recent drops with their reasons (empty when comparing)
	Log   image.Rectangle // dmesg (empty when comparing)

	Panel    image.Rectangle // ss, SYN-RECV, nstat, clients
	Compact  bool            // the panel is short: one line for ss, only the counters that are not zero
	SS       image.Rectangle // `ss -ltn` (and, compact, the SYN-RECV count)
	SynRecv  image.Rectangle // the SYN-RECV count (empty when compact)
	Counters image.Rectangle // `nstat -az`
	Outcomes image.Rectangle // the clients by state

	compare  bool // one of two runs: its label goes over its hosts and wire
	portrait bool // on an upright screen: the picture is narrow
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

// Widths in small characters: the right column fits an nstat line ("TcpExtTCPReqQFullDoCookies",
// a value and its change); a compact panel beside a run, a shorter one.
const (
	panelChars   = 43
	compactChars = 36
	asideChars   = 36 // the right column when comparing: knobs and narration only
	// narrationChars is the right column's width while a lesson narrates: its text, question
	// and evidence (`ss` and `nstat` lines) need more than the listener's panel.
	narrationChars = 56
	maxCounters    = 13 // nstat lines the full panel has room for
)

// NewLayout lays the app out in bounds.
func NewLayout(bounds image.Rectangle, f Fonts, m Mode) Layout {
	l := Layout{Bounds: bounds, Fonts: f, Mode: m}
	scale := f[SizeBody].Size / designSizes[SizeBody]
	pad := int(math.Round(10 * scale))
	l.Pad = pad
	body, small, large := f[SizeBody], f[SizeSmall], f[SizeLarge]

	rest := bounds
	headerH := large.LineH
	if Portrait(bounds.Dx(), bounds.Dy()) {
		headerH *= 2 // the title over the time
	}
	l.Header = cutTop(&rest, headerH+2*pad).Inset(pad)
	l.Timeline = cutTop(&rest, small.LineH+pad)
	l.Timeline.Min.X += pad
	l.Timeline.Max.X -= pad
	th := max(6, small.LineH/3)
	mid := l.Timeline.Min.Y + l.Timeline.Dy()/2
	l.Track = image.Rect(l.Timeline.Min.X+small.LineH/2, mid-th/2, l.Timeline.Max.X-small.LineH/2, mid-th/2+th)
	l.Footer = cutBottom(&rest, body.LineH+2*pad).Inset(pad)
	rest = rest.Inset(pad)
	l.Help = bounds.Inset(min(bounds.Dx(), bounds.Dy()) / 12)

	// A lesson's narration is a strip along the bottom, the whole width, so the scene keeps
	// the width; collapsed, it is one line.
	if m.Narration {
		share := 3 // at most a third of the room; a quarter of it in presenter's larger type
		if m.Presenter {
			share = 4
		}
		// Three lines at least, where that stays within a third (issue 16: two lines said
		// too little). A fourth would cost presenter's scene its charts' place at 1920x1080.
		room, lines := rest.Dy()/share, 6
		if bounds.Dy() >= 600 { // not on a phone held sideways: its scene needs the room more
			room = max(room, min(rest.Dy()/3, narrationFixed(f, pad)+3*small.LineH))
		}
		if m.NarrationQuestion {
			// Every choice on screen, in every mode: up to eight lines, in two fifths of the
			// room (the server box then gives up its cookie lane, and on a phone held
			// sideways in presenter's type lays its queues side by side: shortServer). An
			// upright phone in presenter's type keeps its share: its one column puts the
			// question and choices before the text.
			lines = 8
			if Portrait(bounds.Dx(), bounds.Dy()) {
				lines = 14 // one narrow column: the choices wrap
			}
			if !m.Presenter || !Portrait(bounds.Dx(), bounds.Dy()) {
				room = max(room, rest.Dy()*2/5)
			}
		}
		l.Narration = cutBottom(&rest, narrationHeight(f, pad, m.NarrationCollapsed, room, lines))
		cutBottom(&rest, pad)
	}
	if Portrait(bounds.Dx(), bounds.Dy()) {
		l.portrait(rest)
		return l
	}
	// The right column: the knob panel when open, and the listener's panel of a single run.
	// Scene first, in every mode of one run (issue 16: the packets and queues are the star):
	// a compact panel listing the counters that moved, the charts beside it, drops and dmesg
	// sharing a row. The full nstat list stays in `ss`'s and nstat's own output.
	scenic := true
	if m.Knobs || !m.Compare {
		chars := panelChars
		switch {
		case m.Compare:
			chars = asideChars
		case scenic && !m.Knobs: // the knobs' names and values need the full width
			chars = compactChars
		}
		l.Aside = cutRight(&rest, min(small.Width(chars)+2*pad, rest.Dx()/2))
		cutRight(&rest, pad)
	}
	a := l.Aside
	sh := small.LineH
	if m.Knobs {
		panelMin := 0 // the listener's panel, compact, when it shares the column
		if !m.Compare {
			panelMin = pad + 7*sh
		}
		room := a.Dy() - panelMin - 2*pad
		l.KnobVisible = min(m.KnobRows, max(1, (room-body.LineH-pad)/sh-2))
		l.Knobs = cutTop(&a, l.knobHeight(l.KnobVisible))
		cutTop(&a, pad)
	}

	chartH := small.LineH + max(3*small.LineH, rest.Dy()/8)
	if m.Compare {
		chartH += small.LineH // a second title line: both runs' values
	}
	if !m.Compare {
		run := &l.Runs[0]
		run.Area = rest
		if scenic { // drops and dmesg share a row
			lines := 3
			if m.Presenter && m.Narration || m.NarrationQuestion { // the strip took the room
				lines = 2
			}
			row := cutBottom(&rest, body.LineH+lines*small.LineH)
			share := 3.0 // the drops' reasons are long: three fifths of the row
			if lines == 2 {
				share = 2.25 // dmesg's SYN-flood line needs over half the row to fit two lines
			}
			run.Drops = cutLeft(&row, int(float64(row.Dx()-pad)*share/5))
			cutLeft(&row, pad)
			run.Log = row
		} else {
			run.Log = cutBottom(&rest, body.LineH+2*small.LineH)
			cutBottom(&rest, pad/2)
			run.Drops = cutBottom(&rest, body.LineH+4*small.LineH) // three reasons, one of two lines
		}
		cutBottom(&rest, pad/2)
		// Scene first: the compact panel leaves the right column room for the charts, one
		// above the other, and the picture takes their place.
		panelH := pad + (1+6+2)*small.LineH
		if m.NarrationQuestion {
			// A waiting question's strip took room: the panel lists fewer counters (nothing
			// has moved yet, or it is hidden) so the charts keep the right column and the
			// picture the left.
			panelH = pad + (1+3+2)*small.LineH
		}
		if scenic && !m.Knobs && a.Dy()-panelH-pad >= 3*(3*small.LineH) {
			run.panel(cutTop(&a, panelH), f, pad, true)
			cutTop(&a, pad)
			l.gridCharts(a, 2)
			l.Legend = cutBottom(&rest, small.LineH)
			cutBottom(&rest, pad/2)
			run.sceneParts(rest, f, pad)
			return l
		}
		// Else three charts a row under a shorter panel (five counters, or four), where that
		// fits.
		rowH := 2*small.LineH + small.LineH/4
		panelH = pad + (1+5+2)*small.LineH
		if m.NarrationQuestion {
			panelH = pad + (1+2+2)*small.LineH // as above: the charts keep the right column
		}
		if a.Dy()-panelH-pad < 2*rowH+pad {
			panelH -= small.LineH
		}
		if scenic && !m.Knobs && a.Dy()-panelH-pad >= 2*rowH+pad {
			charts := cutBottom(&a, a.Dy()-panelH-pad)
			cutBottom(&a, pad)
			run.panel(a, f, pad, true)
			l.gridCharts(charts, 3)
			l.Legend = cutBottom(&rest, small.LineH)
			cutBottom(&rest, pad/2)
			run.sceneParts(rest, f, pad)
			return l
		}
		if scenic { // the charts as low as they stay readable: the picture first
			chartH = 3 * small.LineH
		}
		l.charts(cutBottom(&rest, chartH))
		cutBottom(&rest, pad)
		l.Legend = cutBottom(&rest, small.LineH)
		cutBottom(&rest, pad/2)
		run.sceneParts(rest, f, pad)
		run.panel(a, f, pad, scenic)
		return l
	}
	if !m.Narration { // a lesson's two runs need the room more than the charts
		l.charts(cutBottom(&rest, chartH))
		cutBottom(&rest, pad)
	}
	l.Legend = cutBottom(&rest, small.LineH)
	cutBottom(&rest, pad/2)
	top := cutTop(&rest, (rest.Dy()-pad)/2)
	cutTop(&rest, pad)
	for i, area := range []image.Rectangle{top, rest} {
		run := &l.Runs[i]
		run.Area, run.compare = area, true
		p := cutRight(&area, min(small.Width(compactChars)+pad, area.Dx()/3))
		cutRight(&area, pad)
		run.sceneParts(area, f, pad)
		run.panel(p, f, pad, true)
	}
	return l
}

// portrait lays out an upright screen (a phone): everything stacked, the width for each
// part. From the top: the picture of each run (with its compact panel under it when two are
// shown), the legend, drops and dmesg, the panel, the charts, the knob panel.
func (l *Layout) portrait(rest image.Rectangle) {
	f, pad, m := l.Fonts, l.Pad, l.Mode
	body, small := f[SizeBody], f[SizeSmall]
	if m.Knobs {
		room := rest.Dy() / 3
		if m.Narration { // the narration took its share: the picture needs the rest
			room = rest.Dy() / 4
		}
		l.KnobVisible = min(m.KnobRows, max(1, (room-body.LineH-pad)/small.LineH-2))
		l.Knobs = cutBottom(&rest, l.knobHeight(l.KnobVisible))
		cutBottom(&rest, pad)
	}
	if !m.Compare || !m.Narration { // a lesson's two runs need the room more than the charts
		rows := 2
		if m.Compare {
			rows = 3 // a second title line: both runs' values
		}
		chartRowH := small.LineH + rows*small.LineH
		l.gridCharts(cutBottom(&rest, 2*chartRowH+pad), 3)
		cutBottom(&rest, pad)
	}
	if !m.Compare {
		run := &l.Runs[0]
		run.Area, run.portrait = rest, true
		run.panel(cutBottom(&rest, pad+(1+5+2)*small.LineH), f, pad, true)
		cutBottom(&rest, pad)
		run.Log = cutBottom(&rest, body.LineH+3*small.LineH)
		cutBottom(&rest, pad/2)
		run.Drops = cutBottom(&rest, body.LineH+3*small.LineH)
		cutBottom(&rest, pad/2)
		l.Legend = cutBottom(&rest, 2*small.LineH)
		cutBottom(&rest, pad/2)
		run.sceneParts(rest, f, pad)
		return
	}
	l.Legend = cutBottom(&rest, 2*small.LineH)
	cutBottom(&rest, pad/2)
	top := cutTop(&rest, (rest.Dy()-pad)/2)
	cutTop(&rest, pad)
	for i, area := range []image.Rectangle{top, rest} {
		run := &l.Runs[i]
		run.Area, run.compare, run.portrait = area, true, true
		p := cutBottom(&area, pad+(1+3+2)*small.LineH)
		cutBottom(&area, pad/2)
		run.sceneParts(area, f, pad)
		run.panel(p, f, pad, true)
	}
}

// narrationHeight is the height of the narration strip: a title line and up to want lines of
// small text, at most max; collapsed, the title line only.
func narrationHeight(f Fonts, pad int, collapsed bool, max, want int) int {
	body, small := f[SizeBody], f[SizeSmall]
	if collapsed {
		return body.LineH + pad
	}
	// Whole lines only: what a line would not fill goes to the scene.
	fixed := narrationFixed(f, pad)
	lines := min(want, (max-fixed)/small.LineH)
	if lines < 2 {
		return min(fixed+want*small.LineH, max)
	}
	return fixed + lines*small.LineH
}

// narrationFixed is the narration strip's height without its lines of text: padding and the
// title line.
func narrationFixed(f Fonts, pad int) int {
	return 2*pad + f[SizeBody].LineH + pad/2 + pad/2
}

// knobHeight is the knob panel's height for rows knobs: a title, one line per knob, and two
// for messages.
func (l *Layout) knobHeight(rows int) int {
	return l.Fonts[SizeBody].LineH + (rows+2)*l.Fonts[SizeSmall].LineH + l.Pad
}

// KnobFirst is the first knob the panel shows when knob selected of total is chosen and
// visible fit: the list scrolls to keep the chosen one in view.
func KnobFirst(selected, total, visible int) int {
	if visible <= 0 || total <= visible {
		return 0
	}
	return min(max(selected-visible/2, 0), total-visible)
}

// KnobRow is the rectangle of the i-th knob line shown in the open knob panel.
func (l *Layout) KnobRow(i int) image.Rectangle {
	sh := l.Fonts[SizeSmall].LineH
	y := l.Knobs.Min.Y + l.Pad/2 + l.Fonts[SizeBody].LineH + i*sh
	return image.Rect(l.Knobs.Min.X, y, l.Knobs.Max.X, y+sh)
}

// KnobAt is the knob line under p in the open knob panel (counted from the first shown, see
// KnobFirst), and where on it p is: -1 on the left half of the value (smaller), +1 on the
// right half (larger), 0 on its name.
func (l *Layout) KnobAt(p image.Point) (row, side int, ok bool) {
	if !l.Mode.Knobs || !p.In(l.Knobs) {
		return 0, 0, false
	}
	for i := range l.KnobVisible {
		r := l.KnobRow(i)
		if !p.In(r) {
			continue
		}
		split := r.Min.X + r.Dx()*knobNameShare/100
		switch {
		case p.X < split:
			return i, 0, true
		case p.X < split+(r.Max.X-split)/2:
			return i, -1, true
		}
		return i, 1, true
	}
	return 0, 0, false
}

// knobNameShare is the percentage of a knob row its name takes.
const knobNameShare = 52

// charts divides r among the charts, left to right.
func (l *Layout) charts(r image.Rectangle) {
	n := int(NumMetrics)
	w := (r.Dx() - (n-1)*l.Pad) / n
	for i := range l.Charts {
		x := r.Min.X + i*(w+l.Pad)
		l.Charts[i] = image.Rect(x, r.Min.Y, x+w, r.Max.Y)
	}
}

// gridCharts divides r among the charts in cols columns, row by row.
func (l *Layout) gridCharts(r image.Rectangle, cols int) {
	rows := (int(NumMetrics) + cols - 1) / cols
	w := (r.Dx() - (cols-1)*l.Pad) / cols
	h := (r.Dy() - (rows-1)*l.Pad) / rows
	for i := range l.Charts {
		x, y := r.Min.X+(i%cols)*(w+l.Pad), r.Min.Y+(i/cols)*(h+l.Pad)
		l.Charts[i] = image.Rect(x, y, x+w, y+h)
	}
}

// sceneParts lays out the picture of one run in r: hosts, wire, server.
func (run *RunLayout) sceneParts(r image.Rectangle, f Fonts, pad int) {
	body, small := f[SizeBody], f[SizeSmall]
	run.Scene = r
	hostsMax, wireShare := r.Dx()/4, 3 // of 10
	if run.portrait {                  // narrow: the hosts' addresses need their width, the server its own
		hostsMax, wireShare = r.Dx()*3/10, 2
	}
	hosts := cutLeft(&r, min(max(body.Width(12), small.Width(14)+pad), hostsMax))
	wireW := r.Dx() * wireShare / 10
	run.Label = image.Rectangle{}
	if run.compare {
		// Two runs: the run's label takes the line over the hosts and the wire (the wire's
		// title line), and the server keeps the whole height.
		run.Label = image.Rect(hosts.Min.X, hosts.Min.Y, r.Min.X+wireW, hosts.Min.Y+body.LineH)
		hosts.Min.Y += body.LineH + pad/4
	}
	run.Clients = cutTop(&hosts, hosts.Dy()/2-pad/2)
	cutTop(&hosts, pad)
	run.Flood = hosts
	run.Wire = cutLeft(&r, wireW)
	run.Server = r

	// Two lanes level with the clients, two level with the flood, below a title line.
	wire := run.Wire
	if run.Label.Empty() {
		cutTop(&wire, body.LineH)
	} else {
		run.Wire.Min.Y = run.Label.Max.Y
		wire = run.Wire
	}
	half := image.Rect(wire.Min.X, max(run.Clients.Min.Y+body.LineH, wire.Min.Y), wire.Max.X, run.Clients.Max.Y)
	run.Lanes[LaneToServerGenuine], run.Lanes[LaneFromServerGenuine] = splitRows(half)
	half = image.Rect(wire.Min.X, run.Flood.Min.Y+body.LineH/2, wire.Max.X, run.Flood.Max.Y)
	run.Lanes[LaneToServerFlood], run.Lanes[LaneFromServerFlood] = splitRows(half)

	in := run.Server.Inset(pad)
	if in.Dy() < 8*body.LineH {
		run.shortServer(in, f, pad)
		return
	}
	run.ServerTitle = cutTop(&in, body.LineH)
	run.CookieLane = cutTop(&in, body.LineH+pad/2)
	run.SynLabel = cutTop(&in, body.LineH)
	run.AcceptQueue = cutBottom(&in, max(in.Dy()/3, 0))
	run.AcceptLabel = cutBottom(&in, body.LineH+pad/2)
	cutBottom(&in, pad/4)
	run.SynNote = cutBottom(&in, small.LineH)
	run.SynQueue = in
	// The application sits right of the accept queue's slots.
	run.App = cutRight(&run.AcceptQueue, min(small.Width(14)+pad, run.AcceptQueue.Dx()/3))
	cutRight(&run.AcceptQueue, pad)
}

// shortServer lays out a server too short for a title and a note (two runs, one above the
// other): the cookie lane, then each queue under its label line; the application sits right
// of the accept queue, and the cookie path runs down between them.
func (run *RunLayout) shortServer(in image.Rectangle, f Fonts, pad int) {
	body, small := f[SizeBody], f[SizeSmall]
	// The cookie lane is the first to go where the queues' two rows would not keep a line
	// each (a presenter's strip with a waiting question): the queues' numbers matter more.
	if in.Dy() >= 3*body.LineH+pad/2 {
		run.CookieLane = cutTop(&in, body.LineH)
	}
	if in.Dy() < 2*body.LineH+pad/2 { // too short for two rows (presenter's type on a phone held sideways): side by side
		run.App = cutRight(&in, min(small.Width(14)+pad, in.Dx()/5))
		cutRight(&in, pad/2)
		syn := cutLeft(&in, (in.Dx()-pad)/2)
		cutLeft(&in, pad)
		acc := in
		labelW := min(body.Width(14)+2, syn.Dx()*2/5)
		run.SynLabel = cutLeft(&syn, labelW)
		cutLeft(&syn, pad/2)
		run.SynQueue = syn
		run.AcceptLabel = cutLeft(&acc, labelW)
		cutLeft(&acc, pad/2)
		run.AcceptQueue = acc
		return
	}
	if in.Dy() < 4*body.LineH+pad/2 { // too short for label lines: each label left of its row
		app := cutRight(&in, min(small.Width(14)+pad, in.Dx()/4))
		cutRight(&in, pad/2)
		syn := cutTop(&in, (in.Dy()-pad/2)/2)
		cutTop(&in, pad/2)
		acc := in
		labelW := min(body.Width(14)+2, syn.Dx()*2/5)
		run.SynLabel = cutLeft(&syn, labelW)
		cutLeft(&syn, pad/2)
		run.SynQueue = syn
		run.AcceptLabel = cutLeft(&acc, labelW)
		cutLeft(&acc, pad/2)
		run.AcceptQueue = acc
		run.App = image.Rect(app.Min.X, acc.Min.Y, app.Max.X, acc.Max.Y)
		return
	}
	run.SynLabel = cutTop(&in, body.LineH)
	rows := max(0, in.Dy()-body.LineH-pad/2)
	run.SynQueue = cutTop(&in, rows/2)
	cutTop(&in, pad/2)
	run.AcceptLabel = cutTop(&in, body.LineH)
	run.AcceptQueue = in
	run.App = cutRight(&run.AcceptQueue, min(small.Width(14)+pad, run.AcceptQueue.Dx()/4))
	cutRight(&run.AcceptQueue, pad/2)
}

// fullPanelHeight is what the panel needs to list everything: ss, SYN-RECV, every counter,
// and the clients.
func fullPanelHeight(f Fonts, pad int) int {
	body, small := f[SizeBody], f[SizeSmall]
	return 2*pad + 4*body.LineH + (2+1+maxCounters+2)*small.LineH + 2*(body.LineH/3) + body.LineH/4
}

// panel lays out the listener's panel in r: compact when asked or when r is too short for
// everything.
func (run *RunLayout) panel(r image.Rectangle, f Fonts, pad int, compact bool) {
	body, small := f[SizeBody], f[SizeSmall]
	run.Panel = r
	in := r.Inset(pad)
	if !compact && r.Dy() >= fullPanelHeight(f, pad) {
		run.SS = cutTop(&in, body.LineH+2*small.LineH)
		cutTop(&in, body.LineH/3)
		run.SynRecv = cutTop(&in, body.LineH+small.LineH)
		cutTop(&in, body.LineH/3)
		run.Outcomes = cutBottom(&in, body.LineH+2*small.LineH)
		cutBottom(&in, body.LineH/4)
		run.Counters = in
		return
	}
	run.Compact = true
	in = r.Inset(pad / 2)
	run.SS = cutTop(&in, small.LineH)
	cutTop(&in, pad/4)
	run.Outcomes = cutBottom(&in, min(2*small.LineH, max(0, in.Dy()-2*small.LineH)))
	run.Counters = in
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

// TimeAt is the simulated time at x on the timeline of a run of the given duration.
func (l *Layout) TimeAt(x int, duration model.Time) model.Time {
	t := l.Track
	if t.Dx() <= 0 {
		return 0
	}
	frac := min(max(float64(x-t.Min.X)/float64(t.Dx()), 0), 1)
	return model.Time(math.Round(frac * float64(duration)))
}

// TimeX is the x position of simulated time at on the timeline of a run of the given duration.
func (l *Layout) TimeX(at, duration model.Time) int {
	t := l.Track
	if duration <= 0 {
		return t.Min.X
	}
	return t.Min.X + int(float64(t.Dx())*min(max(float64(at)/float64(duration), 0), 1))
}
