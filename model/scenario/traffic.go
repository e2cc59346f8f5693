package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

const (
	trafficAllowed = "a list of entries like {kind: connect, at: 0s, count: 10, rate: 1000/s}"
	optionsAllowed = "mss=N (N from 1 to 65535), wscale=N (N from 0 to 14), sack, ts; each at most once"
	maxOptions     = 4 // mss, wscale, sack, ts
)

var entryKeys = []string{"kind", "at", "count", "rate", "send", "options"}

// budget is the model's limit on one kind of traffic, summed over all entries. It is a count,
// not the memory bound: what a run needs depends on how much of the traffic is in flight or
// queued at once, which CheckMemory works out once the whole scenario is read.
type budget struct {
	limit int64
	unit  string // what is counted, as in "100000 clients"
	why   string // where the limit comes from
}

var budgets = map[model.TrafficKind]budget{
	model.Connect: {model.MaxClients, "clients", "one ephemeral port each"},
	model.Flood:   {model.MaxFloodSYNs, "SYNs", "a bound on how long a run takes"},
}

// entry is one traffic entry as read, before the totals are checked.
type entry struct {
	model.Traffic
	count     int64      // as written; may exceed the budget
	countNode *yaml.Node // nil if the count is missing or invalid
	kindOK    bool
}

// traffic reads the traffic list and checks each kind's total against the model's bound.
func (p *parser) traffic(n *yaml.Node) []model.Traffic {
	items, ok := p.List(n, "traffic", trafficAllowed, model.MaxTrafficEntries)
	if !ok || len(items) == 0 {
		return nil
	}
	p.entries = items
	entries := make([]entry, len(items))
	for i, item := range items {
		entries[i] = p.entry(item, index("traffic", i))
	}
	for kind, b := range budgets {
		p.checkBudget(entries, kind, b)
	}
	out := make([]model.Traffic, len(entries))
	for i, e := range entries {
		out[i] = e.Traffic
	}
	return out
}

// entry reads one traffic entry.
func (p *parser) entry(n *yaml.Node, path string) entry {
	e := entry{Traffic: model.Traffic{Options: model.SynOptions{WScale: -1}}}
	f := p.Fields(n, path, entryKeys...)
	if f == nil {
		return e
	}
	if k := p.required(n, f, path, "kind", "connect or flood"); k != nil {
		if s, ok := p.Scalar(k, join(path, "kind"), "connect or flood"); ok {
			switch s {
			case "connect":
				e.Kind, e.kindOK = model.Connect, true
			case "flood":
				e.Kind, e.kindOK = model.Flood, true
				e.Options = model.DefaultFloodOptions
			default:
				p.errorf(k, join(path, "kind"), "%s is not a kind of traffic; allowed: connect or flood", describe(k))
			}
		}
	}
	unit, countAllowed := "connections", "a whole number, 1 or more"
	if e.kindOK {
		countAllowed = fmt.Sprintf("a whole number from 1 to %d", budgets[e.Kind].limit)
		if e.Kind == model.Flood {
			unit = "SYNs"
		}
	}
	atOK := true
	if a := f["at"].Val; a != nil {
		e.At, atOK = p.at(a, join(path, "at"))
	}
	if c := p.required(n, f, path, "count", countAllowed); c != nil {
		if v, ok := p.integer(c, join(path, "count"), countAllowed); ok {
			if v < 1 {
				p.errorf(c, join(path, "count"), "%d is out of range; allowed: %s", v, countAllowed)
			} else {
				e.count, e.countNode = v, c
			}
		}
	}
	rateOK := true
	if r := f["rate"].Val; r != nil {
		e.Rate, rateOK = p.rate(r, join(path, "rate"), unit)
	}
	if s := f["send"]; s.Val != nil {
		if e.kindOK && e.Kind != model.Connect {
			p.errorf(s.Key, join(path, "send"), "only connect traffic writes data; allowed keys for flood: kind, at, count, rate, options")
		} else if v, ok := p.intRange(s.Val, join(path, "send"), 0, model.MaxSend); ok {
			e.Send = int(v)
		}
	}
	if o := f["options"]; o.Val != nil {
		if e.kindOK && e.Kind != model.Flood {
			p.errorf(o.Key, join(path, "options"), "only flood SYNs take options here; a genuine client's SYN options come from client.sysctl; allowed keys for connect: kind, at, count, rate, send")
		} else if opts, ok := p.options(o.Val, join(path, "options")); ok {
			e.Options = opts
		}
	}
	if e.countNode != nil && e.kindOK && e.count <= budgets[e.Kind].limit {
		e.Count = int(e.count)
		if e.Rate > 0 && atOK && rateOK && p.end > 0 {
			if last := e.At + e.Rate.Offset(e.count-1); last > p.end {
				p.errorf(f["rate"].Val, join(path, "rate"), "at %s the last of %d %s starts at %s, after the end of the run at %s; allowed: a start, count and rate that end within the duration",
					e.Rate, e.count, budgets[e.Kind].unit, short(last), short(p.end))
			}
		}
	}
	return e
}

