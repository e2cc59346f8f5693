package lessons_test

import (
	"strings"
	"testing"

	"synq/lessons"
)

// The lessons issue 6 asks for, in order.
var wantIDs = []string{"handshake", "bsd-vs-linux", "somaxconn", "accept-overflow", "synq-overflow",
	"syn-flood", "cookies-mode-2", "cookie-anatomy", "kernel-history", "centos-case"}

func TestEmbeddedLessonsLoad(t *testing.T) {
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	if got, want := strings.Join(ids, " "), strings.Join(wantIDs, " "); got != want {
		t.Errorf("lessons = %s\nwant      %s", got, want)
	}
	explicit := 0
	for n, l := range ls {
		if l.Number != n+1 {
			t.Errorf("lesson %s is number %d, want %d", l.ID, l.Number, n+1)
		}
		for i, st := range l.Steps {
			if st.ScenarioErr != nil {
				t.Errorf("%s step %d: %v", l.ID, i+1, st.ScenarioErr)
			}
			if len(st.Checks) == 0 {
				t.Errorf("%s step %d (%s) makes no checked claim", l.ID, i+1, st.Title)
			}
			explicit += len(st.Checks)
		}
	}
	if explicit < 60 {
		t.Errorf("%d checks in all, want at least 60", explicit)
	}
}

// TestEmbeddedLessonsCheck plays every lesson and fails on any claim the model does not bear out.
func TestEmbeddedLessonsCheck(t *testing.T) {
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		t.Run(l.ID, func(t *testing.T) {
			t.Parallel()
			n := 0
			for _, r := range l.Check(nil) {
				n++
				if !r.Pass {
					t.Errorf("%s:%d: step %d, at %s: %s\n  %s  %v  %v", l.File, r.Check.Line, r.Step.Index()+1, r.At, r.Check.Claim, r.Check.Expect, r.Values, r.Err)
				}
			}
			if n != l.CountChecks() || n == 0 {
				t.Errorf("%d results for %d checks", n, l.CountChecks())
			}
		})
	}
}

// TestQuestionsAreFair: every question's right answer is a real choice, and the feedback
// differs for right and wrong.
func TestQuestionsAreFair(t *testing.T) {
	ls, _ := lessons.Load("")
	questions := 0
	for _, l := range ls {
		for i, st := range l.Steps {
			q := st.Predict
			if q == nil {
				continue
			}
			questions++
			if q.Answer < 0 || q.Answer >= len(q.Choices) || q.Right == q.Wrong {
				t.Errorf("%s step %d: answer %d of %d choices; right %q, wrong %q", l.ID, i+1, q.Answer, len(q.Choices), q.Right, q.Wrong)
			}
		}
	}
	if questions < len(ls) {
		t.Errorf("%d predict questions for %d lessons; each lesson should ask at least one", questions, len(ls))
	}
}
