package model

import "fmt"

// ChangeKind is what a Change adjusts.
type ChangeKind uint8

// Change kinds.
const (
	ChangeSysctl  ChangeKind = iota // write server sysctl Key = Value, as `sysctl -w` on a live server
	ChangeBacklog                   // call listen(fd, Value) again on the listening socket (spec 2.6)
	ChangeAccept                    // the accept() loop does Mode (at Rate) from now on
	ChangeFlood                     // spoofed SYNs at Rate with Options from now on; Rate 0 stops them
	ChangeClients                   // new genuine clients connect at Rate from now on; Rate 0 stops them
)

var changeKindNames = [...]string{"sysctl", "backlog", "accept", "flood", "clients"}

// String names the kind.
func (k ChangeKind) String() string {
	if int(k) < len(changeKindNames) {
		return changeKindNames[k]
	}
	return "?"
}

// Change is one adjustment to a running scenario at simulated time At: what a person at a live
// server could do with sysctl, a restart of the accept loop, or traffic that starts and stops.
// Knobs in the app and lesson steps are made of these; a scenario's Changes run as part of it.
type Change struct {
	At      Time
	Kind    ChangeKind
	Key     string     // ChangeSysctl: the server sysctl's key
	Value   int        // ChangeSysctl: its value; ChangeBacklog: the argument to listen()
	Mode    AcceptMode // ChangeAccept
	Rate    Rate       // ChangeAccept (AcceptRate), ChangeFlood, ChangeClients; 0 stops traffic
	Options SynOptions // ChangeFlood: the options each SYN carries
	Send    int        // ChangeClients: bytes each client writes after connect()
}

// String describes the change as a person would say it.
func (c Change) String() string {
	switch c.Kind {
	case ChangeSysctl:
		return fmt.Sprintf("%s = %d", c.Key, c.Value)
	case ChangeBacklog:
		return fmt.Sprintf("listen(fd, %d)", c.Value)
	case ChangeAccept:
		if c.Mode == AcceptRate {
			return "accept " + c.Rate.String()
		}
		return "accept " + c.Mode.String()
	case ChangeFlood, ChangeClients:
		if c.Rate == 0 {
			return c.Kind.String() + " off"
		}
		return c.Kind.String() + " " + c.Rate.String()
	}
	return "?"
}

// Check says whether the change is one the profile's kernel and the model accept.
func (p *Profile) Check(c Change) error {
	switch c.Kind {
	case ChangeSysctl:
		var s ServerSysctl
		return p.SetServerSysctl(&s, c.Key, c.Value)
	case ChangeBacklog:
		return nil // any int: listen() clamps it (spec 2.6 step 1)
	case ChangeAccept:
		if c.Mode > AcceptRate {
			return fmt.Errorf("accept mode %d is not one of none, all, rate", c.Mode)
		}
		if c.Mode == AcceptRate && (c.Rate <= 0 || c.Rate > MaxRate) {
			return fmt.Errorf("accept rate %d/s is out of range; allowed: 1/s to %d/s", c.Rate, MaxRate)
		}
	case ChangeFlood, ChangeClients:
		if c.Rate < 0 || c.Rate > MaxRate {
			return fmt.Errorf("%s rate %d/s is out of range; allowed: 0/s (off) to %d/s", c.Kind, c.Rate, MaxRate)
		}
		if c.Send < 0 || c.Send > MaxSend {
			return fmt.Errorf("send %d bytes is out of range; allowed: 0 to %d", c.Send, MaxSend)
		}
	default:
		return fmt.Errorf("unknown change kind %d", c.Kind)
	}
	return nil
}

// Apply schedules a change at c.At, or now if that has passed; it takes effect when the run
// reaches that instant (RunUntil(Now()) applies one made for now). A change the profile's
// kernel would refuse is an error and nothing is scheduled.
func (s *Sim) Apply(c Change) error {
	if err := s.prof.Check(c); err != nil {
		return err
	}
	if (c.Kind == ChangeFlood || c.Kind == ChangeClients) && c.Rate > 0 && len(s.defs) >= MaxTrafficEntries {
		return fmt.Errorf("%s: a run may start at most %d traffic streams", c, MaxTrafficEntries)
	}
	if len(s.changes) >= MaxChanges {
		return fmt.Errorf("%s: a run may have at most %d changes", c, MaxChanges)
	}
	c.At = max(c.At, s.now)
	s.changes = append(s.changes, c)
	i := len(s.changes) - 1
	s.heap.push(event{at: c.At, key: uint64(i), kind: evChange, id: int32(i)})
	return nil
}

// Changes lists the changes scheduled so far (the scenario's, then those applied), in the
// order they were made.
func (s *Sim) Changes() []Change { return s.changes }

// change carries out scheduled change i.
func (s *Sim) change(i int32) {
	c := s.changes[i]
	switch c.Kind {
	case ChangeSysctl:
		_ = s.prof.SetServerSysctl(&s.srv.sysctl, c.Key, c.Value) // checked when scheduled
	case ChangeBacklog:
		s.srv.listen(s, c.Value)
	case ChangeAccept:
		s.setApp(AppStep{At: c.At, Mode: c.Mode, Rate: c.Rate})
	case ChangeFlood, ChangeClients:
		s.restartTraffic(c)
	}
}

// restartTraffic stops every stream of the change's kind and, when the change has a rate,
// starts an open-ended one that runs to the end of the scenario.
func (s *Sim) restartTraffic(c Change) {
	kind := Flood
	if c.Kind == ChangeClients {
		kind = Connect
	}
	for i := range s.defs {
		if s.defs[i].Kind == kind {
			s.traffic[i].stopped = true
		}
	}
	if t, ok := streamOf(c, s.sc.Duration); ok {
		s.addTraffic(t, true)
	}
}

// streamOf is the open-ended traffic stream that a flood or clients change with a rate
// starts, running to the end of a scenario of duration d; false when it starts none.
func streamOf(c Change, d Time) (Traffic, bool) {
	kind := Flood
	if c.Kind == ChangeClients {
		kind = Connect
	}
	if c.Rate == 0 || c.At >= d {
		return Traffic{}, false
	}
	count := streamCount(d, c.At, c.Rate)
	if count <= 0 {
		return Traffic{}, false
	}
	t := Traffic{Kind: kind, At: c.At, Count: count, Rate: c.Rate, Send: c.Send, Options: c.Options}
	if kind == Flood && t.Options == (SynOptions{}) {
		t.Options = DefaultFloodOptions
	}
	return t, true
}

// streamCount is how many clients or SYNs an open-ended stream started at at emits by the end
// of a run of duration d, at most MaxFloodSYNs.
func streamCount(d, at Time, r Rate) int {
	return min(int(int64((d-at)/Millisecond)*int64(r)/1000), MaxFloodSYNs) // in ms: no overflow in an hour at MaxRate
}