// checkBudget reports the first entry of a kind that takes the kind's total over its bound,
// saying how much would still fit there.
func (p *parser) checkBudget(entries []entry, kind model.TrafficKind, b budget) {
	var total int64
	for _, e := range entries {
		if e.kindOK && e.Kind == kind && e.countNode != nil {
			total = addSat(total, e.count)
		}
	}
	if total <= b.limit {
		return
	}
	var before int64
	for i, e := range entries {
		if !e.kindOK || e.Kind != kind || e.countNode == nil {
			continue
		}
		if before+e.count <= b.limit {
			before += e.count
			continue
		}
		fit := fmt.Sprintf("at most %d fit in this entry", b.limit-before)
		switch {
		case before == b.limit:
			fit = "no more fit after the earlier entries"
		case before > 0:
			fit += " after the earlier ones"
		}
		p.errorf(e.countNode, join(index("traffic", i), "count"), "%s traffic adds up to %d %s; the model's limit is %d %s in all entries together (%s), so %s",
			kind, total, b.unit, b.limit, b.unit, b.why, fit)
		return
	}
}

// addSat adds two non-negative counts, stopping at the largest int64.
func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// options reads a flood entry's SYN options. An empty list means a SYN without options.
func (p *parser) options(n *yaml.Node, path string) (model.SynOptions, bool) {
	items, ok := p.List(n, path, "a list of "+optionsAllowed, maxOptions)
	if !ok {
		return model.SynOptions{}, false
	}
	o := model.SynOptions{WScale: -1}
	seen := map[string]string{} // option name → the item that gave it
	for i, item := range items {
		ipath := index(path, i)
		s, ok := p.Scalar(item, ipath, optionsAllowed)
		if !ok {
			continue
		}
		name, ok := synOption(s, &o, seen, ipath)
		switch {
		case name != "" && !ok:
			p.errorf(item, ipath, "%s given twice (first as %s); allowed: %s", clipKey(name), seen[name], optionsAllowed)
		case !ok:
			p.errorf(item, ipath, "%s is not a SYN option; allowed: %s", describe(item), optionsAllowed)
		}
	}
	return o, true
}

// synOption applies one SYN option word (mss=N, wscale=N, sack, ts) to o, unless seen holds its
// name already: then it returns the name and false. A word that is no option gives "" and
// false. seen maps each name to where it was given (as, in messages).
func synOption(word string, o *model.SynOptions, seen map[string]string, as string) (string, bool) {
	name, val, hasVal := strings.Cut(word, "=")
	name, val = strings.TrimSpace(name), strings.TrimSpace(val)
	v, err := strconv.Atoi(val)
	switch {
	case name == "mss" && hasVal && err == nil && v >= 1 && v <= 65535:
	case name == "wscale" && hasVal && err == nil && v >= 0 && v <= 14:
	case (name == "sack" || name == "ts") && !hasVal:
	default:
		return "", false
	}
	if _, dup := seen[name]; dup {
		return name, false
	}
	seen[name] = as
	switch name {
	case "mss":
		o.MSS = uint16(v)
	case "wscale":
		o.WScale = int8(v)
	case "sack":
		o.SACK = true
	case "ts":
		o.TS = true
	}
	return name, true
}

// ParseSynOptions reads SYN option words as a flood entry's options list gives them, with the
// same rules: each of mss=N, wscale=N, sack and ts at most once. Lesson steps and page links
// use it. Its error is a *SynOptionError, which says which word was refused.
func ParseSynOptions(words []string) (model.SynOptions, error) {
	o := model.SynOptions{WScale: -1}
	if len(words) > maxOptions {
		return o, &SynOptionError{-1, fmt.Sprintf("%d options; allowed: at most %d, %s", len(words), maxOptions, optionsAllowed)}
	}
	seen := map[string]string{}
	for i, w := range words {
		name, ok := synOption(w, &o, seen, Clip(w))
		switch {
		case name != "" && !ok:
			return o, &SynOptionError{i, fmt.Sprintf("%s given twice (first as %s); allowed: %s", clipKey(name), seen[name], optionsAllowed)}
		case !ok:
			return o, &SynOptionError{i, fmt.Sprintf("%s is not a SYN option; allowed: %s", Clip(w), optionsAllowed)}
		}
	}
	return o, nil
}

// SynOptionError is a list of SYN options ParseSynOptions refuses.
type SynOptionError struct {
	Index int // the refused word's place in the list; -1 for the list as a whole
	Msg   string
}

func (e *SynOptionError) Error() string { return e.Msg }
