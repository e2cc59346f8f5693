package model

// appState is the application's accept() loop.
type appState struct {
	mode     AcceptMode
	rate     Rate
	sleeping bool   // pausing between accepts (AcceptRate)
	gen      uint32 // bumped on every mode change, so a pending wake from an old mode is ignored
}

// appStep switches the accept() loop to the scenario's next behaviour.
func (s *Sim) appStep(i int) { s.setApp(s.sc.Server.App[i]) }

// setApp switches the accept() loop to a new behaviour from now on.
func (s *Sim) setApp(st AppStep) {
	s.app = appState{mode: st.Mode, rate: st.Rate, gen: s.app.gen + 1}
	s.appQueued()
}

// appQueued runs the loop as far as it can now: mode all empties the queue; mode rate takes
// one connection if it is not pausing, then pauses 1/rate.
func (s *Sim) appQueued() {
	switch s.app.mode {
	case AcceptAll:
		for s.srv.aq() > 0 {
			s.srv.accept(s)
		}
	case AcceptRate:
		if !s.app.sleeping && s.srv.aq() > 0 {
			s.srv.accept(s)
			s.app.sleeping = true
			s.schedule(s.now+s.app.rate.Offset(1), evAppWake, 0, s.app.gen)
		}
	}
}

// appWake ends a pause of the rate-limited loop, which calls accept() again (and blocks if the
// queue is empty, to take the next connection the moment it arrives).
func (s *Sim) appWake(gen uint32) {
	if gen != s.app.gen {
		return
	}
	s.app.sleeping = false
	s.appQueued()
}
