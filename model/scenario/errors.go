package scenario

import (
	"strconv"
	"strings"
)

// Error is one problem found in a scenario file: where it is and what is allowed instead.
type Error struct {
	File  string // the file name given to Parse or Load
	Line  int    // 1-based; 0 when the problem has no line (an empty or unreadable file)
	Field string // the field path, such as "server.sysctl" or "traffic[2].rate"; "" for the file as a whole
	Msg   string // what is wrong and what is allowed
}

// Error formats e as "file:line: field: message", leaving out the parts that are empty.
func (e Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one scenario file, in the order of their lines.
type Errors []Error

// MaxShown is how many problems Errors.Error prints, a screenful; the rest are counted.
const MaxShown = 20

// Error gives the problems one per line, at most MaxShown of them, then how many more there are.
func (e *Errors) Error() string {
	lines := make([]string, 0, min(len(*e), MaxShown)+1)
	for i, err := range *e {
		if i == MaxShown {
			lines = append(lines, More(len(*e)-MaxShown))
			break
		}
		lines = append(lines, err.Error())
	}
	return strings.Join(lines, "\n")
}

// More is the line that stands for n problems left out of a list.
func More(n int) string {
	if n == 1 {
		return "… and 1 more problem"
	}
	return "… and " + strconv.Itoa(n) + " more problems"
}

// MaxEcho is how many characters of a user's text a message repeats; Clip cuts the rest.
const MaxEcho = 40

// Clip returns s quoted, cut to MaxEcho characters with "…" after when it is longer, so that
// a message never repeats a whole line of whatever file or link it was given.
func Clip(s string) string {
	n := 0
	for i := range s {
		if n == MaxEcho {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}

// Unwrap gives the problems one by one, for errors.As and errors.Is.
func (e *Errors) Unwrap() []error {
	errs := make([]error, len(*e))
	for i, err := range *e {
		errs[i] = err
	}
	return errs
}
