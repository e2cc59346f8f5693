package doctor

import (
	"fmt"

	"synq/model"
)

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
		return "on this kernel (" + synQueueGTWhere(p) + ") the SYN queue holds B+1 requests"
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
