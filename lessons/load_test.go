package lessons_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"synq/lessons"
	"synq/model"
)

// good is a small valid lesson: a scenario, a continuing step with a change, a side-by-side step.
const good = `id: tiny
title: Tiny
summary: A lesson for the tests.
steps:
  - title: Fill it
    narration: Backlog 1, no accept().
    scenario:
      duration: 20s
      server:
        listen: {port: 80, backlog: 1}
        app: [{at: 0s, accept: none}]
      traffic:
        - {kind: connect, at: 0s, count: 4, rate: 10/s}
    highlight: [accept-queue, ss]
    play: 1s
    speed: 0.25
    predict:
      question: How many wait?
      choices: ["1", "2"]
      answer: 1
      right: Yes.
      wrong: "No: B+1."
    evidence:
      ss: true
      counters: [TcpExtListenOverflows]
    source: "sk_acceptq_is_full: spec 2.0"
    checks:
      - {at: 500ms, expect: "recv_q == 2", claim: Two wait}
      - {expect: "clients.syn_sent == 2", claim: Two retry}
  - title: Accept
    narration: The application accepts.
    changes:
      - {accept: all}
      - {at: 100ms, sysctl: {net.ipv4.tcp_syncookies: 0}}
    play: 4s
    source: "inet_csk_accept: spec 2.5"
    checks:
      - {expect: "accepted == 4 && sysctl.tcp_syncookies == 0", claim: All in}
  - title: Two kernels
    narration: Side by side.
    scenario:
      kernel: linux-6.18
      duration: 5s
      server:
        listen: {backlog: 1}
        app: [{at: 0s, accept: none}]
      traffic:
        - {kind: connect, at: 0s, count: 4, rate: 10/s}
    side:
      label: BSD
      kernel: bsd-4.4
    play: 1s
    source: "sonewconn: spec 5.1"
    checks:
      - {expect: "recv_q == 2 && b.recv_q == 2", claim: Both hold two}
`

func load(t *testing.T, files map[string]string, lang string) ([]*lessons.Lesson, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return lessons.LoadFS(fsys, lang)
}

func TestLoadGood(t *testing.T) {
	ls, err := load(t, map[string]string{"en/01-tiny.yaml": good}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("got %d lessons, want 1", len(ls))
	}
	l := ls[0]
	if l.ID != "tiny" || l.Number != 1 || l.Title != "Tiny" || len(l.Steps) != 3 {
		t.Fatalf("lesson = %s %d %q with %d steps", l.ID, l.Number, l.Title, len(l.Steps))
	}
	s0, s1, s2 := l.Steps[0], l.Steps[1], l.Steps[2]
	if s0.Scenario == nil || s0.Scenario.Name != "tiny-step-1" || s0.Scenario.Server.Backlog != 1 {
		t.Errorf("step 1's scenario = %+v; want a parsed scenario named tiny-step-1 with backlog 1", s0.Scenario)
	}
	if s0.Predict == nil || s0.Predict.Answer != 1 || !s0.Predict.Correct(1) || s0.Predict.Feedback(0) != "No: B+1." {
		t.Errorf("step 1's question = %+v", s0.Predict)
	}
	if len(s0.Highlight) != 2 || s0.Highlight[0] != lessons.PartAcceptQueue {
		t.Errorf("highlight = %v", s0.Highlight)
	}
	if s0.Speed != 0.25 || l.Steps[1].Speed != 1 {
		t.Errorf("speeds = %v, %v; want 0.25 as given and 1 by default", s0.Speed, l.Steps[1].Speed)
	}
	if s0.Checks[0].At != 500*model.Millisecond || s0.Checks[1].At != model.Second {
		t.Errorf("check times = %s, %s; want 500ms and the step's end, 1s", s0.Checks[0].At, s0.Checks[1].At)
	}
	if s1.Scenario != nil || s1.Start() != model.Second || s1.End() != 5*model.Second {
		t.Errorf("step 2 runs %s to %s (loads %v); want 1s to 5s on the running scenario", s1.Start(), s1.End(), s1.Scenario)
	}
	if len(s1.Changes) != 2 || s1.Changes[0].Kind != model.ChangeAccept || s1.Changes[1].Kind != model.ChangeSysctl ||
		s1.Changes[1].At != 100*model.Millisecond || s1.Changes[1].Key != "net.ipv4.tcp_syncookies" {
		t.Errorf("step 2's changes = %v", s1.Changes)
	}
	if s2.Side == nil || s2.Side.Label != "BSD" || s2.Side.Scenario.Profile.Name != "bsd-4.4" || s2.Start() != 0 {
		t.Errorf("step 3's side = %+v, start %s", s2.Side, s2.Start())
	}
}

