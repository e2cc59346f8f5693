package scene

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"synq/model"
)

// View is everything the picture shows besides the model's state: the viewer's clock, the
// runs with their charts, the timeline's marks, the open panels and what to highlight.
type View struct {
	Speed     float64 // simulated seconds per real second
	Effective float64 // the speed the model managed lately, when it could not keep up (0: it could)
	Paused    bool
	Keys      []Key  // the shortcuts for the footer; the last one is always shown
	AllKeys   []Key  // every shortcut, for the help overlay
	FrameTime string // shown in the footer when not empty
	Palette   *Palette
	Runs      []Run      // one run, or two side by side
	Marks     []Mark     // the changes made while it ran, on the timeline
	Knobs     *KnobView  // the knob panel, when open
	Narration *Narration // a lesson's panel, when there is one
	// InLesson: a lesson is open, its panel drawn here or beside the canvas (the page's HTML
	// panel), so the header names the kernels, not the step's internal scenario name.
	InLesson  bool
	Highlight []string  // parts to outline (see Parts)
	Message   string    // a passing message: an invalid value, a variant that is missing
	Help      bool      // the overlay with every shortcut
	Presenter bool      // presenter mode (the header says so)
	Conceal   Concealed // labels a lesson hides until its question is answered
	Buttons   []Button  // the controls the footer draws as buttons, leftmost first
	// ChoiceControl is what a click on one of the narration's choices asks for: CtrlChoice
	// while a question waits, CtrlMenuEntry in the lesson menu, CtrlNone otherwise.
	ChoiceControl Control
	Tooltip       *Tooltip // the explanation under the pointer, when there is one
}

// Run is one run of the model as the picture shows it.
type Run struct {
	Frame  *Frame
	Series *Series // the charts' data; nil: no charts
	Label  string  // what the run is; when comparing, what differs from the other
}

// Mark is a change made at At on the timeline.
type Mark struct {
	At    model.Time
	Label string
}

// Key is one keyboard shortcut: the keys and what they do.
type Key struct {
	Keys, What string
}

// Build turns the view into its draw list for layout l, appending to d after resetting it.
// It reads l and v only.
func Build(d *DrawList, l *Layout, v *View) {
	d.Reset()
	pal := v.Palette
	if pal == nil {
		pal = &DefaultPalette
	}
	b := builder{d: d, g: l, v: v, pal: pal}
	d.rect(l.Bounds, pal.Background)
	if len(v.Runs) == 0 {
		return
	}
	b.f = v.Runs[0].Frame
	b.header()
	b.timeline()
	for i := range v.Runs {
		if i >= 2 || (i == 1 && !l.Mode.Compare) {
			break
		}
		b.l, b.f, b.run = &l.Runs[i], v.Runs[i].Frame, i
		if l.Mode.Compare {
			b.label(v.Runs[i].Label)
		}
		b.hosts()
		b.wire()
		b.server()
		b.drops()
		b.log()
		b.panel()
	}
	b.l, b.f, b.run = &l.Runs[0], v.Runs[0].Frame, 0
	b.legend()
	b.footer()
	b.charts()
	b.knobs()
	b.narration()
	b.highlights()
	b.reading() // over the highlights, which would show through it
	b.message()
	b.help()
	b.tooltip()
}

// builder carries what every part of Build needs.
type builder struct {
	d   *DrawList
	g   *Layout    // the whole screen's layout
	l   *RunLayout // the run being drawn
	f   *Frame     // its frame
	run int        // its index in the view's runs
	v   *View
	pal *Palette

	marks []dropMark // the run's drop marks (server sets them)
}

func (b *builder) font(s TextSize) Font { return b.g.Fonts[s] }

