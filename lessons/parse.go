package lessons

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/assets/yamlpack"
	"synq/model"
	"synq/model/scenario"
)

// Error is one problem in a lesson file: the file, the line, where in the lesson (lesson id,
// step, field) and what is wrong.
type Error struct {
	File  string
	Line  int
	Where string // "handshake: step 2 (The backlog): checks[1].expect"
	Msg   string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Where != "" {
		b.WriteString(e.Where + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in the lesson files.
type Errors []*Error

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

var (
	idRe     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	fileRe   = regexp.MustCompile(`^([0-9]{2})-([a-z][a-z0-9-]*)\.yaml$`)
	sourceRe = regexp.MustCompile(`spec [0-9]+(\.[0-9]+)?`)
	// yamlLineRe finds the line in the YAML library's syntax errors.
	yamlLineRe = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// lessonParser reads one lesson file, collecting every problem.
type lessonParser struct {
	file  string
	id    string
	step  int    // the step being read, from 0; -1 outside steps
	title string // its title, for messages
	errs  Errors
}

func (p *lessonParser) where(field string) string {
	w := p.id
	if p.step >= 0 {
		w += fmt.Sprintf(": step %d", p.step+1)
		if p.title != "" {
			w += " (" + p.title + ")"
		}
	}
	if field != "" {
		w += ": " + field
	}
	return w
}

func (p *lessonParser) errorf(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Where: p.where(field), Msg: fmt.Sprintf(format, args...)})
}

// walker checks the shapes of the file's nodes, as the scenario parser checks a scenario's.
func (p *lessonParser) walker() scenario.Walker {
	return scenario.Walker{Keys: "allowed here", Report: func(n *yaml.Node, field, msg string) { p.errorf(n, field, "%s", msg) }}
}

// fields checks that n is a mapping with keys among allowed, each once, and returns them.
func (p *lessonParser) fields(n *yaml.Node, field string, allowed ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for k, f := range p.walker().Fields(n, field, allowed...) {
		out[k] = f.Val
	}
	return out
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func (p *lessonParser) str(n *yaml.Node, field string, required bool) string {
	if n == nil {
		if required {
			p.errorf(nil, field, "missing; it is required")
		}
		return ""
	}
	text, ok := p.walker().Scalar(n, field, "text")
	if !ok {
		return ""
	}
	s := strings.TrimSpace(text)
	if s == "" && required {
		p.errorf(n, field, "must not be empty")
	}
	return s
}

func (p *lessonParser) duration(n *yaml.Node, field string) (model.Time, bool) {
	s := p.str(n, field, true)
	if s == "" {
		return 0, false
	}
	t, err := model.ParseTime(s)
	if err != nil {
		p.errorf(n, field, "%v", err)
		return 0, false
	}
	return t, true
}

func (p *lessonParser) integer(n *yaml.Node, field string) (int, bool) {
	s := p.str(n, field, true)
	if s == "" {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		p.errorf(n, field, "%q is not a whole number", s)
		return 0, false
	}
	return v, true
}

func (p *lessonParser) boolean(n *yaml.Node, field string) bool {
	if n == nil {
		return false
	}
	switch strings.TrimSpace(n.Value) {
	case "true":
		return true
	case "false":
		return false
	}
	p.errorf(n, field, "must be true or false")
	return false
}

func (p *lessonParser) list(n *yaml.Node, field string) []*yaml.Node {
	items, _ := p.walker().List(n, field, "a list", 0)
	return items
}

func (p *lessonParser) strings(n *yaml.Node, field string) []string {
	var out []string
	for i, item := range p.list(n, field) {
		if s := p.str(item, fmt.Sprintf("%s[%d]", field, i), true); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// document parses data as one YAML document and returns its top node. data may also be the
// document packed by yamlpack: the training page embeds the lessons packed.
func (p *lessonParser) document(data []byte) *yaml.Node {
	doc, err := decodeDocument(data)
	if err != nil {
		msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 0
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p.errorf(&yaml.Node{Line: line}, "", "not valid YAML: %s (text with \": \" in it needs quotes)", msg)
		return nil
	}
	if doc == nil || len(doc.Content) == 0 {
		p.errorf(nil, "", "the file is empty")
		return nil
	}
	return doc.Content[0]
}

func decodeDocument(data []byte) (*yaml.Node, error) {
	if yamlpack.Is(data) {
		return yamlpack.Unpack(data)
	}
	var doc yaml.Node
	err := yaml.Unmarshal(data, &doc)
	return &doc, err
}

// parseLesson reads a lesson file (in the language that defines lessons: every field). The
// file's name gives the lesson's number and id.
func parseLesson(file, base string, data []byte) (*Lesson, Errors) {
	p := &lessonParser{file: file, step: -1}
	m := fileRe.FindStringSubmatch(base)
	if m == nil {
		p.errorf(nil, "", "a lesson file is named NN-id.yaml (two digits, a dash, the lesson's id)")
		return nil, p.errs
	}
	num, _ := strconv.Atoi(m[1])
	p.id = m[2]
	root := p.document(data)
	if root == nil {
		return nil, p.errs
	}
	f := p.fields(root, "", "id", "title", "summary", "steps")
	l := &Lesson{Number: num, File: file, Lang: "en"}
	l.ID = p.str(f["id"], "id", true)
	if l.ID != "" && l.ID != p.id {
		p.errorf(f["id"], "id", "%q does not match the file name, which says %q", l.ID, p.id)
	}
	if l.ID != "" && !idRe.MatchString(l.ID) {
		p.errorf(f["id"], "id", "%q: use lowercase letters, digits and '-', starting with a letter", l.ID)
	}
	l.ID = p.id
	l.Title = p.str(f["title"], "title", true)
	l.Summary = p.str(f["summary"], "summary", true)
	steps := p.list(f["steps"], "steps")
	if len(steps) == 0 {
		p.errorf(f["steps"], "steps", "a lesson needs at least one step")
	}
	for i, sn := range steps {
		p.step, p.title = i, ""
		if st := p.stepOf(l, sn, i); st != nil {
			l.Steps = append(l.Steps, st)
		}
	}
	p.step = -1
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	p.link(l)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return l, nil
}

// link works out which scenario each step runs on and when it starts, and checks what needs
// the whole lesson: durations, sides, changes against the profile, counters the profile has.
func (p *lessonParser) link(l *Lesson) {
	var run *model.Scenario
	var side *Side
	first := 0
	var start model.Time
	for i, st := range l.Steps {
		p.step, p.title = i, st.Title
		if st.Scenario != nil {
			run, side, first, start = st.Scenario, st.Side, i, 0
		}
		st.run, st.side, st.first, st.start = run, side, first, start
		start += st.Play
		for _, c := range st.Evidence.checks {
			c.At = st.Play
		}
		runs := []*model.Scenario{run}
		if side != nil {
			if side.err != nil && i == first {
				// reported with the step's own scenario error, when it runs
				l.Steps[first].ScenarioErr = joinErr(l.Steps[first].ScenarioErr, fmt.Errorf("side %q: %w", side.Label, side.err))
			}
			if side.Scenario != nil {
				runs = append(runs, side.Scenario)
			}
		}
		for _, c := range st.allChecks() {
			if c.expr.UsesSide() && side == nil {
				p.errorf(nil, "checks", "%q reads b. names, but the step has no side-by-side run", c.Expect)
			}
		}
		if l.Steps[first].ScenarioErr != nil {
			continue // nothing more can be checked without the scenario
		}
		for k, sc := range runs {
			if st.End() > sc.Duration {
				which := "its scenario"
				if k == 1 {
					which = "its side's scenario"
				}
				p.errorf(nil, "play", "the step plays to %s, but %s lasts %s; raise its duration", st.End(), which, sc.Duration)
			}
			for j, c := range st.Changes {
				if c.At > st.Play {
					p.errorf(nil, fmt.Sprintf("changes[%d].at", j), "%s is after the step's end (%s)", c.At, st.Play)
				}
				if err := sc.Profile.Check(c); err != nil {
					p.errorf(nil, fmt.Sprintf("changes[%d]", j), "%s: %v", c, err)
				}
			}
		}
	}
	p.step = -1
}

func joinErr(a, b error) error {
	if a == nil {
		return b
	}
	return fmt.Errorf("%w; %w", a, b)
}
