package scenario

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

// topKeys are the keys a scenario file may have at the top level, in the contract's order.
var topKeys = []string{"name", "description", "kernel", "seed", "duration", "server", "client", "network", "traffic", "observe"}

const maxName = 64

var (
	nameAllowed     = fmt.Sprintf("lowercase letters, digits and '-', starting with a letter, at most %d characters", maxName)
	durationAllowed = fmt.Sprintf("more than 0s, up to %s (Go duration syntax, like 10s)", short(model.MaxDuration))
)

// scenario reads the top-level mapping.
func (p *parser) scenario(root *yaml.Node) *model.Scenario {
	if root = resolve(root); root == nil {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "", "the file must be a mapping of scenario fields, not %s; allowed keys: %s", describe(root), strings.Join(topKeys, ", "))
		return nil
	}
	f := p.Fields(root, "", topKeys...)
	s := &model.Scenario{Seed: 1}
	if n := p.required(root, f, "", "name", nameAllowed); n != nil {
		if v, ok := p.Scalar(n, "name", nameAllowed); ok {
			if !validName(v) {
				p.errorf(n, "name", "%s is not a valid name; allowed: %s", describe(n), nameAllowed)
			}
			s.Name = v
		}
	}
	if n := f["description"].Val; !isNull(n) {
		s.Description, _ = p.Scalar(n, "description", "free text")
	}
	s.Profile = p.kernel(f["kernel"].Val)
	s.ProfileGiven = f["kernel"].Val != nil
	if n := f["seed"].Val; !isNull(n) {
		s.Seed, _ = p.integer(n, "seed", "a whole number (64-bit)")
	} else if n != nil {
		p.errorf(n, "seed", "has no value; allowed: a whole number (64-bit), or leave the key out for 1")
	}
	if n := p.required(root, f, "", "duration", durationAllowed); n != nil {
		p.end, _ = p.durationRange(n, "duration", 0, model.MaxDuration, false, durationAllowed)
	}
	s.Duration = p.end
	p.serverKey = f["server"].Key
	s.Server = p.server(f["server"].Val)
	s.Client = p.client(f["client"].Val)
	s.Network = p.network(f["network"].Val)
	s.Traffic = p.traffic(f["traffic"].Val)
	s.Observe = p.observe(f["observe"].Val)
	return s
}

// required returns the value of a key that must be given, or nil after reporting it missing.
func (p *parser) required(parent *yaml.Node, f map[string]Field, path, key, allowed string) *yaml.Node {
	fl, ok := f[key]
	if !ok {
		p.errorf(parent, join(path, key), "missing; required: %s", allowed)
		return nil
	}
	if isNull(fl.Val) {
		p.errorf(fl.Val, join(path, key), "has no value; required: %s", allowed)
		return nil
	}
	return fl.Val
}

// validName reports whether s is a scenario name: lowercase letters, digits and '-',
// starting with a letter, at most maxName characters.
func validName(s string) bool {
	if s == "" || len(s) > maxName || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// kernel looks up the profile the file names, or the newest one.
func (p *parser) kernel(n *yaml.Node) *model.Profile {
	name := model.Newest
	if p.defaultProfile != "" {
		name = p.defaultProfile
	}
	if n != nil {
		v, ok := p.Scalar(n, "kernel", "a profile name such as "+model.Newest)
		if !ok {
			return nil
		}
		name = v
	}
	prof, err := model.LookupProfile(name)
	if err != nil {
		_, known, _ := strings.Cut(err.Error(), "; ") // the message without the name, which may be long
		p.errorf(n, "kernel", "unknown kernel profile %s; %s", Clip(name), known)
		return nil
	}
	p.profile = prof
	return prof
}

// at reads the moment a step or an entry begins: from 0s up to the end of the run.
func (p *parser) at(n *yaml.Node, path string) (model.Time, bool) {
	allowed := "from 0s up to the duration"
	if p.end > 0 {
		allowed += " " + short(p.end)
	}
	t, ok := p.duration(n, path, allowed)
	switch {
	case !ok:
		return 0, false
	case t < 0:
		p.errorf(n, path, "%s is before the start of the run; allowed: %s", short(t), allowed)
		return 0, false
	case p.end > 0 && t > p.end:
		p.errorf(n, path, "%s is after the end of the run at %s; allowed: %s", short(t), short(p.end), allowed)
		return 0, false
	}
	return t, true
}
