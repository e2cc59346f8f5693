package scene_test

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
)

// recorded runs sc to at with a series recording it, and reads a frame.
func recorded(t testing.TB, sc *model.Scenario, at model.Time) (*scene.Frame, *scene.Series) {
	t.Helper()
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := scene.NewSeries(sc.Duration)
	s.Attach(sim)
	sim.RunUntil(at)
	s.Sync(at)
	f := &scene.Frame{}
	f.Capture(sim, 2*model.Second, s)
	return f, s
}

func textOf(ts []scene.Text) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.S + "\n")
	}
	return b.String()
}

// Everything the view holds shows: chart lines for the run, the timeline's marks, the
// narration, the knob panel, the highlight around a part, the help overlay and a message.
func TestBuildView(t *testing.T) {
	f, s := recorded(t, floodShot(t), 4*model.Second)
	screen := image.Rect(0, 0, 1280, 720)
	m := scene.Mode{Narration: true, Knobs: true, KnobRows: 2}
	l := scene.NewLayout(screen, scene.GoMonoFonts(1), m)
	v := &scene.View{
		Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f, Series: s}},
		Marks: []scene.Mark{{At: 2 * model.Second, Label: "flood off"}},
		Narration: &scene.Narration{Title: "The SYN queue", Progress: "2/7", Text: "A flood fills the SYN queue.",
			Question: "What happens to the next SYN?", Choices: []string{"dropped", "cookie"}, Selected: 1,
			Feedback: "Right: syncookies are off.", Evidence: []string{"TcpExtTCPReqQFullDrop +4,000"}, Keys: "1-2 answer  N next"},
		Knobs: &scene.KnobView{Rows: []scene.KnobRow{{Name: "tcp_syncookies", Value: "0", Pending: "3", Invalid: "out of range"},
			{Name: "flood", Value: "on"}}, Focused: true},
		Highlight: []string{scene.PartSynQueue},
		Message:   "side by side: skipped",
		Help:      true,
	}
	d := &scene.DrawList{}
	scene.Build(d, &l, v)
	text := textOf(d.Texts)
	for _, want := range []string{"The SYN queue", "2/7", "What happens to the next SYN?", "► 2.", "Right: syncookies are off.",
		"• TcpExtTCPReqQFullDrop +4,000", "1-2 answer  N next", "tcp_syncookies", "0 → 3", "out of range", "SYN queue"} {
		if !strings.Contains(text, want) {
			t.Errorf("the draw list lacks %q:\n%s", want, text)
		}
	}
	top := textOf(d.TopTexts)
	for _, want := range []string{"side by side: skipped", "Keys (? or Esc closes this)", "play/pause"} {
		if !strings.Contains(top, want) {
			t.Errorf("the top layer lacks %q:\n%s", want, top)
		}
	}
	if len(d.Lines) < 3 {
		t.Errorf("%d chart lines, want one per chart with data", len(d.Lines))
	}
	for _, ln := range d.Lines {
		for _, p := range d.Points[ln.Start:ln.End] {
			if !image.Pt(int(p.X), int(p.Y)).In(l.Charts[0].Union(l.Charts[scene.NumMetrics-1]).Inset(-1)) {
				t.Fatalf("a chart point %v lies outside the charts", p)
			}
		}
	}
	// The highlight: mark-coloured rectangles on the top layer just outside the SYN queue.
	want := l.Part(scene.PartSynQueue)[0]
	found := false
	for _, r := range d.Tops {
		if r.C == scene.ColorMark && r.R.Min.Y < want.Min.Y && r.R.Min.X < want.Min.X && r.R.Max.X > want.Max.X {
			found = true
		}
	}
	if !found {
		t.Errorf("no highlight around the SYN queue %v in %v", want, d.Tops)
	}
	// The timeline's mark: a cookie-coloured diamond at 2 s.
	x := float32(l.TimeX(2*model.Second, f.Duration))
	marked := false
	for _, sp := range d.Sprites {
		if sp.Shape == scene.ShapeDiamond && sp.C == scene.ColorCookie && sp.X == x && image.Pt(int(sp.X), int(sp.Y)).In(l.Timeline.Inset(-10)) {
			marked = true
		}
	}
	if !marked {
		t.Error("no mark on the timeline at 2 s")
	}
}

