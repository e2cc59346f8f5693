package doctor

import (
	"fmt"
	"strings"

	"synq/model"
)

// findingRules are the checks, in the order findings are reported. Each reads the facts and the
// listeners and returns its findings; each names the kernel-spec.md sections it rests on.
var findingRules = []func(*facts, []ListenerView) []Finding{
	acceptQueueFull,
	somaxconnClamp,
	synQueueCookies,
	synDroppedNoCookies,
	listenDropsUnexplained,
	requestsExpiring,
}

// cookieRatio thresholds: cookies that came back, as a share of those sent (spec 2.3 step 5).
const (
	genuineRatio = 0.5  // at least half came back: real clients completing handshakes
	spoofedRatio = 0.05 // almost none came back: the sources do not answer
)

// acceptQueueFull: a listener whose accept queue is full (AQ > B, spec 2.0), or ListenOverflows
// without a full listener to show for it.
func acceptQueueFull(f *facts, ls []ListenerView) []Finding {
	lo, loSeen := f.c("TcpExtListenOverflows")
	var out []Finding
	abort := f.sys["net.ipv4.tcp_abort_on_overflow"]
	somax := f.sys["net.core.somaxconn"]
	for _, l := range ls {
		if !l.AcceptFull {
			continue
		}
		fd := Finding{ID: "accept-queue-full", Listener: l.Addr,
			Title: "the accept queue is full: the application does not accept() as fast as connections complete",
			Rule:  "kernel-spec.md 2.0 (accept queue full: AQ > B), 2.2 step 9 (ACK finds it full), 2.1 C (SYN finds it full), 4.1 (ss Recv-Q/Send-Q)"}
		fd.Evidence = append(fd.Evidence, fmt.Sprintf("Recv-Q %d > Send-Q %d: the queue holds B+1 = %d children and a child can join only while AQ <= B", l.RecvQ, l.SendQ, l.SendQ+1))
		if n := len(l.Samples); n > 0 {
			full := 0
			for _, s := range l.Samples {
				if s.RecvQ > l.SendQ {
					full++
				}
			}
			fd.Evidence = append(fd.Evidence, fmt.Sprintf("full in %d of %d samples", full, n))
		}
		if loSeen {
			fd.Evidence = append(fd.Evidence, f.amount("TcpExtListenOverflows")+" (namespace-wide; counted per packet, not per connection)")
		}
		if l.Process != "" {
			fd.Evidence = append(fd.Evidence, "owner: "+l.Process)
		}
		if f.p.YoungRule {
			counted := "counted ListenOverflows+ListenDrops"
			if !f.p.SynPathCounts {
				counted = "counted nowhere on this kernel"
			}
			fd.Evidence = append(fd.Evidence, fmt.Sprintf("on %s (≤4.9) a SYN is still answered while at most one young request is queued; beyond that SYNs are dropped, %s (spec 2.1 C)", f.p.Name, counted))
		} else {
			fd.Evidence = append(fd.Evidence, fmt.Sprintf("on %s (4.10+) every SYN arriving while it is full is dropped and counted ListenOverflows+ListenDrops (spec 2.1 C): new clients wait for their SYN retransmissions (%s, spec 2.7)", f.p.Name, SynSchedule(f.p)))
		}
		if abort == 0 {
			fd.Evidence = append(fd.Evidence, "tcp_abort_on_overflow 0: a handshake-completing ACK that finds it full is dropped; the client believes it is connected and the server re-sends its SYN-ACK at 1, 3, 7 … s until there is room (spec 2.2 OVERFLOW)")
		} else {
			fd.Evidence = append(fd.Evidence, "tcp_abort_on_overflow 1: a handshake-completing ACK that finds it full is answered with a RST (EmbryonicRsts, OutRsts; spec 2.2 OVERFLOW): clients see ECONNRESET")
		}
		fd.Change = append(fd.Change,
			"make the application accept() faster (more workers or threads, less work before the next accept()): only accept() empties the queue (spec 2.5)",
			fmt.Sprintf("for bursts, a larger backlog in the application's listen() (nginx `listen … backlog=N`, Apache ListenBacklog): the queue then holds backlog+1, capped by net.core.somaxconn = %d on this machine", somax))
		if l.SendQ >= somax {
			fd.Change = append(fd.Change, fmt.Sprintf("the backlog is already at net.core.somaxconn (%d): raise that too, then restart the application (the clamp is applied at listen(), spec 2.6)", somax))
		}
		fd.NotHelp = append(fd.NotHelp,
			"raising net.ipv4.tcp_max_syn_backlog: it never sizes the accept queue (spec 1.1)",
			"syncookies: a cookie never bypasses a full accept queue; the SYN or the returning ACK is dropped all the same (spec 2.1 C, 2.3 step 7)",
			"tcp_abort_on_overflow = 1: it makes no room; it turns waiting clients into reset ones (spec 2.2)")
		out = append(out, fd)
	}
	if len(out) == 0 && loSeen && lo > 0 {
		fd := Finding{ID: "accept-queue-overflowed",
			Title: "an accept queue overflowed, but no listener seen is full now",
			Rule:  "kernel-spec.md 4.2 (ListenOverflows: accept queue full on ACK or, 3.10+, on SYN), 2.0"}
		fd.Evidence = append(fd.Evidence, f.amount("TcpExtListenOverflows"))
		if !f.obs.ListenersKnown {
			fd.Evidence = append(fd.Evidence, "no listener list was given: paste `ss -ltn` to see which listener")
		} else {
			fd.Evidence = append(fd.Evidence, "every listener seen has Recv-Q <= Send-Q: the overflow was earlier, or between samples")
		}
		fd.Change = append(fd.Change, "watch `ss -ltn` while it happens (or run `synq doctor` there): a listener with Recv-Q = Send-Q+1 is the one; then see the accept-queue advice")
		fd.NotHelp = append(fd.NotHelp, "raising net.ipv4.tcp_max_syn_backlog: it never sizes the accept queue (spec 1.1)")
		out = append(out, fd)
	}
	return out
}

