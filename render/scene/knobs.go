package scene

import (
	"fmt"
	"image"
	"slices"
	"strconv"
	"strings"

	"synq/model"
)

// KnobKind is what a knob adjusts.
type KnobKind uint8

// Knob kinds, in the panel's order.
const (
	KnobProfile   KnobKind = iota // the kernel profile: switching restarts the run
	KnobSysctl                    // one server sysctl
	KnobBacklog                   // the listen() backlog
	KnobAccept                    // the application's accept() loop
	KnobClients                   // new genuine clients a second
	KnobFlood                     // the flood on or off
	KnobFloodRate                 // the flood's rate
)

// Knob is one line of the knob panel. Its values are ints: the profile's index in Choices;
// for the accept loop AcceptAll, 0 for none, or a rate; the flood 0 (off) or 1 (on); any
// other knob its number.
type Knob struct {
	Kind    KnobKind
	Key     string   // KnobSysctl: the sysctl's key
	Name    string   // as the panel shows it
	Choices []string // KnobProfile: the profiles
	// KnobSysctl: how the sysctl steps and its largest value, from the model's sysctl table.
	Stepping model.SysctlStep
	Max      int
}

// AcceptAll is the accept knob's value for "accept everything at once".
const AcceptAll = -1

// ID names what the knob adjusts: "profile", a sysctl key, "backlog", "accept", "clients" or
// "flood" (both flood knobs), as Differences names what differs between two runs.
func (k Knob) ID() string {
	switch k.Kind {
	case KnobProfile:
		return "profile"
	case KnobSysctl:
		return k.Key
	case KnobBacklog:
		return "backlog"
	case KnobAccept:
		return "accept"
	case KnobClients:
		return "clients"
	}
	return "flood"
}

// KnobsFor lists the knobs for a run on profile p: the profile, the server sysctls p knows,
// the backlog, the accept loop, the genuine clients' rate and the flood.
func KnobsFor(p *model.Profile, profiles []string) []Knob {
	ks := []Knob{{Kind: KnobProfile, Name: "kernel", Choices: profiles}}
	for _, sc := range p.Sysctls() {
		if !sc.Client {
			ks = append(ks, Knob{Kind: KnobSysctl, Key: sc.Key, Name: sc.Name(), Stepping: sc.Step, Max: sc.Max})
		}
	}
	return append(ks,
		Knob{Kind: KnobBacklog, Name: "listen() backlog"},
		Knob{Kind: KnobAccept, Name: "accept()"},
		Knob{Kind: KnobClients, Name: "clients"},
		Knob{Kind: KnobFlood, Name: "flood"},
		Knob{Kind: KnobFloodRate, Name: "flood rate"},
	)
}

// ShortKey is a sysctl key without its prefix: "net.ipv4.tcp_syncookies" gives "tcp_syncookies".
func ShortKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}

// Ladders the bigger values step along.
var (
	sizeLadder = []int{0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 511, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65535, 65536, 131072, 262144}
	rateLadder = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000}
)

// Step returns the value one step from v in direction dir (+1 or -1). Values step along a
// ladder of round numbers; a value between two rungs goes to the next rung. Steps stop at the
// ends (the profile list, none and all for the accept loop, 0).
func (k Knob) Step(v, dir int) int {
	switch k.Kind {
	case KnobProfile:
		return min(max(v+dir, 0), len(k.Choices)-1)
	case KnobFlood:
		return min(max(v+dir, 0), 1)
	case KnobSysctl:
		switch k.Stepping {
		case model.StepBool:
			return min(max(v+dir, 0), 1)
		case model.StepMode, model.StepCount: // one at a time, from 0 up to the kernel's top
			return min(max(v+dir, 0), max(k.Max, 0))
		}
		return ladderStep(sizeLadder, v, dir) // model.StepSize

	case KnobBacklog:
		return ladderStep(sizeLadder, v, dir)
	case KnobAccept:
		// none (0) < 1/s < … < 1,000,000/s < all
		switch {
		case v == AcceptAll && dir < 0:
			return rateLadder[len(rateLadder)-1]
		case v == AcceptAll:
			return AcceptAll
		case v >= rateLadder[len(rateLadder)-1] && dir > 0:
			return AcceptAll
		case v <= 1 && dir < 0:
			return 0
		}
		return ladderStep(rateLadder, v, dir)
	case KnobClients:
		if v <= 1 && dir < 0 {
			return 0
		}
		return ladderStep(rateLadder, v, dir)
	}
	return max(1, ladderStep(rateLadder, v, dir)) // KnobFloodRate
}