// textIn draws s clipped to the width of r, at r's top left plus dy.
func (b *builder) textIn(s string, r image.Rectangle, dy int, size TextSize, c color.RGBA) {
	// A line's foot may take a quarter line, or half a pad, below r (r is mostly a box inset by
	// half a pad): never past the box.
	if dy+b.font(size).LineH > r.Dy()+min(b.font(size).LineH/4, b.g.Pad/2) {
		return // no room left
	}
	b.d.text(Clip(s, b.font(size).Chars(r.Dx())), image.Pt(r.Min.X, r.Min.Y+dy), size, c)
}

// firstFit draws the first of tries that fits r's width whole (the last one regardless).
func (b *builder) firstFit(r image.Rectangle, dy int, size TextSize, c color.RGBA, tries ...string) {
	for i, s := range tries {
		if i == len(tries)-1 || len([]rune(s)) <= b.font(size).Chars(r.Dx()) {
			b.textIn(s, r, dy, size, c)
			return
		}
	}
}

// textRight draws s so that it ends at r's right edge.
func (b *builder) textRight(s string, r image.Rectangle, dy int, size TextSize, c color.RGBA) {
	s = Clip(s, b.font(size).Chars(r.Dx()))
	w := b.font(size).Width(len([]rune(s)))
	b.d.text(s, image.Pt(r.Max.X-w, r.Min.Y+dy), size, c)
}

func (b *builder) header() {
	l, f, pal := b.g, b.f, b.pal
	// In a lesson the strip names the lesson: the header names the kernels, not the step's
	// scenario (an internal name such as "bsd-vs-linux-step-1").
	lesson := b.v.InLesson || b.v.Narration != nil && b.g.Mode.Narration
	title := f.Name + " on " + f.Kernel
	if lesson {
		title = f.Kernel
	}
	if len(b.v.Runs) > 1 && b.v.Runs[1].Frame != nil {
		g := b.v.Runs[1].Frame
		switch {
		case f.Kernel != g.Kernel && lesson:
			title = "A " + f.Kernel + " | B " + g.Kernel
		case f.Kernel != g.Kernel:
			title = f.Name + ": A " + f.Kernel + " | B " + g.Kernel
		case lesson:
			title = f.Kernel + ", side by side"
		case f.Name != g.Name && !strings.HasPrefix(g.Name, f.Name):
			title = "A " + f.Name + " | B " + g.Name
		default:
			title = f.Name + " side by side"
		}
	}
	state, c := "PLAYING", pal.Text
	switch {
	case f.Now >= f.Duration:
		state, c = "END", pal.Paused
	case b.v.Paused:
		state, c = "PAUSED", pal.Paused
	}
	speed := SpeedText(b.v.Speed)
	if b.v.Effective > 0 {
		speed += " (model: " + SpeedText(b.v.Effective) + ")"
	}
	right := "t = " + Seconds(f.Now) + " of " + Span(f.Duration) + "   " + speed + "  "
	large := b.font(SizeLarge)
	stateW := large.Width(len(state))
	r := l.Header
	var titleR image.Rectangle
	if Portrait(l.Bounds.Dx(), l.Bounds.Dy()) { // an upright phone: the title on a line of its own
		titleR = cutTop(&r, large.LineH)
	}
	b.textRight(state, r, 0, SizeLarge, c)
	r.Max.X -= stateW
	rw := large.Width(len([]rune(right)))
	size := SizeLarge
	if rw > r.Dx()/2 { // a narrow screen: the time in body text
		size = SizeBody
		rw = b.font(SizeBody).Width(len([]rune(right)))
	}
	dy := (large.LineH - b.font(size).LineH) / 2
	b.textRight(right, r, dy, size, pal.Text)
	r.Max.X -= rw + large.Width(1)
	if !titleR.Empty() {
		r = titleR
	}
	// The title in large type where it fits, else in body type, else on two lines of small.
	switch n := len([]rune(title)); {
	case n <= large.Chars(r.Dx()):
		b.textIn(title, r, 0, SizeLarge, pal.Text)
	case n <= b.font(SizeBody).Chars(r.Dx()):
		b.textIn(title, r, (large.LineH-b.font(SizeBody).LineH)/2, SizeBody, pal.Text)
	default:
		small := b.font(SizeSmall)
		for i, line := range Wrap(title, small.Chars(r.Dx())) {
			if i < 2 {
				b.d.text(line, image.Pt(r.Min.X, r.Min.Y+(large.LineH-2*small.LineH)/2+i*small.LineH), SizeSmall, pal.Text)
			}
		}
	}
}

