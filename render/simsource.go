package render

import (
	"fmt"

	"synq/model"
)

// SimSource shows a live model run in the status window: the listener as `ss` shows it, the
// queues against their limits, the clients, the counters and the kernel log.
type SimSource struct {
	sim  *model.Sim
	prev model.Counters // counters at the last refresh, to mark the ones that moved
	cur  model.Counters
	at   model.Time
}

// NewSimSource wraps a run for the status window.
func NewSimSource(sim *model.Sim) *SimSource { return &SimSource{sim: sim} }

// Advance runs the model dt further, stopping at the end of the scenario.
func (s *SimSource) Advance(dt model.Time) {
	s.sim.RunUntil(min(s.sim.Now()+dt, s.sim.Scenario().Duration))
	if now := s.sim.Now(); now/model.Second != s.at/model.Second {
		s.prev, s.cur, s.at = s.cur, s.sim.Counters(), now
	}
}

// Title names the scenario and the kernel profile.
func (s *SimSource) Title() string {
	sc := s.sim.Scenario()
	return fmt.Sprintf("synq — %s on %s", sc.Name, sc.Profile.Name)
}

// Lines is the run's current state as text.
func (s *SimSource) Lines() []string {
	sc := s.sim.Scenario()
	cp := s.sim.Checkpoint()
	status := fmt.Sprintf("simulated time %s of %s", fmtTime(cp.At), sc.Duration)
	if cp.At >= sc.Duration {
		status += "  (end of the scenario)"
	}
	lines := []string{
		status,
		"",
		"$ ss -ltn",
		"State   Recv-Q  Send-Q  Local Address:Port",
		fmt.Sprintf("LISTEN  %-6d  %-6d  %s", cp.Listener.RecvQ, cp.Listener.SendQ, model.ListenAddr(sc.Server.Port)),
		"",
		fmt.Sprintf("SYN queue    %6d   (SYN-RECV requests)", cp.SynRecv),
		fmt.Sprintf("accept queue %6d / %d", cp.Listener.RecvQ, cp.Listener.SendQ+1),
		fmt.Sprintf("accepted     %6d", cp.Accepted),
		"",
		"genuine clients",
		fmt.Sprintf("  syn_sent %d   established %d", cp.Clients.SynSent, cp.Clients.Established),
		fmt.Sprintf("  reset %d   timed_out %d   refused %d", cp.Clients.Reset, cp.Clients.TimedOut, cp.Clients.Refused),
		"",
		"$ nstat -az   (* changed in the last second)",
	}
	for _, st := range cp.Nstat {
		mark := " "
		if c, ok := model.CounterByName(st.Name); ok && s.cur.Get(c) != s.prev.Get(c) {
			mark = "*"
		}
		lines = append(lines, fmt.Sprintf("%s %-28s %d", mark, st.Name, st.Value))
	}
	lines = append(lines, "", "$ dmesg")
	if len(cp.Log) == 0 {
		lines = append(lines, "(nothing yet)")
	}
	for _, l := range s.sim.Log() {
		lines = append(lines, fmt.Sprintf("[%10.6f] %s", l.At.Seconds(), l.Text))
	}
	return lines
}

func fmtTime(t model.Time) string { return fmt.Sprintf("%.3fs", t.Seconds()) }
