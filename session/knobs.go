package session

import (
	"fmt"
	"strings"

	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
)

// knobPanel is the knob panel's state: which knob is chosen and the values chosen but not
// applied yet. The values in effect are read from the run each frame.
type knobPanel struct {
	knobs    []scene.Knob
	selected int
	pending  map[int]int // knob index → value chosen with ← →
	message  string
	bad      bool
}

// reset lists the knobs of profile p, keeping the chosen line where it can.
func (k *knobPanel) reset(p *model.Profile) {
	k.knobs = scene.KnobsFor(p, model.KnownProfiles())
	k.selected = min(max(k.selected, 0), len(k.knobs)-1)
	k.pending = map[int]int{}
}

// move chooses the knob d lines down (up when negative), wrapping around.
func (k *knobPanel) move(d int) {
	n := len(k.knobs)
	k.selected = ((k.selected+d)%n + n) % n
}

// value is knob i's chosen value, or its value in sim when none is chosen.
func (k *knobPanel) value(sim *model.Sim, i int) int {
	if v, ok := k.pending[i]; ok {
		return v
	}
	return k.knobs[i].Current(sim)
}

// step moves the chosen knob's value one step in direction dir.
func (k *knobPanel) step(sim *model.Sim, dir int) {
	i := k.selected
	v := k.knobs[i].Step(k.value(sim, i), dir)
	if v == k.knobs[i].Current(sim) {
		delete(k.pending, i)
	} else {
		k.pending[i] = v
	}
}