// footer lists the shortcuts that fit, always ending with the last one (the help key).
func (b *builder) footer() {
	keys := b.v.Keys
	r := b.buttons(b.g.Footer)
	body := b.font(SizeBody)
	if b.v.FrameTime != "" {
		ft := "frame " + b.v.FrameTime
		b.textRight(ft, r, 0, SizeBody, b.pal.Text)
		r.Max.X -= body.Width(len(ft) + 3)
	}
	if len(keys) == 0 {
		return
	}
	const gap = 2
	width := func(k Key) int { return body.Width(len([]rune(k.Keys)) + 1 + len([]rune(k.What)) + gap) }
	room := r.Dx() - width(keys[len(keys)-1])
	x := r.Min.X
	draw := func(k Key) {
		b.d.text(k.Keys, image.Pt(x, r.Min.Y), SizeBody, b.pal.Text)
		kw := body.Width(len([]rune(k.Keys)) + 1)
		b.d.text(k.What, image.Pt(x+kw, r.Min.Y), SizeBody, b.pal.Dim)
		x += width(k)
	}
	for _, k := range keys[:len(keys)-1] {
		if x-r.Min.X+width(k) > room {
			break
		}
		draw(k)
	}
	// The last key ("? all keys") is kept over the others, but never drawn over the buttons:
	// on a narrow screen (an upright phone) the buttons alone remain.
	if last := keys[len(keys)-1]; x+width(last)-body.Width(gap) <= r.Max.X {
		draw(last)
	}
}

// label names the run being drawn, when two are shown.
func (b *builder) label(s string) {
	r := b.l.Label
	name := "A"
	if b.run == 1 {
		name = "B"
	}
	b.d.rect(image.Rect(r.Min.X, r.Min.Y, r.Min.X+b.font(SizeBody).Width(3), r.Max.Y), b.pal.Text)
	b.d.text(name, image.Pt(r.Min.X+b.font(SizeBody).Width(1), r.Min.Y), SizeBody, b.pal.Background)
	in := r
	in.Min.X += b.font(SizeBody).Width(4)
	// The wire's delay at the line's right end, where it fits beside the label.
	wire := "wire " + Span(b.f.Delay)
	body := b.font(SizeBody)
	if body.Width(len([]rune(s))+len(wire)+2) <= in.Dx() {
		b.textRight(wire, in, 0, SizeBody, b.pal.Dim)
	}
	b.textIn(s, in, 0, SizeBody, b.pal.Text)
}

// legendItem is one entry of the legend: a sprite and what it means.
type legendItem struct {
	shape  Shape
	hollow bool
	c      color.RGBA
	label  string
}

var legendItems = []legendItem{
	{ShapeCircle, false, ColorGenuine, "genuine"},
	{ShapeDiamond, false, ColorFlood, "flood"},
	{ShapeCircle, false, ColorDone, "ACK/data"},
	{ShapeDiamond, false, ColorCookie, "cookie"},
	{ShapeSquare, false, ColorReset, "RST"},
	{ShapeCircle, true, ColorGenuine, "re-sent"},
	{ShapeCircle, false, ColorHeld, "ACK dropped"},
	{ShapeCross, false, ColorDrop, "drop"},
}

