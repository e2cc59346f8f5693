package scene

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"strconv"
	"strings"
)

// Narration is what a lesson says beside the scene: a title and where the lesson is, the
// text, a question with its choices (Selected is the one chosen, -1 for none), feedback on
// the answer, the evidence the run shows, and the lesson's own keys. The layout reserves a
// panel for it while it is set.
//
// What does not fit in the panel is cut short; the keys line then begins with More (the key
// that shows it all, "R read all"), and Reading shows the title, the whole text, the feedback
// and the evidence in a large overlay instead, with ReadingKeys at its foot.
//
// Once the question is answered (Answered) the choices stay: the pick (Selected) and the
// right one (Answer) marked MarkRight or MarkWrong, in colour and in words (Verdict: "You
// chose 2 — right."), then the feedback, the explanation (After) and the evidence. Right says
// whether the pick was right: the verdict is green, else vermillion. Hint is what to do while
// the question waits (Enter with no choice made); Score ends a lesson.
type Narration struct {
	Title, Progress, Text string
	Question              string
	Choices               []string
	Selected              int
	Answered              bool // the question was answered: Answer is the right choice
	Answer                int
	Right                 bool   // the choice made was the right one
	Verdict               string // which choice was made and whether it was right
	Hint                  string // what to do next while the question waits
	Feedback              string
	After                 string   // the explanation, once answered
	Score                 string   // the lesson's score, at its end
	Unnumbered            int      // the first choices drawn without a number (the menu's Continue line), the rest numbered from 1
	Evidence              []string // what run A shows (the only run when one is shown)
	EvidenceB             []string // what run B shows, when two are shown
	Keys                  string
	More                  string
	Reading               bool
	ReadingKeys           string
}

// The marks of the right choice and of a wrong pick. Go Mono, the one font, has neither ✓ nor
// ✗, so its nearest glyphs stand for them.
const (
	MarkRight = "√"
	MarkWrong = "×"
)

