package scene

import (
	"bufio"
	_ "embed"
	"image"
	"strings"

	"synq/model"
)

// Control is what a click or a tap on a drawn button or line asks for. render maps each to
// the session intent its key gives (render/action.go, controlIntent).
type Control uint8

// The controls.
const (
	CtrlNone       Control = iota
	CtrlPlay               // Space: play or pause
	CtrlBack               // ←: back one event (paused) or one second
	CtrlStep               // →: the next event (paused)
	CtrlSlower             // -: slower
	CtrlFaster             // +: faster
	CtrlLessonBack         // B: the lesson's step before
	CtrlLessonNext         // N: the lesson's next step
	CtrlLessonMenu         // M: the lesson menu
	CtrlAnswer             // Enter: answer with the choice selected
	CtrlChoice             // 1–4: choose choice N of the waiting question
	CtrlMenuEntry          // the lesson menu's line N: open that lesson
)

// Button is a control the footer draws as a small labelled box: its key and what it does.
type Button struct {
	Control Control
	Key     string // as the key reads ("Space", "→")
	What    string
}

// Hit is a region of the picture that a click or a hover means something on: a control (with
// N, a choice's or a menu line's index) and/or an explanation (Tip, a key of the tip table,
// see TipText).
type Hit struct {
	R       image.Rectangle
	Control Control
	N       int
	Key     string // the key the control's button shows ("" for lines)
	Tip     string
}

// hit records a region of the picture that a click or a hover means something on.
func (d *DrawList) hit(h Hit) {
	if !h.R.Empty() {
		d.Hits = append(d.Hits, h)
	}
}

// HitAt is the region of the picture at p: the last recorded that holds p (the one drawn on
// top). It reads only the draw list Build made from a layout and a view.
func (d *DrawList) HitAt(p image.Point) (Hit, bool) {
	for i := len(d.Hits) - 1; i >= 0; i-- {
		if p.In(d.Hits[i].R) {
			return d.Hits[i], true
		}
	}
	return Hit{}, false
}

// HitTest builds the picture of v on l and says what is at p: a pure function of the layout,
// the view and the point.
func HitTest(l *Layout, v *View, p image.Point) (Hit, bool) {
	var d DrawList
	Build(&d, l, v)
	return d.HitAt(p)
}

// Tip keys of the explained parts of the picture.
func counterTip(c model.Counter) string { return "counter " + c.String() }
func chartTip(m Metric) string          { return "chart " + m.String() }

// Tip keys of the listener's parts: its queues, `ss -ltn`, dmesg and the two hosts.
const (
	TipSynQueue    = "queue SYN queue"
	TipAcceptQueue = "queue accept queue"
	TipBSDQueue    = "queue 4.4BSD one queue" // so_q0 and so_q under one limit
	TipSS          = "ss ss -ltn"
	TipLog         = "log dmesg"
	TipClients     = "host clients"
	TipFlood       = "host flood"
)

// dropNames names each drop reason in the tip table ("drop " + name).
var dropNames = map[model.Reason]string{
	model.DropSynQueueFull:          "SYN queue full",
	model.DropAcceptQueueFullSyn:    "accept queue full (SYN)",
	model.DropSynLastQuarter:        "last quarter",
	model.DropAcceptQueueFullAck:    "accept queue full (ACK)",
	model.DropAcceptQueueFullCookie: "accept queue full (cookie ACK)",
	model.DropRequestExpired:        "SYN-ACK retries exhausted",
	model.DropDupSynRateLimited:     "duplicate SYN",
	model.DropIgnored:               "segment ignored",
	model.DropNoACK:                 "segment without ACK",
	model.DropBSDQueueFull:          "4.4BSD queue full",
	model.DropBSDKeepInit:           "4.4BSD connection-establishment timer",
}

// DropTip is the tip key of the drops list's line for reason r ("" for none).
func DropTip(r model.Reason) string {
	if n, ok := dropNames[r]; ok {
		return "drop " + n
	}
	return ""
}

// KnobTip is the tip key of the knob with ID id (see Knob.ID).
func KnobTip(id string) string { return "knob " + id }

//go:embed tips.txt
var tipsText string

