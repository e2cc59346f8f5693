package scene

import (
	"strconv"
	"strings"

	"synq/model"
)

// Wrap breaks s into lines of at most width characters, at spaces where it can; a word longer
// than a line is cut.
func Wrap(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		for len(w) > width { // a word that fits no line
			if len(line) > 0 {
				lines = append(lines, string(line))
				line = line[:0]
			}
			lines = append(lines, string(w[:width]))
			w = w[width:]
		}
		switch {
		case len(line) == 0:
			line = append(line, w...)
		case len(line)+1+len(w) <= width:
			line = append(append(line, ' '), w...)
		default:
			lines = append(lines, string(line))
			line = append(line[:0], w...)
		}
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// Clip shortens s to at most n characters, ending it with "…" when it was cut.
func Clip(s string, n int) string {
	if len(s) <= n { // bytes ≥ runes: short enough
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	return string(r[:n-1]) + "…"
}

// Seconds formats simulated time in seconds with millisecond precision: "2.000 s".
func Seconds(t model.Time) string {
	return strconv.FormatFloat(t.Seconds(), 'f', 3, 64) + " s"
}

// SpeedText formats a speed for people: "1x", "30x", "1/1000x".
func SpeedText(speed float64) string {
	if speed >= 1 || speed <= 0 {
		return strconv.FormatFloat(speed, 'g', 4, 64) + "x"
	}
	return "1/" + strconv.FormatFloat(1/speed, 'g', 4, 64) + "x"
}

// Compact formats a count in at most 7 characters: 99,999, then 196k, then 12.3M.
func Compact(n uint64) string {
	switch {
	case n < 100_000:
		return Thousands(int64(n))
	case n < 10_000_000:
		return strconv.FormatUint((n+500)/1000, 10) + "k"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
}

// The number formats the scene shares with the scenario's variant labels, defined once in
// model (model/format.go).
var (
	Thousands = model.Thousands
	RateText  = model.RateText
	Span      = model.Span
)