// narration draws the lesson's strip: title and progress on the first line; below, the text
// on the left with the keys at its foot and, on the right, the question, choices, feedback
// and evidence (one column when the strip is narrow). Collapsed, the title line only.
func (b *builder) narration() {
	n := b.v.Narration
	r := b.g.Narration
	if n == nil || r.Empty() {
		return
	}
	b.d.rect(r, b.pal.Panel)
	b.d.outline(r, 2, b.pal.Box)
	in := r.Inset(b.g.Pad)
	if b.g.Mode.NarrationCollapsed {
		in = r.Inset(b.g.Pad / 2)
	}
	small, body := b.font(SizeSmall), b.font(SizeBody)

	// The keys go on the title line where they fit beside the title, else at the text's foot.
	progress := n.Progress
	keysUp := n.Keys != "" && small.Width(len([]rune(n.Keys+"   "+progress+"  "+n.More+" · ")))+body.Width(len([]rune(n.Title))+2) <= in.Dx()
	if n.Keys != "" && (keysUp || b.g.Mode.NarrationCollapsed) {
		progress = n.Keys + "   " + progress
	}
	cut := false
	titleLine := func() {
		p := progress
		if cut && keysUp && n.More != "" { // "R read all" before the keys
			p = n.More + " · " + p
		}
		if p != "" {
			b.textRight(p, in, (body.LineH-small.LineH)/2, SizeSmall, b.pal.Dim)
		}
		title := in
		title.Max.X -= small.Width(len([]rune(p)) + 1)
		b.textIn(n.Title, title, 0, SizeBody, b.pal.Text)
	}
	if b.g.Mode.NarrationCollapsed {
		titleLine()
		return
	}
	defer titleLine()
	below := in
	below.Min.Y += body.LineH + b.g.Pad/2
	left, right := below, below
	asked := "" // the question, when it leads the text column
	answer := n.Question != "" || len(n.Choices) > 0 || n.Feedback != "" || len(n.Evidence) > 0
	two := answer && below.Dx() >= small.Width(90) // 90: presenter's type at 1920x1080
	// Beside a question the keys take the strip's last line, under both columns.
	keysUnder := two && n.Keys != "" && !keysUp
	keys := below
	keys.Min.Y = keys.Max.Y - small.LineH
	if keysUnder {
		below.Max.Y -= small.LineH + b.g.Pad/4
		left, right = below, below
	}
	if two {
		share := 13 // of 25: the text's part of the width once answered (the evidence, whose lines are long, gets half)
		switch {
		case n.Question == "" && len(n.Choices) > 0 && n.Feedback == "": // the lesson menu: its lines are long; it scrolls
			share = 11
		case !n.Answered && (n.Question != "" || len(n.Choices) > 0):
			// A waiting question shows every choice: the answer column widens (the text
			// then reads on with R) until the question and its choices fit its lines.
			share = 16
			lines := below.Dy() / small.LineH
			for share > 6 && b.questionLines(n, small.Chars(below.Dx()-b.g.Pad-(below.Dx()-b.g.Pad)*share/25-b.g.Pad)) > lines {
				share--
			}
		}
		left = cutLeft(&right, (below.Dx()-b.g.Pad)*share/25)
		cutLeft(&right, b.g.Pad)
		// A strip too short for the question over its choices (presenter, a phone held
		// sideways): the question leads the text column, the choices have the answer column.
		if !n.Answered && n.Question != "" && b.questionLines(n, small.Chars(right.Dx())) > right.Dy()/small.LineH &&
			len(Wrap(n.Question, small.Chars(left.Dx()))) <= (left.Dy()-b.g.Pad/2)/small.LineH { // and only whole
			q := *n
			q.Question = ""
			asked, n = n.Question, &q
		}
		b.d.rect(image.Rect(right.Min.X-b.g.Pad/2-1, below.Min.Y, right.Min.X-b.g.Pad/2+1, below.Max.Y), b.pal.Box)
	}
	// Keys that fit neither beside the title nor in an answer column take a column of their
	// own beside a text with no question (the text keeps all its lines); else the last line.
	keysAside := n.Keys != "" && !keysUp && !two && below.Dx() >= small.Width(80)
	if keysAside {
		left = cutLeft(&right, (below.Dx()-b.g.Pad)*16/25)
		cutLeft(&right, b.g.Pad)
		keys = right
	} else if n.Keys != "" && !keysUp && !keysUnder {
		// As many lines as the keys need after "R read all" (an upright phone: two).
		kl := min(2, len(Wrap(n.More+" · "+n.Keys, small.Chars(below.Dx()))))
		keys.Min.Y = keys.Max.Y - kl*small.LineH
		left.Max.Y -= kl*small.LineH + b.g.Pad/4
	}
	chars := small.Chars(right.Dx())
	// What must be shown after the text in one column, in lines (the evidence is not).
	after := 0
	if !two && !n.Answered { // once answered the verdict and the feedback come first; the marked choices after them
		if n.Question != "" {
			after += len(Wrap(n.Question, chars))
		}
		numW := len(strconv.Itoa(len(n.Choices)))
		for _, c := range n.Choices {
			after += len(Wrap(c, chars-(4+numW)))
		}
	}
	dy := 0
	room := (left.Dy() - b.g.Pad/2) / small.LineH
	lead := b.lead(n)
	if asked != "" {
		lead = append([]segment{{asked, b.pal.HighlightText}}, lead...)
	}
	if !two && !n.Answered && room < after+2 && n.Question != "" {
		lead = lead[:len(lead)-1] // too short a strip: the question and its choices first, the text for R
		cut = cut || n.Text != "" // so the keys say "R read all"
	}
	budget := room - after
	if after > 0 {
		budget-- // the gaps between the paragraphs and before the question
	}
	for _, sg := range lead {
		if sg.text == "" {
			continue
		}
		if after > 0 && budget-dy/small.LineH < 1 { // the question and every choice come first; R reads the rest
			cut = true
			continue
		}
		if dy > 0 && room > 3 { // a gap between paragraphs where there is room for it
			dy += small.LineH / 4
		}
		dy = b.linesCut(sg.text, left, dy, max(1, budget-dy/small.LineH), SizeSmall, sg.col, &cut)
	}
	if dy > 0 {
		dy += b.g.Pad / 2
	}
	if two {
		dy = 0
	} else {
		right = left
	}
	b.answerPart(n, right, dy, &cut)
	if k := n.Keys; k != "" && !keysUp {
		if cut && n.More != "" {
			k = n.More + " · " + k
		}
		if keysAside || keys.Dy() > small.LineH {
			var kcut bool
			b.linesCut(k, keys, 0, keys.Dy()/small.LineH, SizeSmall, b.pal.Dim, &kcut)
		} else {
			b.textIn(k, keys, 0, SizeSmall, b.pal.Dim)
		}
	}
}

