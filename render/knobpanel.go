package render

import (
	"fmt"
	"image"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/model"
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

// view is the panel as the picture shows it.
func (k *knobPanel) view(a *App) *scene.KnobView {
	sim := a.sim
	kv := &scene.KnobView{Selected: k.selected, Focused: true, Message: k.message, Bad: k.bad}
	if len(a.runs) > 1 {
		kv.Note = "both runs"
	}
	for i, kn := range k.knobs {
		row := scene.KnobRow{Name: kn.Name, Value: kn.Format(kn.Current(sim)), Differs: len(a.runs) > 1 && a.differ(kn.ID())}
		if v, ok := k.pending[i]; ok {
			row.Pending = kn.Format(v)
			row.Invalid = k.invalid(sim, i)
		}
		kv.Rows = append(kv.Rows, row)
	}
	return kv
}

// note sets the panel's message.
func (k *knobPanel) note(bad bool, format string, v ...any) {
	k.message, k.bad = fmt.Sprintf(format, v...), bad
}

// applyKnob applies the chosen knob's chosen value now. The flood switch toggles when no
// value is chosen; the flood rate starts the flood at that rate; the kernel restarts the run.
func (a *App) applyKnob() {
	k := &a.knobs
	i := k.selected
	kn := k.knobs[i]
	v, ok := k.pending[i]
	if !ok {
		if kn.Kind != scene.KnobFlood {
			k.note(false, "%s: choose a value with ← → first", kn.Name)
			return
		}
		v = 1 - kn.Current(a.sim)
	}
	if why := k.invalid(a.sim, i); why != "" {
		k.note(true, "%s", why)
		return
	}
	delete(k.pending, i)
	if kn.Kind == scene.KnobProfile {
		a.switchProfile(kn.Choices[v])
		return
	}
	c, err := kn.Change(a.sim, v, k.value(a.sim, k.index(scene.KnobFloodRate)))
	if err == nil {
		err = a.Apply(c)
	}
	if err != nil {
		k.note(true, "%v", err)
		return
	}
	at := scene.Seconds(a.t)
	if len(a.runs) > 1 && a.differ(changeKnob(c)) {
		k.note(false, "%s at %s, in run A only (it is what differs)", c, at)
		return
	}
	k.note(false, "%s at %s", c, at)
}

// switchProfile restarts the run from 0 on kernel profile name: the same scenario with the
// server sysctls as they stand now, as far as the new kernel accepts them. Side by side, both
// runs switch unless the kernel is what differs (then only run A).
func (a *App) switchProfile(name string) {
	p, err := model.LookupProfile(name)
	if err != nil {
		a.knobs.note(true, "%v", err)
		return
	}
	var scs [2]*model.Scenario
	var refused []string
	for i, r := range a.runs {
		sc := scene.AsItStands(r.Sim())
		if i == 0 || !a.differ("profile") {
			var ref []string
			sc, ref = scene.WithProfile(sc, p)
			refused = append(refused, ref...)
		}
		scs[i] = sc
	}
	if err := a.load(scs[0], scs[1]); err != nil {
		a.knobs.note(true, "%v", err)
		return
	}
	msg := "restarted from 0 on " + name
	if len(refused) > 0 {
		msg += "; it refuses " + strings.Join(refused, ", ")
	}
	a.knobs.note(len(refused) > 0, "%s", msg)
	a.say("%s", msg)
}

// nextVariant shows the next side-by-side comparison of the scenario loaded (V), at the same
// time; after the last it goes back to what was loaded. A comparison whose kernel the model
// lacks is skipped, with a message.
func (a *App) nextVariant() {
	var skipped []string
	for range len(scene.Variants) + 1 {
		next := (a.variant + 1) % (len(scene.Variants) + 1)
		if next == 0 {
			if _, err := a.showVariant(0); err != nil {
				a.say("%v", err)
				return
			}
			a.say("%s", withSkipped("back to the scenario as loaded (V: compare)", skipped))
			return
		}
		v := scene.Variants[next-1]
		note, err := a.showVariant(next)
		if err != nil {
			a.variant = next // on to the one after
			skipped = append(skipped, v.Name+" ("+err.Error()+")")
			continue
		}
		msg := "side by side: " + v.Name + " (V: next)"
		if note != "" {
			msg += "; " + note
		}
		a.say("%s", withSkipped(msg, skipped))
		return
	}
}

// ShowVariant shows the side-by-side comparison with that key (scene.Variants) of the
// scenario loaded, at the same time, as V does when it reaches it; "" goes back to the
// scenario as loaded. It returns what the second run had to leave out, if anything.
func (a *App) ShowVariant(key string) (note string, err error) {
	if key == "" {
		return a.showVariant(0)
	}
	for i, v := range scene.Variants {
		if v.Key == key {
			return a.showVariant(i + 1)
		}
	}
	return "", fmt.Errorf("no comparison %q; there are %s", key, strings.Join(scene.VariantKeys(), ", "))
}

// Variant is the comparison shown (scene.Variants), nil for none.
func (a *App) Variant() *scene.Variant {
	if a.variant == 0 {
		return nil
	}
	return &scene.Variants[a.variant-1]
}

// showVariant loads variant i (0: the scenario as loaded; i: scene.Variants[i-1]) and goes
// back to the time shown. On an error nothing changes.
func (a *App) showVariant(i int) (note string, err error) {
	t := a.t
	sa, sb := a.start[0], a.start[1]
	if i > 0 {
		if sa, sb, note, err = scene.Variants[i-1].Make(a.start[0]); err != nil {
			return "", err
		}
	}
	if err := a.load(sa, sb); err != nil {
		return "", err
	}
	a.variant = i
	a.Seek(t)
	return note, nil
}

func withSkipped(msg string, skipped []string) string {
	if len(skipped) == 0 {
		return msg
	}
	return msg + "; skipped " + strings.Join(skipped, ", ")
}

// mouse handles clicks: on the timeline (and dragging along it) to go to a time; on a knob's
// value to choose a smaller or larger one, on its name to choose it or apply its value.
func (a *App) mouse() {
	l := a.layoutFor(a.screen)
	x, y := ebiten.CursorPosition()
	p := image.Pt(x, y)
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		if p.In(l.Timeline) {
			a.dragging = true
		} else if row, side, ok := l.KnobAt(p); ok && a.knobsOpen {
			row += scene.KnobFirst(a.knobs.selected, len(a.knobs.knobs), l.KnobVisible)
			if row >= len(a.knobs.knobs) {
				return
			}
			_, pending := a.knobs.pending[row]
			wasSelected := a.knobs.selected == row
			a.knobs.selected = row
			switch {
			case side != 0:
				a.knobs.step(a.sim, side)
			case wasSelected && (pending || a.knobs.knobs[row].Kind == scene.KnobFlood):
				a.applyKnob()
			}
		}
	}
	if !a.dragging {
		return
	}
	if !ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		a.dragging = false
		return
	}
	if t := l.TimeAt(x, a.Duration()); t != a.t && t != a.goingTo {
		a.goTo(t)
	}
}
