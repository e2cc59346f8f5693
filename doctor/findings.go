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

// synQueueCookies: SYNs that found the SYN queue full were answered with cookies (spec 2.1 B,
// G), and whether the cookies came back (spec 2.3) tells real clients from spoofed sources.
func synQueueCookies(f *facts, ls []ListenerView) []Finding {
	sent, ok := f.c("TcpExtSyncookiesSent")
	doc, _ := f.c("TcpExtTCPReqQFullDoCookies")
	if !ok || (sent == 0 && doc == 0) {
		return nil
	}
	recv, _ := f.c("TcpExtSyncookiesRecv")
	fd := Finding{ID: "syn-queue-cookies",
		Rule: "kernel-spec.md 2.1 B and G (SYN queue full, cookie sent), 2.3 (a returning cookie: SyncookiesRecv), 3.5 (modes), 2.0 (SYN queue full)"}
	fd.Evidence = append(fd.Evidence, f.amount("TcpExtSyncookiesSent"), f.amount("TcpExtSyncookiesRecv"))
	if f.p.ReqQFull {
		fd.Evidence = append(fd.Evidence, f.amount("TcpExtTCPReqQFullDoCookies")+" (counted before the accept-queue check, so it can exceed SyncookiesSent)")
	}
	if _, ok := f.c("TcpExtSyncookiesFailed"); ok {
		fd.Evidence = append(fd.Evidence, f.amount("TcpExtSyncookiesFailed"))
	}
	for _, l := range ls {
		if l.SynQueueFull {
			fd.Listener = l.Addr
			fd.Evidence = append(fd.Evidence, fmt.Sprintf("%s: SYN-RECV %d at its limit, %s", l.Addr, l.SynRecv, l.SynQueueRule))
		}
	}
	ratio := 0.0
	if sent > 0 {
		ratio = float64(recv) / float64(sent)
	}
	fd.Evidence = append(fd.Evidence, fmt.Sprintf("cookies back / sent = %d/%d = %.2f", recv, sent, ratio))
	mode := f.sys["net.ipv4.tcp_syncookies"]
	if mode == 2 {
		fd.Evidence = append(fd.Evidence, "tcp_syncookies 2: every SYN gets a cookie, not only those that overflow (spec 3.5): SyncookiesSent counts all connections")
	}
	opts := "cookie connections keep only a quantised MSS unless the client sent timestamps (then also window scale and SACK, spec 3.3)"
	switch {
	case sent > 0 && ratio >= genuineRatio:
		fd.Title = "the SYN queue overflowed and was answered with cookies, which came back: real clients, a burst of handshakes larger than the SYN queue"
		fd.Change = append(fd.Change, "raise the listener's backlog (listen() argument, and net.core.somaxconn if it clamps): "+synQueueAdvice(f.p), opts)
		fd.NotHelp = append(fd.NotHelp, "treating it as an attack: the sources answer, they are real clients")
	case sent > 0 && ratio <= spoofedRatio:
		fd.Title = "the SYN queue overflowed and was answered with cookies that do not come back: a spoofed-source SYN flood, which cookies are absorbing"
		fd.Change = append(fd.Change, "nothing on the listener has to change: cookies answer the flood without keeping state; filter it upstream (or SYNPROXY, 3.12+ and CentOS 7)",
			fmt.Sprintf("a lower tcp_synack_retries (now %d) frees the spoofed requests sooner (spec 2.4)", f.sys["net.ipv4.tcp_synack_retries"]))
		fd.NotHelp = append(fd.NotHelp, "raising the backlog or tcp_max_syn_backlog: a spoofed flood fills any queue; cookies already cover the overflow",
			"tcp_syncookies = 2: cookies for every client, losing options for all of them, and no log line (spec 3.5)")
	default:
		fd.Title = "the SYN queue overflowed and was answered with cookies; some came back: real clients mixed with sources that do not answer"
		fd.Change = append(fd.Change, "a larger backlog helps the real clients ("+synQueueAdvice(f.p)+"); the rest looks like spoofed SYNs, for upstream filtering", opts)
	}
	if f.p.SynQueue != model.SynQueuePow2 && !(sent > 0 && ratio <= spoofedRatio) {
		fd.NotHelp = append(fd.NotHelp, fmt.Sprintf("raising net.ipv4.tcp_max_syn_backlog alone: on %s (4.4+) it does not size the SYN queue, only the backlog B does (spec 1.1, 2.0)", f.p.Name))
	}
	return []Finding{fd}
}

// synQueueAdvice says what sizes the SYN queue on this kernel (spec 2.0).
func synQueueAdvice(p *model.Profile) string {
	switch p.SynQueue {
	case model.SynQueueGT:
		return "on this kernel (6.13+) the SYN queue holds B+1 requests"
	case model.SynQueueGE:
		return "on this kernel (4.4 … 6.12) the SYN queue holds B requests"
	}
	return "on this kernel (≤4.3) the SYN queue is the power of two above min(B, tcp_max_syn_backlog), sized at the first listen(): raise both and restart"
}

