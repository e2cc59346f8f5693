package lessons

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// TextProblem is a fault in what a lesson says rather than in what it claims: a question whose
// answer the learner is told before answering, or words placing the runs where the scene does
// not draw them. `synq lessons --check` fails on any (see Lesson.TextProblems).
type TextProblem struct {
	Step  *Step
	Field string // where in the step: "narration", "predict.question", "predict.allow", ...
	Msg   string
}

func (p TextProblem) String() string {
	return fmt.Sprintf("step %d (%s): %s: %s", p.Step.index+1, p.Step.Title, p.Field, p.Msg)
}

// TextProblems checks the text of every step:
//
//   - Fair questions. Before answering, the learner reads the step's title, its narration and
//     the question. None may contain the right choice's text, nor its key numbers: the numbers in the right
//     choice that are not in every wrong one (so "5" of "5" against "4" and "10"; number words
//     two to twenty count as their figures). A key number the setup cannot be posed without is
//     listed in the question's allow:, and an allow entry that is not needed is itself a problem.
//   - Spatial words. Side by side, the desktop draws the step's own run (A) above the side run
//     (B). "left" and "right" used of a run ("Left, Linux 4.9", "on the right") therefore fail,
//     and so does "above"/"top" introducing the side run or "below"/"bottom" introducing the
//     step's own kernel. Use "above (A)" and "below (B)", or A and B.
func (l *Lesson) TextProblems() []TextProblem {
	var out []TextProblem
	for _, st := range l.Steps {
		add := func(field, format string, args ...any) {
			out = append(out, TextProblem{Step: st, Field: field, Msg: fmt.Sprintf(format, args...)})
		}
		if q := st.Predict; q != nil {
			fairQuestion(st, q, add)
		}
		if st.side != nil {
			spatialWords(st, add)
		}
	}
	return out
}

// Questions asks how many questions the lesson asks.
func (l *Lesson) Questions() int {
	n := 0
	for _, st := range l.Steps {
		if st.Predict != nil {
			n++
		}
	}
	return n
}

var (
	// numberRe finds a number standing on its own: not the 4 of "ipv4" nor part of "6.18".
	numberRe = regexp.MustCompile(`(?:^|[^A-Za-z0-9.])(\d+(?:\.\d+)*)`)
	wordRe   = regexp.MustCompile(`[a-z]+`)
	// numberWords are the figures a narration may spell out. "one" is left out: it is as often
	// a pronoun ("the one that") as a number.
	numberWords = map[string]string{"two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
		"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
		"thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
		"eighteen": "18", "nineteen": "19", "twenty": "20"}
)

