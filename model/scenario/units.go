package scenario

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

// duration reads a time in Go duration syntax ("10s", "1.5s", "250ms"). allowed describes the
// range the caller will check, for the message when the text is not a duration at all.
func (p *parser) duration(n *yaml.Node, path, allowed string) (model.Time, bool) {
	s, ok := p.Scalar(n, path, allowed)
	if !ok {
		return 0, false
	}
	t, err := model.ParseTime(strings.TrimSpace(s))
	switch {
	case err != nil && TooLarge(s):
		p.errorf(n, path, "%s is too large (durations go up to %s); allowed: %s", describe(n), short(model.MaxDuration), allowed)
		return 0, false
	case err != nil:
		p.errorf(n, path, "%s is not a duration (write it like 10s, 1.5s or 250ms); allowed: %s", describe(n), allowed)
		return 0, false
	}
	return t, true
}

// TooLarge reports whether s is written as a duration but does not fit in one (Go durations
// end near 2562047h), so that a message can say "too large" rather than "not a duration".
func TooLarge(s string) bool {
	s = strings.TrimSpace(s)
	_, err := model.ParseTime(s)
	return err != nil && durationSyntax.MatchString(s)
}

// durationSyntax matches what Go's duration syntax accepts in form, so that a duration
// ParseTime refuses although it matches has overflowed.
var durationSyntax = regexp.MustCompile(`^[-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+$`)

// durationRange reads a time from min to max; min itself is allowed only if inclusive.
func (p *parser) durationRange(n *yaml.Node, path string, min, max model.Time, inclusive bool, allowed string) (model.Time, bool) {
	t, ok := p.duration(n, path, allowed)
	if !ok {
		return 0, false
	}
	if t < min || t > max || t == min && !inclusive {
		p.errorf(n, path, "%s is out of range; allowed: %s", clipKey(strings.TrimSpace(n.Value)), allowed)
		return 0, false
	}
	return t, true
}

// rateAllowed says what a rate may be; unit names what is counted ("connections", "SYNs").
func rateAllowed(unit string) string {
	return fmt.Sprintf("a whole number of %s per second from 1 to %d, written like 1000/s", unit, model.MaxRate)
}

// ParseRate reads a rate written "N/s" (spaces around the parts allowed), N a whole number
// from 1 to model.MaxRate (scenario-format.md). It is the one reading of rates: scenario
// files, lesson steps and page links all use it. wellFormed is false when the text is not of
// the form "something/s" at all, so that a caller can tell a bad rate from another word.
func ParseRate(s string) (r model.Rate, ok, wellFormed bool) {
	num, unit, found := strings.Cut(s, "/")
	if !found || strings.TrimSpace(unit) != "s" {
		return 0, false, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || v < 1 || v > model.MaxRate {
		return 0, false, true
	}
	return model.Rate(v), true, true
}

// rate reads a rate written "N/s".
func (p *parser) rate(n *yaml.Node, path, unit string) (model.Rate, bool) {
	allowed := rateAllowed(unit)
	s, ok := p.Scalar(n, path, allowed)
	if !ok {
		return 0, false
	}
	r, ok, _ := ParseRate(s)
	if !ok {
		p.errorf(n, path, "%s is not a valid rate; allowed: %s", describe(n), allowed)
		return 0, false
	}
	return r, true
}

// short formats a time as Go does, without the zero minutes and seconds: "1h", "10m", "1.5s".
func short(t model.Time) string {
	s := t.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
