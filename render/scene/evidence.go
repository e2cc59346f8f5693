package scene

import (
	"image"
	"strings"
)

// drawEvidence draws the narration's evidence in in from dy, one "• " line each: `ss`'s table
// in aligned columns that fit (fitEvidence), the other lines whole, on a second line where
// they are long (their numbers are the evidence). It returns the height used so far.
func (b *builder) drawEvidence(n *Narration, in image.Rectangle, dy int, cut *bool) int {
	small := b.font(SizeSmall)
	chars := small.Chars(in.Dx())
	for _, e := range fitEvidence(b.evidence(n), chars-2) {
		if dy+small.LineH > in.Dy() {
			*cut = true
			break
		}
		if s := "• " + e; len([]rune(s)) <= chars { // as printed: its spaces line the columns up
			b.d.text(s, image.Pt(in.Min.X, in.Min.Y+dy), SizeSmall, b.pal.Dim)
			dy += small.LineH
			continue
		}
		dy = b.linesCut("• "+e, in, dy, 2, SizeSmall, b.pal.Dim, cut)
	}
	return dy
}

// fitEvidence lays the evidence out for a column chars wide: `ss -ltn`'s table (its header and
// LISTEN lines, each perhaps marked A or B) in columns lined up as ss lines them up, without
// the peer column (0.0.0.0:* for every listener) and then with the local column's head
// shortened where the table would not fit; the other lines as they are.
func fitEvidence(lines []string, chars int) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && isSSRow(lines[j]) {
			j++
		}
		if j == i {
			out = append(out, lines[i])
			i++
			continue
		}
		out = append(out, ssTable(lines[i:j], chars)...)
		i = j
	}
	return out
}

// splitMark splits a run's mark ("A ", "B ") off an evidence line.
func splitMark(s string) (mark, rest string) {
	if len(s) > 2 && (s[0] == 'A' || s[0] == 'B') && s[1] == ' ' {
		return s[:2], s[2:]
	}
	return "", s
}

// isSSRow reports whether s is `ss -ltn`'s header or one of its listeners.
func isSSRow(s string) bool {
	_, r := splitMark(s)
	r = strings.TrimSpace(r)
	return strings.HasPrefix(r, "State ") && strings.Contains(r, "Recv-Q") || strings.HasPrefix(r, "LISTEN ")
}

// ssCells splits one line of `ss`'s table into its columns: the header's "Address:Port"
// belongs to the word before it.
func ssCells(s string) []string {
	var cells []string
	for _, f := range strings.Fields(s) {
		if strings.HasPrefix(f, "Address:") && len(cells) > 0 {
			cells[len(cells)-1] += " " + f
			continue
		}
		cells = append(cells, f)
	}
	return cells
}

// ssTable lines up rows of `ss`'s table in columns one space apart, fitted to chars.
func ssTable(rows []string, chars int) []string {
	marks := make([]string, len(rows))
	cells := make([][]string, len(rows))
	marked := false
	for i, r := range rows {
		marks[i], r = splitMark(r)
		marked = marked || marks[i] != ""
		cells[i] = ssCells(r)
	}
	cols := 0
	for _, c := range cells {
		cols = max(cols, len(c))
	}
	widths := func(n int) ([]int, int) {
		w := make([]int, n)
		total := 0
		if marked {
			total = 2
		}
		for _, c := range cells {
			for k := range min(n, len(c)) {
				w[k] = max(w[k], len([]rune(c[k])))
			}
		}
		for _, x := range w {
			total += x + 1
		}
		return w, total - 1
	}
	w, total := widths(cols)
	if total > chars && cols >= 5 { // the peer column says nothing of a listener
		cols = 4
		w, total = widths(cols)
	}
	if total > chars && cols >= 4 {
		for _, c := range cells {
			if len(c) >= 4 && strings.HasSuffix(c[3], "Address:Port") {
				c[3] = "Local"
			}
		}
		w, _ = widths(cols)
	}
	out := make([]string, len(rows))
	for i, c := range cells {
		var sb strings.Builder
		if marked {
			sb.WriteString(marks[i])
			if marks[i] == "" {
				sb.WriteString("  ")
			}
		}
		for k := range min(cols, len(c)) {
			sb.WriteString(c[k])
			if k < cols-1 {
				sb.WriteString(strings.Repeat(" ", w[k]-len([]rune(c[k]))+1))
			}
		}
		out[i] = strings.TrimRight(sb.String(), " ")
	}
	return out
}
