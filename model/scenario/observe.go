package scenario

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

const observeAllowed = "a list of times like [1s, 5s], each after 0s and up to the duration"

// observe reads the checkpoints, sorts them and appends the end of the run if it is not one.
func (p *parser) observe(n *yaml.Node) []model.Time {
	items, ok := p.List(n, "observe", observeAllowed, model.MaxCheckpoints)
	if !ok {
		return nil
	}
	allowed := "after 0s, up to the duration"
	if p.end > 0 {
		allowed += " " + short(p.end)
	}
	var out []model.Time
	seen := map[model.Time]string{} // checkpoint → the item that gave it
	for i, item := range items {
		path := index("observe", i)
		t, ok := p.duration(item, path, allowed)
		switch {
		case !ok:
		case t <= 0:
			p.errorf(item, path, "%s is not after the start of the run; allowed: %s", short(t), allowed)
		case p.end > 0 && t > p.end:
			p.errorf(item, path, "%s is after the end of the run at %s; allowed: %s", short(t), short(p.end), allowed)
		default:
			if first, dup := seen[t]; dup {
				p.errorf(item, path, "%s listed twice (first as %s); allowed: each checkpoint once", short(t), first)
				continue
			}
			seen[t] = path
			out = append(out, t)
		}
	}
	if p.end == 0 {
		return nil
	}
	slices.Sort(out)
	if len(out) == 0 || out[len(out)-1] != p.end {
		out = append(out, p.end)
	}
	if len(out) > model.MaxCheckpoints {
		p.errorf(resolve(n), "observe", "%d checkpoints with the end of the run, which always is one; allowed: at most %d", len(out), model.MaxCheckpoints)
	}
	return out
}