// TestLoadErrors checks that each problem is reported with the file, the line, the lesson,
// the step and the field.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown key", "    play: 4s\n", "    play: 4s\n    narative: x\n", []string{"01-tiny.yaml:36:", "tiny: step 2 (Accept): narative: unknown key"}},
		{"bad expression", `"recv_q == 2"`, `"recv_q = 2"`, []string{"01-tiny.yaml:28:", "step 1 (Fill it): checks[0].expect", `"=" is not an operator`}},
		{"unknown name", `"recv_q == 2"`, `"ListenOverflow > 2"`, []string{"did you mean TcpExtListenOverflows?"}},
		{"check after the end", "{at: 500ms, expect", "{at: 3s, expect", []string{"checks[0].at: 3s is outside the step"}},
		{"delta after the end", `"recv_q == 2"`, `"delta(recv_q, 0s, 2s) == 0"`, []string{"after the step's end"}},
		{"bad speed", "    play: 4s\n", "    play: 4s\n    speed: 1000\n", []string{"speed: \"1000\" is not a playback speed"}},
		{"unknown part", "[accept-queue, ss]", "[accept-queue, sockets]", []string{`unknown part "sockets"`, "syn-queue"}},
		{"answer out of range", "answer: 1", "answer: 2", []string{"predict.answer: 2 is not a choice"}},
		{"one choice", `choices: ["1", "2"]`, `choices: ["1"]`, []string{"at least two choices"}},
		{"unknown label", "    play: 1s\n", "    play: 1s\n    conceal: [queue-limits, capacity]\n", []string{"01-tiny.yaml:", "step 1 (Fill it): conceal[1]", `unknown label "capacity"; allowed: queue-limits, queue-lengths, counters, evidence`}},
		{"label twice", "    play: 1s\n", "    play: 1s\n    conceal: [counters, counters]\n", []string{`conceal[1]: "counters" is given twice`}},
		{"conceal without a question", "    play: 4s\n", "    play: 4s\n    conceal: [counters]\n", []string{"step 2 (Accept): conceal: only a step with a predict: question"}},
		{"no source", "    source: \"inet_csk_accept: spec 2.5\"\n", "", []string{"step 2 (Accept): source"}},
		{"no spec section", `"inet_csk_accept: spec 2.5"`, `"inet_csk_accept"`, []string{"section of kernel-spec.md"}},
		{"side without scenario", "    play: 4s\n", "    play: 4s\n    side: {label: x, kernel: linux-6.17}\n", []string{"only a step that loads a scenario"}},
		{"b. without side", `"recv_q == 2"`, `"b.recv_q == 2"`, []string{"reads b. names, but the step has no side-by-side run"}},
		{"beyond duration", "    play: 4s\n", "    play: 40s\n", []string{"plays to 41s, but its scenario lasts 20s"}},
		{"bad change", "{accept: all}", "{accept: sometimes}", []string{"changes[0].accept", "allowed: all, none, or a rate"}},
		{"change the kernel refuses", "net.ipv4.tcp_syncookies: 0}}", "net.ipv4.tcp_syncookies: 256}}", []string{"changes[1]", "out of range"}},
		{"sysctl the kernel lacks", "net.ipv4.tcp_syncookies: 0}}", "net.ipv4.tcp_fastopen: 0}}", []string{"changes[1]", "not a server sysctl the model knows for linux-6.18"}},
		{"two sysctls in a change", "net.ipv4.tcp_syncookies: 0}}", "net.ipv4.tcp_syncookies: 0, net.core.somaxconn: 9}}", []string{"one sysctl a change"}},
		{"rate above the scenario format's top", "{accept: all}", "{accept: 20000000/s}", []string{"changes[0].accept", "is not a rate from 1/s to 10000000/s"}},
		{"flood option given twice", "{accept: all}", "{flood: 5/s, options: [mss=1, mss=2]}", []string{"01-tiny.yaml:33:", "changes[0].options[1]", `mss given twice (first as "mss=1")`}},
		{"two kinds in a change", "{accept: all}", "{accept: all, backlog: 3}", []string{"exactly one of sysctl, backlog"}},
		{"first step loads nothing", "    scenario:\n      duration: 20s\n      server:\n        listen: {port: 80, backlog: 1}\n        app: [{at: 0s, accept: none}]\n      traffic:\n        - {kind: connect, at: 0s, count: 4, rate: 10/s}\n    highlight", "    highlight", []string{"the first step must load a scenario"}},
		{"id mismatch", "id: tiny", "id: small", []string{`"small" does not match the file name`}},
		{"list for text", "narration: The application accepts.", "narration: [a, b]", []string{"01-tiny.yaml:31:", "narration: must be a single value, not a list; allowed: text"}},
		{"colon in text", "narration: The application accepts.", "narration: Now: it accepts.", []string{"01-tiny.yaml:31:", "not valid YAML"}},
		// A problem inside an embedded scenario is the scenario parser's, at the lesson file's line.
		{"scenario error", "        listen: {port: 80, backlog: 1}\n        app: [{at: 0s, accept: none}]\n      traffic:\n        - {kind: connect, at: 0s, count: 4, rate: 10/s}\n    highlight: [accept-queue",
			"        listen: {port: 80, backlog: 1}\n        app: [{at: 0s, accept: none}]\n      trafic:\n        - {kind: connect, at: 0s, count: 4, rate: 10/s}\n    highlight: [accept-queue", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.old) {
				t.Fatalf("the fixture has no %q", tt.old)
			}
			text := strings.Replace(good, tt.old, tt.new, 1)
			ls, err := load(t, map[string]string{"en/01-tiny.yaml": text}, "")
			if tt.want == nil { // the scenario error: the lesson loads, the step keeps the problem
				if err != nil {
					t.Fatalf("load: %v", err)
				}
				serr := ls[0].Steps[0].ScenarioErr
				if serr == nil || !strings.Contains(serr.Error(), "lessons/en/01-tiny.yaml:12: trafic: unknown key") {
					t.Fatalf("ScenarioErr = %v, want the unknown key trafic at the lesson file's line 12", serr)
				}
				if _, err := ls[0].Plan(1); err == nil || !strings.Contains(err.Error(), "trafic") {
					t.Errorf("Plan(1) of a step running on that scenario: err = %v", err)
				}
				return
			}
			var errs lessons.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v, want lessons.Errors", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

