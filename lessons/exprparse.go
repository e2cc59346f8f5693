package lessons

import (
	"fmt"
	"strings"

	"synq/model"
)

// The check expression's parser: recursive descent over the grammar in expr.go, with each
// node's type (number or condition) checked as it is built, so that a mistake is reported
// where it is written rather than when the check runs.

type exprType uint8

const (
	tyNum exprType = iota
	tyBool
)

func (t exprType) String() string {
	if t == tyBool {
		return "a condition"
	}
	return "a number"
}

type exprNode interface{ typ() exprType }

type (
	numLit struct{ v int64 }
	// ref reads a name of one run: at the check's time, or at a fixed time (at != nil).
	ref struct {
		side    int
		name    string // without the "b." prefix
		text    string // as written
		counter bool
		info    *nameInfo
		at      *model.Time
	}
	deltaNode struct{ from, to *ref }
	hasNode   struct {
		side int
		name string
	}
	containsNode struct {
		side int
		text string
		log  *ref // for its time and side
	}
	unaryNode struct {
		op string
		x  exprNode
	}
	binaryNode struct {
		op   string
		l, r exprNode
	}
)

func (*numLit) typ() exprType       { return tyNum }
func (*ref) typ() exprType          { return tyNum }
func (*deltaNode) typ() exprType    { return tyNum }
func (*hasNode) typ() exprType      { return tyBool }
func (*containsNode) typ() exprType { return tyBool }
func (u *unaryNode) typ() exprType {
	if u.op == "!" {
		return tyBool
	}
	return tyNum
}
func (b *binaryNode) typ() exprType {
	switch b.op {
	case "+", "-", "*", "/", "%":
		return tyNum
	}
	return tyBool
}

func walk(n exprNode, f func(exprNode)) {
	f(n)
	switch n := n.(type) {
	case *deltaNode:
		walk(n.from, f)
		walk(n.to, f)
	case *containsNode:
		walk(n.log, f)
	case *unaryNode:
		walk(n.x, f)
	case *binaryNode:
		walk(n.l, f)
		walk(n.r, f)
	}
}

type exprParser struct {
	src   string
	toks  []token
	i     int
	depth int // how deeply the parser has recursed: open parentheses, ! and unary -
}

// maxNesting bounds how deeply parentheses, ! and unary - may nest. The parser recurses once
// for each, so without a bound a long enough run of "(" exhausts the stack and kills the
// program instead of failing the check; no sensible check comes near 100.
const maxNesting = 100

// enter is one level deeper at token t, or an error once past maxNesting; leave undoes it.
func (p *exprParser) enter(t token) error {
	if p.depth >= maxNesting {
		return p.errAt(t, "the expression nests deeper than the limit of %d levels (parentheses, ! and unary -); split it into simpler checks", maxNesting)
	}
	p.depth++
	return nil
}

func (p *exprParser) leave() { p.depth-- }

func (p *exprParser) peek() token { return p.toks[p.i] }
func (p *exprParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *exprParser) errAt(t token, format string, args ...any) error {
	return fmt.Errorf("at %d: %s", t.pos+1, fmt.Sprintf(format, args...))
}

func (p *exprParser) isOp(ops ...string) (token, bool) {
	t := p.peek()
	if t.kind != tOp {
		return t, false
	}
	for _, o := range ops {
		if t.text == o {
			return t, true
		}
	}
	return t, false
}

func (p *exprParser) expect(op string) error {
	t := p.next()
	if t.kind != tOp || t.text != op {
		return p.errAt(t, "want %q, found %s", op, t)
	}
	return nil
}

func (p *exprParser) want(t token, n exprNode, ty exprType, what string) error {
	if n.typ() != ty {
		return p.errAt(t, "%s needs %s on each side, found %s", what, ty, n.typ())
	}
	return nil
}

func (p *exprParser) expr() (exprNode, error) { return p.logical("||", p.and) }
func (p *exprParser) and() (exprNode, error)  { return p.logical("&&", p.not) }

func (p *exprParser) logical(op string, sub func() (exprNode, error)) (exprNode, error) {
	start := p.peek()
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.isOp(op)
		if !ok {
			return l, nil
		}
		p.next()
		if err := p.want(start, l, tyBool, op); err != nil {
			return nil, err
		}
		rt := p.peek()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		if err := p.want(rt, r, tyBool, op); err != nil {
			return nil, err
		}
		l = &binaryNode{op: t.text, l: l, r: r}
	}
}

