// Package yamlpack stores a parsed YAML document (its yaml.Node tree) in a compact binary form
// that reads back without the YAML parser. The training page embeds the lessons packed this
// way: in a browser the cold YAML parser takes a few hundred milliseconds of the page's start,
// reading a packed tree a few.
//
// A packed document keeps what the lesson and scenario parsers read: each node's kind, style,
// tag, value, anchor, alias, children, line and column. Comments are left out.
package yamlpack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// magic starts every packed document, so that a reader can tell it from YAML text.
const magic = "synq-yamlpack 1\n"

// Is reports whether data is a packed document rather than YAML text.
func Is(data []byte) bool { return bytes.HasPrefix(data, []byte(magic)) }

// Pack stores the document whose top node is doc (a yaml.DocumentNode, as yaml.Unmarshal into a
// yaml.Node gives it). An alias must point at a node of the same document.
func Pack(doc *yaml.Node) ([]byte, error) {
	p := packer{index: map[*yaml.Node]int{}, strs: map[string]int{}}
	p.number(doc)
	var nodes []byte
	if err := p.node(&nodes, doc); err != nil {
		return nil, err
	}
	out := append([]byte(magic), binary.AppendUvarint(nil, uint64(len(p.strList)))...)
	for _, s := range p.strList {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(p.index)))
	return append(out, nodes...), nil
}

type packer struct {
	index   map[*yaml.Node]int // each node's place in depth-first order
	strs    map[string]int
	strList []string
}

// number gives every node its place in depth-first order, the order they are written in.
func (p *packer) number(n *yaml.Node) {
	p.index[n] = len(p.index)
	for _, c := range n.Content {
		p.number(c)
	}
}

func (p *packer) str(s string) uint64 {
	i, ok := p.strs[s]
	if !ok {
		i = len(p.strList)
		p.strs[s] = i
		p.strList = append(p.strList, s)
	}
	return uint64(i)
}

// node writes n and then its children: kind, style, tag, value, anchor, line, column, alias
// (0 for none, else the target's place + 1), number of children.
func (p *packer) node(out *[]byte, n *yaml.Node) error {
	alias := uint64(0)
	if n.Alias != nil {
		i, ok := p.index[n.Alias]
		if !ok {
			return fmt.Errorf("yamlpack: line %d: the alias *%s points outside the document", n.Line, n.Value)
		}
		alias = uint64(i) + 1
	}
	b := *out
	for _, v := range []uint64{uint64(n.Kind), uint64(n.Style), p.str(n.Tag), p.str(n.Value), p.str(n.Anchor),
		uint64(n.Line), uint64(n.Column), alias, uint64(len(n.Content))} {
		b = binary.AppendUvarint(b, v)
	}
	*out = b
	for _, c := range n.Content {
		if err := p.node(out, c); err != nil {
			return err
		}
	}
	return nil
}

// errCorrupt is what Unpack says of data that Pack did not write.
var errCorrupt = errors.New("yamlpack: not a packed YAML document, or a damaged one")

// Unpack reads a document that Pack wrote and returns its top node.
func Unpack(data []byte) (*yaml.Node, error) {
	if !Is(data) {
		return nil, errCorrupt
	}
	r := reader{b: data[len(magic):]}
	strs := make([]string, r.count(len(r.b)))
	for i := range strs {
		l := r.uvarint()
		if r.err != nil || l > uint64(len(r.b)) {
			return nil, errCorrupt
		}
		strs[i], r.b = string(r.b[:l]), r.b[l:]
	}
	// Each node takes at least 9 bytes, which bounds the count a damaged file can claim.
	nodes := make([]yaml.Node, r.count(len(r.b)/9))
	if r.err != nil || len(nodes) == 0 {
		return nil, errCorrupt
	}
	u := unpacker{reader: r, nodes: nodes, strs: strs}
	u.node(0)
	if u.err != nil || u.next != len(nodes) || len(u.b) != 0 {
		return nil, errCorrupt
	}
	return &nodes[0], nil
}

// reader reads uvarints, remembering the first failure.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number that must not be above max.
func (r *reader) count(max int) int {
	v := r.uvarint()
	if max < 0 || v > uint64(max) {
		r.err = errCorrupt
		return 0
	}
	return int(v)
}

type unpacker struct {
	reader
	nodes []yaml.Node
	strs  []string
	next  int // the next node to fill
	depth int
}

func (u *unpacker) str() string {
	i := u.count(len(u.strs) - 1)
	if u.err != nil {
		return ""
	}
	return u.strs[i]
}

// maxDepth bounds the nesting a damaged file can make the reader recurse into.
const maxDepth = 1000

// node reads the node at place i and its children, which follow it.
func (u *unpacker) node(i int) {
	u.next = i + 1
	u.depth++
	defer func() { u.depth-- }()
	if u.depth > maxDepth {
		u.err = errCorrupt
		return
	}
	n := &u.nodes[i]
	n.Kind = yaml.Kind(u.count(int(yaml.AliasNode)))
	n.Style = yaml.Style(u.count(int(yaml.FlowStyle)<<1 - 1))
	n.Tag, n.Value, n.Anchor = u.str(), u.str(), u.str()
	n.Line, n.Column = u.count(1<<31), u.count(1<<31)
	if a := u.count(len(u.nodes)); a > 0 {
		n.Alias = &u.nodes[a-1]
	}
	kids := u.count(len(u.nodes) - u.next)
	if u.err != nil || kids == 0 {
		return
	}
	n.Content = make([]*yaml.Node, kids)
	for k := range n.Content {
		if u.err != nil || u.next >= len(u.nodes) {
			u.err = errCorrupt
			return
		}
		n.Content[k] = &u.nodes[u.next]
		u.node(u.next)
	}
}
