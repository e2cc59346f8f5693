// Package params reads and writes the training page's URL parameters: which scenario to open,
// with which knobs and seed, and at which moment. It is pure Go, built on every platform, so it
// is tested natively; the wasm entry point (web/app) feeds it location.search.
//
// A link looks like
//
//	?scenario=flood&kernel=linux-6.18&seed=7&backlog=128&net.ipv4.tcp_syncookies=2&t=3s&paused=1
//
// Every parameter is optional. A parameter that is unknown or bad is reported as a Problem and
// ignored, so the page always opens on something: the defaults for whatever the link got wrong.
package params

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"synq/model"
	"synq/model/scenario"
)

// Link is what a page's URL asks for, as parsed. Fields left at their zero value (or nil) were
// not given.
type Link struct {
	// Lesson and Step are ?lesson=ID&step=N, a step of a guided lesson (Step from 1; 0 when
	// not given). Open hands them to its LessonFunc, the hook where the lessons package plugs in.
	Lesson string
	Step   int

	Scenario string         // ?scenario=NAME: a built-in scenario (assets.ScenarioNames)
	Kernel   string         // ?kernel=linux-6.18: the kernel profile to model
	Seed     *int64         // ?seed=N
	Backlog  *int           // ?backlog=N: the argument to listen()
	Sysctls  []Sysctl       // server sysctls by their full key, in the order given
	Changes  []model.Change // ?change=5s,...: knobs turned while it runs (see change.go)
	Compare  string         // ?compare=cookies: two runs side by side (scenario.Variants' keys)
	At       *model.Time    // ?t=3s: the simulated time to open at
	Paused   *bool          // ?paused=1 or 0; opening at a t= pauses unless paused=0

	// Presenter is ?presenter=1: a trainer's option, presenter mode (large text, high contrast).
	Presenter *bool
}

// Sysctl is one server sysctl from a link: ?net.ipv4.tcp_syncookies=2.
type Sysctl struct {
	Key   string
	Value int
}

// sysctlPrefix marks a parameter as a sysctl key: every key the model knows starts with it.
const sysctlPrefix = "net."

// names are the parameters besides sysctls, in the order Query writes them.
var names = []string{"lesson", "step", "scenario", "kernel", "seed", "backlog", "change", "compare", "t", "paused", "presenter"}

// Parse reads a URL query string (location.search without its "?"). It returns what it could
// read and a problem for each parameter it could not: unknown names, values of the wrong form,
// parameters given twice (the first one counts; change may be given any number of times). Whether a value is allowed for the scenario
// (a sysctl's range, a kernel's name) is Open's business.
func Parse(query string) (Link, []string) {
	l, problems := parse(query)
	return l, Screenful(problems)
}

// parse is Parse with every problem kept, for Open to add its own before it cuts the list.
func parse(query string) (Link, []string) {
	var l Link
	var problems []string
	seen := map[string]bool{}
	bad := func(key, value, want string) {
		problems = append(problems, fmt.Sprintf("%s: %s is not %s", key, scenario.Clip(value), want))
	}
	for _, pair := range strings.Split(query, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(rawKey)
		value, err2 := url.QueryUnescape(rawValue)
		if err1 != nil || err2 != nil {
			problems = append(problems, fmt.Sprintf("%s is not a valid URL parameter (bad %% escape)", scenario.Clip(pair)))
			continue
		}
		if seen[key] && key != "change" {
			problems = append(problems, fmt.Sprintf("%s: given more than once; the first one counts", clipKey(key)))
			continue
		}
		seen[key] = true
		switch key {
		case "lesson":
			l.Lesson = value
		case "step":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				bad(key, value, "a step number from 1")
				continue
			}
			l.Step = n
		case "scenario":
			l.Scenario = value
		case "kernel":
			l.Kernel = value
		case "seed":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				bad(key, value, "a whole number (a 64-bit seed)")
				continue
			}
			l.Seed = &n
		case "backlog":
			n, err := strconv.ParseInt(value, 10, 32)
			if err != nil {
				bad(key, value, "a whole number from -2147483648 to 2147483647 (the argument to listen())")
				continue
			}
			b := int(n)
			l.Backlog = &b
		case "change":
			c, err := parseChange(value)
			if err != nil {
				problems = append(problems, fmt.Sprintf("change: %s: %v", scenario.Clip(value), err))
				continue
			}
			l.Changes = append(l.Changes, c)
		case "compare":
			l.Compare = value
		case "t":
			t, err := model.ParseTime(value)
			if scenario.TooLarge(value) {
				problems = append(problems, fmt.Sprintf("t: %s is too large; allowed: a simulated time within the run, like 3s", scenario.Clip(value)))
				continue
			}
			if err != nil || t < 0 {
				bad(key, value, "a simulated time like 3s, 1.5s or 250ms")
				continue
			}
			l.At = &t
		case "paused":
			p, ok := parseBool(value)
			if !ok {
				bad(key, value, "1 or 0")
				continue
			}
			l.Paused = &p
		case "presenter":
			p, ok := parseBool(value)
			if !ok {
				bad(key, value, "1 or 0")
				continue
			}
			l.Presenter = &p
		default:
			if !strings.HasPrefix(key, sysctlPrefix) {
				problems = append(problems, fmt.Sprintf("%s: unknown parameter; known: %s, and server sysctls by their full key (net.ipv4.tcp_syncookies=2)",
					clipKey(key), strings.Join(names, ", ")))
				continue
			}
			c, err := scenario.ParseChange(model.ChangeSysctl, key, value) // a sysctl's value, read as a change's
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", clipKey(key), err))
				continue
			}
			l.Sysctls = append(l.Sysctls, Sysctl{Key: key, Value: c.Value})
		}
	}
	return l, problems
}

