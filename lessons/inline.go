package lessons

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
)

// inlineScenario parses a scenario written inside a lesson file (the node under `scenario:`)
// with the scenario-file parser, so the same validation applies and its problems are at the
// lines of the lesson file. name is given to a scenario that has none; kernel, if not
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
	return scenario.ParseNode(file, &m)
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// builtinScenario is a built-in scenario (assets/scenarios) by name.
func builtinScenario(name string) (*model.Scenario, error) {
	data, ok := assets.Scenario(name)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q; built-in: %v", name, assets.ScenarioNames())
	}
	return scenario.Parse("assets/scenarios/"+name+".yaml", data)
}