// TestConcealAndAfter: a step's conceal list and its question's explanation are read, and the
// labels hide only until the answer.
func TestConcealAndAfter(t *testing.T) {
	text := strings.Replace(good, "    play: 1s\n", "    play: 1s\n    conceal: [queue-limits, counters]\n", 1)
	text = strings.Replace(text, `wrong: "No: B+1."`, "wrong: \"No: B+1.\"\n      after: The queue holds B+1.", 1)
	ls, err := load(t, map[string]string{"en/01-tiny.yaml": text}, "")
	if err != nil {
		t.Fatal(err)
	}
	s0, s1 := ls[0].Steps[0], ls[0].Steps[1]
	if len(s0.Conceal) != 2 || s0.Conceal[0] != lessons.LabelQueueLimits || s0.Conceal[1] != lessons.LabelCounters {
		t.Errorf("conceal = %v, want [queue-limits counters]", s0.Conceal)
	}
	if s0.Predict.After != "The queue holds B+1." {
		t.Errorf("after = %q", s0.Predict.After)
	}
	for _, tt := range []struct {
		st       *lessons.Step
		l        lessons.Label
		answered bool
		want     bool
	}{
		{s0, lessons.LabelQueueLimits, false, true},
		{s0, lessons.LabelQueueLimits, true, false},
		{s0, lessons.LabelQueueLengths, false, false},
		{s1, lessons.LabelCounters, false, false},
	} {
		if got := tt.st.Hidden(tt.l, tt.answered); got != tt.want {
			t.Errorf("step %d: Hidden(%s, answered %v) = %v, want %v", tt.st.Index()+1, tt.l, tt.answered, got, tt.want)
		}
	}
	de := "id: tiny\nsteps:\n  - predict: {after: Die Schlange hält B+1.}\n"
	ls, err = load(t, map[string]string{"en/01-tiny.yaml": text, "de/01-tiny.yaml": de}, "de")
	if err != nil || ls[0].Steps[0].Predict.After != "Die Schlange hält B+1." {
		t.Errorf("translated after: err %v, after %q", err, ls[0].Steps[0].Predict.After)
	}
}

