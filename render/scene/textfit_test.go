package scene_test

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"synq/lessons"
	"synq/model"
	"synq/render/scene"
)

// fitScreens are the screens every mode must fit its text on.
var fitScreens = []image.Rectangle{
	image.Rect(0, 0, 1280, 720),
	image.Rect(0, 0, 1366, 768),
	image.Rect(0, 0, 1920, 1080),
	image.Rect(0, 0, 1024, 768), image.Rect(0, 0, 2560, 1440),
	image.Rect(0, 0, 844, 390), // a phone held sideways
	// An upright phone, in CSS pixels and at a devicePixelRatio of 3: a layout of its own.
	image.Rect(0, 0, 390, 844), image.Rect(0, 0, 1170, 2532),
}

// fitKeys is a footer as long as the app's.
var fitKeys = []scene.Key{{"Space", "pause"}, {"←→", "step"}, {"+-", "speed"}, {"K", "knobs"}, {"P", "presenter"}, {"M", "lessons"}, {"?", "all keys"}}

// fitButtons are the footer's buttons as the app draws them in free play.
var fitButtons = []scene.Button{{Control: scene.CtrlBack, Key: "←", What: "back"}, {Control: scene.CtrlPlay, Key: "Space", What: "play"},
	{Control: scene.CtrlStep, Key: "→", What: "step"}, {Control: scene.CtrlSlower, Key: "-", What: "slower"},
	{Control: scene.CtrlFaster, Key: "+", What: "faster"}, {Control: scene.CtrlLessonMenu, Key: "M", What: "lessons"}}

// narrations are every step of every lesson as the lesson player shows it: the text, the
// question with its choices, the feedback and evidence lines as long as ss and nstat print.
func narrations(t *testing.T) []*scene.Narration {
	t.Helper()
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	var out []*scene.Narration
	for _, l := range ls {
		for i, st := range l.Steps {
			n := &scene.Narration{Title: l.Title, Progress: fmt.Sprintf("step %d/%d", i+1, len(l.Steps)),
				Text: st.Title + " — " + st.Narration, Selected: -1, Keys: "1-4 choose · Enter answer · M menu · Esc leave",
				More:      "R read all",
				Evidence:  []string{"State  Recv-Q Send-Q Local Address:Port", "LISTEN 0      4096   198.18.0.1:80", "TcpExtTCPReqQFullDoCookies   40,000"},
				EvidenceB: []string{"LISTEN 8      5      198.18.0.1:80"},
			}
			if q := st.Predict; q != nil {
				n.Question, n.Choices, n.Selected = q.Text, q.Choices, 1
				n.Feedback = "Not quite. " + q.Wrong
			}
			out = append(out, n)
		}
	}
	return out
}

// fitCase is one view on one kind of screen.
type fitCase struct {
	name string
	mode scene.Mode
	view *scene.View
}

// textBox is where text t is drawn, measured with the layout's fonts.
func textBox(l *scene.Layout, t scene.Text) image.Rectangle {
	f := l.Fonts[t.Size]
	return image.Rect(t.At.X, t.At.Y, t.At.X+f.Width(len([]rune(t.S))), t.At.Y+f.LineH)
}

// boxes are the layout's parts a text must stay inside: the smallest that holds the text's
// start is its box.
func boxes(l *scene.Layout) map[string]image.Rectangle {
	m := map[string]image.Rectangle{"header": l.Header, "timeline": l.Timeline, "footer": l.Footer,
		"legend": l.Legend, "narration": l.Narration, "knobs": l.Knobs}
	for i, c := range l.Charts {
		m[fmt.Sprint("chart ", i)] = c
	}
	runs := 1
	if l.Mode.Compare {
		runs = 2
	}
	for i := range runs {
		r := l.Runs[i]
		for k, v := range map[string]image.Rectangle{"label": r.Label, "clients": r.Clients, "flood": r.Flood, "wire": r.Wire,
			"server": r.Server, "drops": r.Drops, "log": r.Log, "panel": r.Panel} {
			m[fmt.Sprint(k, " ", i)] = v
		}
	}
	return m
}

