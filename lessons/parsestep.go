package lessons

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
	"synq/model/scenario"
)

// Reading one step of a lesson file: its text, setup (scenario, side, changes), question,
// evidence and checks.

var stepKeys = []string{"title", "narration", "scenario", "builtin", "side", "changes", "highlight",
	"conceal", "play", "speed", "predict", "evidence", "source", "checks"}

func (p *lessonParser) stepOf(l *Lesson, n *yaml.Node, i int) *Step {
	p.title = titleOf(n) // for the messages about the step's other fields
	f := p.fields(n, "", stepKeys...)
	st := &Step{index: i, Line: n.Line}
	st.Title = p.str(f["title"], "title", true)
	p.title = st.Title
	st.Narration = p.str(f["narration"], "narration", true)
	st.Source = p.str(f["source"], "source", false)
	if t, ok := p.duration(f["play"], "play"); ok {
		if t <= 0 {
			p.errorf(f["play"], "play", "must be more than 0s")
		}
		st.Play = t
	}
	st.Speed = 1
	if sn := f["speed"]; sn != nil {
		v, err := strconv.ParseFloat(p.str(sn, "speed", true), 64)
		if err != nil || !(v >= 0.001 && v <= 100) {
			p.errorf(sn, "speed", "%q is not a playback speed; allowed: 0.001 (slow motion) to 100 (fast), 1 being real time", sn.Value)
		} else {
			st.Speed = v
		}
	}
	for j, h := range p.strings(f["highlight"], "highlight") {
		if !knownPart(h) {
			var names []string
			for _, x := range Parts {
				names = append(names, string(x))
			}
			p.errorf(f["highlight"].Content[j], fmt.Sprintf("highlight[%d]", j), "unknown part %q; allowed: %s", h, strings.Join(names, ", "))
			continue
		}
		st.Highlight = append(st.Highlight, Part(h))
	}
	// Setup: a scenario of its own (inline or built-in), or changes to the one running.
	name := fmt.Sprintf("%s-step-%d", l.ID, i+1)
	switch sc, bi := f["scenario"], f["builtin"]; {
	case sc != nil && bi != nil:
		p.errorf(bi, "builtin", "a step gives either scenario or builtin, not both")
	case sc != nil:
		st.Scenario, st.ScenarioErr = inlineScenario(p.file, sc, name, "", 0)
		if st.ScenarioErr != nil {
			st.Scenario = &model.Scenario{Name: name} // loads a scenario; which one could not be read
		}
	case bi != nil:
		if s := p.str(bi, "builtin", true); s != "" {
			st.Scenario, st.ScenarioErr = builtinScenario(s)
			if st.ScenarioErr != nil {
				st.Scenario = &model.Scenario{Name: name}
			}
		}
	case i == 0:
		p.errorf(n, "", "the first step must load a scenario (scenario: or builtin:)")
	}
	if sn := f["side"]; sn != nil {
		if st.Scenario == nil {
			p.errorf(sn, "side", "only a step that loads a scenario can add a side-by-side run; the steps after it keep it")
		} else {
			st.Side = p.side(sn, f["scenario"], name)
		}
	}
	for j, cn := range p.list(f["changes"], "changes") {
		if c, ok := p.change(cn, fmt.Sprintf("changes[%d]", j)); ok {
			st.Changes = append(st.Changes, c)
		}
	}
	if q := f["predict"]; q != nil {
		st.Predict = p.question(q)
	}
	st.Conceal = p.conceal(f["conceal"], st.Predict != nil)
	if e := f["evidence"]; e != nil {
		p.evidence(e, &st.Evidence)
	}
	for j, cn := range p.list(f["checks"], "checks") {
		if c := p.check(cn, fmt.Sprintf("checks[%d]", j), st.Play); c != nil {
			st.Checks = append(st.Checks, c)
		}
	}
	if (len(st.Checks) > 0 || !st.Evidence.Empty()) && !sourceRe.MatchString(st.Source) {
		p.errorf(f["source"], "source", "a step that makes claims names the rule behind them: the kernel function, the versions and the section of kernel-spec.md, like \"tcp_conn_request, 4.10+: spec 2.1 C\"")
	}
	return st
}

// titleOf is the text of a mapping's title key, or "".
func titleOf(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "title" && n.Content[i+1].Kind == yaml.ScalarNode {
			return strings.TrimSpace(n.Content[i+1].Value)
		}
	}
	return ""
}