// segment is a paragraph of the narration's text column in its colour.
type segment struct {
	text string
	col  color.RGBA
}

// lead is what the text column shows: before the answer, what to do (Hint) and the
// narration; once answered, what the learner needs then: the verdict (green when right,
// vermillion when wrong), the feedback and the explanation, the narration itself kept for
// R. The lesson's score comes first at its end.
func (b *builder) lead(n *Narration) []segment {
	out := []segment{{n.Score, b.pal.HighlightText}}
	if !n.Answered {
		return append(out, segment{n.Hint, b.pal.HighlightText}, segment{n.Feedback, b.pal.Text}, segment{n.Text, b.pal.Text})
	}
	verdict := ColorDrop
	if n.Right {
		verdict = ColorDone
	}
	mark := MarkWrong + " "
	if n.Right {
		mark = MarkRight + " "
	}
	return append(out, segment{mark + n.Verdict, verdict}, segment{strings.TrimSpace(n.Feedback + " " + n.After), b.pal.Text})
}

// questionLines is how many lines the question and its choices take in a column of chars
// characters, as answerPart draws them.
func (b *builder) questionLines(n *Narration, chars int) int {
	numW := len(strconv.Itoa(len(n.Choices)))
	lines, longest := 0, 0
	for _, c := range n.Choices {
		lines += min(2, len(Wrap(c, chars-(4+numW))))
		longest = max(longest, len([]rune(c)))
	}
	if cols := chars / (2 + numW + 2 + longest + 3); n.Unnumbered == 0 && cols > 1 { // several a line (choiceGrid)
		lines = min(lines, (len(n.Choices)+cols-1)/cols)
	}
	return lines + min(3, len(Wrap(n.Question, chars)))
}

