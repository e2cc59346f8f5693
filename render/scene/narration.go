package scene

import (
	"fmt"
	"image"
	"strconv"
)

// Narration is what a lesson says beside the scene: a title and where the lesson is, the
// text, a question with its choices (Selected is the one chosen, -1 for none), feedback on
// the answer, the evidence the run shows, and the lesson's own keys. The layout reserves a
// panel for it while it is set.
type Narration struct {
	Title, Progress, Text string
	Question              string
	Choices               []string
	Selected              int
	Feedback              string
	Evidence              []string
	Keys                  string
}

// narration draws the lesson's panel: title and progress, then the question, choices,
// feedback and evidence, and the keys on the last line; the text gets the room left.
func (b *builder) narration() {
	n := b.v.Narration
	r := b.g.Narration
	if n == nil || r.Empty() {
		return
	}
	b.d.rect(r, b.pal.Panel)
	b.d.outline(r, 2, b.pal.Box)
	in := r.Inset(b.g.Pad)
	small, body := b.font(SizeSmall), b.font(SizeBody)
	chars := small.Chars(in.Dx())

	if n.Progress != "" {
		b.textRight(n.Progress, in, (body.LineH-small.LineH)/2, SizeSmall, b.pal.Dim)
	}
	title := in
	title.Max.X -= small.Width(len([]rune(n.Progress)) + 1)
	b.textIn(n.Title, title, 0, SizeBody, b.pal.Text)
	dy := body.LineH + b.g.Pad/2
	if n.Keys != "" {
		keys := in
		keys.Min.Y = keys.Max.Y - small.LineH
		b.textIn(n.Keys, keys, 0, SizeSmall, b.pal.Dim)
		in.Max.Y -= small.LineH + b.g.Pad/2
	}

	// What must be shown after the text, in lines (the evidence is not).
	var after int
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
	// The text comes before the evidence, which gets the lines left.
	room := (in.Dy() - dy - b.g.Pad/2) / small.LineH
	textLines := max(2, room-after)
	if n.Text != "" {
		dy = b.lines(n.Text, in, dy, textLines, SizeSmall, b.pal.Text)
		dy += b.g.Pad / 2
	}
	if n.Question != "" {
		dy = b.lines(n.Question, in, dy, 3, SizeSmall, b.pal.HighlightText)
	}
	for i, c := range n.Choices {
		if dy+small.LineH > in.Dy() {
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
		dy = b.lines(c, indent, dy, 2, SizeSmall, col)
	}
	if n.Feedback != "" && dy+small.LineH <= in.Dy() {
		dy += small.LineH / 2
		dy = b.lines(n.Feedback, in, dy, 4, SizeSmall, ColorDone)
	}
	for _, e := range n.Evidence {
		if dy+small.LineH > in.Dy() {
			break
		}
		b.textIn("• "+e, in, dy, SizeSmall, b.pal.Dim)
		dy += small.LineH
	}
}