// Two runs side by side: each drawn in its own rows with its label, and each chart has a line
// per run, the second dashed.
func TestBuildCompare(t *testing.T) {
	sc := floodShot(t)
	b, _ := scenario.WithSysctl(sc, "net.ipv4.tcp_syncookies", 2)
	fa, sa := recorded(t, sc, 3*model.Second)
	fb, sb := recorded(t, b, 3*model.Second)
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), scene.Mode{Compare: true})
	d := &scene.DrawList{}
	scene.Build(d, &l, &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{
		{Frame: fa, Series: sa, Label: "tcp_syncookies=0"}, {Frame: fb, Series: sb, Label: "tcp_syncookies=2"}}})
	text := allText(d)
	for _, want := range []string{"tcp_syncookies=0", "tcp_syncookies=2", "A 64  B ", "flood-shot side by side"} {
		if !strings.Contains(text, want) {
			t.Errorf("side by side, the text lacks %q:\n%s", want, text)
		}
	}
	if got := spritesIn(d, l.Runs[0].SynQueue, scene.ColorFlood); got == 0 {
		t.Error("no flood requests drawn in run A's SYN queue (cookies off)")
	}
	dashed := 0
	for _, ln := range d.Lines {
		if ln.Dashed {
			dashed++
		}
	}
	if dashed == 0 || dashed == len(d.Lines) {
		t.Errorf("%d of %d chart lines dashed, want run B's", dashed, len(d.Lines))
	}
}

// BenchmarkDrawListCharts builds a whole frame as the app does: 10,000 packets in flight,
// the charts from a 60 s series, the knob panel open.
func BenchmarkDrawListCharts(b *testing.B) {
	f := synthetic(10000)
	_, s := recorded(b, floodShot(b), 10*model.Second)
	l := scene.NewLayout(image.Rect(0, 0, 1920, 1080), scene.GoMonoFonts(1.5), scene.Mode{Knobs: true, KnobRows: 13})
	rows := make([]scene.KnobRow, 13)
	for i := range rows {
		rows[i] = scene.KnobRow{Name: "tcp_syncookies", Value: "1"}
	}
	v := &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f, Series: s}}, Knobs: &scene.KnobView{Rows: rows}}
	d := &scene.DrawList{}
	scene.Build(d, &l, v)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		scene.Build(d, &l, v)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
}

// BenchmarkFrame100k reads and builds one frame of a run flooded at 100,000 SYN/s: the
// capture of the model's state and trace, then the draw list, as the app's Draw does.
func BenchmarkFrame100k(b *testing.B) {
	sc := floodShot(b)
	sc.Duration = 10 * model.Second
	sc.Traffic = []model.Traffic{
		{Kind: model.Connect, Count: 400, Rate: 100},
		{Kind: model.Flood, At: model.Second, Count: 900_000, Rate: 100_000, Options: model.DefaultFloodOptions},
	}
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := scene.NewSeries(sc.Duration)
	s.Attach(sim)
	sim.RunUntil(5 * model.Second)
	s.Sync(5 * model.Second)
	l := scene.NewLayout(image.Rect(0, 0, 1920, 1080), scene.GoMonoFonts(1.5), scene.Mode{})
	f := &scene.Frame{}
	d := &scene.DrawList{}
	v := &scene.View{Speed: 1, Keys: testKeys}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f.Capture(sim, 2*model.Second, s)
		v.Runs = append(v.Runs[:0], scene.Run{Frame: f, Series: s})
		scene.Build(d, &l, v)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
	b.ReportMetric(float64(len(d.Sprites)), "sprites")
	b.ReportMetric(float64(f.Lanes[scene.LaneToServerFlood].InFlight), "flood-in-flight")
}