// Screenful keeps the first scenario.MaxShown problems and adds a line that counts the rest,
// so that a link with thousands of bad parameters does not bury the page.
func Screenful(problems []string) []string {
	if len(problems) <= scenario.MaxShown {
		return problems
	}
	return append(problems[:scenario.MaxShown:scenario.MaxShown], scenario.More(len(problems)-scenario.MaxShown))
}

// clipKey gives a parameter's name for a message: as it is when short, else cut.
func clipKey(k string) string {
	if q := scenario.Clip(k); q[1:len(q)-1] == k {
		return k
	}
	return scenario.Clip(k)
}

// parseBool reads a flag: "1", "true" or nothing at all (?paused) for true; "0" or "false".
func parseBool(s string) (bool, bool) {
	switch s {
	case "", "1", "true":
		return true, true
	case "0", "false":
		return false, true
	}
	return false, false
}

// Query writes the link as a URL query string (without "?") that Parse reads back to the same
// Link, in a fixed order: what to open (lesson, step, scenario), the knobs (kernel, seed,
// backlog, the sysctls, then the changes, each in its order), and how and where to look
// (compare, t, paused).
func (l Link) Query() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, url.QueryEscape(k)+"="+readable.Replace(url.QueryEscape(v))) }
	if l.Lesson != "" {
		add("lesson", l.Lesson)
	}
	if l.Step != 0 {
		add("step", strconv.Itoa(l.Step))
	}
	if l.Scenario != "" {
		add("scenario", l.Scenario)
	}
	if l.Kernel != "" {
		add("kernel", l.Kernel)
	}
	if l.Seed != nil {
		add("seed", strconv.FormatInt(*l.Seed, 10))
	}
	if l.Backlog != nil {
		add("backlog", strconv.Itoa(*l.Backlog))
	}
	for _, s := range l.Sysctls {
		add(s.Key, strconv.Itoa(s.Value))
	}
	for _, c := range l.Changes {
		add("change", formatChange(c))
	}
	if l.Compare != "" {
		add("compare", l.Compare)
	}
	if l.At != nil {
		add("t", l.At.String())
	}
	if l.Paused != nil {
		add("paused", map[bool]string{true: "1", false: "0"}[*l.Paused])
	}
	if l.Presenter != nil {
		add("presenter", map[bool]string{true: "1", false: "0"}[*l.Presenter])
	}
	return strings.Join(parts, "&")
}

// readable undoes the escaping of characters that may stand in a query value as they are, so
// that links stay legible: change=5s,net.ipv4.tcp_syncookies=0 rather than change=5s%2Cnet...
var readable = strings.NewReplacer("%2C", ",", "%3D", "=", "%2F", "/", "%3A", ":")

// WithView returns the link with the viewing state set: simulated time t and paused or playing.
// It is what "copy link" writes.
func (l Link) WithView(t model.Time, paused bool) Link {
	l.At, l.Paused = &t, &paused
	return l
}