// somaxconnClamp: a listener whose backlog equals somaxconn, so listen() may have asked for more
// (spec 2.6 step 1; nginx and Apache ask for 511, spec 6.1).
func somaxconnClamp(f *facts, ls []ListenerView) []Finding {
	var out []Finding
	somax := f.sys["net.core.somaxconn"]
	var calm []string // clamped listeners whose queues are not full: one finding for them all
	for _, l := range ls {
		if !l.Clamped {
			continue
		}
		pressure := l.AcceptFull || l.SynQueueFull
		if !pressure {
			if somax < 4096 { // at 4096 and more, the maximum is usually asked for on purpose
				calm = append(calm, l.Addr)
			}
			continue
		}
		fd := Finding{ID: "backlog-clamped", Listener: l.Addr,
			Title: fmt.Sprintf("the backlog is cut to net.core.somaxconn = %d", somax),
			Rule:  "kernel-spec.md 2.6 step 1 (listen() clamps its backlog to somaxconn), 1.1 (somaxconn), 4.1 (ss Send-Q = B)"}
		src := "seen"
		if !f.seen["net.core.somaxconn"] {
			src = "not seen; " + f.p.Name + "'s default"
		}
		fd.Evidence = append(fd.Evidence, fmt.Sprintf("Send-Q %d = net.core.somaxconn %d (%s): listen() asked for at least %d; nginx and Apache ask for 511 (spec 6.1)", l.SendQ, somax, src, somax))
		if pressure {
			fd.Evidence = append(fd.Evidence, "and this listener's queues are full: the clamp matters here")
		}
		limit := "no upper bound beyond int"
		if f.p.Backlog16 {
			limit = "at most 65535 on this kernel: the backlog is stored in 16 bits (spec 1.1)"
		}
		fd.Change = append(fd.Change, fmt.Sprintf("raise net.core.somaxconn (per network namespace; %s), then restart the application or have it call listen() again: the clamp is applied only at listen() (spec 2.6)", limit))
		if f.p.SynQueue == model.SynQueuePow2 {
			fd.Change = append(fd.Change, "on this kernel (≤4.3) the SYN queue is sized at the first listen() from min(B, tcp_max_syn_backlog): a restart is needed for it to grow (spec 2.0)")
		} else {
			fd.Change = append(fd.Change, "on this kernel (4.4+) a larger B also raises the SYN queue's limit (spec 2.0)")
		}
		fd.NotHelp = append(fd.NotHelp,
			"raising only the application's backlog: the kernel cuts it to somaxconn again",
			"raising net.ipv4.tcp_max_syn_backlog: it is not the accept queue's limit (spec 1.1)")
		out = append(out, fd)
	}
	if len(calm) > 0 {
		out = append(out, Finding{ID: "backlog-clamped", Listener: strings.Join(calm, ", "),
			Title:    fmt.Sprintf("backlog equal to net.core.somaxconn = %d, so possibly cut, but the queues are not full", somax),
			Rule:     "kernel-spec.md 2.6 step 1, 4.1",
			Evidence: []string{fmt.Sprintf("Send-Q %d on %s: listen() asked for %d or more (nginx and Apache ask for 511, spec 6.1); whether it was cut cannot be seen from outside the application", somax, strings.Join(calm, ", "), somax)},
			Change:   []string{"nothing while the queues stay below their limits; before a burst, raise net.core.somaxconn and restart the application (the clamp is applied at listen(), spec 2.6)"},
			NotHelp:  []string{"raising only the application's backlog: the kernel cuts it to somaxconn again"}})
	}
	return out
}