// answerPart draws the question, its choices, the feedback and the evidence in in from dy.
func (b *builder) answerPart(n *Narration, in image.Rectangle, dy int, cut *bool) {
	small := b.font(SizeSmall)
	numW := len(strconv.Itoa(len(n.Choices) - n.Unnumbered))
	if n.Question != "" {
		lines := 3
		if n.Answered { // the marks carry the answer: the choices and the evidence need the room
			lines = 1
		}
		dy = b.linesCut(n.Question, in, dy, lines, SizeSmall, b.pal.HighlightText, cut)
	}
	// A long list (the lesson menu) starts late enough for the selected line to show.
	first := 0
	if n.Selected > 0 {
		chars := small.Chars(in.Dx()) - (4 + numW)
		need := func() int {
			lines := 0
			for _, c := range n.Choices[first : n.Selected+1] {
				lines += min(2, len(Wrap(c, chars)))
			}
			return lines * small.LineH
		}
		for first < n.Selected && dy+need() > in.Dy() {
			first++
		}
	}
	// Short choices that would not fit one a line go several a line ("1. 5   2. 4   3. 10"),
	// so a short strip (presenter, a phone held sideways) still shows them all.
	if cols, cellW := b.choiceGrid(n, in.Dx(), in.Dy()-dy); cols > 1 {
		for i, c := range n.Choices {
			at := image.Pt(in.Min.X+(i%cols)*cellW, in.Min.Y+dy+(i/cols)*small.LineH)
			if at.Y+small.LineH > in.Max.Y {
				*cut = true
				break
			}
			col := b.pal.Text
			if i == n.Selected {
				col = b.pal.HighlightText
				b.d.rect(image.Rect(at.X, at.Y, at.X+cellW-small.Width(2), at.Y+small.LineH), b.pal.Highlight)
			}
			mark := "  "
			switch {
			case n.Answered && i == n.Answer:
				mark, col = MarkRight+" ", ColorDone
			case n.Answered && i == n.Selected:
				mark, col = MarkWrong+" ", ColorDrop
			case n.Answered:
				col = b.pal.Dim
			case i == n.Selected:
				mark = "► "
			}
			b.d.text(fmt.Sprintf("%s%*d. %s", mark, numW, i+1, c), at, SizeSmall, col)
			if b.v.ChoiceControl != CtrlNone {
				b.d.hit(Hit{R: image.Rect(at.X, at.Y, at.X+cellW, at.Y+small.LineH), Control: b.v.ChoiceControl, N: i})
			}
		}
		dy += (len(n.Choices) + cols - 1) / cols * small.LineH
		b.drawEvidence(n, in, dy, cut)
		return
	}
	for i, c := range n.Choices {
		if i < first {
			*cut = true
			continue
		}
		if dy+small.LineH > in.Dy() {
			*cut = true
			break
		}
		// "► " marks the chosen line; once answered, √ the right choice and × a wrong pick.
		// The numbers are right-aligned, the texts lined up after them.
		mark, col := "  ", b.pal.Text
		switch {
		case n.Answered && i == n.Answer:
			mark, col = MarkRight+" ", ColorDone
			if i == n.Selected {
				b.d.rect(image.Rect(in.Min.X-b.g.Pad/2, in.Min.Y+dy, in.Max.X+b.g.Pad/2, in.Min.Y+dy+small.LineH), b.pal.Highlight)
			}
		case n.Answered && i == n.Selected:
			mark, col = MarkWrong+" ", ColorDrop
			b.d.rect(image.Rect(in.Min.X-b.g.Pad/2, in.Min.Y+dy, in.Max.X+b.g.Pad/2, in.Min.Y+dy+small.LineH), b.pal.Highlight)
		case n.Answered:
			col = b.pal.Dim
		case i == n.Selected:
			mark = "► "
			b.d.rect(image.Rect(in.Min.X-b.g.Pad/2, in.Min.Y+dy, in.Max.X+b.g.Pad/2, in.Min.Y+dy+small.LineH), b.pal.Highlight)
			col = b.pal.HighlightText
		}
		num := fmt.Sprintf("%*d.", numW, i+1-n.Unnumbered)
		if i < n.Unnumbered {
			num = strings.Repeat(" ", numW) + "»"
		}
		b.d.text(mark+num, image.Pt(in.Min.X, in.Min.Y+dy), SizeSmall, col)
		indent := in
		indent.Min.X += small.Width(2 + numW + 2) // mark, number, ".", space
		top := dy
		dy = b.linesCut(c, indent, dy, 2, SizeSmall, col, cut)
		if b.v.ChoiceControl != CtrlNone {
			b.d.hit(Hit{R: image.Rect(in.Min.X, in.Min.Y+top, in.Max.X, in.Min.Y+max(dy, top+small.LineH)), Control: b.v.ChoiceControl, N: i})
		}
	}
	b.drawEvidence(n, in, dy, cut) // evidence.go: ss's table lined up to fit
}

// choiceGrid is how many choices go on a line, and each one's width in pixels, in a column w
// wide with h left: 1 where they fit one a line, or are too long (or numbered from a Continue
// line, the lesson menu) to share one.
func (b *builder) choiceGrid(n *Narration, w, h int) (cols, cellW int) {
	small := b.font(SizeSmall)
	if n.Unnumbered > 0 || len(n.Choices)*small.LineH <= h {
		return 1, w
	}
	numW := len(strconv.Itoa(len(n.Choices)))
	longest := 0
	for _, c := range n.Choices {
		longest = max(longest, len([]rune(c)))
	}
	cellW = small.Width(2 + numW + 2 + longest + 3) // mark, number, ". ", the choice, a gap
	return max(1, min(len(n.Choices), w/cellW)), cellW
}