// A narration too long for its panel is cut short and its keys line offers the whole of it;
// Reading shows it whole over the scene, with the question, the feedback and every evidence
// line; and one that fits offers nothing more.
func TestNarrationReadAll(t *testing.T) {
	f, s := recorded(t, floodShot(t), 2*model.Second)
	screen := image.Rect(0, 0, 1280, 720)
	l := scene.NewLayout(screen, scene.GoMonoFonts(1), scene.Mode{Narration: true})
	long := strings.Repeat("The kernel answers every SYN with a SYN-ACK and keeps a request. ", 20) + "THE LAST WORDS."
	evidence := "State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port  Process  WIDE-END"
	build := func(n scene.Narration) (panel, top string) {
		d := &scene.DrawList{}
		scene.Build(d, &l, &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f, Series: s}}, Narration: &n})
		for _, tx := range d.Texts {
			if tx.At.In(l.Narration) {
				panel += tx.S + "\n"
			}
		}
		return panel, textOf(d.TopTexts)
	}
	n := scene.Narration{Title: "Accept-queue overflow", Progress: "step 1/6", Text: long, Selected: -1,
		Feedback: "Right.", Evidence: []string{evidence}, Keys: "N next", More: "R read all", ReadingKeys: "R or Esc: back"}
	panel, top := build(n)
	if !strings.Contains(panel, "R read all · N next") || strings.Contains(panel, "THE LAST WORDS.") || !strings.Contains(panel, "…") {
		t.Errorf("a long narration's panel should be cut and offer R:\n%s", panel)
	}
	if strings.Contains(top, "THE LAST WORDS") {
		t.Errorf("the whole text shows before R:\n%s", top)
	}
	n.Reading, n.Question, n.Choices = true, "Which queue?", []string{"the SYN queue", "the accept queue"}
	_, top = build(n)
	joined := strings.Join(strings.Fields(top), " ")
	for _, want := range []string{"Accept-queue overflow · step 1/6", "THE LAST WORDS.", "Which queue?", "2. the accept queue", "Right.", "WIDE-END", "R or Esc: back"} {
		if !strings.Contains(joined, want) {
			t.Errorf("reading, the overlay lacks %q:\n%s", want, top)
		}
	}
	short := scene.Narration{Title: "Short", Text: "Three packets.", Selected: -1, Keys: "N next", More: "R read all"}
	if panel, _ := build(short); strings.Contains(panel, "R read all") || !strings.Contains(panel, "N next") {
		t.Errorf("a narration that fits should not offer R:\n%s", panel)
	}
}

// A passing message covers neither the charts, dmesg nor the help overlay.
func TestToastPlace(t *testing.T) {
	f, s := recorded(t, floodShot(t), 4*model.Second)
	for _, help := range []bool{false, true} {
		for _, screen := range fitScreens {
			l := scene.NewLayout(screen, scene.GoMonoFonts(scene.Scale(screen.Dx(), screen.Dy())), scene.Mode{})
			v := &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f, Series: s}}, Help: help,
				Message: "tcp_syncookies: 7 is not allowed; allowed are 0, 1 and 2 (kept at 1); this message is long on purpose"}
			d := &scene.DrawList{}
			scene.Build(d, &l, v)
			var box image.Rectangle
			for _, tx := range d.TopTexts {
				if strings.Contains(v.Message, tx.S) {
					box = box.Union(textBox(&l, tx))
				}
			}
			if box.Empty() {
				t.Fatalf("help %v, %v: the message is not drawn", help, screen)
			}
			keep := map[string]image.Rectangle{"dmesg": l.Runs[0].Log}
			for i, c := range l.Charts {
				keep[fmt.Sprint("chart ", i)] = c
			}
			if help {
				keep["help"] = l.Help
			}
			for name, r := range keep {
				if box.Overlaps(r) {
					t.Errorf("help %v, %v: the message %v covers the %s %v", help, screen, box, name, r)
				}
			}
		}
	}
}
