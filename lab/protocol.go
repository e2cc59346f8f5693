package lab

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// marker starts every line by which the guest tells the host something; everything else on
// the console is either a scenario's comparison (between "begin" and "result") or the boot's
// own messages.
const marker = "@@synq "

// The guest's messages, after the marker:
//
//	kernel RELEASE PROFILE        the guest's uname -r and the profile it compares against
//	begin FILE                    a scenario's comparison follows, line by line
//	result VERDICT LATE_NS NAME[\tDETAIL]   its outcome (match, differ, void, error)
//	error TEXT                    something went wrong outside a scenario
//	exit CODE                     the guest's synq has ended

// KernelLine is the guest's first message.
func KernelLine(release, profile string) string {
	return fmt.Sprintf("%skernel %s %s", marker, release, profile)
}

// BeginLine opens a scenario's comparison.
func BeginLine(file string) string { return marker + "begin " + file }

// ResultLine closes it with its outcome.
func ResultLine(o Outcome) string {
	line := fmt.Sprintf("%sresult %s %d %s", marker, o.Verdict, o.Late.Nanoseconds(), o.Name)
	if o.Detail != "" {
		line += "\t" + strings.ReplaceAll(o.Detail, "\n", "; ")
	}
	return line
}

// ErrorLine reports a failure outside any scenario.
func ErrorLine(text string) string { return marker + "error " + strings.ReplaceAll(text, "\n", "; ") }

// message is one parsed marker line.
type message struct {
	kind    string // kernel, begin, result, error, exit
	fields  []string
	outcome Outcome
	text    string
}

// parseMessage reads a console line; ok is false for a line without the marker.
func parseMessage(line string) (message, bool, error) {
	rest, ok := strings.CutPrefix(line, marker)
	if !ok {
		return message{}, false, nil
	}
	kind, rest, _ := strings.Cut(rest, " ")
	m := message{kind: kind, text: rest}
	switch kind {
	case "kernel":
		m.fields = strings.Fields(rest)
		if len(m.fields) != 2 {
			return m, true, fmt.Errorf("bad kernel line %q", line)
		}
	case "result":
		f := strings.SplitN(rest, " ", 3)
		if len(f) != 3 {
			return m, true, fmt.Errorf("bad result line %q", line)
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return m, true, fmt.Errorf("bad result line %q: %v", line, err)
		}
		name, detail, _ := strings.Cut(f[2], "\t")
		m.outcome = Outcome{Name: name, Verdict: f[0], Late: time.Duration(ns), Detail: detail}
		switch f[0] {
		case "match", "differ", "void", "error":
		default:
			return m, true, fmt.Errorf("bad verdict in %q", line)
		}
	case "begin", "error", "exit":
	default:
		return m, true, fmt.Errorf("unknown message %q", line)
	}
	return m, true, nil
}
