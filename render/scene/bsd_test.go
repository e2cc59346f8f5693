package scene_test

import (
	"image"
	"strings"
	"testing"

	"synq/lessons"
	"synq/model"
	"synq/render/scene"
)

// bsdStep is the first step of the BSD lesson: Linux 6.18 and 4.4BSD, listen(fd, 5), no
// accept(), twelve clients.
func bsdStep(t testing.TB) *lessons.Step {
	t.Helper()
	ls, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	l := lessons.Find(ls, "bsd-vs-linux")
	if l == nil || l.Steps[0].Side == nil {
		t.Fatal("lesson bsd-vs-linux or its side run is missing")
	}
	return l.Steps[0]
}

// bsdView is the BSD lesson's first step at 2 s, Linux as A and 4.4BSD as B.
func bsdView(t testing.TB) *scene.View {
	t.Helper()
	st := bsdStep(t)
	fa, sa := recorded(t, st.Scenario, 2*model.Second)
	fb, sb := recorded(t, st.Side.Scenario, 2*model.Second)
	return &scene.View{Speed: 1, Runs: []scene.Run{{Frame: fa, Series: sa, Label: "Linux 6.18"}, {Frame: fb, Series: sb, Label: st.Side.Label}}}
}

// textsIn is the text drawn inside r.
func textsIn(d *scene.DrawList, r image.Rectangle) string {
	var b strings.Builder
	for _, t := range d.Texts {
		if t.At.In(r) {
			b.WriteString(t.S + "\n")
		}
	}
	return b.String()
}

// 4.4BSD is drawn as one queue of 8 (3 × 5 / 2 + 1, as the model says) whose entries are
// marked SYN_RCVD or ESTABLISHED, with nothing of Linux's in its box; Linux beside it keeps
// its two queues.
func TestBSDIsOneQueue(t *testing.T) {
	v := bsdView(t)
	for _, screen := range []image.Rectangle{image.Rect(0, 0, 1280, 720), image.Rect(0, 0, 1920, 1080)} {
		fonts := scene.GoMonoFonts(scene.Scale(screen.Dx(), screen.Dy()))
		l := scene.NewLayout(screen, fonts, scene.Mode{Compare: true})
		var d scene.DrawList
		scene.Build(&d, &l, v)
		linux, bsd := textsIn(&d, l.Runs[0].Server), textsIn(&d, l.Runs[1].Server)
		if want := v.Runs[1].Frame.Limits.SynQueueCap; want != 8 {
			t.Fatalf("the model's BSD capacity for backlog 5 is %d, want 8", want)
		}
		for _, want := range []string{"8 / 8", "SYN_RCVD", "ESTABLISHED", "3×5/2+1"} {
			if !strings.Contains(bsd, want) {
				t.Errorf("%v: the BSD server's text lacks %q:\n%s", screen, want, bsd)
			}
		}
		for _, not := range []string{"tcp_syncookies", "SYN queue", "accept queue", "SYN ", "accept ", "cookie", "B+1"} {
			if strings.Contains(bsd, not) {
				t.Errorf("%v: the BSD server shows Linux's %q:\n%s", screen, not, bsd)
			}
		}
		for _, want := range []string{"SYN queue", "accept queue"} {
			if !strings.Contains(linux, want) {
				t.Errorf("%v: the Linux server lacks %q:\n%s", screen, want, linux)
			}
		}
		// Eight slots of which all eight hold an ESTABLISHED connection (drawn in the
		// colour of completed connections), and the key's mark.
		if n := spritesIn(&d, l.Runs[1].Server, scene.ColorDone); n != 8+1 {
			t.Errorf("%v: %d ESTABLISHED entries drawn in the BSD queue, want 8 and the key's", screen, n-1)
		}
	}
}

