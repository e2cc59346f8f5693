// Package timeline is a run of the model that can go back and forth in simulated time: it
// keeps snapshots (clones of the run) every few seconds, so that going back re-runs the model
// from the nearest one rather than from the start, and it records the changes made while it
// runs, so that going back and playing forward again replays them. Making a change after
// going back drops the recorded changes later than now: the timeline branches. It imports no
// Ebiten.
package timeline

import (
	"cmp"
	"fmt"
	"slices"

	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
)

// Run is one scrubbable run of a scenario, with the series its charts are drawn from.
type Run struct {
	sc      *model.Scenario
	sim     *model.Sim
	series  *scene.Series
	snaps   []snapshot // in time order
	every   model.Time // snapshots are taken at the multiples of every
	changes []model.Change
	limit   int64 // the memory a change may let the run need (memoryLimit)
}

// snapshot is a clone of the run at time at, holding the first changes of the recorded ones.
type snapshot struct {
	at      model.Time
	sim     *model.Sim
	changes int
}

// Snapshot bounds: one every SnapshotEvery of simulated time at first; when there would be
// more than MaxSnapshots, every other one goes and the spacing doubles.
const (
	SnapshotEvery = 2 * model.Second
	MaxSnapshots  = 24
)

// New starts a run of sc at simulated time 0.
func New(sc *model.Scenario) (*Run, error) {
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		return nil, err
	}
	r := &Run{sc: sc, sim: sim, series: scene.NewSeries(sc.Duration), limit: memoryLimit}
	// Snapshots lie on the series' bucket boundaries, so the series resumes exactly.
	step := r.series.Step
	r.every = (SnapshotEvery + step - 1) / step * step
	r.series.Attach(sim)
	r.snapshot()
	return r, nil
}

// Sim is the run as it stands. Callers only read it; changes go through Apply.
func (r *Run) Sim() *model.Sim { return r.sim }

// Scenario is the scenario being run.
func (r *Run) Scenario() *model.Scenario { return r.sc }

// Series is the record of the run for the charts, up to now.
func (r *Run) Series() *scene.Series { return r.series }

// Now is the simulated time the run has reached.
func (r *Run) Now() model.Time { return r.sim.Now() }

// Changes lists the changes made with Apply, in time order: those up to now and, after going
// back, those still ahead.
func (r *Run) Changes() []model.Change { return r.changes }

// Snapshots lists the times of the snapshots kept.
func (r *Run) Snapshots() []model.Time {
	out := make([]model.Time, len(r.snaps))
	for i, s := range r.snaps {
		out[i] = s.at
	}
	return out
}

// RunTo runs forward to simulated time t (at most the scenario's end), taking snapshots on
// the way. It does nothing if t is not ahead.
func (r *Run) RunTo(t model.Time) {
	t = min(t, r.sc.Duration)
	for r.sim.Now() < t {
		next := (r.sim.Now()/r.every + 1) * r.every
		stop := min(t, next)
		r.sim.RunUntil(stop)
		if stop == next {
			r.series.Sync(stop)
			r.snapshot()
		}
	}
	r.series.Sync(r.sim.Now())
}

// RunDue runs the events due at the run's current time that have not run yet (at 0, before
// anything ran, the events of 0).
func (r *Run) RunDue() { r.sim.RunUntil(r.sim.Now()) }

// StepEvent runs to the run's next event (all the events of that instant).
func (r *Run) StepEvent() {
	if t, ok := r.sim.NextAt(); ok {
		r.RunTo(t)
	}
}

// snapshot keeps a clone of the run at its current time, unless one is kept there already.
func (r *Run) snapshot() {
	now := r.sim.Now()
	i, found := slices.BinarySearchFunc(r.snaps, now, func(s snapshot, t model.Time) int { return cmpTime(s.at, t) })
	if found {
		return
	}
	c := r.sim.Clone()
	c.Trace().ClearObservers() // the clone waits; the one restored from it gets the series as observer
	r.snaps = slices.Insert(r.snaps, i, snapshot{at: now, sim: c, changes: len(r.changes)})
	for len(r.snaps) > MaxSnapshots {
		r.every *= 2
		r.snaps = slices.DeleteFunc(r.snaps, func(s snapshot) bool { return s.at%r.every != 0 })
	}
}

