package lessons

import (
	"fmt"
	"strings"

	"synq/model"
)

// The check expression language: small, so that a claim reads like the sentence it checks.
//
//	expr    := or
//	or      := and { "||" and }
//	and     := not { "&&" not }
//	not     := "!" not | cmp
//	cmp     := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
//	sum     := product { ("+" | "-") product }
//	product := unary { ("*" | "/" | "%") unary }
//	unary   := "-" unary | primary
//	primary := INT | NAME | NAME "contains" STRING | FUNC "(" args ")" | "(" expr ")"
//
// Numbers are whole (int64, decimal or 0x hex; "/" truncates; "%" gives a result from 0 to the
// divisor less one, so "x % 4294967296" is x as the kernel's 32-bit arithmetic has it).
// Comparisons, contains, has() and the logical operators give conditions; the whole expression
// must be a condition, and must read the model. NAME is one of the names of the table in
// snapshot.go, or any nstat counter name; "b." before a name reads the side-by-side run.
// Functions:
//
//	delta(NAME, FROM, TO)  NAME at TO minus NAME at FROM (times after the step's start: 1s, 250ms)
//	at(NAME, T)            NAME at time T after the step's start
//	has(COUNTER)           whether the profile's kernel keeps that counter
//	log contains "TEXT"    whether a kernel log line printed so far contains TEXT
//
// Every other name is read at the check's own time.

// Expr is a parsed check expression.
type Expr struct {
	src  string
	root exprNode
}

// String is the expression as written.
func (e *Expr) String() string { return e.src }

// Times lists the times (after the step's start) the expression reads, given the check's own
// time at: the runner plays the model to each of them.
func (e *Expr) Times(at model.Time) []model.Time {
	var ts []model.Time
	seen := map[model.Time]bool{}
	add := func(t model.Time) {
		if !seen[t] {
			seen[t] = true
			ts = append(ts, t)
		}
	}
	add(at)
	walk(e.root, func(n exprNode) {
		if r, ok := n.(*ref); ok && r.at != nil {
			add(*r.at)
		}
	})
	return ts
}

// UsesSide reports whether the expression reads the side-by-side run.
func (e *Expr) UsesSide() bool {
	side := false
	walk(e.root, func(n exprNode) {
		if r, ok := n.(*ref); ok && r.side == 1 {
			side = true
		}
	})
	return side
}

// Env gives an expression the state it reads: the snapshot of run side (0: the step's run,
// 1: the side-by-side run) at time t after the step's start.
type Env func(side int, t model.Time) (*Snapshot, error)

// Value is one value an expression read, for the message when a check fails.
type Value struct {
	Name  string // as written, with "@t" when read at another time than the check's
	Value string
}

// Eval evaluates the expression with the check's time at. It returns whether it holds and the
// values it read, or an error when a value cannot be read (a counter the kernel lacks, a run
// without a side).
func (e *Expr) Eval(env Env, at model.Time) (bool, []Value, error) {
	ev := &evaluator{env: env, at: at}
	v, err := ev.eval(e.root)
	if err != nil {
		return false, ev.values, err
	}
	return v.b, ev.values, nil
}

// ParseExpr parses a check expression. Errors say where in the expression the problem is.
func ParseExpr(src string) (*Expr, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{src: src, toks: toks}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errAt(t, "unexpected %s after a complete expression", t)
	}
	if n.typ() != tyBool {
		return nil, fmt.Errorf("%q is a number, not a condition; compare it, e.g. %s > 0", src, strings.TrimSpace(src))
	}
	reads := false
	walk(n, func(x exprNode) {
		switch x.(type) {
		case *ref, *hasNode, *containsNode:
			reads = true
		}
	})
	if !reads {
		return nil, fmt.Errorf("%q reads nothing from the model, so it could never fail", src)
	}
	return &Expr{src: src, root: n}, nil
}

// nameInfo describes one name an expression may read.
type nameInfo struct {
	name string
	doc  string
	get  func(s *Snapshot) (int64, error)
}

// Names lists the names (other than counters) an expression may read, with what each means.
func Names() [][2]string {
	out := make([][2]string, len(names))
	for i, n := range names {
		out[i] = [2]string{n.name, n.doc}
	}
	return out
}

func lookupName(name string) *nameInfo {
	for i := range names {
		if names[i].name == name {
			return &names[i]
		}
	}
	return nil
}