func TestLoadFileNames(t *testing.T) {
	_, err := load(t, map[string]string{"en/tiny.yaml": good}, "")
	if err == nil || !strings.Contains(err.Error(), "named NN-id.yaml") {
		t.Errorf("a file not named NN-id.yaml: err = %v", err)
	}
	other := strings.Replace(good, "id: tiny", "id: tiny2", 1)
	ls, err := load(t, map[string]string{"en/01-tiny.yaml": good, "en/01-tiny2.yaml": other}, "")
	if err == nil || !strings.Contains(err.Error(), "lesson number 01 is also used") || len(ls) != 1 {
		t.Errorf("two lessons numbered 01: %d loaded, err = %v", len(ls), err)
	}
}

// TestUnknownProfile: a lesson whose kernel the model does not know still loads and lists;
// playing it says why it cannot.
func TestUnknownProfile(t *testing.T) {
	text := strings.Replace(good, "kernel: linux-6.18", "kernel: linux-9.9", 1)
	ls, err := load(t, map[string]string{"en/01-tiny.yaml": text}, "")
	if err != nil {
		t.Fatal(err)
	}
	res := ls[0].CheckStep(2)
	if len(res) != 1 || res[0].Pass || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), `unknown kernel profile "linux-9.9"`) {
		t.Fatalf("CheckStep on an unknown profile = %+v", res)
	}
	if !strings.Contains(res[0].Err.Error(), "tiny: step 3") {
		t.Errorf("the error does not name the lesson and step: %v", res[0].Err)
	}
	if r := ls[0].CheckStep(0); len(r) != 2 || !r[0].Pass || !r[1].Pass {
		t.Errorf("the other steps still run: %+v", r)
	}
}

const german = `id: tiny
title: Winzig
steps:
  - narration: Backlog 1, kein accept().
    predict:
      choices: ["eins", "zwei"]
      right: Ja.
    checks:
      - claim: Zwei warten
  - title: Annehmen
`

func TestTranslation(t *testing.T) {
	files := map[string]string{"en/01-tiny.yaml": good, "de/01-tiny.yaml": german}
	ls, err := load(t, files, "de_DE.UTF-8")
	if err != nil {
		t.Fatal(err)
	}
	l := ls[0]
	s0 := l.Steps[0]
	got := []string{l.Lang, l.Title, l.Summary, s0.Title, s0.Narration, s0.Predict.Choices[1], s0.Predict.Right, s0.Predict.Wrong, s0.Checks[0].Claim, s0.Checks[1].Claim, l.Steps[1].Title}
	want := []string{"de", "Winzig", "A lesson for the tests.", "Fill it", "Backlog 1, kein accept().", "zwei", "Ja.", "No: B+1.", "Zwei warten", "Two retry", "Annehmen"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("text %d = %q, want %q (translated where given, English otherwise)", i, got[i], want[i])
		}
	}
	// The behaviour is the English file's: same checks, same scenario.
	if s0.Predict.Answer != 1 || s0.Checks[0].Expect != "recv_q == 2" {
		t.Errorf("translation changed behaviour: answer %d, expect %q", s0.Predict.Answer, s0.Checks[0].Expect)
	}
	en, _ := load(t, files, "en")
	if en[0].Title != "Tiny" || en[0].Lang != "en" {
		t.Errorf("English = %q (%s)", en[0].Title, en[0].Lang)
	}
	fr, _ := load(t, files, "fr")
	if fr[0].Title != "Tiny" {
		t.Errorf("a language without a translation falls back to English; got %q", fr[0].Title)
	}
}

func TestTranslationErrors(t *testing.T) {
	tests := []struct{ de, want string }{
		{"id: tiny\nsteps:\n  - scenario: {}\n", "scenario: unknown key; allowed here: title, narration, predict, side, checks"},
		{"id: other\n", `"other": a translation has the id of the lesson it translates`},
		{"id: tiny\nsteps:\n  - predict: {choices: [a, b, c]}\n", "3 choices, but the question has 2"},
		{"id: tiny\nsteps:\n  - {}\n  - predict: {question: x}\n", "the lesson's step asks no question"},
		{"id: tiny\nsteps:\n  - {}\n  - {}\n  - {}\n  - {}\n", "4 steps, but the lesson has 3"},
		{"id: tiny\nsteps:\n  - checks: [{claim: a}, {claim: b}, {claim: c}]\n", "3 checks, but the step has 2"},
	}
	for _, tt := range tests {
		_, err := load(t, map[string]string{"en/01-tiny.yaml": good, "de/01-tiny.yaml": tt.de}, "de")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "lessons/de/01-tiny.yaml") {
			t.Errorf("translation %q: err = %v, want it to name lessons/de/01-tiny.yaml and contain %q", tt.de, err, tt.want)
		}
	}
}
