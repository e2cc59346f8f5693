package lessons

import (
	"fmt"
	"strconv"
	"strings"

	"synq/model"
)

// Evaluation of a parsed check expression against snapshots of the model.

type val struct {
	n int64
	b bool
}

type evaluator struct {
	env    Env
	at     model.Time
	values []Value
}

func (ev *evaluator) note(name, v string) {
	for _, x := range ev.values {
		if x.Name == name {
			return
		}
	}
	ev.values = append(ev.values, Value{Name: name, Value: v})
}

func (ev *evaluator) snapshot(side int, at *model.Time) (*Snapshot, model.Time, error) {
	t := ev.at
	if at != nil {
		t = *at
	}
	s, err := ev.env(side, t)
	return s, t, err
}

func (ev *evaluator) read(r *ref) (int64, error) {
	s, t, err := ev.snapshot(r.side, r.at)
	if err != nil {
		return 0, err
	}
	var v int64
	if r.counter {
		u, ok := s.Checkpoint.Nstat.Get(r.name)
		if !ok {
			return 0, fmt.Errorf("%s: the %s kernel has no such counter (check with has(%s))", r.text, s.Profile, r.name)
		}
		v = int64(u)
	} else if v, err = r.info.get(s); err != nil {
		return 0, fmt.Errorf("%s: %w", r.text, err)
	}
	label := r.text
	if r.at != nil {
		label += "@+" + t.String()
	}
	ev.note(label, strconv.FormatInt(v, 10))
	return v, nil
}

func (ev *evaluator) eval(n exprNode) (val, error) {
	switch n := n.(type) {
	case *numLit:
		return val{n: n.v}, nil
	case *ref:
		v, err := ev.read(n)
		return val{n: v}, err
	case *deltaNode:
		a, err := ev.read(n.from)
		if err != nil {
			return val{}, err
		}
		b, err := ev.read(n.to)
		return val{n: b - a}, err
	case *hasNode:
		s, _, err := ev.snapshot(n.side, nil)
		if err != nil {
			return val{}, err
		}
		_, ok := s.Checkpoint.Nstat.Get(n.name)
		return val{b: ok}, nil
	case *containsNode:
		s, _, err := ev.snapshot(n.side, nil)
		if err != nil {
			return val{}, err
		}
		for _, l := range s.Checkpoint.Log {
			if strings.Contains(l, n.text) {
				return val{b: true}, nil
			}
		}
		label := n.log.text
		if len(s.Checkpoint.Log) == 0 {
			ev.note(label, "(empty)")
		} else {
			ev.note(label, strconv.Quote(strings.Join(s.Checkpoint.Log, " | ")))
		}
		return val{b: false}, nil
	case *unaryNode:
		x, err := ev.eval(n.x)
		if n.op == "!" {
			return val{b: !x.b}, err
		}
		return val{n: -x.n}, err
	case *binaryNode:
		l, err := ev.eval(n.l)
		if err != nil {
			return val{}, err
		}
		// && and || short-circuit, so that "has(X) && X > 0" reads X only where it exists.
		if n.op == "&&" && !l.b || n.op == "||" && l.b {
			return l, nil
		}
		r, err := ev.eval(n.r)
		if err != nil {
			return val{}, err
		}
		switch n.op {
		case "&&", "||":
			return r, nil
		case "+":
			return val{n: l.n + r.n}, nil
		case "-":
			return val{n: l.n - r.n}, nil
		case "*":
			return val{n: l.n * r.n}, nil
		case "/":
			if r.n == 0 {
				return val{}, fmt.Errorf("division by zero")
			}
			return val{n: l.n / r.n}, nil
		case "%":
			if r.n <= 0 {
				return val{}, fmt.Errorf("%% needs a divisor above 0, not %d", r.n)
			}
			return val{n: (l.n%r.n + r.n) % r.n}, nil
		case "==":
			return val{b: l.n == r.n}, nil
		case "!=":
			return val{b: l.n != r.n}, nil
		case "<":
			return val{b: l.n < r.n}, nil
		case "<=":
			return val{b: l.n <= r.n}, nil
		case ">":
			return val{b: l.n > r.n}, nil
		case ">=":
			return val{b: l.n >= r.n}, nil
		}
	}
	return val{}, fmt.Errorf("internal: unknown expression node %T", n)
}
