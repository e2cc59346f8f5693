package lessons

import (
	"fmt"
	"slices"
	"sort"

	"synq/model"
)

// Plan is how to set the model up for one step, for the app and for the checker alike: load
// Scenario (and Side, if any), run it without showing to Start, then play it to End. The
// scenario carries, as model.Scenario.Changes at their absolute times, the changes of every
// step from the one that loaded it up to this one, so the state at any moment of the step is
// the same whether the learner came step by step or jumped here (`synq --lesson ID --step N`).
// Changes made while the step plays (knobs) are the app's own; the next step loads its plan
// afresh.
type Plan struct {
	Lesson     *Lesson
	Step       *Step
	Scenario   *model.Scenario
	Side       *Side // nil, or the side-by-side run with the same changes
	Start, End model.Time
	// Fresh is true when the step loads a scenario of its own: the app resets its view (charts,
	// timeline) rather than continuing the previous step's.
	Fresh bool
}

// Plan returns the plan of step i (from 0), or the reason the step cannot run (its scenario
// could not be read).
func (l *Lesson) Plan(i int) (*Plan, error) {
	if i < 0 || i >= len(l.Steps) {
		return nil, fmt.Errorf("lesson %s has steps 1 to %d, not %d", l.ID, len(l.Steps), i+1)
	}
	st := l.Steps[i]
	first := l.Steps[st.first]
	if first.ScenarioErr != nil {
		return nil, fmt.Errorf("%s: step %d: %w", l.ID, st.first+1, first.ScenarioErr)
	}
	var changes []model.Change
	for _, s := range l.Steps[st.first : i+1] {
		for _, c := range s.Changes {
			c.At += s.start
			changes = append(changes, c)
		}
	}
	with := func(sc *model.Scenario) *model.Scenario {
		c := *sc
		c.Changes = append(slices.Clone(sc.Changes), changes...)
		return &c
	}
	p := &Plan{Lesson: l, Step: st, Scenario: with(st.run), Start: st.start, End: st.End(), Fresh: st.Scenario != nil}
	if st.side != nil {
		p.Side = &Side{Label: st.side.Label, Scenario: with(st.side.Scenario)}
	}
	return p, nil
}

// Run is one run of a plan's scenario (or its side) with a Watch on it.
type Run struct {
	Sim   *model.Sim
	Watch *Watch
}

// Begin creates the runs of the plan (the step's, and the side's if any) and plays them to the
// step's start, silently: what the app does before it plays the step.
func (p *Plan) Begin() (a, b *Run, err error) {
	mk := func(sc *model.Scenario) (*Run, error) {
		sim, err := model.New(sc, model.Options{})
		if err != nil {
			return nil, err
		}
		w := NewWatch(sim)
		// The peaks count from the state the step starts from: the moment before its changes.
		sim.RunUntil(p.Start - 1)
		w.ResetPeaks()
		sim.RunUntil(p.Start)
		return &Run{Sim: sim, Watch: w}, nil
	}
	if a, err = mk(p.Scenario); err != nil {
		return nil, nil, fmt.Errorf("%s: step %d: %w", p.Lesson.ID, p.Step.index+1, err)
	}
	if p.Side != nil {
		if b, err = mk(p.Side.Scenario); err != nil {
			return nil, nil, fmt.Errorf("%s: step %d: side %q: %w", p.Lesson.ID, p.Step.index+1, p.Side.Label, err)
		}
	}
	return a, b, nil
}

// Snapshots plays the plan headlessly and takes a snapshot of each run at each of the given
// times after the step's start. The side's map is nil when the step has no side.
func (p *Plan) Snapshots(times []model.Time) (a, b map[model.Time]*Snapshot, err error) {
	ra, rb, err := p.Begin()
	if err != nil {
		return nil, nil, err
	}
	ts := slices.Clone(times)
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	a = map[model.Time]*Snapshot{}
	if rb != nil {
		b = map[model.Time]*Snapshot{}
	}
	for _, t := range ts {
		ra.Sim.RunUntil(p.Start + t)
		a[t] = ra.Watch.Snapshot()
		if rb != nil {
			rb.Sim.RunUntil(p.Start + t)
			b[t] = rb.Watch.Snapshot()
		}
	}
	return a, b, nil
}

// Result is the outcome of one check.
type Result struct {
	Lesson *Lesson
	Step   *Step
	Check  *Check
	At     model.Time // simulated time of the check
	Pass   bool
	Values []Value // what the expression read
	Err    error   // why the check could not be evaluated (or the step not run); Pass is false
}

// CheckStep plays step i headlessly (from its plan, as the app would) and evaluates each of
// its checks, the evidence's included.
func (l *Lesson) CheckStep(i int) []Result {
	st := l.Steps[i]
	checks := st.allChecks()
	out := make([]Result, 0, len(checks))
	fail := func(err error) []Result {
		for _, c := range checks {
			out = append(out, Result{Lesson: l, Step: st, Check: c, At: st.start + c.At, Err: err})
		}
		return out
	}
	if len(checks) == 0 {
		return nil
	}
	p, err := l.Plan(i)
	if err != nil {
		return fail(err)
	}
	var times []model.Time
	for _, c := range checks {
		for _, t := range c.expr.Times(c.At) {
			if !slices.Contains(times, t) {
				times = append(times, t)
			}
		}
	}
	a, b, err := p.Snapshots(times)
	if err != nil {
		return fail(err)
	}
	env := func(side int, t model.Time) (*Snapshot, error) {
		m := a
		if side == 1 {
			if b == nil {
				return nil, fmt.Errorf("step %d has no side-by-side run to read b. names from", i+1)
			}
			m = b
		}
		s, ok := m[t]
		if !ok {
			return nil, fmt.Errorf("internal: no snapshot at %s", t)
		}
		return s, nil
	}
	for _, c := range checks {
		pass, vals, err := c.expr.Eval(env, c.At)
		out = append(out, Result{Lesson: l, Step: st, Check: c, At: st.start + c.At, Pass: pass && err == nil, Values: vals, Err: err})
	}
	return out
}

// Check plays every step of the lesson headlessly and evaluates every check, calling report
// (if not nil) with each result as it comes.
func (l *Lesson) Check(report func(Result)) []Result {
	var all []Result
	for i := range l.Steps {
		for _, r := range l.CheckStep(i) {
			if report != nil {
				report(r)
			}
			all = append(all, r)
		}
	}
	return all
}

// allChecks is the step's checks followed by those its evidence implies: every log line it
// shows must have been printed by the step's end.
func (s *Step) allChecks() []*Check {
	out := slices.Clone(s.Checks)
	return append(out, s.Evidence.checks...)
}

// CountChecks is how many checks the lesson makes, the evidence's included.
func (l *Lesson) CountChecks() int {
	n := 0
	for _, s := range l.Steps {
		n += len(s.allChecks())
	}
	return n
}