// numbers returns the numbers in s, figures and spelt-out words, each once, in order.
func numbers(s string) []string {
	var out []string
	for _, m := range numberRe.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	for _, w := range wordRe.FindAllString(strings.ToLower(s), -1) {
		if n, ok := numberWords[w]; ok && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// normText lowercases s, turns every run of characters other than letters and digits into one
// space, and pads it with spaces, so that phrases match at word boundaries.
func normText(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// excerpt is a short quotation of text around the first match of re, for the message.
func excerpt(text string, loc []int) string {
	from, to := max(0, loc[0]-30), min(len(text), loc[1]+30)
	for from > 0 && text[from]&0xC0 == 0x80 {
		from--
	}
	for to < len(text) && text[to]&0xC0 == 0x80 {
		to++
	}
	s := strings.Join(strings.Fields(text[from:to]), " ")
	if from > 0 {
		s = "…" + s
	}
	if to < len(text) {
		s += "…"
	}
	return s
}

// numberAt finds the number n in text as a whole number (not part of 5120 or 6.18), as a
// figure or a word; nil if it is not there.
func numberAt(text, n string) []int {
	re := regexp.MustCompile(`(^|[^A-Za-z0-9.])` + regexp.QuoteMeta(n) + `($|[^0-9.]|\.[^0-9]|\.$)`)
	if loc := re.FindStringSubmatchIndex(text); loc != nil {
		return []int{loc[3], loc[4]}
	}
	for w, fig := range numberWords {
		if fig != n {
			continue
		}
		re := regexp.MustCompile(`(?i)\b` + w + `\b`)
		if loc := re.FindStringIndex(text); loc != nil {
			return loc
		}
	}
	return nil
}

func fairQuestion(st *Step, q *Question, add func(field, format string, args ...any)) {
	if q.Answer < 0 || q.Answer >= len(q.Choices) {
		return // the loader reports it
	}
	right := q.Choices[q.Answer]
	shown := []struct{ field, text string }{{"title", st.Title}, {"narration", st.Narration}, {"predict.question", q.Text}}
	// A choice of figures alone is left to the key numbers, which respect number boundaries.
	wordy := strings.Trim(normText(right), " 0123456789") != ""
	for _, s := range shown {
		if wordy && strings.Contains(normText(s.text), normText(right)) {
			add(s.field, "states the right choice %q before the learner answers", right)
		}
	}
	var keys []string
	for _, n := range numbers(right) {
		inEvery := true
		for i, c := range q.Choices {
			if i != q.Answer && !slices.Contains(numbers(c), n) {
				inEvery = false
			}
		}
		if !inEvery {
			keys = append(keys, n)
		}
	}
	used := map[string]bool{}
	for _, k := range keys {
		for _, s := range shown {
			loc := numberAt(s.text, k)
			if loc == nil {
				continue
			}
			if slices.Contains(q.Allow, k) {
				used[k] = true
				continue
			}
			add(s.field, "gives away the right choice %q: its key number %s is in the text shown before the answer (%q); pose the situation without it, or, if it cannot be posed without, list %s in predict.allow",
				right, k, excerpt(s.text, loc), k)
		}
	}
	for _, a := range q.Allow {
		if !used[a] {
			add("predict.allow", "%q is not a key number of the right choice %q found in the text before the answer; remove it", a, right)
		}
	}
}

var (
	// runLeftRight finds "left"/"right" used of a run: "Left, Linux 4.9", "; right: BSD",
	// "on the left", "the right run", "left-hand".
	runLeftRight = regexp.MustCompile(`(?i)\b(?:left|right)\s*[,:;)]|\b(?:on|at|to|from|in|the)\s+(?:the\s+)?(?:left|right)\b|\b(?:left|right)[- ](?:hand|side|run|one|column|pane|half|kernel|server|box)\b`)
	// aboveClause and belowClause find "Above (A), Linux 4.9;" and the like, up to the end of
	// the clause (a full stop is one followed by a space, not the one of "4.9").
	aboveClause  = regexp.MustCompile(`(?i)\b(above|top)\b(?:\s*\(A\))?\s*[,:]\s*((?:[^.;]|\.\S)*)`)
	belowClause  = regexp.MustCompile(`(?i)\b(below|bottom)\b(?:\s*\(B\))?\s*[,:]\s*((?:[^.;]|\.\S)*)`)
	rightOpening = regexp.MustCompile(`(?i)^\s*(right|yes)\s*[.,!:;]`)
)

func spatialWords(st *Step, add func(field, format string, args ...any)) {
	texts := []struct{ field, text string }{{"narration", st.Narration}}
	if q := st.Predict; q != nil {
		texts = append(texts, struct{ field, text string }{"predict.question", q.Text})
		for i, c := range q.Choices {
			texts = append(texts, struct{ field, text string }{fmt.Sprintf("predict.choices[%d]", i), c})
		}
		// "Right." opening the feedback for the right answer is a verdict, not a place.
		texts = append(texts, struct{ field, text string }{"predict.right", rightOpening.ReplaceAllString(q.Right, "")},
			struct{ field, text string }{"predict.wrong", q.Wrong}, struct{ field, text string }{"predict.after", q.After})
	}
	for i, c := range st.Checks {
		texts = append(texts, struct{ field, text string }{fmt.Sprintf("checks[%d].claim", i), c.Claim})
	}
	if st.Side == st.side && st.Side != nil {
		texts = append(texts, struct{ field, text string }{"side.label", st.Side.Label})
	}
	sideName := normText(st.side.Label)
	ownName := ""
	if st.run != nil && st.run.Profile != nil {
		ownName = normText(st.run.Profile.Name)
	}
	for _, t := range texts {
		if loc := runLeftRight.FindStringIndex(t.text); loc != nil {
			add(t.field, "%q: the two runs are drawn one above the other (A above, B below), not left and right; say above (A) and below (B)", excerpt(t.text, loc))
		}
		for _, m := range aboveClause.FindAllStringSubmatchIndex(t.text, -1) {
			if c := normText(t.text[m[4]:m[5]]); sideName != " " && strings.Contains(c, sideName) {
				add(t.field, "%q: %q is the side run, drawn below (B), not %s", excerpt(t.text, m[:2]), st.side.Label, t.text[m[2]:m[3]])
			}
		}
		for _, m := range belowClause.FindAllStringSubmatchIndex(t.text, -1) {
			c := normText(t.text[m[4]:m[5]])
			if ownName != "" && strings.Contains(c, ownName) && !strings.Contains(c, sideName) {
				add(t.field, "%q: %s is the step's own run, drawn above (A), not %s", excerpt(t.text, m[:2]), st.run.Profile.Name, t.text[m[2]:m[3]])
			}
		}
	}
}
