package lessons

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
)

// inlineScenario parses a scenario written inside a lesson file (the node under `scenario:`)
// with the scenario-file parser, so the same validation applies, and reports its problems at
// the lines of the lesson file. name is given to a scenario that has none; kernel, if not
// empty, replaces the scenario's `kernel:` (a side-by-side run on another kernel), and
// kernelLine is where the lesson says so.
func inlineScenario(file string, n *yaml.Node, name, kernel string, kernelLine int) (*model.Scenario, error) {
	if n.Kind != yaml.MappingNode {
		return nil, &scenario.Errors{{File: file, Line: n.Line, Field: "scenario", Msg: "must be a mapping: a scenario in the scenario-file format"}}
	}
	m := *n
	m.Content = append([]*yaml.Node(nil), n.Content...)
	set := func(key, value string, line int) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				v := *m.Content[i+1]
				v.Kind, v.Tag, v.Value, v.Style, v.Content, v.Line = yaml.ScalarNode, "!!str", value, 0, nil, line
				m.Content[i+1] = &v
				return
			}
		}
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line})
	}
	if !hasKey(n, "name") {
		set("name", name, n.Line)
	}
	if kernel != "" {
		set("kernel", kernel, kernelLine)
	}
	data, err := yaml.Marshal(&m)
	if err != nil {
		return nil, &scenario.Errors{{File: file, Line: n.Line, Field: "scenario", Msg: err.Error()}}
	}
	sc, err := scenario.Parse(file, data)
	if err == nil {
		return sc, nil
	}
	var errs *scenario.Errors
	if !errors.As(err, &errs) {
		return nil, err
	}
	lines := lineMap(&m, data)
	out := make(scenario.Errors, len(*errs))
	for i, e := range *errs {
		e.File = file
		if l, ok := lines[e.Line]; ok {
			e.Line = l
		} else {
			e.Line = n.Line
		}
		out[i] = e
	}
	return nil, &out
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// lineMap maps the lines of data (orig as marshalled) back to orig's lines in the lesson file,
// by walking the two trees together: they have the same shape. A line with no node of its own
// (inside a multi-line text) maps to the line of the node before it.
func lineMap(orig *yaml.Node, data []byte) map[int]int {
	var doc yaml.Node
	out := map[int]int{}
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return out
	}
	var walk func(a, b *yaml.Node)
	walk = func(a, b *yaml.Node) {
		if a == nil || b == nil {
			return
		}
		if _, ok := out[b.Line]; !ok && a.Line > 0 {
			out[b.Line] = a.Line
		}
		for i := range min(len(a.Content), len(b.Content)) {
			walk(a.Content[i], b.Content[i])
		}
	}
	walk(orig, doc.Content[0])
	last, n := orig.Line, 1
	for l := range countLines(data) {
		n = l + 1
		if v, ok := out[n]; ok {
			last = v
		} else {
			out[n] = last
		}
	}
	return out
}

func countLines(data []byte) int {
	n := 1
	for _, c := range data {
		if c == '\n' {
			n++
		}
	}
	return n
}

// builtinScenario is a built-in scenario (assets/scenarios) by name.
func builtinScenario(name string) (*model.Scenario, error) {
	data, ok := assets.Scenario(name)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q; built-in: %v", name, assets.ScenarioNames())
	}
	return scenario.Parse("assets/scenarios/"+name+".yaml", data)
}
