package scene

import "synq/model"

// History remembers the counters at recent moments of simulated time, so the panel can show
// which counters moved lately and by how much. It is a ring: the oldest records make way.
type History struct {
	at   [historySize]model.Time
	c    [historySize]model.Counters
	n    int // records made
	last model.Time
}

const historySize = 512

// Record notes the counters at time t. Records must come in time order; one at the same time
// as the last replaces it. Going back in time (a seek) starts the history afresh.
func (h *History) Record(t model.Time, c model.Counters) {
	if h.n > 0 && t < h.last {
		h.n = 0
	}
	if h.n > 0 && t == h.last {
		h.c[(h.n-1)%historySize] = c
		return
	}
	h.at[h.n%historySize], h.c[h.n%historySize] = t, c
	h.n++
	h.last = t
}

// Before returns the latest record at or before t, and false if every record kept is later
// than t (or there is none).
func (h *History) Before(t model.Time) (model.Counters, bool) {
	oldest := max(0, h.n-historySize)
	for i := h.n - 1; i >= oldest; i-- {
		if h.at[i%historySize] <= t {
			return h.c[i%historySize], true
		}
	}
	return model.Counters{}, false
}