// synDroppedNoCookies: SYNs that found the SYN queue full with cookies off were dropped (spec 2.1
// B), and below that the last-quarter rule drops unproven peers (spec 2.1 E).
func synDroppedNoCookies(f *facts, ls []ListenerView) []Finding {
	mode := f.sys["net.ipv4.tcp_syncookies"]
	drop, dropSeen := f.c("TcpExtTCPReqQFullDrop")
	msb := f.sys["net.ipv4.tcp_max_syn_backlog"]
	quarter := msb - msb/4 // spec 2.1 E: dropped once msb − qlen < msb/4
	var full []ListenerView
	for _, l := range ls {
		if l.SynQueueFull || (mode == 0 && l.SynRecv > quarter) {
			full = append(full, l)
		}
	}
	if !(dropSeen && drop > 0) && !(mode == 0 && len(full) > 0) {
		return nil
	}
	fd := Finding{ID: "syn-dropped-no-cookies",
		Title: "SYNs are dropped: the SYN queue is full and syncookies are off",
		Rule:  "kernel-spec.md 2.1 B (SYN queue full, cookies off: drop), 2.1 E (the last-quarter rule), 2.0, 1.1 (tcp_syncookies, tcp_max_syn_backlog)"}
	if dropSeen {
		fd.Evidence = append(fd.Evidence, f.amount("TcpExtTCPReqQFullDrop"))
	}
	fd.Evidence = append(fd.Evidence, fmt.Sprintf("net.ipv4.tcp_syncookies = %d", mode))
	for _, l := range full {
		fd.Listener = l.Addr
		fd.Evidence = append(fd.Evidence, fmt.Sprintf("%s: SYN-RECV %d; %s", l.Addr, l.SynRecv, l.SynQueueRule))
	}
	fd.Evidence = append(fd.Evidence, fmt.Sprintf("with cookies off, a SYN from a peer this host has not recently completed a connection with is also dropped once tcp_max_syn_backlog − qlen < tcp_max_syn_backlog/4, i.e. with more than about %d half-open requests on the listener, whatever B is (spec 2.1 E; tcp_max_syn_backlog = %d)", quarter, msb))
	if !f.p.ReqQFull && !f.p.SynPathCounts {
		fd.Evidence = append(fd.Evidence, fmt.Sprintf("%s counts these drops nowhere (spec 2.1 B, D): the only signs are SYN-RECV at the limit and clients retransmitting SYNs; its log line is printed only when cookies are on (spec 4.3)", f.p.Name))
	} else if f.p.SynPathCounts {
		fd.Evidence = append(fd.Evidence, "each dropped SYN also counts ListenDrops on this kernel (spec 2.1 D)")
	}
	fd.Change = append(fd.Change, "net.ipv4.tcp_syncookies = 1: SYNs that find the SYN queue full get a cookie SYN-ACK instead of being dropped, with no state kept (spec 2.1 B, G)",
		"if the SYNs are real clients, a larger backlog too: "+synQueueAdvice(f.p))
	fd.NotHelp = append(fd.NotHelp, "raising tcp_synack_retries: it keeps the half-open requests longer and the queue fuller")
	if f.p.SynQueue != model.SynQueuePow2 {
		fd.NotHelp = append(fd.NotHelp, fmt.Sprintf("raising net.ipv4.tcp_max_syn_backlog alone: on %s it only moves the last-quarter threshold; the SYN queue's limit is B (spec 2.0)", f.p.Name))
	}
	return []Finding{fd}
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

// requestsExpiring: half-open requests whose SYN-ACKs go unanswered, timing out with the SYN
// queue at its limit (spec 2.4).
func requestsExpiring(f *facts, ls []ListenerView) []Finding {
	to, ok := f.c("TcpExtTCPTimeouts")
	if !ok || to == 0 || !f.p.SynAckCounts {
		return nil
	}
	var out []Finding
	for _, l := range ls {
		if !l.SynQueueFull {
			continue
		}
		fd := Finding{ID: "requests-expiring", Listener: l.Addr,
			Title: "half-open requests are timing out with the SYN queue at its limit: their SYN-ACKs go unanswered",
			Rule:  "kernel-spec.md 2.4 (the request timer, pruning), 4.2 (TCPTimeouts), 2.0"}
		fd.Evidence = append(fd.Evidence, f.amount("TcpExtTCPTimeouts")+" (also counts this machine's own client-side timeouts)",
			fmt.Sprintf("SYN-RECV %d at the limit: %s", l.SynRecv, l.SynQueueRule))
		if v, ok := f.c("TcpRetransSegs"); ok && v > 0 {
			fd.Evidence = append(fd.Evidence, f.amount("TcpRetransSegs")+" (SYN-ACK re-sends among them)")
		}
		retries := f.sys["net.ipv4.tcp_synack_retries"]
		fd.Evidence = append(fd.Evidence, fmt.Sprintf("with tcp_synack_retries %d an unanswered request is re-sent at 1, 3, 7 … s and dropped after %d s; when the queue is at least half full and few requests are young, pruning cuts that to 2 re-sends, dropped after 7 s (spec 2.4 step 3)", retries, expireAfter(f.p, retries)))
		if f.sys["net.ipv4.tcp_syncookies"] == 0 {
			fd.Change = append(fd.Change, "net.ipv4.tcp_syncookies = 1: with the SYN queue full, new SYNs get cookies instead of waiting for these requests to expire")
		}
		fd.Change = append(fd.Change, fmt.Sprintf("a lower tcp_synack_retries (now %d; 2 drops a request after 7 s) frees the queue sooner (spec 2.4)", retries))
		fd.NotHelp = append(fd.NotHelp, "raising tcp_synack_retries: requests that nobody answers would hold the queue longer")
		out = append(out, fd)
	}
	return out
}

// expireAfter is when an unanswered request is dropped: T·(2^(retries+1) − 1), capped per step
// at TCP_RTO_MAX (spec 2.4).
func expireAfter(p *model.Profile, retries int) int {
	t, total := p.TimeoutInit, model.Time(0)
	for i := 0; i <= retries; i++ {
		total += min(t, p.RTOMax)
		t *= 2
	}
	return int(total / model.Second)
}