// ladderStep is the next rung of the ladder above v (dir > 0) or below it; past the top it
// doubles, below the bottom it stays.
func ladderStep(ladder []int, v, dir int) int {
	if dir > 0 {
		for _, r := range ladder {
			if r > v {
				return r
			}
		}
		return v * 2
	}
	for i := len(ladder) - 1; i >= 0; i-- {
		if ladder[i] < v {
			return ladder[i]
		}
	}
	return v
}

// Format is the value as the panel shows it.
func (k Knob) Format(v int) string {
	switch k.Kind {
	case KnobProfile:
		if v >= 0 && v < len(k.Choices) {
			return k.Choices[v]
		}
		return "?"
	case KnobFlood:
		if v == 0 {
			return "off"
		}
		return "on"
	case KnobAccept:
		switch v {
		case 0:
			return "none"
		case AcceptAll:
			return "all"
		}
		return RateText(float64(v))
	case KnobClients:
		if v == 0 {
			return "off"
		}
		return RateText(float64(v))
	case KnobFloodRate:
		return RateText(float64(v))
	}
	return Thousands(int64(v))
}

// Current is the knob's value in sim as it stands, as the model has it now. The flood rate
// shows, while the flood is off, the last rate it had.
func (k Knob) Current(sim *model.Sim) int {
	sc, now := sim.Scenario(), sim.Now()
	switch k.Kind {
	case KnobProfile:
		return slices.Index(k.Choices, sim.Profile().Name)
	case KnobSysctl:
		live := sim.ServerSysctl()
		v, _ := sim.Profile().ServerSysctlValue(&live, k.Key)
		return v
	case KnobBacklog:
		return sim.ListenBacklog()
	case KnobAccept:
		app := sim.App()
		switch app.Mode {
		case model.AcceptAll:
			return AcceptAll
		case model.AcceptRate:
			return int(app.Rate)
		}
		return 0
	case KnobClients:
		c, _ := sim.TrafficRates()
		return int(c)
	case KnobFlood:
		if _, f := sim.TrafficRates(); f > 0 {
			return 1
		}
		return 0
	}
	// KnobFloodRate: the rate now, or while off the last one there was.
	if _, f := sim.TrafficRates(); f > 0 {
		return int(f)
	}
	rate := model.Rate(0)
	for _, t := range sc.Traffic {
		if t.Kind == model.Flood {
			rate = max(rate, t.Rate)
		}
	}
	for _, c := range sim.Changes() {
		if c.At <= now && c.Kind == model.ChangeFlood && c.Rate > 0 {
			rate = c.Rate
		}
	}
	if rate == 0 {
		rate = 1000
	}
	return int(rate)
}

// Change is the change setting the knob to v in sim (for the flood switch, floodRate is the
// rate it starts at). The profile knob has no change: switching it restarts the run.
func (k Knob) Change(sim *model.Sim, v, floodRate int) (model.Change, error) {
	sc := sim.Scenario()
	switch k.Kind {
	case KnobSysctl:
		return model.Change{Kind: model.ChangeSysctl, Key: k.Key, Value: v}, nil
	case KnobBacklog:
		return model.Change{Kind: model.ChangeBacklog, Value: v}, nil
	case KnobAccept:
		switch v {
		case 0:
			return model.Change{Kind: model.ChangeAccept, Mode: model.AcceptNone}, nil
		case AcceptAll:
			return model.Change{Kind: model.ChangeAccept, Mode: model.AcceptAll}, nil
		}
		return model.Change{Kind: model.ChangeAccept, Mode: model.AcceptRate, Rate: model.Rate(v)}, nil
	case KnobClients:
		send := 0
		for _, t := range sc.Traffic {
			if t.Kind == model.Connect {
				send = t.Send
			}
		}
		return model.Change{Kind: model.ChangeClients, Rate: model.Rate(v), Send: send}, nil
	case KnobFlood, KnobFloodRate:
		rate := v
		if k.Kind == KnobFlood {
			rate = v * floodRate
		}
		opt := model.DefaultFloodOptions
		for _, t := range sc.Traffic {
			if t.Kind == model.Flood {
				opt = t.Options
			}
		}
		return model.Change{Kind: model.ChangeFlood, Rate: model.Rate(rate), Options: opt}, nil
	}
	return model.Change{}, fmt.Errorf("switching the kernel restarts the run")
}