func (b *builder) legend() {
	r := b.g.Legend
	sm := b.font(SizeSmall)
	size := float32(sm.Size * 0.8)
	x, y := r.Min.X, r.Min.Y
	for _, it := range legendItems {
		w := int(size) + 4 + sm.Width(len(it.label)) + sm.Width(1)
		if x+w > r.Max.X { // on the next line where the legend has one (an upright phone)
			if y+2*sm.LineH > r.Max.Y || x == r.Min.X {
				break
			}
			x, y = r.Min.X, y+sm.LineH
		}
		b.d.sprite(float32(x)+size/2, float32(y+sm.LineH/2), size, it.shape, it.hollow, it.c)
		b.d.text(it.label, image.Pt(x+int(size)+4, y), SizeSmall, b.pal.Dim)
		x += w
	}
}

// title draws a panel's heading line in r at dy and returns the next line's dy.
func (b *builder) title(s string, r image.Rectangle, dy int, size TextSize) int {
	b.textIn(s, r, dy, size, b.pal.Dim)
	return dy + b.font(size).LineH
}

// lines draws wrapped text in r from dy, at most max lines, and returns the next line's dy.
func (b *builder) lines(s string, r image.Rectangle, dy, maxLines int, size TextSize, c color.RGBA) int {
	var cut bool
	return b.linesCut(s, r, dy, maxLines, size, c, &cut)
}

// linesCut is lines, which also sets *cut when s did not fit.
func (b *builder) linesCut(s string, r image.Rectangle, dy, maxLines int, size TextSize, c color.RGBA, cut *bool) int {
	fnt := b.font(size)
	maxLines = min(maxLines, (r.Dy()-dy)/max(1, fnt.LineH))
	if maxLines <= 0 {
		*cut = *cut || s != ""
		return dy
	}
	ls := Wrap(s, fnt.Chars(r.Dx()))
	if len(ls) > maxLines {
		*cut = true
		ls = ls[:maxLines]
		last := []rune(strings.TrimRight(ls[maxLines-1], " "))
		if n := fnt.Chars(r.Dx()) - 2; len(last) > n { // room for " …"
			last = last[:max(n, 0)]
		}
		ls[maxLines-1] = strings.TrimRight(string(last), " ") + " …"
	}
	for _, line := range ls {
		b.d.text(line, image.Pt(r.Min.X, r.Min.Y+dy), size, c)
		dy += fnt.LineH
	}
	return dy
}

// message shows a passing message (a toast) on top of everything, where it hides neither
// the charts, dmesg nor the help overlay: over the header's title and the timeline, or,
// while the help is open, over the footer below it.
func (b *builder) message() {
	if b.v.Message == "" {
		return
	}
	box := b.toastBox()
	small := b.font(SizeSmall)
	lines := Wrap(b.v.Message, small.Chars(box.Dx()-2*b.g.Pad))
	for i, s := range lines[:min(len(lines), max(1, (box.Dy()-b.g.Pad/2)/small.LineH))] {
		b.d.topText(s, image.Pt(box.Min.X+b.g.Pad, box.Min.Y+b.g.Pad/4+i*small.LineH), SizeSmall, b.pal.Text)
	}
}

// toastBox is where the passing message goes, sized to it (at most three lines), and draws
// its ground.
func (b *builder) toastBox() image.Rectangle {
	small, g := b.font(SizeSmall), b.g
	area := image.Rect(g.Bounds.Min.X, g.Bounds.Min.Y, g.Bounds.Min.X+g.Bounds.Dx()*3/5, g.Timeline.Max.Y)
	if b.v.Help {
		area = image.Rect(g.Bounds.Min.X, max(g.Help.Max.Y, g.Footer.Min.Y-g.Pad), g.Bounds.Max.X, g.Bounds.Max.Y)
	}
	w := min(area.Dx(), small.Width(len([]rune(b.v.Message)))+2*g.Pad)
	n := min(len(Wrap(b.v.Message, small.Chars(w-2*g.Pad))), 3, max(1, (area.Dy()-g.Pad/2)/small.LineH))
	box := image.Rect(area.Min.X, area.Min.Y, area.Min.X+w, area.Min.Y+n*small.LineH+g.Pad/2)
	b.d.top(box, b.pal.Panel)
	b.d.topOutline(box, 2, b.pal.Mark)
	return box
}

