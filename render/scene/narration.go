package scene

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"strconv"
)

// Narration is what a lesson says beside the scene: a title and where the lesson is, the
// text, a question with its choices (Selected is the one chosen, -1 for none), feedback on
// the answer, the evidence the run shows, and the lesson's own keys. The layout reserves a
// panel for it while it is set.
//
// What does not fit in the panel is cut short; the keys line then begins with More (the key
// that shows it all, "R read all"), and Reading shows the title, the whole text, the feedback
// and the evidence in a large overlay instead, with ReadingKeys at its foot.
type Narration struct {
	Title, Progress, Text string
	Question              string
	Choices               []string
	Selected              int
	Feedback              string
	Evidence              []string // what run A shows (the only run when one is shown)
	EvidenceB             []string // what run B shows, when two are shown
	Keys                  string
	More                  string
	Reading               bool
	ReadingKeys           string
}

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
	answer := n.Question != "" || len(n.Choices) > 0 || n.Feedback != "" || len(n.Evidence) > 0
	two := answer && below.Dx() >= small.Width(90) // 90: presenter's type at 1920x1080
	if two {
		share := 16 // of 25: the text's part of the width while a question waits
		if n.Question == "" && len(n.Choices) == 0 {
			share = 13 // answered: the evidence, whose lines are long, gets half
		}
		left = cutLeft(&right, (below.Dx()-b.g.Pad)*share/25)
		cutLeft(&right, b.g.Pad)
		b.d.rect(image.Rect(right.Min.X-b.g.Pad/2-1, below.Min.Y, right.Min.X-b.g.Pad/2+1, below.Max.Y), b.pal.Box)
	}
	// Keys that fit neither beside the title nor in an answer column take a column of their
	// own beside a text with no question (the text keeps all its lines); else the last line.
	keysAside := n.Keys != "" && !keysUp && !two && below.Dx() >= small.Width(80)
	keys := left
	keys.Min.Y = keys.Max.Y - small.LineH
	if keysAside {
		left = cutLeft(&right, (below.Dx()-b.g.Pad)*16/25)
		cutLeft(&right, b.g.Pad)
		keys = right
	} else if n.Keys != "" && !keysUp {
		left.Max.Y -= small.LineH + b.g.Pad/4
	}
	chars := small.Chars(right.Dx())
	// What must be shown after the text in one column, in lines (the evidence is not).
	after := 0
	if !two {
		if n.Question != "" {
			after += len(Wrap(n.Question, chars))
		}
		numW := len(strconv.Itoa(len(n.Choices)))
		for _, c := range n.Choices {
			after += len(Wrap(c, chars-(4+numW)))
		}
		if n.Feedback != "" {
			after += len(Wrap(n.Feedback, chars)) + 1
		}
	}
	dy := 0
	if n.Text != "" {
		room := (left.Dy() - b.g.Pad/2) / small.LineH
		dy = b.linesCut(n.Text, left, dy, max(2, room-after), SizeSmall, b.pal.Text, &cut)
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
		if keysAside {
			var kcut bool
			b.linesCut(k, keys, 0, keys.Dy()/small.LineH, SizeSmall, b.pal.Dim, &kcut)
		} else {
			b.textIn(k, keys, 0, SizeSmall, b.pal.Dim)
		}
	}
}

// answerPart draws the question, its choices, the feedback and the evidence in in from dy.
func (b *builder) answerPart(n *Narration, in image.Rectangle, dy int, cut *bool) {
	small := b.font(SizeSmall)
	numW := len(strconv.Itoa(len(n.Choices)))
	if n.Question != "" {
		dy = b.linesCut(n.Question, in, dy, 3, SizeSmall, b.pal.HighlightText, cut)
	}
	for i, c := range n.Choices {
		if dy+small.LineH > in.Dy() {
			*cut = true
			break
		}
		// "► " marks the chosen line; the numbers are right-aligned, the texts lined up after them.
		mark, col := "  ", b.pal.Text
		if i == n.Selected {
			mark = "► "
			b.d.rect(image.Rect(in.Min.X-b.g.Pad/2, in.Min.Y+dy, in.Max.X+b.g.Pad/2, in.Min.Y+dy+small.LineH), b.pal.Highlight)
			col = b.pal.HighlightText
		}
		b.d.text(fmt.Sprintf("%s%*d.", mark, numW, i+1), image.Pt(in.Min.X, in.Min.Y+dy), SizeSmall, col)
		indent := in
		indent.Min.X += small.Width(2 + numW + 2) // mark, number, ".", space
		dy = b.linesCut(c, indent, dy, 2, SizeSmall, col, cut)
	}
	if n.Feedback != "" {
		if dy+small.LineH > in.Dy() {
			*cut = true
		} else {
			if dy > 0 {
				dy += small.LineH / 4
			}
			dy = b.linesCut(n.Feedback, in, dy, 4, SizeSmall, ColorDone, cut)
		}
	}
	b.drawEvidence(n, in, dy, cut) // evidence.go: ss's table lined up to fit
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
			put(Wrap(fmt.Sprintf("%d. %s", i+1, c), chars), b.pal.Text)
		}
	}
	if n.Feedback != "" {
		y += small.LineH / 2
		put(Wrap(n.Feedback, chars), ColorDone)
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