func cmpTime(a, b model.Time) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// latest returns the index of the last snapshot at or before t (there is always one at 0).
func (r *Run) latest(t model.Time) int {
	i, found := slices.BinarySearchFunc(r.snaps, t, func(s snapshot, t model.Time) int { return cmpTime(s.at, t) })
	if found {
		return i
	}
	return max(0, i-1)
}

// restore makes snapshot i the run, with the recorded changes it lacks scheduled again.
func (r *Run) restore(i int) {
	s := r.snaps[i]
	r.sim = s.sim.Clone()
	r.series.Attach(r.sim)
	for _, c := range r.changes[min(s.changes, len(r.changes)):] {
		_ = r.sim.Apply(c) // each was accepted when it was made
	}
}

// Seek goes to simulated time t (clamped to the run). Going back restores the latest snapshot
// at or before t and runs forward from it; going forward past a snapshot kept from an
// earlier pass starts from that snapshot. Either way the state is exactly what playing to t
// gives, the recorded changes included.
func (r *Run) Seek(t model.Time) {
	t = max(0, min(t, r.sc.Duration))
	now := r.sim.Now()
	if i := r.latest(t); t < now || r.snaps[i].at > now {
		r.restore(i)
	}
	r.RunTo(t)
}

// Skip jumps ahead to the latest snapshot after now and at or before t, when an earlier pass
// left one there, without running the model; RunTo then goes the rest of the way. It is how
// a long seek forward can be spread over several frames.
func (r *Run) Skip(t model.Time) {
	if i := r.latest(t); r.snaps[i].at > r.sim.Now() {
		r.restore(i)
		r.series.Sync(r.sim.Now())
	}
}

// Apply makes change c now (At is set to one nanosecond after the current time, so that it
// comes after everything at this instant, then and on every replay) and records it. Changes
// recorded for later than now are dropped first: the timeline branches. It fails, changing
// nothing, when the kernel would refuse the change or the run has ended.
func (r *Run) Apply(c model.Change) error {
	now := r.sim.Now()
	if now >= r.sc.Duration {
		return fmt.Errorf("%s: the run has ended; go back to make a change", c)
	}
	if err := r.sc.Profile.Check(c); err != nil {
		return err
	}
	if err := r.fits(c, now); err != nil {
		return err
	}
	r.Branch()
	c.At = now + 1
	if err := r.sim.Apply(c); err != nil {
		return err
	}
	r.changes = append(r.changes, c)
	r.RunTo(c.At)
	return nil
}

// fits says whether the run, with the changes recorded up to now and c, stays within what
// one run may need in this build (r.limit), the snapshots it keeps included: a knob must not
// take the app where a scenario file or a page link may not go.
func (r *Run) fits(c model.Change, now model.Time) error {
	sc := *r.sc
	sc.Changes = slices.Clone(r.sc.Changes)
	for _, k := range r.changes {
		if k.At <= now {
			sc.Changes = append(sc.Changes, k)
		}
	}
	c.At = now + 1
	sc.Changes = append(sc.Changes, c)
	slices.SortStableFunc(sc.Changes, func(a, b model.Change) int { return cmp.Compare(a.At, b.At) })
	f := model.Estimate(&sc).Kept(1, MaxSnapshots)
	if p := scenario.CheckMemoryOf(&sc, f, r.limit, " with the snapshots the timeline keeps"); p != nil {
		return fmt.Errorf("%s: refused, %s", c, p.Msg)
	}
	return nil
}

// Branch forgets what lies ahead of now: the recorded changes later than now and the
// snapshots after it. The run as it stands is unchanged.
func (r *Run) Branch() {
	now := r.sim.Now()
	keep := len(r.changes)
	for keep > 0 && r.changes[keep-1].At > now {
		keep--
	}
	dropped := keep < len(r.changes)
	r.changes = r.changes[:keep]
	r.snaps = slices.DeleteFunc(r.snaps, func(s snapshot) bool { return s.at > now })
	if dropped {
		// The run has the dropped changes scheduled: rebuild it without them.
		r.restore(r.latest(now))
		r.RunTo(now)
	}
}
