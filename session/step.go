package session

import (
	"fmt"
	"strings"

	"synq/model"
)

// step runs to the next event of either run (all the events of that instant) and captions
// what happened. Events due exactly now that have not run yet (a run at 0 has not run the
// events of 0) are the next ones.
func (s *Session) step() {
	next, ok := model.Time(0), false
	for _, r := range s.runs {
		if t, has := r.Sim().NextAt(); has && t >= s.t && (!ok || t < next) {
			next, ok = t, true
		}
	}
	if !ok {
		s.Say("nothing more happens in this run")
		return
	}
	from := s.sim.Trace().Total()
	if next == s.t {
		for _, r := range s.runs {
			r.RunDue()
		}
		s.sync()
	} else {
		s.runTo(next)
	}
	s.caption = Caption(s.sim, from)
	if s.caption == "" {
		s.caption = "at " + next.String() + ": nothing to see in run A"
	}
}

// stepBack goes back to the instant of the last event before now, in either run, and
// captions what happened then.
func (s *Session) stepBack() {
	prev, ok := model.Time(0), false
	for _, r := range s.runs {
		tr := r.Sim().Trace()
		tr.Since(tr.Oldest(), func(_ uint64, e model.Event) {
			if e.At < s.t && (!ok || e.At > prev) {
				prev, ok = e.At, true
			}
		})
	}
	if !ok {
		// Nothing earlier in the trace's window: back to the start, or a second of viewing.
		prev = max(0, s.t-backSpan(s.clock.speed))
	}
	s.Seek(prev)
	tr := s.sim.Trace()
	first := tr.Total()
	tr.Since(tr.Oldest(), func(n uint64, e model.Event) {
		if e.At == prev && n < first {
			first = n
		}
	})
	if c := Caption(s.sim, first); c != "" {
		s.caption = "back to " + strings.TrimPrefix(c, "at ")
	}
}

// Caption says in a line what the events of sim's trace from number from on were: the
// packet dropped and why, with the counters that moved ("at 1.2s: client 3's ACK dropped:
// accept queue full, request kept, ListenOverflows+1"), else what was sent or
// delivered, accepted or logged. It is "" when there were none.
func Caption(sim *model.Sim, from uint64) string {
	var (
		at       model.Time
		any      bool
		drop     string
		acts     []string
		counters []string
		seen     = map[string]bool{}
	)
	prof := sim.Profile()
	add := func(list *[]string, s string) {
		if !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	tr := sim.Trace()
	tr.Since(from, func(_ uint64, e model.Event) {
		at, any = e.At, true
		switch e.Kind {
		case model.EvDrop:
			if drop == "" {
				drop = dropText(e, e.Reason().For(prof))
			}
		case model.EvCounter:
			add(&counters, strings.TrimPrefix(strings.TrimPrefix(e.Counter().String(), "TcpExt"), "Tcp")+" +1")
		case model.EvAccept:
			add(&acts, fmt.Sprintf("the application accepted %s", e.Peer))
		case model.EvSend:
			switch {
			case e.Peer.IsFlood():
				add(&acts, "a flood SYN sent")
			case e.Attr&model.AttrToServer != 0:
				add(&acts, fmt.Sprintf("%s sent %s", e.Peer, e.Flags))
			default:
				add(&acts, fmt.Sprintf("the server sent %s to %s", e.Flags, e.Peer))
			}
		case model.EvDeliver:
			if e.Attr&model.AttrToServer != 0 {
				add(&acts, fmt.Sprintf("%s's %s reached the server", e.Peer, e.Flags))
			} else {
				add(&acts, fmt.Sprintf("%s reached %s", e.Flags, e.Peer))
			}
		case model.EvLog:
			if i := int(e.Value); i < len(sim.Log()) {
				add(&acts, "kernel log: "+sim.Log()[i].Text)
			}
		}
	})
	if !any {
		return ""
	}
	parts := acts
	if drop != "" {
		parts, counters = []string{drop}, nil // the drop's reason names the counters it moves
	}
	if len(parts) > 3 {
		parts = append(parts[:3:3], fmt.Sprintf("%d more", len(parts)-3))
	}
	line := "at " + at.String() + ": " + strings.Join(parts, "; ")
	if len(counters) > 0 {
		line += "; " + strings.Join(counters, ", ")
	}
	return line
}

// dropText says whose packet a drop event discarded and why: the reason's text ("accept queue
// full: ACK dropped, request kept, ListenOverflows+1") turned round to "client 3's ACK
// dropped: accept queue full, request kept, ListenOverflows+1". A drop of no packet (a request
// that expired) keeps the reason's words.
func dropText(e model.Event, why string) string {
	cause, effect, ok := strings.Cut(why, ": ")
	_, rest, dropped := strings.Cut(effect, "dropped")
	if e.Flags == 0 || !ok || !dropped {
		return e.Peer.String() + ": " + why
	}
	return fmt.Sprintf("%s's %s dropped: %s%s", e.Peer, e.Flags, cause, rest)
}
