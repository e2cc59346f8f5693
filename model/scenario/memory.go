package scenario

import (
	"fmt"

	"synq/model"
)

// MemoryProblem says why a scenario does not fit in a memory limit: what it would need, what
// would fit, and the part of the scenario to change.
type MemoryProblem struct {
	Msg string
	// Entry is the traffic entry that puts the most packets on the wire when packets in flight
	// are what need the most memory; -1 when they are not, or when no entry of the scenario's
	// own traffic list is to blame (a stream that a change starts).
	Entry int
	// Requests is true when the half-open requests need the most memory: the server's queue
	// limits are the field to change.
	Requests bool
}

// CheckMemory works out what a run of sc needs (model.Estimate) and returns nil when that is
// within limit bytes, or what is wrong and what would fit. Scenario files and lessons go
// through it here with model.MemoryLimit, page links in web/params and knobs turned while a
// run goes (render/timeline) with CheckMemoryOf.
func CheckMemory(sc *model.Scenario, limit int64) *MemoryProblem {
	return checkFootprint(sc, model.Estimate(sc), limit, "")
}

// CheckMemoryOf is CheckMemory for a footprint the caller has already adjusted (the page keeps
// snapshots of a run as well): extra says what it counts beyond one run, for the message.
func CheckMemoryOf(sc *model.Scenario, f model.Footprint, limit int64, extra string) *MemoryProblem {
	return checkFootprint(sc, f, limit, extra)
}

func checkFootprint(sc *model.Scenario, f model.Footprint, limit int64, extra string) *MemoryProblem {
	if f.Bytes <= limit {
		return nil
	}
	need := fmt.Sprintf("the run would need about %s of memory%s (%d packets in flight at once, %d half-open requests, %d clients); the limit is %s",
		model.FormatBytes(f.Bytes), extra, f.InFlight, f.Requests, f.Clients, model.FormatBytes(limit))
	packets, requests := f.WireBytes, f.RequestsBytes
	if packets >= requests {
		fit := max(0, limit-(f.Bytes-packets)) / max(1, f.PacketBytes)
		how := "spread the traffic with rates, so that each rate × network.delay stays under that, or send fewer at one instant"
		if f.InFlightEntry >= 0 {
			how = fmt.Sprintf("give traffic[%d] a rate (or a lower one) so that rate × network.delay stays under that, or a smaller count", f.InFlightEntry)
		}
		return &MemoryProblem{Entry: int(f.InFlightEntry),
			Msg: fmt.Sprintf("%s: at most %d packets in flight at once would fit; %s", need, fit, how)}
	}
	fit := max(0, limit-(f.Bytes-requests)) / max(1, f.RequestBytes)
	how := "a SYN queue limit under that (backlog, net.core.somaxconn, or net.ipv4.tcp_max_syn_backlog with net.ipv4.tcp_syncookies 0), or fewer flood SYNs within a request's lifetime"
	if sc.Profile != nil && !sc.Profile.BSD && sc.Profile.CookieMode2 {
		how += ", or net.ipv4.tcp_syncookies 2, which queues no request"
	}
	return &MemoryProblem{Entry: -1, Requests: true,
		Msg: fmt.Sprintf("%s: at most %d half-open requests would fit; %s", need, fit, how)}
}
