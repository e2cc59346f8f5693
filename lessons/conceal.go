package lessons

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// conceal reads a step's conceal: list, the scene labels hidden until its question is
// answered. asks is whether the step has a question: without one nothing waits for an answer,
// so nothing can be concealed.
func (p *lessonParser) conceal(n *yaml.Node, asks bool) []Label {
	if n == nil {
		return nil
	}
	if !asks {
		p.errorf(n, "conceal", "only a step with a predict: question conceals labels (they show once it is answered)")
		return nil
	}
	var out []Label
	for j, s := range p.strings(n, "conceal") {
		l := Label(s)
		switch {
		case !slices.Contains(Labels, l):
			names := make([]string, len(Labels))
			for i, x := range Labels {
				names[i] = string(x)
			}
			p.errorf(n.Content[j], fmt.Sprintf("conceal[%d]", j), "unknown label %q; allowed: %s", s, strings.Join(names, ", "))
		case slices.Contains(out, l):
			p.errorf(n.Content[j], fmt.Sprintf("conceal[%d]", j), "%q is given twice", s)
		default:
			out = append(out, l)
		}
	}
	return out
}