// listenDropsUnexplained: ListenDrops that the overflows, the SYN-queue drops and (3.10–4.6) the
// cookies sent do not account for (spec 4.2).
func listenDropsUnexplained(f *facts, _ []ListenerView) []Finding {
	ld, ok := f.c("TcpExtListenDrops")
	lo, ok2 := f.c("TcpExtListenOverflows")
	if !ok || !ok2 {
		return nil
	}
	explained := lo
	parts := []string{f.amount("TcpExtListenOverflows")}
	if f.p.SynPathCounts && f.p.ReqQFull {
		v, _ := f.c("TcpExtTCPReqQFullDrop")
		explained += v
		parts = append(parts, f.amount("TcpExtTCPReqQFullDrop")+" (each also a ListenDrop, spec 2.1 D)")
	}
	if f.p.CookieDrops {
		v, _ := f.c("TcpExtSyncookiesSent")
		explained += v
		parts = append(parts, f.amount("TcpExtSyncookiesSent")+" (3.10–4.6 count every cookie sent as a ListenDrop, spec 2.1 G)")
	}
	if ld <= explained {
		return nil
	}
	fd := Finding{ID: "listen-drops-unexplained",
		Title: fmt.Sprintf("%d ListenDrops are not accept-queue overflows", ld-explained),
		Rule:  "kernel-spec.md 4.2 (ListenDrops), 2.1 D and E, 2.2 step 9"}
	fd.Evidence = append(fd.Evidence, f.amount("TcpExtListenDrops"))
	fd.Evidence = append(fd.Evidence, parts...)
	why := "children that could not be created (memory, or no route back: spec 2.2 step 9)"
	if f.p.SynPathCounts {
		why = "SYNs dropped before any queue: the cookies-off last-quarter rule (spec 2.1 E), no route for the SYN-ACK, memory; or " + why
	}
	if f.sys["net.ipv4.tcp_syncookies"] == 0 {
		why += "; with tcp_syncookies 0 the last-quarter rule is the usual one"
	}
	fd.Evidence = append(fd.Evidence, "the rest are "+why)
	fd.Change = append(fd.Change, "look at the other counters for the cause: `nstat -az | grep -i -e drop -e fail -e mem`; with cookies off, turning them on removes the last-quarter drops (spec 2.1 E applies only with tcp_syncookies 0)")
	fd.NotHelp = append(fd.NotHelp, "raising the backlog: these drops are not the accept queue's")
	return []Finding{fd}
}
