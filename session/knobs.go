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
	delete(k.pending, i)
	if kn.Kind == scene.KnobProfile {
		s.switchProfile(kn.Choices[v])
		return
	}
	c, err := kn.Change(s.sim, v, k.value(s.sim, k.index(scene.KnobFloodRate)))
	if err == nil {
		err = s.Apply(c)
	}
	if err != nil {
		k.note(true, "%v", err)
		return
	}
	at := scene.Seconds(s.t)
	if len(s.runs) > 1 && s.differ(changeKnob(c)) {
		k.note(false, "%s at %s, in run A only (it is what differs)", c, at)
		return
	}
	k.note(false, "%s at %s", c, at)
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