func (p *exprParser) not() (exprNode, error) {
	if t, ok := p.isOp("!"); ok {
		p.next()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		x, err := p.not()
		p.leave()
		if err != nil {
			return nil, err
		}
		if x.typ() != tyBool {
			return nil, p.errAt(t, "! needs a condition, found a number")
		}
		return &unaryNode{op: "!", x: x}, nil
	}
	return p.cmp()
}

func (p *exprParser) cmp() (exprNode, error) {
	lt := p.peek()
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	t, ok := p.isOp("==", "!=", "<", "<=", ">", ">=")
	if !ok {
		return l, nil
	}
	p.next()
	if l.typ() != tyNum {
		return nil, p.errAt(lt, "%s compares numbers, but its left side is a condition", t.text)
	}
	rt := p.peek()
	r, err := p.sum()
	if err != nil {
		return nil, err
	}
	if r.typ() != tyNum {
		return nil, p.errAt(rt, "%s compares numbers, but its right side is a condition", t.text)
	}
	if _, again := p.isOp("==", "!=", "<", "<=", ">", ">="); again {
		return nil, p.errAt(p.peek(), "comparisons do not chain; write a < b && b < c")
	}
	return &binaryNode{op: t.text, l: l, r: r}, nil
}

func (p *exprParser) arith(ops []string, sub func() (exprNode, error)) (exprNode, error) {
	lt := p.peek()
	l, err := sub()
	if err != nil {
		return nil, err
	}
	for {
		t, ok := p.isOp(ops...)
		if !ok {
			return l, nil
		}
		p.next()
		if l.typ() != tyNum {
			return nil, p.errAt(lt, "%s needs numbers, but its left side is a condition", t.text)
		}
		rt := p.peek()
		r, err := sub()
		if err != nil {
			return nil, err
		}
		if r.typ() != tyNum {
			return nil, p.errAt(rt, "%s needs numbers, but its right side is a condition", t.text)
		}
		l = &binaryNode{op: t.text, l: l, r: r}
	}
}

func (p *exprParser) sum() (exprNode, error) { return p.arith([]string{"+", "-"}, p.product) }
func (p *exprParser) product() (exprNode, error) {
	return p.arith([]string{"*", "/", "%"}, p.unary)
}

func (p *exprParser) unary() (exprNode, error) {
	if t, ok := p.isOp("-"); ok {
		p.next()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		x, err := p.unary()
		p.leave()
		if err != nil {
			return nil, err
		}
		if x.typ() != tyNum {
			return nil, p.errAt(t, "- needs a number, found a condition")
		}
		return &unaryNode{op: "-", x: x}, nil
	}
	return p.primary()
}

