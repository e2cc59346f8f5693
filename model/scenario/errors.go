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

// Error gives the problems one per line.
func (e *Errors) Error() string {
	lines := make([]string, len(*e))
	for i, err := range *e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the problems one by one, for errors.As and errors.Is.
func (e *Errors) Unwrap() []error {
	errs := make([]error, len(*e))
	for i, err := range *e {
		errs[i] = err
	}
	return errs
}
