package lessons

import "synq/model"

// Watch follows a run for what a snapshot of the moment cannot show: how long the queues grew
// since a step started.
type Watch struct {
	sim                 *model.Sim
	peakSyn, peakAccept int
}

// NewWatch starts following sim (as an observer of its trace) from now on.
func NewWatch(sim *model.Sim) *Watch {
	w := &Watch{sim: sim}
	sim.Trace().AddObserver(w.observe)
	w.ResetPeaks()
	return w
}

// ResetPeaks starts the peaks afresh from the queues' current lengths.
func (w *Watch) ResetPeaks() {
	w.peakSyn, w.peakAccept = w.sim.SynQueueLen(), w.sim.AcceptQueueLen()
}

func (w *Watch) observe(e model.Event) {
	if e.Kind != model.EvQueue {
		return
	}
	switch e.Queue() {
	case model.SynQueue:
		w.peakSyn = max(w.peakSyn, int(e.Value))
	case model.AcceptQueue:
		w.peakAccept = max(w.peakAccept, int(e.Value))
	}
}

// Snapshot reads the run's state now.
func (w *Watch) Snapshot() *Snapshot {
	s := Take(w.sim)
	s.PeakSynQueue, s.PeakAcceptQueue = w.peakSyn, w.peakAccept
	return s
}