func (p *exprParser) primary() (exprNode, error) {
	t := p.next()
	switch t.kind {
	case tInt:
		return &numLit{v: t.num}, nil
	case tDur:
		return nil, p.errAt(t, "a time (%s) is only allowed as an argument of delta() or at()", t.text)
	case tString:
		return nil, p.errAt(t, "a string is only allowed after contains, as in log contains %s", t)
	case tEOF:
		return nil, p.errAt(t, "the expression ends too early")
	case tOp:
		if t.text == "(" {
			if err := p.enter(t); err != nil {
				return nil, err
			}
			n, err := p.expr()
			p.leave()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, p.errAt(t, "unexpected %s", t)
	}
	// a name or a function
	if _, ok := p.isOp("("); ok {
		return p.call(t)
	}
	r, err := p.ref(t)
	if err != nil {
		return nil, err
	}
	if c := p.peek(); c.kind == tName && c.text == "contains" {
		p.next()
		if r.name != "log" {
			return nil, p.errAt(c, "contains applies to log only, as in log contains \"Sending cookies\"")
		}
		s := p.next()
		if s.kind != tString {
			return nil, p.errAt(s, "contains needs a string in double quotes, found %s", s)
		}
		return &containsNode{side: r.side, text: s.text, log: r}, nil
	}
	if r.name == "log" {
		return nil, p.errAt(t, "log is read with log contains \"TEXT\" or log.count")
	}
	return r, nil
}

// ref resolves a name, with its optional "b." prefix.
func (p *exprParser) ref(t token) (*ref, error) {
	r := &ref{text: t.text, name: t.text}
	if rest, ok := strings.CutPrefix(t.text, "b."); ok {
		r.side, r.name = 1, rest
	}
	if r.name == "log" {
		return r, nil
	}
	if _, ok := model.CounterByName(r.name); ok {
		r.counter = true
		return r, nil
	}
	if r.info = lookupName(r.name); r.info != nil {
		return r, nil
	}
	return nil, p.errAt(t, "unknown name %q%s", t.text, suggest(r.name))
}

func (p *exprParser) call(fn token) (exprNode, error) {
	p.next() // (
	var args []token
	for {
		a := p.next()
		if a.kind == tEOF {
			return nil, p.errAt(a, "%s( is not closed with )", fn.text)
		}
		args = append(args, a)
		sep := p.next()
		if sep.kind == tOp && sep.text == ")" {
			break
		}
		if sep.kind != tOp || sep.text != "," {
			return nil, p.errAt(sep, "want , or ) in %s(...), found %s", fn.text, sep)
		}
	}
	nameArg := func(a token) (*ref, error) {
		if a.kind != tName {
			return nil, p.errAt(a, "%s() wants a name first, found %s", fn.text, a)
		}
		r, err := p.ref(a)
		if err != nil {
			return nil, err
		}
		if r.name == "log" {
			return nil, p.errAt(a, "%s() reads a number; use log.count", fn.text)
		}
		return r, nil
	}
	timeArg := func(a token) (*model.Time, error) {
		if a.kind != tDur {
			return nil, p.errAt(a, "%s() wants a time after the step's start (like 2s or 250ms), found %s", fn.text, a)
		}
		t := a.dur
		return &t, nil
	}
	switch fn.text {
	case "delta":
		if len(args) != 3 {
			return nil, p.errAt(fn, "delta() takes 3 arguments (name, from, to), found %d", len(args))
		}
		from, err := nameArg(args[0])
		if err != nil {
			return nil, err
		}
		t1, err := timeArg(args[1])
		if err != nil {
			return nil, err
		}
		t2, err := timeArg(args[2])
		if err != nil {
			return nil, err
		}
		if *t2 < *t1 {
			return nil, p.errAt(args[2], "delta() wants from before to; %s is before %s", args[2].text, args[1].text)
		}
		to := *from
		from.at, to.at = t1, t2
		return &deltaNode{from: from, to: &to}, nil
	case "at":
		if len(args) != 2 {
			return nil, p.errAt(fn, "at() takes 2 arguments (name, time), found %d", len(args))
		}
		r, err := nameArg(args[0])
		if err != nil {
			return nil, err
		}
		if r.at, err = timeArg(args[1]); err != nil {
			return nil, err
		}
		return r, nil
	case "has":
		if len(args) != 1 {
			return nil, p.errAt(fn, "has() takes 1 argument (a counter), found %d", len(args))
		}
		a := args[0]
		name, side := a.text, 0
		if rest, ok := strings.CutPrefix(name, "b."); ok {
			name, side = rest, 1
		}
		if _, ok := model.CounterByName(name); a.kind != tName || !ok {
			return nil, p.errAt(a, "has() wants an nstat counter name, found %s%s", a, suggest(name))
		}
		return &hasNode{side: side, name: name}, nil
	}
	return nil, p.errAt(fn, "unknown function %q; known: delta(name, from, to), at(name, time), has(counter)", fn.text)
}

// suggest offers the closest known name for a misspelt one.
func suggest(name string) string {
	var cands []string
	for _, n := range names {
		cands = append(cands, n.name)
	}
	cands = append(cands, counterNames()...)
	best, bestD := "", 1<<30
	lower := strings.ToLower(name)
	for _, c := range cands {
		lc := strings.ToLower(c)
		d := editDistance(lower, lc)
		// "ListenOverflows" for TcpExtListenOverflows: compare without the nstat prefix too.
		for _, prefix := range []string{"tcpext", "tcp"} {
			if short, ok := strings.CutPrefix(lc, prefix); ok && !strings.HasPrefix(lower, prefix) {
				d = min(d, editDistance(lower, short))
			}
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, len(name)/3) {
		return "; did you mean " + best + "?"
	}
	return "; see `synq lessons --names` for the names a check may read"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
