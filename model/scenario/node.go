package scenario

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// resolve follows an alias to the node it names, returning a copy that carries the alias's
// own line, so that a problem with the value as a whole is reported where it is used. The
// chain is short (an anchor never sits on an alias) but bounded anyway.
func resolve(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind != yaml.AliasNode {
		return n
	}
	t := n.Alias
	for i := 0; t != nil && t.Kind == yaml.AliasNode && i < 16; i++ {
		t = t.Alias
	}
	if t == nil {
		return nil
	}
	c := *t
	c.Line, c.Column = n.Line, n.Column
	return &c
}

// isNull reports whether n is absent or an explicit null (`key:` with nothing after it, `~`).
func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "an empty value"
		case "!!int", "!!float", "!!bool":
			return clipKey(n.Value) // as written when short: true, 12
		}
		return Clip(n.Value)
	}
	return "an unknown kind of value"
}

// clipKey gives a key for a field path or a message: as written when it is short and
// printable, else quoted and cut as Clip does.
func clipKey(k string) string {
	if q := Clip(k); q[1:len(q)-1] == k {
		return k
	}
	return Clip(k)
}

// Walker checks the shapes of YAML nodes (mappings with known keys, lists, single values)
// and reports each problem through Report, with the node, the field path and a message that
// says what was wrong and what is allowed. Scenario files and lesson files are both read with
// it, so a lesson says the same of a misshapen mapping as a scenario does.
type Walker struct {
	Report func(n *yaml.Node, path, msg string)
	// Keys introduces the allowed keys after an unknown one; "allowed keys" when empty.
	Keys string
}

func (w Walker) errorf(n *yaml.Node, path, format string, args ...any) {
	w.Report(n, path, fmt.Sprintf(format, args...))
}

// Field is one key of a mapping and its value, aliases resolved.
type Field struct {
	Key, Val *yaml.Node
}

// index appends "[i]" to a field path.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// join appends a key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Fields checks that n is a mapping whose keys are among allowed, each given once, and returns
// its fields by key. An absent or null n is an empty mapping. It returns nil if n is not a
// mapping at all.
func (p Walker) Fields(n *yaml.Node, path string, allowed ...string) map[string]Field {
	n = resolve(n)
	if isNull(n) {
		return map[string]Field{}
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be a mapping, not %s; allowed keys: %s", describe(n), strings.Join(allowed, ", "))
		return nil
	}
	out := make(map[string]Field, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, path, "a key must be a plain name, not %s; allowed keys: %s", describe(k), strings.Join(allowed, ", "))
			continue
		}
		if k.ShortTag() == "!!merge" {
			p.errorf(k, path, "merge keys are not supported; write the keys out; allowed keys: %s", strings.Join(allowed, ", "))
			continue
		}
		name := k.Value
		if prev, dup := out[name]; dup {
			p.errorf(k, join(path, clipKey(name)), "given twice (first on line %d); allowed: each key once", prev.Key.Line)
			continue
		}
		if !slices.Contains(allowed, name) {
			keys := p.Keys
			if keys == "" {
				keys = "allowed keys"
			}
			p.errorf(k, join(path, clipKey(name)), "unknown key; %s: %s", keys, strings.Join(allowed, ", "))
			continue
		}
		out[name] = Field{k, v}
	}
	return out
}

// Pairs checks that n is a mapping with scalar keys given once each, and returns its fields in
// order; the keys themselves are for the caller to judge. An absent or null n has no pairs.
func (p Walker) Pairs(n *yaml.Node, path, allowed string) []Field {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, path, "must be a mapping, not %s; allowed: %s", describe(n), allowed)
		return nil
	}
	var out []Field
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			p.errorf(k, path, "a key must be a plain name, not %s; allowed: %s", describe(k), allowed)
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.errorf(k, path, "%s given twice (first on line %d); allowed: each key once", clipKey(k.Value), line)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, Field{k, v})
	}
	return out
}

// List checks that n is a list of at most max items (0: any number) and returns its items,
// aliases resolved. An absent or null n is an empty list; ok is false if n is something else.
func (p Walker) List(n *yaml.Node, path, allowed string, max int) (items []*yaml.Node, ok bool) {
	n = resolve(n)
	if isNull(n) {
		return nil, true
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, path, "must be a list, not %s; allowed: %s", describe(n), allowed)
		return nil, false
	}
	if max > 0 && len(n.Content) > max {
		p.errorf(n, path, "has %d items; allowed: at most %d", len(n.Content), max)
		return nil, false
	}
	items = make([]*yaml.Node, 0, len(n.Content))
	for _, item := range n.Content {
		if item = resolve(item); item != nil {
			items = append(items, item)
		}
	}
	return items, true
}

// Scalar checks that n is a single non-null value and returns its text.
func (p Walker) Scalar(n *yaml.Node, path, allowed string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		p.errorf(n, path, "must be a single value, not %s; allowed: %s", describe(n), allowed)
		return "", false
	}
	return n.Value, true
}

// integer reads a whole number written as a YAML integer (not a float, not a quoted string).
func (p *parser) integer(n *yaml.Node, path, allowed string) (int64, bool) {
	v, ok, inRange := wholeNumber(n)
	switch {
	case !ok:
		p.errorf(n, path, "%s is not a whole number; allowed: %s", describe(n), allowed)
	case !inRange:
		p.errorf(n, path, "%s is out of range; allowed: %s", describe(n), allowed)
	}
	return v, ok && inRange
}

// wholeNumber reads n as a YAML integer. inRange is false for one written in digits that does
// not fit in 64 bits (which YAML would otherwise take for a float).
func wholeNumber(n *yaml.Node) (v int64, ok, inRange bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false, false
	}
	switch n.ShortTag() {
	case "!!int":
		if err := n.Decode(&v); err != nil {
			return 0, true, false
		}
		return v, true, true
	case "!!float":
		digits := strings.TrimLeft(n.Value, "+-")
		if digits != "" && strings.Trim(digits, "0123456789_") == "" {
			return 0, true, false
		}
	}
	return 0, false, false
}

// intRange reads a whole number from min to max.
func (p *parser) intRange(n *yaml.Node, path string, min, max int64) (int64, bool) {
	allowed := fmt.Sprintf("a whole number from %d to %d", min, max)
	v, ok := p.integer(n, path, allowed)
	if !ok {
		return 0, false
	}
	if v < min || v > max {
		p.errorf(n, path, "%d is out of range; allowed: %s", v, allowed)
		return 0, false
	}
	return v, true
}