// reading draws the narration whole in a large overlay: title, text, the question and its
// choices, feedback and evidence.
func (b *builder) reading() {
	n := b.v.Narration
	if n == nil || !n.Reading {
		return
	}
	r := b.g.Help
	b.d.top(r, b.pal.Panel)
	b.d.topOutline(r, 3, b.pal.Mark)
	in := r.Inset(2 * b.g.Pad)
	large, small := b.font(SizeLarge), b.font(SizeSmall)
	chars := small.Chars(in.Dx())
	title := n.Title
	if n.Progress != "" {
		title += " · " + n.Progress
	}
	b.d.topText(Clip(title, large.Chars(in.Dx())), in.Min, SizeLarge, b.pal.Text)
	y := in.Min.Y + large.LineH + b.g.Pad
	bottom := in.Max.Y - small.LineH - b.g.Pad // the keys' line stays free
	put := func(lines []string, c color.RGBA) {
		for _, line := range lines {
			if y+small.LineH > bottom {
				return
			}
			b.d.topText(line, image.Pt(in.Min.X, y), SizeSmall, c)
			y += small.LineH
		}
	}
	put(Wrap(n.Text, chars), b.pal.Text)
	if n.Question != "" {
		y += small.LineH / 2
		put(Wrap(n.Question, chars), b.pal.HighlightText)
		for i, c := range n.Choices {
			mark, col := "", b.pal.Text
			switch {
			case n.Answered && i == n.Answer:
				mark, col = MarkRight+" ", ColorDone
			case n.Answered && i == n.Selected:
				mark, col = MarkWrong+" ", ColorDrop
			}
			put(Wrap(fmt.Sprintf("%s%d. %s", mark, i+1, c), chars), col)
		}
	}
	verdict := ColorDrop
	if n.Right {
		verdict = ColorDone
	}
	for _, t := range []struct {
		text string
		col  color.RGBA
	}{{n.Hint, b.pal.HighlightText}, {n.Verdict, verdict}, {n.Feedback, b.pal.Text}, {n.After, b.pal.Text}, {n.Score, b.pal.HighlightText}} {
		if t.text != "" {
			y += small.LineH / 2
			put(Wrap(t.text, chars), t.col)
		}
	}
	if len(n.Evidence) > 0 {
		y += small.LineH / 2
		for _, e := range b.evidence(n) {
			put(Wrap("• "+e, chars), b.pal.Dim)
		}
	}
	b.d.topText(Clip(n.ReadingKeys, chars), image.Pt(in.Min.X, in.Max.Y-small.LineH), SizeSmall, b.pal.HighlightText)
}

// evidence is the narration's evidence, each line marked A or B when two runs are shown, or
// a line saying it is hidden until the answer.
func (b *builder) evidence(n *Narration) []string {
	if len(n.Evidence)+len(n.EvidenceB) > 0 && b.v.Conceal.Has(ConcealEvidence) {
		return []string{"(the evidence shows after your answer)"}
	}
	if !b.g.Mode.Compare {
		return n.Evidence
	}
	// Lines both runs show (a command, the column heads) once and unmarked; the others
	// marked with their run.
	out := make([]string, 0, len(n.Evidence)+len(n.EvidenceB))
	for _, e := range n.Evidence {
		if len(n.EvidenceB) > 0 && slices.Contains(n.EvidenceB, e) {
			out = append(out, e)
		} else {
			out = append(out, "A "+e)
		}
	}
	for _, e := range n.EvidenceB {
		if !slices.Contains(n.Evidence, e) {
			out = append(out, "B "+e)
		}
	}
	return out
}