func (p *lessonParser) side(n, scNode *yaml.Node, name string) *Side {
	f := p.fields(n, "side", "label", "kernel", "scenario")
	s := &Side{Label: p.str(f["label"], "side.label", true)}
	var err error
	switch k, sc := f["kernel"], f["scenario"]; {
	case k != nil && sc != nil:
		p.errorf(sc, "side.scenario", "a side gives either kernel (the step's scenario on another kernel) or scenario, not both")
		return nil
	case k != nil:
		kernel := p.str(k, "side.kernel", true)
		if scNode == nil {
			p.errorf(k, "side.kernel", "needs the step's scenario written inline (scenario:), to run it again on %s", kernel)
			return nil
		}
		s.Scenario, err = inlineScenario(p.file, scNode, name+"-side", kernel, k.Line)
	case sc != nil:
		s.Scenario, err = inlineScenario(p.file, sc, name+"-side", "", 0)
	default:
		p.errorf(n, "side", "give kernel (the step's scenario on another kernel) or scenario")
		return nil
	}
	if err != nil {
		s.Scenario = nil
		s.err = err
	}
	return s
}

func (p *lessonParser) change(n *yaml.Node, field string) (model.Change, bool) {
	f := p.fields(n, field, "at", "sysctl", "backlog", "accept", "flood", "options", "clients", "send")
	var c model.Change
	if f["at"] != nil {
		t, ok := p.duration(f["at"], join(field, "at"))
		if !ok {
			return c, false
		}
		c.At = t
	}
	kinds := 0
	for _, k := range []string{"sysctl", "backlog", "accept", "flood", "clients"} {
		if f[k] != nil {
			kinds++
		}
	}
	if kinds != 1 {
		p.errorf(n, field, "a change gives exactly one of sysctl, backlog, accept, flood, clients")
		return c, false
	}
	if f["options"] != nil && f["flood"] == nil {
		p.errorf(f["options"], join(field, "options"), "options go with flood")
	}
	if f["send"] != nil && f["clients"] == nil {
		p.errorf(f["send"], join(field, "send"), "send goes with clients")
	}
	// The value is read as page links read theirs (scenario.ParseChange); the YAML only says
	// which kind of change it is.
	value := func(kind model.ChangeKind, key string, n *yaml.Node, path string) bool {
		text := p.str(n, path, true)
		if text == "" {
			return false
		}
		v, err := scenario.ParseChange(kind, key, text)
		if err != nil {
			p.errorf(n, path, "%v", err)
			return false
		}
		v.At = c.At
		c = v
		return true
	}
	switch {
	case f["sysctl"] != nil:
		// One key and its value; which keys the kernel has is the profile's to say (in link).
		sn := f["sysctl"]
		if sn.Kind != yaml.MappingNode || len(sn.Content) != 2 {
			p.errorf(sn, join(field, "sysctl"), "one sysctl a change, like {net.ipv4.tcp_syncookies: 0}")
			return c, false
		}
		k := sn.Content[0].Value
		if !value(model.ChangeSysctl, k, sn.Content[1], join(field, "sysctl."+k)) {
			return c, false
		}
	case f["backlog"] != nil:
		if !value(model.ChangeBacklog, "backlog", f["backlog"], join(field, "backlog")) {
			return c, false
		}
	case f["accept"] != nil:
		if !value(model.ChangeAccept, "accept", f["accept"], join(field, "accept")) {
			return c, false
		}
	case f["flood"] != nil:
		if !value(model.ChangeFlood, "flood", f["flood"], join(field, "flood")) {
			return c, false
		}
		if f["options"] != nil {
			o, ok := p.options(f["options"], join(field, "options"))
			if !ok {
				return c, false
			}
			c.Options = o
		}
	case f["clients"] != nil:
		if !value(model.ChangeClients, "clients", f["clients"], join(field, "clients")) {
			return c, false
		}
		if f["send"] != nil {
			v, ok := p.integer(f["send"], join(field, "send"))
			if !ok {
				return c, false
			}
			c.Send = v
		}
	}
	return c, true
}

