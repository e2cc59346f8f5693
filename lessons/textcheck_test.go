package lessons_test

import (
	"strings"
	"testing"

	"synq/lessons"
)

// TestTextProblems: a question whose answer is told before it is asked, and words that place the
// runs left and right (or the wrong way up), are reported; fair text is not.
func TestTextProblems(t *testing.T) {
	const narr1, narr3 = "narration: Backlog 1, no accept().", "narration: Side by side."
	tests := []struct {
		name     string
		edits    [][2]string // replacements in the good lesson
		want     []string    // a problem containing each; none for fair text
		problems int
	}{
		{"fair", nil, nil, 0},
		{"key number in the narration", [][2]string{{narr1, "narration: Backlog 1, no accept(); 2 wait."}},
			[]string{`step 1 (Fill it): narration: gives away the right choice "2": its key number 2`}, 1},
		{"key number as a word", [][2]string{{narr1, "narration: Backlog 1, no accept(), so two wait."}},
			[]string{"narration: gives away the right choice \"2\"", "so two wait"}, 1},
		{"key number in the title", [][2]string{{"title: Fill it", "title: Two wait"}},
			[]string{`step 1 (Two wait): title: gives away the right choice "2"`}, 1},
		{"key number in the question", [][2]string{{"question: How many wait?", "question: Do 2 wait?"}},
			[]string{"predict.question: gives away the right choice \"2\""}, 1},
		{"right choice's text", [][2]string{{`choices: ["1", "2"]`, `choices: ["none", "the backlog plus one"]`}, {narr1, "narration: Backlog 1; the queue takes the backlog plus one."}},
			[]string{`narration: states the right choice "the backlog plus one"`}, 1},
		{"numbers that only look alike", [][2]string{{narr1, "narration: Backlog 1 on ipv4, 20 clients, Linux 6.2, 12 ms."}}, nil, 0},
		{"number in every choice is no key", [][2]string{{`choices: ["1", "2"]`, `choices: ["1 of 2", "2"]`}, {narr1, "narration: Backlog 1, 2 clients."}}, nil, 0},
		{"allowed key number", [][2]string{{narr1, "narration: Backlog 1, 2 clients."}, {"answer: 1\n", "answer: 1\n      allow: [\"2\"]\n"}}, nil, 0},
		{"allow not needed", [][2]string{{"answer: 1\n", "answer: 1\n      allow: [\"2\"]\n"}},
			[]string{`predict.allow: "2" is not a key number`}, 1},
		{"left and right", [][2]string{{narr3, "narration: Left, Linux 6.18; right, BSD."}},
			[]string{`step 3 (Two kernels): narration: "Left, Linux 6.18; right, BSD.": the two runs are drawn one above the other`}, 1},
		{"on the right", [][2]string{{"claim: Both hold two", `claim: "Both hold two, BSD on the right"`}},
			[]string{"checks[0].claim", "on the right"}, 1},
		{"left and right in a step shown alone", [][2]string{{narr1, "narration: Backlog 1; left, the clients; right, the server."}}, nil, 0},
		{"left and right as ordinary words", [][2]string{{narr3, "narration: Nothing is left to send, and the ACK comes right behind."}}, nil, 0},
		{"above and below as drawn", [][2]string{{narr3, "narration: Above (A), Linux 6.18; below (B), BSD."}}, nil, 0},
		{"above and below the wrong way up", [][2]string{{narr3, "narration: Above, BSD; below, Linux 6.18."}},
			[]string{`"BSD" is the side run, drawn below (B), not Above`, "linux-6.18 is the step's own run, drawn above (A), not below"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := good
			for _, e := range tt.edits {
				if !strings.Contains(text, e[0]) {
					t.Fatalf("the fixture has no %q", e[0])
				}
				text = strings.Replace(text, e[0], e[1], 1)
			}
			ls, err := load(t, map[string]string{"en/01-tiny.yaml": text}, "")
			if err != nil {
				t.Fatal(err)
			}
			probs := ls[0].TextProblems()
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			all := strings.Join(got, "\n")
			if len(probs) != tt.problems {
				t.Errorf("%d problems, want %d:\n%s", len(probs), tt.problems, all)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems:\n%s\nwant one containing %q", all, w)
				}
			}
		})
	}
}

// TestEmbeddedLessonsText: the lessons shipped keep every answer until it is given and place
// the runs as the scene draws them.
func TestEmbeddedLessonsText(t *testing.T) {
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		for _, p := range l.TextProblems() {
			t.Errorf("%s:%d: %s", l.File, p.Step.Line, p)
		}
	}
}

// TestAnswersSpread: the right answer does not always stand in the same place.
func TestAnswersSpread(t *testing.T) {
	ls, _ := lessons.Load("")
	count := map[int]int{}
	total := 0
	for _, l := range ls {
		for _, st := range l.Steps {
			if q := st.Predict; q != nil {
				count[q.Answer]++
				total++
			}
		}
	}
	for pos := 0; pos < 3; pos++ {
		if count[pos]*5 < total || count[pos]*2 > total {
			t.Errorf("the right answer is choice %d in %d of %d questions; want each of the first three in a fifth to a half of them (%v)", pos+1, count[pos], total, count)
		}
	}
}