// checkFit reports every text of d that is cut ("…"), leaves its box or the screen, or
// overlaps another text.
func checkFit(t *testing.T, where string, l *scene.Layout, d *scene.DrawList) {
	t.Helper()
	bx := boxes(l)
	for layer, ts := range [][]scene.Text{d.Texts, d.TopTexts} {
		for i, tx := range ts {
			r := textBox(l, tx)
			// The narration's text may end its room with " …" (R reads it all); nothing else
			// may be cut.
			readAll := layer == 0 && tx.At.In(l.Narration) && strings.HasSuffix(tx.S, " …")
			// Known, not this file's: on an upright phone a lesson's long title is cut on the
			// strip's title line and the reading overlay's (narration.go draws them on one
			// line); the title is also the lesson menu's, and R reads it whole.
			portraitTitle := scene.Portrait(l.Bounds.Dx(), l.Bounds.Dy()) && tx.Size != scene.SizeSmall &&
				(tx.At.In(l.Narration) && tx.At.Y < l.Narration.Min.Y+2*l.Fonts[scene.SizeBody].LineH ||
					layer == 1 && tx.At.In(l.Help))
			if strings.Contains(tx.S, "…") && !readAll && !portraitTitle {
				t.Errorf("%s: %q is cut", where, tx.S)
				continue
			}
			if !r.In(l.Bounds) {
				t.Errorf("%s: %q at %v leaves the screen", where, tx.S, r)
				continue
			}
			if layer == 0 {
				name, box := "", image.Rectangle{}
				for k, b := range bx {
					if tx.At.In(b) && (name == "" || b.Dx()*b.Dy() < box.Dx()*box.Dy()) {
						name, box = k, b
					}
				}
				if name != "" && !r.In(box) {
					t.Errorf("%s: %q at %v runs out of the %s %v", where, tx.S, r, name, box)
				}
			}
			for _, o := range ts[i+1:] {
				if ro := textBox(l, o); r.Overlaps(ro) && !strings.HasPrefix(tx.S, " ") {
					t.Errorf("%s: %q at %v overlaps %q at %v", where, tx.S, r, o.S, ro)
				}
			}
		}
	}
}

