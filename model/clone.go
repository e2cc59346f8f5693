package model

import (
	"math/rand/v2"
	"slices"
)

// Clone returns an independent copy of the run as it stands: running both on gives the same
// trace, byte for byte. The app keeps clones as snapshots, so that going back in time re-runs
// the model from the nearest one instead of from the start.
//
// The Sim holds no pointer into itself (its parts take the Sim as an argument instead), so a
// copy of the struct with each slice cloned and the random source copied is complete. Shared,
// because nothing changes them during a run: the scenario, the profile (and the cookie MSS
// table taken from it), and the Sent hook and the trace's observers. TestCloneSharesNothing walks both runs
// and fails if a field is left out here.
func (s *Sim) Clone() *Sim {
	c := *s
	pcg := *s.pcg
	c.pcg = &pcg
	c.rng = rand.New(c.pcg)
	c.heap.items = slices.Clone(s.heap.items)
	c.wire.buf = slices.Clone(s.wire.buf)
	c.trace.ring = slices.Clone(s.trace.ring)
	c.log = slices.Clone(s.log)
	c.clients = slices.Clone(s.clients)
	c.defs = slices.Clone(s.defs)
	c.traffic = slices.Clone(s.traffic)
	c.changes = slices.Clone(s.changes)
	c.srv.acceptQ = slices.Clone(s.srv.acceptQ)
	c.srv.reqs = slices.Clone(s.srv.reqs)
	c.srv.free = slices.Clone(s.srv.free)
	c.srv.byConn = s.srv.byConn.clone()
	c.srv.sweep.heads = slices.Clone(s.srv.sweep.heads)
	return &c
}
