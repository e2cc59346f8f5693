package model

import (
	"strconv"
	"strings"
)

// Number formats for people, shared by the scenario's variant labels and the scene.

// Thousands formats n with commas between groups of three digits: 40,000.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// RateText formats a rate in events a second: "2,000/s", "12/s", "0.5/s".
func RateText(r float64) string {
	if r >= 10 || r == 0 {
		return Thousands(int64(r+0.5)) + "/s"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "/s"
}

// Span formats a duration for labels: "1 ms", "250 µs", "2 s", "1.5 s".
func Span(t Time) string {
	switch {
	case t >= Second:
		return strconv.FormatFloat(t.Seconds(), 'f', -1, 64) + " s"
	case t >= Millisecond:
		return strconv.FormatFloat(float64(t)/float64(Millisecond), 'g', 3, 64) + " ms"
	case t >= Microsecond:
		return strconv.FormatFloat(float64(t)/float64(Microsecond), 'g', 3, 64) + " µs"
	}
	return strconv.FormatInt(int64(t), 10) + " ns"
}
