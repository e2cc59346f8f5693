package scene_test

import (
	"fmt"
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
	for r := model.Reason(1); r.String() != "?"; r++ {
		if scene.TipText(scene.DropTip(r)) == "" {
			t.Errorf("drop reason %q has no tip (key %q)", r, scene.DropTip(r))
		}
	}
	for _, key := range []string{scene.TipSynQueue, scene.TipAcceptQueue, scene.TipBSDQueue, scene.TipSS, scene.TipLog, scene.TipClients, scene.TipFlood} {
		if scene.TipText(key) == "" {
			t.Errorf("%q has no tip", key)
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

// checkTips checks that every explained region of d has a text whose tooltip stays on the
// screen of l wherever it opens, and returns the tip keys drawn.
func checkTips(t *testing.T, what string, d *scene.DrawList, l *scene.Layout) map[string]bool {
	t.Helper()
	tips := map[string]bool{}
	for _, h := range d.Hits {
		if h.Tip == "" {
			continue
		}
		tips[h.Tip] = true
		text := scene.TipText(h.Tip)
		if text == "" {
			t.Errorf("%s: %q drawn without a text", what, h.Tip)
			continue
		}
		b := l.Bounds
		for _, at := range []image.Point{h.R.Min.Add(h.R.Size().Div(2)), b.Min, {b.Max.X - 1, 0}, {0, b.Max.Y - 1}, b.Max.Sub(image.Pt(1, 1))} {
			r, lines := l.TooltipRect(text, at)
			if !r.In(l.Bounds) {
				t.Errorf("%s: the tooltip of %q at %v is %v, off the screen", what, h.Tip, at, r)
			}
			if got := strings.Join(lines, " "); got != strings.Join(strings.Fields(text), " ") {
				t.Errorf("tooltip lines %q lose text of %q", got, text)
			}
			for _, line := range lines {
				if w := l.Fonts[scene.SizeSmall].Width(len([]rune(line))); w > r.Dx()-2*l.Pad {
					t.Errorf("%s: tooltip line %q is %d px wide in a box of %d", what, line, w, r.Dx())
				}
			}
		}
	}
	return tips
}

// 4.4BSD's one queue is explained where it is drawn, beside Linux's two, at 1280×720 and
// 1920×1080.
func TestBSDQueueIsExplained(t *testing.T) {
	v := bsdView(t)
	for _, screen := range []image.Rectangle{image.Rect(0, 0, 1280, 720), image.Rect(0, 0, 1920, 1080)} {
		l := scene.NewLayout(screen, scene.GoMonoFonts(scene.Scale(screen.Dx(), screen.Dy())), scene.Mode{Compare: true})
		var d scene.DrawList
		scene.Build(&d, &l, v)
		tips := checkTips(t, fmt.Sprint(screen), &d, &l)
		for _, key := range []string{scene.TipBSDQueue, scene.TipSynQueue, scene.TipAcceptQueue} {
			if !tips[key] {
				t.Errorf("%v: %q drawn without a tip", screen, key)
			}
		}
		if h, ok := d.HitAt(l.Runs[1].Server.Min.Add(l.Runs[1].Server.Size().Div(2))); !ok || h.Tip != scene.TipBSDQueue {
			t.Errorf("%v: the middle of 4.4BSD's server is %+v, want the one queue's tip", screen, h)
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
		tips := checkTips(t, fmt.Sprintf("%+v", m), d, l)
		// The listener's parts: its queues, ss, dmesg, the hosts and each drop reason listed.
		for _, key := range []string{scene.TipSynQueue, scene.TipAcceptQueue, scene.TipSS, scene.TipClients, scene.TipFlood} {
			if !tips[key] {
				t.Errorf("%+v: %q drawn without a tip", m, key)
			}
		}
		if !l.Runs[0].Log.Empty() && !tips[scene.TipLog] {
			t.Errorf("%+v: dmesg drawn without a tip", m)
		}
		if !l.Runs[0].Drops.Empty() {
			if len(f.Drops) == 0 {
				t.Fatalf("%+v: the flood shot has no drops to explain", m)
			}
			for _, dr := range f.Drops { // each reason whose line is drawn
				reason := dr.Reason.For(f.Profile)
				for _, tx := range d.Texts {
					if tx.At.In(l.Runs[0].Drops) && len(tx.S) > 8 && strings.HasPrefix(reason, tx.S) && !tips[scene.DropTip(dr.Reason)] {
						t.Errorf("%+v: drop reason %q drawn without a tip", m, reason)
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
