package lab

import (
	"time"

	"synq/model"
)

// Margin is how far the engine may fall behind a scenario's schedule before the run stops
// saying anything about the model: half the smallest gap between a checkpoint and any other
// event the model predicts (a packet, a timer, a queue change).
//
// Every action of the engine (a packet, a connect(), a checkpoint) runs in order at its time
// or later, and the kernel's own events follow the packets that caused them. So a run that
// kept within the smallest gap cannot have moved an event across a checkpoint; the other half
// is left for the application's accept loop, whose own pace the engine does not measure.
// A scenario whose model has no event apart from its checkpoints gets fallback. LateCap
// bounds every margin: lateness also lengthens the RTTs the clients measure.
func Margin(sc *model.Scenario, fallback time.Duration) (time.Duration, error) {
	s, err := model.New(sc, model.Options{TraceWindow: marginTraceWindow})
	if err != nil {
		return 0, err
	}
	s.RunUntil(sc.Duration)
	if s.Trace().Oldest() > 0 {
		return fallback, nil // the trace lost its start: no bound can be read from it
	}
	gap := model.Time(-1)
	s.Trace().Since(0, func(_ uint64, e model.Event) {
		for _, cp := range sc.Observe {
			d := cp - e.At
			if d < 0 {
				d = -d
			}
			if d > 0 && (gap < 0 || d < gap) {
				gap = d
			}
		}
	})
	if gap < 0 {
		return fallback, nil
	}
	return time.Duration(gap) / 2, nil
}

// marginTraceWindow holds every event of the conformance scenarios (the largest has about
// 5,400).
const marginTraceWindow = 1 << 18

// Budget is how far behind its schedule a run of the scenario may fall and still count: its
// margin, at most maxLate (LateCap when maxLate is 0).
func Budget(sc *model.Scenario, maxLate time.Duration) (time.Duration, error) {
	if maxLate <= 0 {
		maxLate = LateCap
	}
	m, err := Margin(sc, maxLate)
	return min(m, maxLate), err
}