// help draws the overlay listing every shortcut.
func (b *builder) help() {
	if !b.v.Help {
		return
	}
	r := b.g.Help
	b.d.top(r, b.pal.Panel)
	b.d.topOutline(r, 3, b.pal.Mark)
	in := r.Inset(2 * b.g.Pad)
	body := b.font(SizeBody)
	b.d.topText("Keys (? or Esc closes this)", in.Min, SizeLarge, b.pal.Text)
	y := in.Min.Y + b.font(SizeLarge).LineH + b.g.Pad
	keyW := 0
	keys := b.v.AllKeys
	if len(keys) == 0 {
		keys = b.v.Keys
	}
	for _, k := range keys {
		keyW = max(keyW, len([]rune(k.Keys)))
	}
	cols := 1
	colW := body.Width(keyW + 2 + 34)
	if in.Dx() >= 2*colW {
		cols = 2
	}
	// Each shortcut's text wraps in its column: none is cut.
	whatW := body.Chars(in.Dx()/cols) - keyW - 3
	lines := make([][]string, len(keys))
	total := 0
	for i, k := range keys {
		lines[i] = Wrap(k.What, whatW)
		total += max(1, len(lines[i]))
	}
	perCol := (total + cols - 1) / cols
	col, row := 0, 0
	for i, k := range keys {
		n := max(1, len(lines[i]))
		if row > 0 && row+n > perCol && col < cols-1 {
			col, row = col+1, 0
		}
		x := in.Min.X + col*(in.Dx()/cols)
		yy := y + row*body.LineH
		row += n
		if yy+n*body.LineH > in.Max.Y {
			continue
		}
		b.d.topText(k.Keys, image.Pt(x, yy), SizeBody, b.pal.HighlightText)
		for j, s := range lines[i] {
			b.d.topText(s, image.Pt(x+body.Width(keyW+2), yy+j*body.LineH), SizeBody, b.pal.Text)
		}
	}
}

// Concealed is a set of the labels a lesson hides until its question is answered, so that
// the picture does not give the answer away.
type Concealed uint8

// What can be concealed; each is drawn as "?".
const (
	ConcealLimits   Concealed = 1 << iota // the queues' capacities, B and the rules behind them (B+1, 3×B/2+1), ss's Send-Q
	ConcealLengths                        // how many entries the queues hold, ss's Recv-Q, SYN-RECV, the queue charts
	ConcealCounters                       // nstat's values and changes, the clients by state, the recent drops and their chart
	ConcealEvidence                       // the narration's evidence lines and dmesg
)

// concealNames are the names lessons use for the concealed parts.
var concealNames = []struct {
	name string
	c    Concealed
}{{"queue-limits", ConcealLimits}, {"queue-lengths", ConcealLengths}, {"counters", ConcealCounters}, {"evidence", ConcealEvidence}}

// ConcealNames lists the names ParseConceal accepts.
func ConcealNames() []string {
	out := make([]string, len(concealNames))
	for i, n := range concealNames {
		out[i] = n.name
	}
	return out
}

// ParseConceal turns names ("queue-limits", "queue-lengths", "counters", "evidence") into a set.
func ParseConceal(names []string) (Concealed, error) {
	var c Concealed
	for _, s := range names {
		found := false
		for _, n := range concealNames {
			if n.name == s {
				c |= n.c
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("conceal: unknown part %q (want one of %s)", s, strings.Join(ConcealNames(), ", "))
		}
	}
	return c, nil
}

// Has reports whether every part of x is concealed.
func (c Concealed) Has(x Concealed) bool { return c&x == x }

// conceal is s, or "?" when the view hides what s tells.
func (b *builder) conceal(what Concealed, s string) string {
	if b.v.Conceal.Has(what) {
		return "?"
	}
	return s
}