// A lesson can hide the capacities, the lengths, the counters and the evidence until its
// question is answered: each is drawn as "?".
func TestConceal(t *testing.T) {
	v := bsdView(t)
	v.Narration = &scene.Narration{Title: "t", Text: "x", Selected: -1, Evidence: []string{"LISTEN 8 5 0.0.0.0:80"}}
	c, err := scene.ParseConceal([]string{"queue-limits", "queue-lengths", "counters", "evidence"})
	if err != nil {
		t.Fatal(err)
	}
	v.Conceal = c
	screen := image.Rect(0, 0, 1280, 720)
	l := scene.NewLayout(screen, scene.GoMonoFonts(1), scene.Mode{Compare: true, Narration: true})
	var d scene.DrawList
	scene.Build(&d, &l, v)
	all := textOf(d.Texts)
	for _, leak := range []string{"/ 8", "/ 6", "B+1", "3×5/2+1", "LISTEN 8", "Recv-Q 8", "Recv-Q 6", "Send-Q 5", "ESTABLISHED 8",
		"established 8", "established 6", "syn_sent 4", "so_qlimit = 5"} {
		if strings.Contains(all, leak) {
			t.Errorf("concealed, the picture still shows %q:\n%s", leak, all)
		}
	}
	for _, line := range strings.Split(all, "\n") {
		if strings.HasPrefix(line, "Listen") && strings.ContainsAny(line, "0123456789") {
			t.Errorf("concealed, a counter still shows its value: %q", line)
		}
	}
	if !strings.Contains(all, "? / ?") && !strings.Contains(all, "?/?") {
		t.Errorf("concealed queues are not drawn as \"? / ?\":\n%s", all)
	}
	// Nor do empty slots give the capacity away.
	for i, run := range l.Runs {
		for _, r := range d.Rects {
			if r.C == scene.DefaultPalette.Slot && r.R.In(run.Server) {
				t.Fatalf("concealed, run %d still draws an empty slot %v", i, r.R)
			}
		}
	}
	if _, err := scene.ParseConceal([]string{"queue-size"}); err == nil || !strings.Contains(err.Error(), "queue-limits") {
		t.Errorf("ParseConceal(queue-size): %v, want an error naming the parts allowed", err)
	}
}

// Side by side, the narration's evidence says which run each line is from: A or B.
func TestEvidenceMarkedAB(t *testing.T) {
	v := bsdView(t)
	v.Narration = &scene.Narration{Title: "One queue or two", Text: "x", Selected: -1,
		Evidence: []string{"$ ss -ltn", "LISTEN 6 5 0.0.0.0:80"}, EvidenceB: []string{"$ ss -ltn", "LISTEN 8 5 0.0.0.0:80"}}
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), scene.Mode{Compare: true, Narration: true})
	var d scene.DrawList
	scene.Build(&d, &l, v)
	all := textOf(d.Texts)
	if strings.Count(all, "$ ss -ltn") != 1 || strings.Contains(all, "A $ ss") {
		t.Errorf("the command both runs show should be listed once, unmarked:\n%s", all)
	}
	for _, want := range []string{"• A LISTEN 6 5", "• B LISTEN 8 5"} {
		if !strings.Contains(all, want) {
			t.Errorf("side by side, the evidence lacks %q:\n%s", want, all)
		}
	}
}

// In a lesson the header names the kernels, not the step's internal scenario name.
func TestLessonHeaderNamesKernels(t *testing.T) {
	v := bsdView(t)
	v.Runs[0].Frame.Name = "bsd-vs-linux-step-1"
	v.Narration = &scene.Narration{Title: "One queue or two", Text: "x", Selected: -1}
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), scene.Mode{Compare: true, Narration: true})
	var d scene.DrawList
	scene.Build(&d, &l, v)
	head := textsIn(&d, l.Header)
	if strings.Contains(head, "step-1") || !strings.Contains(head, "A linux-6.18 | B bsd-4.4") {
		t.Errorf("the lesson's header reads %q, want the kernels A and B and no scenario name", head)
	}
}

// On the page the lesson's panel is HTML beside the canvas: the canvas draws no narration,
// yet its header still names the kernels, not the step's scenario.
func TestLessonHeaderWithThePanelOutside(t *testing.T) {
	v := bsdView(t)
	v.Runs[0].Frame.Name = "bsd-vs-linux-step-1"
	v.InLesson = true
	l := scene.NewLayout(image.Rect(0, 0, 1280, 720), scene.GoMonoFonts(1), scene.Mode{Compare: true})
	var d scene.DrawList
	scene.Build(&d, &l, v)
	if head := textsIn(&d, l.Header); strings.Contains(head, "step-1") {
		t.Errorf("with the panel outside, the lesson's header reads %q, want no scenario name", head)
	}
}