// tips is the tip table: "kind name" → the kernel rule behind it, read from tips.txt; the
// sysctls' texts come from the model's sysctl table (model.AllSysctls, its Doc).
var tips = func() map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(tipsText))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, text, ok := strings.Cut(line, "\t")
		if !ok {
			panic("tips.txt: a line without a tab between its key and its text: " + line)
		}
		key = strings.TrimSpace(key)
		_, name, _ := strings.Cut(key, " ") // the tip opens with what it explains
		m[key] = name + ": " + strings.TrimSpace(text)
	}
	for _, s := range model.AllSysctls() {
		if s.Doc != "" {
			m[KnobTip(s.Key)] = s.Key + ": " + s.Doc
		}
	}
	return m
}()

// TipText is the explanation of tip key key, "" when the table has none.
func TipText(key string) string { return tips[key] }

// Tooltip is an explanation shown at a point: where the pointer is (or the finger tapped).
type Tooltip struct {
	At  image.Point
	Key string // a tip key (Hit.Tip)
}

// tipChars is a tooltip's widest line, in small characters.
const tipChars = 52

// TooltipRect is where the tooltip for text s at p goes on l: below and right of p, moved
// to stay inside the screen; and its lines.
func (l *Layout) TooltipRect(s string, p image.Point) (image.Rectangle, []string) {
	small := l.Fonts[SizeSmall]
	chars := min(tipChars, max(10, small.Chars(l.Bounds.Dx()-2*l.Pad)-2))
	lines := Wrap(s, chars)
	w := 0
	for _, line := range lines {
		w = max(w, len([]rune(line)))
	}
	size := image.Pt(small.Width(w)+2*l.Pad, len(lines)*small.LineH+l.Pad)
	at := p.Add(image.Pt(small.LineH/2, small.LineH))
	at.X = max(l.Bounds.Min.X, min(at.X, l.Bounds.Max.X-size.X))
	if at.Y+size.Y > l.Bounds.Max.Y { // above the pointer when there is no room below
		at.Y = p.Y - small.LineH/2 - size.Y
	}
	at.Y = max(l.Bounds.Min.Y, at.Y)
	return image.Rectangle{Min: at, Max: at.Add(size)}, lines
}

// tooltip draws the view's tooltip on the top layer.
func (b *builder) tooltip() {
	t := b.v.Tooltip
	if t == nil {
		return
	}
	s := TipText(t.Key)
	if s == "" {
		return
	}
	r, lines := b.g.TooltipRect(s, t.At)
	b.d.top(r, b.pal.Background)
	b.d.topOutline(r, 2, b.pal.Mark)
	sh := b.font(SizeSmall).LineH
	for i, line := range lines {
		b.d.topText(line, image.Pt(r.Min.X+b.g.Pad, r.Min.Y+b.g.Pad/2+i*sh), SizeSmall, b.pal.Text)
	}
}

// buttons draws the view's buttons at the right of r, right to left so the first is leftmost,
// and returns what is left of r.
func (b *builder) buttons(r image.Rectangle) image.Rectangle {
	small := b.font(SizeSmall)
	x := r.Max.X
	for i := len(b.v.Buttons) - 1; i >= 0; i-- {
		bt := b.v.Buttons[i]
		label := bt.Key + " " + bt.What
		w := small.Width(len([]rune(label))) + b.g.Pad
		if x-w < r.Min.X {
			break
		}
		br := image.Rect(x-w, r.Min.Y, x, r.Max.Y)
		b.d.rect(br, b.pal.Panel)
		b.d.outline(br, 1, b.pal.Box)
		at := image.Pt(br.Min.X+b.g.Pad/2, br.Min.Y+(br.Dy()-small.LineH)/2)
		b.d.text(bt.Key, at, SizeSmall, b.pal.Text)
		b.d.text(bt.What, at.Add(image.Pt(small.Width(len([]rune(bt.Key))+1), 0)), SizeSmall, b.pal.Dim)
		b.d.hit(Hit{R: br, Control: bt.Control, Key: bt.Key})
		x -= w + b.g.Pad/2
	}
	r.Max.X = x - b.g.Pad
	return r
}
