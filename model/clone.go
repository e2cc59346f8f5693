package model

import (
	"math/rand/v2"
	"slices"
)

// Clone returns an independent copy of the run as it stands: running both on gives the same
// trace, byte for byte. The app keeps clones as snapshots, so that going back in time re-runs
// the model from the nearest one instead of from the start. The scenario and profile are
// shared (neither changes during a run); so are the Sent and Observe hooks.
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
	c.srv.s = &c
	c.srv.acceptQ = slices.Clone(s.srv.acceptQ)
	c.srv.reqs = slices.Clone(s.srv.reqs)
	c.srv.free = slices.Clone(s.srv.free)
	c.srv.byConn = s.srv.byConn.clone()
	return &c
}