// options reads a flood's SYN options as scenario files write them, [mss=1460, wscale=7, sack,
// ts], by the scenario format's rules (scenario.ParseSynOptions).
func (p *lessonParser) options(n *yaml.Node, field string) (model.SynOptions, bool) {
	words := p.strings(n, field)
	o, err := scenario.ParseSynOptions(words)
	if err == nil {
		return o, true
	}
	at, where := n, field
	var oe *scenario.SynOptionError
	if errors.As(err, &oe) && oe.Index >= 0 && oe.Index < len(n.Content) && len(words) == len(n.Content) {
		at, where = n.Content[oe.Index], fmt.Sprintf("%s[%d]", field, oe.Index)
	}
	p.errorf(at, where, "%v", err)
	return o, false
}

func (p *lessonParser) question(n *yaml.Node) *Question {
	f := p.fields(n, "predict", "question", "choices", "answer", "right", "wrong", "after", "allow")
	q := &Question{
		Text:    p.str(f["question"], "predict.question", true),
		Choices: p.strings(f["choices"], "predict.choices"),
		Right:   p.str(f["right"], "predict.right", true),
		Wrong:   p.str(f["wrong"], "predict.wrong", true),
		After:   p.str(f["after"], "predict.after", false),
		Allow:   p.strings(f["allow"], "predict.allow"),
	}
	if len(q.Choices) < 2 {
		p.errorf(f["choices"], "predict.choices", "a question needs at least two choices")
	}
	if a, ok := p.integer(f["answer"], "predict.answer"); ok {
		if a < 0 || a >= len(q.Choices) {
			p.errorf(f["answer"], "predict.answer", "%d is not a choice; the choices are numbered from 0 to %d", a, len(q.Choices)-1)
		}
		q.Answer = a
	}
	return q
}

func (p *lessonParser) evidence(n *yaml.Node, e *Evidence) {
	f := p.fields(n, "evidence", "counters", "netstat", "ss", "syn_recv", "log", "cookie")
	e.Counters = p.strings(f["counters"], "evidence.counters")
	for i, c := range e.Counters {
		if _, ok := model.CounterByName(c); !ok {
			p.errorf(f["counters"].Content[i], fmt.Sprintf("evidence.counters[%d]", i), "unknown counter %q%s", c, suggest(c))
		}
	}
	e.Netstat = p.strings(f["netstat"], "evidence.netstat")
	for i, c := range e.Netstat {
		if _, ok := netstatWords[c]; !ok {
			var known []string
			for k := range netstatWords {
				known = append(known, k)
			}
			p.errorf(f["netstat"].Content[i], fmt.Sprintf("evidence.netstat[%d]", i), "netstat -s wording is known for %s only", strings.Join(sortedStrings(known), ", "))
		}
	}
	e.SS = p.boolean(f["ss"], "evidence.ss")
	e.SynRecv = p.boolean(f["syn_recv"], "evidence.syn_recv")
	e.Cookie = p.boolean(f["cookie"], "evidence.cookie")
	e.Log = p.strings(f["log"], "evidence.log")
	for i, text := range e.Log {
		expr, err := ParseExpr("log contains " + strconv.Quote(text))
		if err != nil {
			p.errorf(f["log"].Content[i], fmt.Sprintf("evidence.log[%d]", i), "%v", err)
			continue
		}
		e.checks = append(e.checks, &Check{At: -1, Expect: expr.String(), Claim: "dmesg shows " + strconv.Quote(text),
			Line: f["log"].Content[i].Line, expr: expr, evidence: true})
	}
}

func sortedStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func (p *lessonParser) check(n *yaml.Node, field string, play model.Time) *Check {
	f := p.fields(n, field, "at", "expect", "claim")
	c := &Check{At: play, Line: n.Line}
	if f["at"] != nil {
		t, ok := p.duration(f["at"], join(field, "at"))
		if !ok {
			return nil
		}
		if t < 0 || play > 0 && t > play {
			p.errorf(f["at"], join(field, "at"), "%s is outside the step, which plays from 0s to %s", t, play)
		}
		c.At = t
	}
	c.Claim = p.str(f["claim"], join(field, "claim"), true)
	c.Expect = p.str(f["expect"], join(field, "expect"), true)
	if c.Expect == "" {
		return nil
	}
	expr, err := ParseExpr(c.Expect)
	if err != nil {
		p.errorf(f["expect"], join(field, "expect"), "%q: %v", c.Expect, err)
		return nil
	}
	for _, t := range expr.Times(c.At) {
		if play > 0 && t > play {
			p.errorf(f["expect"], join(field, "expect"), "reads the model at %s, after the step's end (%s)", t, play)
		}
	}
	c.expr = expr
	return c
}