// KnobView is the knob panel as the picture shows it.
type KnobView struct {
	Rows     []KnobRow
	Selected int
	Focused  bool   // the keyboard works the panel
	Note     string // under the title: what the knobs apply to
	Message  string // the last change made, or why it was refused
	Bad      bool   // the message is a refusal
}

// KnobRow is one knob's line.
type KnobRow struct {
	Name    string
	Value   string // in effect now
	Pending string // chosen but not applied yet ("" when none)
	Invalid string // why the pending value would be refused ("" when it would not)
	Differs bool   // the knob is what differs between two runs: it applies to run A only
	Tip     string // its tip key (KnobTip of its ID): hovering its name explains it
}

// knobs draws the knob panel.
func (b *builder) knobs() {
	kv := b.v.Knobs
	r := b.g.Knobs
	if kv == nil || r.Empty() {
		return
	}
	small := b.font(SizeSmall)
	b.d.rect(r, b.pal.Panel)
	edge := b.pal.Box
	if kv.Focused {
		edge = b.pal.Mark
	}
	b.d.outline(r, 2, edge)
	in := r.Inset(b.g.Pad / 2)
	in.Min.X += b.g.Pad / 2
	in.Max.X -= b.g.Pad / 2
	head := "knobs"
	if kv.Note != "" {
		head += " · " + kv.Note
	}
	if len(kv.Rows) > b.g.KnobVisible {
		head += " (" + strconv.Itoa(kv.Selected+1) + "/" + strconv.Itoa(len(kv.Rows)) + ")"
	}
	b.textIn(head, in, 0, SizeBody, b.pal.Dim)
	first := KnobFirst(kv.Selected, len(kv.Rows), b.g.KnobVisible)
	for i, row := range kv.Rows {
		if i < first || i >= first+b.g.KnobVisible {
			continue
		}
		rr := b.g.KnobRow(i - first)
		rr.Min.X, rr.Max.X = in.Min.X, in.Max.X
		nameCol, valCol := b.pal.Text, b.pal.Text
		if i == kv.Selected {
			ground := b.pal.Box
			if kv.Focused {
				ground = b.pal.Highlight
				nameCol, valCol = b.pal.HighlightText, b.pal.HighlightText
			}
			b.d.rect(image.Rect(r.Min.X+2, rr.Min.Y, r.Max.X-2, rr.Max.Y), ground)
		}
		name := row.Name
		if row.Differs {
			name += " (A)"
		}
		split := rr.Min.X + rr.Dx()*knobNameShare/100
		b.textIn(name, image.Rect(rr.Min.X, rr.Min.Y, split-small.Width(1), rr.Max.Y), 0, SizeSmall, nameCol)
		b.d.hit(Hit{R: image.Rect(rr.Min.X, rr.Min.Y, split, rr.Max.Y), Tip: row.Tip})
		// ◄ on the left of the value's column, ► at its right end: clicking either half steps.
		val := row.Value
		if row.Pending != "" {
			val = row.Value + " → " + row.Pending
			valCol = ColorCookie
			if row.Invalid != "" {
				valCol = ColorDrop
			}
		}
		arrow := small.Width(2)
		col := image.Rect(split, rr.Min.Y, rr.Max.X, rr.Max.Y)
		b.textIn("◄", col, 0, SizeSmall, b.pal.Dim)
		b.textRight("►", col, 0, SizeSmall, b.pal.Dim)
		b.textIn(val, image.Rect(split+arrow, rr.Min.Y, rr.Max.X-arrow, rr.Max.Y), 0, SizeSmall, valCol)
	}
	msg, bad := kv.Message, kv.Bad
	col := b.pal.Dim
	if kv.Selected >= 0 && kv.Selected < len(kv.Rows) && kv.Rows[kv.Selected].Invalid != "" {
		msg, bad = kv.Rows[kv.Selected].Invalid, true
	}
	if bad {
		col = ColorDrop
	}
	if msg != "" {
		m := b.g.KnobRow(min(len(kv.Rows), b.g.KnobVisible))
		m.Min.X, m.Max.X = in.Min.X, in.Max.X
		m.Max.Y = r.Max.Y
		b.lines(msg, m, 0, 2, SizeSmall, col)
	}
}