// Every text of the scene fits its box in every mode on every screen, with the longest
// content the app shows: nstat's longest counters, a SYN flood's drops and log, the BSD
// lesson's two runs, and every lesson's narration.
func TestTextFits(t *testing.T) {
	flood, fs := recorded(t, floodShot(t), 6*model.Second)
	flood.Name = "syn-flood-with-a-long-scenario-name"
	bsd := bsdView(t)
	free := func() *scene.View {
		return &scene.View{Speed: 1, Keys: fitKeys, Buttons: fitButtons, Runs: []scene.Run{{Frame: flood, Series: fs}}}
	}
	cases := []fitCase{
		{"free play", scene.Mode{}, free()},
		{"presenter", scene.Mode{Presenter: true}, free()},
		{"side by side", scene.Mode{Compare: true}, bsd},
		{"side by side, presenter", scene.Mode{Compare: true, Presenter: true}, bsd},
		{"4.4BSD alone", scene.Mode{}, &scene.View{Speed: 1, Keys: fitKeys, Runs: bsd.Runs[1:]}},
		{"4.4BSD alone, presenter", scene.Mode{Presenter: true}, &scene.View{Speed: 1, Keys: fitKeys, Runs: bsd.Runs[1:]}},
	}
	// The knob panel, every knob of the kernel with a long pending value and a refusal.
	sim, err := model.New(floodShot(t), model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kv := &scene.KnobView{Focused: true, Message: "tcp_max_syn_backlog: 70000 is more than 65535 allows", Bad: true}
	for i, k := range scene.KnobsFor(sim.Profile(), model.KnownProfiles()) {
		row := scene.KnobRow{Name: k.Name, Value: k.Format(k.Current(sim))}
		if i == 1 {
			row.Pending, row.Invalid = "65,535", "out of range"
		}
		kv.Rows = append(kv.Rows, row)
	}
	knobs := free()
	knobs.Knobs = kv
	cases = append(cases, fitCase{"knobs", scene.Mode{Knobs: true, KnobRows: len(kv.Rows)}, knobs})
	// The help overlay with a list as long as the app's, and a narration read whole.
	help := free()
	help.Help = true
	for i := range 19 {
		help.AllKeys = append(help.AllKeys, scene.Key{Keys: fmt.Sprint("knobs ← → - ", i), What: "close this list, the knobs, presenter mode; else quit"})
	}
	cases = append(cases, fitCase{"help", scene.Mode{}, help})
	for i, n := range narrations(t) {
		v := free()
		v.Narration = n
		v.ChoiceControl = scene.CtrlChoice
		cases = append(cases, fitCase{fmt.Sprint("lesson narration ", i), scene.Mode{Narration: true, NarrationQuestion: len(n.Choices) > 0}, v})
		if i%4 == 2 { // read whole (R)
			rv := *v
			rn := *n
			rn.Reading, rn.ReadingKeys = true, "R or Esc: back to the scene"
			rv.Narration = &rn
			cases = append(cases, fitCase{fmt.Sprint("reading, narration ", i), scene.Mode{Narration: true}, &rv})
		}
		if i%4 == 3 { // collapsed to its title line
			cases = append(cases, fitCase{fmt.Sprint("collapsed narration ", i), scene.Mode{Narration: true, NarrationCollapsed: true}, v})
		}
		if i%4 == 1 { // a lesson step with the knobs open
			kv := *v
			kv.Knobs = knobs.Knobs
			cases = append(cases, fitCase{fmt.Sprint("lesson with knobs, narration ", i), scene.Mode{Narration: true, Knobs: true, KnobRows: len(knobs.Knobs.Rows)}, &kv})
		}
		if i%4 == 0 {
			pv := *v
			pv.Presenter = true
			cases = append(cases, fitCase{fmt.Sprint("presenter lesson narration ", i), scene.Mode{Narration: true, Presenter: true, NarrationQuestion: len(n.Choices) > 0}, &pv})
			cv := *bsd
			cv.Narration = n
			cv.ChoiceControl = scene.CtrlChoice
			cases = append(cases, fitCase{fmt.Sprint("side by side lesson narration ", i), scene.Mode{Compare: true, Narration: true, NarrationQuestion: len(n.Choices) > 0}, &cv})
		}
	}
	for _, c := range cases {
		for _, screen := range fitScreens {
			scale := scene.Scale(screen.Dx(), screen.Dy())
			if c.mode.Presenter {
				scale *= scene.PresenterTextScale
			}
			l := scene.NewLayout(screen, scene.GoMonoFonts(scale), c.mode)
			var d scene.DrawList
			scene.Build(&d, &l, c.view)
			name := fmt.Sprintf("%s at %dx%d", c.name, screen.Dx(), screen.Dy())
			checkFit(t, name, &l, &d)
			// A waiting question shows every choice: the learner cannot pick what is not there.
			// In every mode, on every screen: a teacher's projector and a phone held sideways too.
			if n := c.view.Narration; n != nil && c.mode.NarrationQuestion && !c.mode.NarrationCollapsed && !n.Reading {
				shown := 0
				for _, h := range d.Hits {
					if h.Control == scene.CtrlChoice {
						shown++
					}
				}
				if shown != len(n.Choices) {
					t.Errorf("%s: %d of the question's %d choices shown", name, shown, len(n.Choices))
				}
			}
		}
	}
}
