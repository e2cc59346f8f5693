package scene_test

import (
	"image"
	"strings"
	"testing"

	"synq/model"
	"synq/render/scene"
)

// Every counter, chart and knob has an explanation in the tip table, on every kernel.
func TestEveryCounterChartAndKnobHasATip(t *testing.T) {
	for c := model.Counter(0); c.String() != "Counter(?)"; c++ {
		if scene.TipText("counter "+c.String()) == "" {
			t.Errorf("counter %s has no tip", c)
		}
	}
	for m := range scene.NumMetrics {
		if scene.TipText("chart "+m.String()) == "" {
			t.Errorf("chart %s has no tip", m)
		}
	}
	for _, name := range model.KnownProfiles() {
		p, err := model.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range scene.KnobsFor(p, model.KnownProfiles()) {
			if scene.TipText(scene.KnobTip(k.ID())) == "" {
				t.Errorf("%s: knob %s (%s) has no tip", name, k.Name, k.ID())
			}
		}
	}
}

// explained builds the view at 1280×720 in mode m and returns the draw list and layout.
func explained(t *testing.T, m scene.Mode, v *scene.View) (*scene.DrawList, *scene.Layout) {
	t.Helper()
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), m)
	d := &scene.DrawList{}
	scene.Build(d, &l, v)
	return d, &l
}

// Every counter line, chart and knob drawn can be hovered for its explanation, and the
// tooltip fits on a 1280×720 screen wherever it opens.
func TestEveryDrawnCounterChartAndKnobIsExplained(t *testing.T) {
	f, s := recorded(t, floodShot(t), 4*model.Second)
	var rows []scene.KnobRow
	for _, k := range scene.KnobsFor(f.Profile, model.KnownProfiles()) {
		rows = append(rows, scene.KnobRow{Name: k.Name, Value: "1", Tip: scene.KnobTip(k.ID())})
	}
	for _, m := range []scene.Mode{{}, {Knobs: true, KnobRows: len(rows)}, {Narration: true}, {Presenter: true}} {
		v := &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f, Series: s}}}
		if m.Knobs {
			v.Knobs = &scene.KnobView{Rows: rows, Focused: true}
		}
		if m.Narration {
			v.Narration = &scene.Narration{Title: "t", Text: "x"}
		}
		d, l := explained(t, m, v)
		tips := map[string]bool{}
		for _, h := range d.Hits {
			if h.Tip == "" {
				continue
			}
			tips[h.Tip] = true
			if scene.TipText(h.Tip) == "" {
				t.Errorf("%+v: %q drawn without a text", m, h.Tip)
			}
			text := scene.TipText(h.Tip)
			for _, at := range []image.Point{h.R.Min.Add(h.R.Size().Div(2)), {0, 0}, {1279, 0}, {0, 719}, {1279, 719}} {
				r, lines := l.TooltipRect(text, at)
				if !r.In(l.Bounds) {
					t.Errorf("%+v: the tooltip of %q at %v is %v, off the screen", m, h.Tip, at, r)
				}
				if got := strings.Join(lines, " "); got != strings.Join(strings.Fields(text), " ") {
					t.Errorf("tooltip lines %q lose text of %q", got, text)
				}
				for _, line := range lines {
					if w := l.Fonts[scene.SizeSmall].Width(len([]rune(line))); w > r.Dx()-2*l.Pad {
						t.Errorf("%+v: tooltip line %q is %d px wide in a box of %d", m, line, w, r.Dx())
					}
				}
			}
		}
		for ch := range scene.NumMetrics {
			if !l.Charts[ch].Empty() && !tips["chart "+ch.String()] {
				t.Errorf("%+v: chart %s drawn without a tip", m, ch)
			}
		}
		if !l.Runs[0].Compact {
			for _, c := range f.CounterList {
				if !tips["counter "+c.String()] {
					t.Errorf("%+v: counter %s drawn without a tip", m, c)
				}
			}
		}
		if m.Knobs {
			first := scene.KnobFirst(0, len(rows), l.KnobVisible)
			for _, r := range rows[first : first+l.KnobVisible] {
				if !tips[r.Tip] {
					t.Errorf("knob %s drawn without a tip", r.Name)
				}
			}
		}
		// The tooltip is drawn on top, inside the screen.
		v.Tooltip = &scene.Tooltip{At: image.Pt(1279, 719), Key: "counter TcpExtListenOverflows"}
		d, _ = explained(t, m, v)
		found := false
		for _, tx := range d.TopTexts {
			if strings.HasPrefix(scene.TipText(v.Tooltip.Key), tx.S) {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: the tooltip's text is not drawn", m)
		}
	}
}