// invalid says why the kernel would refuse knob i's chosen value, or "".
func (k *knobPanel) invalid(sim *model.Sim, i int) string {
	v, ok := k.pending[i]
	if !ok || k.knobs[i].Kind == scene.KnobProfile {
		return ""
	}
	c, err := k.knobs[i].Change(sim, v, k.value(sim, k.index(scene.KnobFloodRate)))
	if err == nil {
		err = sim.Profile().Check(c)
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// index is the line of the first knob of kind kind.
func (k *knobPanel) index(kind scene.KnobKind) int {
	for i, kn := range k.knobs {
		if kn.Kind == kind {
			return i
		}
	}
	return 0
}

// note sets the panel's message.
func (k *knobPanel) note(bad bool, format string, v ...any) {
	k.message, k.bad = fmt.Sprintf(format, v...), bad
}

// KnobCount is how many lines the knob panel has.
func (s *Session) KnobCount() int { return len(s.knobs.knobs) }

// KnobSelected is the knob panel's chosen line.
func (s *Session) KnobSelected() int { return s.knobs.selected }

// KnobView is the knob panel as the picture shows it.
func (s *Session) KnobView() *scene.KnobView {
	k := &s.knobs
	kv := &scene.KnobView{Selected: k.selected, Focused: true, Message: k.message, Bad: k.bad}
	if len(s.runs) > 1 {
		kv.Note = "both runs"
	}
	for i, kn := range k.knobs {
		row := scene.KnobRow{Name: kn.Name, Value: kn.Format(kn.Current(s.sim)), Differs: len(s.runs) > 1 && s.differ(kn.ID()), Tip: scene.KnobTip(kn.ID())}
		if v, ok := k.pending[i]; ok {
			row.Pending = kn.Format(v)
			row.Invalid = k.invalid(s.sim, i)
		}
		kv.Rows = append(kv.Rows, row)
	}
	return kv
}

// knobRow is a click on knob line row: on its value's ◄ ► (side -1 or 1) it chooses a
// smaller or larger value; on its name it chooses the knob, or, when it was chosen already
// and has a value chosen (or is the flood switch), applies it.
func (s *Session) knobRow(row, side int) {
	k := &s.knobs
	if row < 0 || row >= len(k.knobs) {
		return
	}
	_, pending := k.pending[row]
	wasSelected := k.selected == row
	k.selected = row
	switch {
	case side != 0:
		k.step(s.sim, side)
	case wasSelected && (pending || k.knobs[row].Kind == scene.KnobFlood):
		s.applyKnob()
	}
}

// applyKnob applies the chosen knob's chosen value now. The flood switch toggles when no
// value is chosen; the flood rate starts the flood at that rate; the kernel restarts the run.
func (s *Session) applyKnob() {
	k := &s.knobs
	i := k.selected
	kn := k.knobs[i]
	v, ok := k.pending[i]
	if !ok {
		if kn.Kind != scene.KnobFlood {
			k.note(false, "%s: choose a value with ← → first", kn.Name)
			return
		}
		v = 1 - kn.Current(s.sim)
	}
	if why := k.invalid(s.sim, i); why != "" {
		k.note(true, "%s", why)
		return
	}
	if kn.Kind == scene.KnobProfile {
		name := kn.Choices[v]
		if !s.confirmed("profile "+name, "switching to "+name+" restarts from 0 with the sysctls as they stand", "press Enter or click it again") {
			k.note(true, "%s", s.message)
			return
		}
		delete(k.pending, i)
		s.switchProfile(name)
		return
	}
	delete(k.pending, i)
	before := s.sim.Limits().Backlog
	c, err := kn.Change(s.sim, v, k.value(s.sim, k.index(scene.KnobFloodRate)))
	if err == nil {
		err = s.Apply(c)
	}
	if err != nil {
		k.note(true, "%v", err)
		return
	}
	at := scene.Seconds(s.t)
	msg := fmt.Sprintf("%s at %s", c, at)
	if len(s.runs) > 1 && s.differ(changeKnob(c)) {
		msg += ", in run A only (it is what differs)"
	}
	if why := s.takesEffect(c, before); why != "" {
		msg += ": " + why
	}
	k.note(false, "%s", msg)
	s.Say("%s", msg)
}

// takesEffect says when change c, just applied, takes effect and what it was clamped by,
// as the model does it (model/listener.go, listen): B, sk_max_ack_backlog, is set by
// listen() alone, from its backlog clamped by somaxconn (spec 2.6 step 1), 16 bits wide up
// to 4.0 (spec 1.1); 4.4BSD clamps the backlog by SOMAXCONN (5) and holds 3/2 of it (spec
// 5.1). Writing somaxconn leaves B as it is until the server calls listen() again. before is
// B before the change. "" when there is nothing to say.
func (s *Session) takesEffect(c model.Change, before int) string {
	p := s.sim.Profile()
	b := s.sim.Limits().Backlog
	switch {
	case c.Kind == model.ChangeSysctl && c.Key == "net.core.somaxconn" && !p.BSD:
		arg := s.sim.ListenBacklog()
		would := arg
		if uint32(arg) > uint32(c.Value) { // listen()'s clamp, compared unsigned (spec 2.6 step 1)
			would = c.Value
		}
		if would == b {
			return fmt.Sprintf("counts from the next listen(); B = %d either way (listen(fd, %d))", b, arg)
		}
		return fmt.Sprintf("counts from the next listen(); B stays %d until the server listens again (then min(%d, %d) = %d)", b, arg, c.Value, would)
	case c.Kind == model.ChangeBacklog && p.BSD:
		if b != c.Value {
			return fmt.Sprintf("gives qlimit %d: clamped to SOMAXCONN %d; both queues together hold 3/2 of it + 1 = %d (4.4BSD)", b, b, s.sim.Limits().AcceptQueueCap)
		}
		return fmt.Sprintf("both queues together hold 3/2 of it + 1 = %d (4.4BSD)", s.sim.Limits().AcceptQueueCap)
	case c.Kind == model.ChangeBacklog:
		somax := s.sim.Limits().Sysctl.Somaxconn
		switch {
		case b == c.Value:
			return fmt.Sprintf("B = %d now (was %d); the accept queue holds B+1", b, before)
		case uint32(c.Value) > uint32(somax):
			msg := fmt.Sprintf("gives B = %d: clamped by somaxconn %d", b, somax)
			if b != somax { // up to 4.0 sk_max_ack_backlog is 16 bits wide
				msg += fmt.Sprintf(", then cut to 16 bits (%s)", p.Name)
			}
			return msg
		default:
			return fmt.Sprintf("gives B = %d: sk_max_ack_backlog is 16 bits wide on %s", b, p.Name)
		}
	}
	return ""
}

// knobChanges is how many changes made with the knobs the runs hold (the most of either).
func (s *Session) knobChanges() int {
	n := 0
	for _, r := range s.runs {
		n = max(n, len(r.Changes()))
	}
	return n
}

// confirmed reports whether a change that discards the knob changes made may go ahead: when
// there are none, or it was asked for twice in a row (key names it). The first time it says
// what would be lost and how to confirm.
func (s *Session) confirmed(key, what, again string) bool {
	n := s.knobChanges()
	if n == 0 || s.asked == key {
		return true
	}
	s.confirm = key
	changes := "knob change"
	if n > 1 {
		changes += "s"
	}
	s.Say("This discards %d %s (%s): %s to confirm", n, changes, what, again)
	return false
}

// switchProfile restarts the run from 0 on kernel profile name: the same scenario with the
// server sysctls as they stand now, as far as the new kernel accepts them. Side by side, both
// runs switch unless the kernel is what differs (then only run A).
func (s *Session) switchProfile(name string) {
	p, err := model.LookupProfile(name)
	if err != nil {
		s.knobs.note(true, "%v", err)
		return
	}
	var scs [2]*model.Scenario
	var refused []string
	for i, r := range s.runs {
		sc := scenario.AsItStands(r.Sim())
		if i == 0 || !s.differ("profile") {
			var ref []string
			sc, ref = scenario.WithProfile(sc, p)
			refused = append(refused, ref...)
		}
		scs[i] = sc
	}
	if err := s.load(scs[0], scs[1]); err != nil {
		s.knobs.note(true, "%v", err)
		return
	}
	msg := "restarted from 0 on " + name
	if len(refused) > 0 {
		msg += "; it refuses " + strings.Join(refused, ", ")
	}
	s.knobs.note(len(refused) > 0, "%s", msg)
	s.Say("%s", msg)
}
