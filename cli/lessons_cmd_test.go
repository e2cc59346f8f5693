package cli

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"synq/lessons"
	"synq/render/scene"
)

func runLessons(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = dispatch(append([]string{"lessons"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestLessonsList(t *testing.T) {
	code, out, errs := runLessons()
	if code != 0 || errs != "" {
		t.Fatalf("synq lessons: exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 10 {
		t.Fatalf("synq lessons lists %d lessons, want at least 10:\n%s", len(lines), out)
	}
	if !regexp.MustCompile(`^ 1  handshake +The handshake and listen\(\) \(\d+ steps\)$`).MatchString(lines[0]) {
		t.Errorf("first line = %q", lines[0])
	}
}

func TestLessonsCheck(t *testing.T) {
	code, out, _ := runLessons("--check")
	if code != 0 {
		t.Fatalf("synq lessons --check: exit %d\n%s", code, out)
	}
	m := regexp.MustCompile(`(?m)^lessons: (\d+) lessons, (\d+) checks, (\d+) questions, all pass\n\z`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no final line `lessons: N lessons, M checks, Q questions, all pass`:\n%s", out[max(0, len(out)-500):])
	}
	if passes := strings.Count(out, "    PASS  "); m[2] != strconv.Itoa(passes) {
		t.Errorf("final line says %s checks, %d PASS lines printed", m[2], passes)
	}
	if strings.Contains(out, "FAIL") {
		t.Errorf("a FAIL in a passing run:\n%s", out)
	}
	code, out, _ = runLessons("--check", "somaxconn")
	if code != 0 || !strings.Contains(out, "lesson 3 somaxconn:") || strings.Contains(out, "handshake") ||
		!strings.HasSuffix(out, "lessons: 1 lessons, "+strconv.Itoa(strings.Count(out, "    PASS  "))+" checks, 2 questions, all pass\n") {
		t.Errorf("--check somaxconn: exit %d\n%s", code, out)
	}
}

// TestLessonsCheckFails: a claim the model does not bear out prints FAIL with the values read,
// the file and line, and the final line says what failed; the exit code is 1.
func TestLessonsCheckFails(t *testing.T) {
	const text = `id: wrong
title: Wrong
summary: A lesson that claims too much.
steps:
  - title: Claims
    narration: Backlog 1 holds 3, it says.
    scenario:
      duration: 5s
      server:
        listen: {backlog: 1}
        app: [{at: 0s, accept: none}]
      traffic:
        - {kind: connect, at: 0s, count: 4, rate: 10/s}
    play: 1s
    source: "sk_acceptq_is_full: spec 2.0"
    checks:
      - {expect: "recv_q == 3", claim: The queue holds three}
      - {expect: "recv_q == 2", claim: The queue holds two}
`
	ls, err := lessons.LoadFS(fstest.MapFS{"en/01-wrong.yaml": {Data: []byte(text)}}, "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := checkLessons(ls, &out, false); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"    FAIL  at 1s      The queue holds three\n",
		"lessons/en/01-wrong.yaml:17:  recv_q == 3  [recv_q = 2]",
		"    PASS  at 1s      The queue holds two\n",
		"failed:\n  wrong step 1 (lessons/en/01-wrong.yaml:17)\nlessons: 1 lessons, 2 checks, 0 questions, 1 failed\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output:\n%s\nwant it to contain %q", out.String(), want)
		}
	}
}

// TestLessonsCheckTextFails: a question whose narration tells the answer, and runs placed left
// and right, fail --check although every claim holds.
func TestLessonsCheckTextFails(t *testing.T) {
	const text = `id: leaky
title: Leaky
summary: A lesson that tells the answer.
steps:
  - title: Tells
    narration: Left, Linux 6.18; right, BSD. Backlog 1, no accept(); the queue holds 2.
    scenario:
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
    predict:
      question: How many wait on Linux?
      choices: ["1", "2"]
      answer: 1
      right: Yes.
      wrong: No.
    source: "sk_acceptq_is_full: spec 2.0"
    checks:
      - {expect: "recv_q == 2", claim: The queue holds two}
`
	ls, err := lessons.LoadFS(fstest.MapFS{"en/01-leaky.yaml": {Data: []byte(text)}}, "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := checkLessons(ls, &out, false); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"    PASS  at 1s      The queue holds two\n",
		`  text: FAIL  gives away the right choice "2": its key number 2`,
		"          lessons/en/01-leaky.yaml:5: step 1 narration\n",
		"the two runs are drawn one above the other",
		"  leaky step 1 text, narration (lessons/en/01-leaky.yaml:5)\n",
		"lessons: 1 lessons, 1 checks, 1 questions, 2 failed\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output:\n%s\nwant it to contain %q", out.String(), want)
		}
	}
}

func TestLessonsShowAndNames(t *testing.T) {
	code, out, errs := runLessons("--show", "centos-case")
	if code != 0 || errs != "" {
		t.Fatalf("--show: exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{"--- step 1: The log line", "possible SYN flooding on port 443. Sending cookies.",
		"LISTEN  0       128     198.18.0.1:443", "SYN cookies sent", "check at +2s:",
		"  hidden until answered: queue-limits\n  predict: With tcp_max_syn_backlog 8192", "  *2. 512\n", "  after answering: The backlog is now 511"} {
		if !strings.Contains(out, want) {
			t.Errorf("--show centos-case lacks %q", want)
		}
	}
	code, out, _ = runLessons("--names")
	if code != 0 || !strings.Contains(out, "clients.established") || !strings.Contains(out, "cookie.mss_index") {
		t.Errorf("--names: exit %d\n%s", code, out)
	}
}

func TestLessonsBadUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--check", "nosuch"}, `no lesson "nosuch"`},
		{[]string{"--show", "nosuch"}, `no lesson "nosuch"`},
		{[]string{"--frobnicate"}, "flag provided but not defined"},
		{[]string{"handshake"}, "lesson ids are given with --check"},
	}
	for _, tt := range tests {
		code, _, errs := runLessons(tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("synq lessons %v: exit %d, stderr %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
}

// TestHighlightPartsDrawn: every part a lesson may highlight is one the scene knows how to
// point at (render/scene is pure Go, so this test needs no display).
func TestHighlightPartsDrawn(t *testing.T) {
	for _, p := range lessons.Parts {
		if !scene.IsPart(string(p)) {
			t.Errorf("lessons.Parts has %q, which render/scene does not draw; scene has %v", p, scene.Parts())
		}
	}
	for _, p := range scene.Parts() {
		if !slices.Contains(lessons.Parts, lessons.Part(p)) {
			t.Errorf("render/scene draws part %q, which lessons.Parts lacks", p)
		}
	}
}
