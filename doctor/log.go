package doctor

import (
	"fmt"
	"regexp"
	"strings"

	"synq/model"
)

// floodRE finds the "Possible SYN flooding" message in any version's wording (spec 4.3).
var floodRE = regexp.MustCompile(`(?i)possible SYN flooding on port (\S+?)\. (Sending cookies|Dropping request)\.`)

// AboutListener reports whether a kernel log message is about a listener: the flood line.
func AboutListener(msg string) bool { return floodRE.MatchString(msg) }

// explainLog explains each flood line: which branch printed it on this kernel, what it implies,
// and whether its wording is this kernel's.
func (f *facts) explainLog(ls []ListenerView) []LogLine {
	var out []LogLine
	seen := map[string]int{} // a line repeated is explained once, with its count
	for _, line := range f.obs.Log {
		m := floodRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if i, ok := seen[line]; ok {
			out[i].Count++
			continue
		}
		seen[line] = len(out)
		ll := LogLine{Line: line, Count: 1, Listener: m[1], Action: m[2]}
		ll.Explanation = append(ll.Explanation, f.branch(m[2])...)
		ll.Explanation = append(ll.Explanation, f.scope())
		ll.Explanation = append(ll.Explanation, f.wording(line, m[1], m[2]))
		named := false
		for _, l := range ls {
			if l.Addr == m[1] || fmt.Sprint(l.Port) == m[1] || strings.HasSuffix(m[1], fmt.Sprintf(":%d", l.Port)) {
				ll.Explanation = append(ll.Explanation, fmt.Sprintf("it names the listener %s (the listening port, never the client's, spec 4.3)", l.Addr))
				named = true
				break
			}
		}
		if !named && f.obs.ListenersKnown {
			ll.Explanation = append(ll.Explanation, "it names no listener seen here: one since closed, or (the log being the machine's) one in another network namespace")
		}
		out = append(out, ll)
	}
	return out
}

// branch says which decision printed the line and what follows from it (spec 2.1 B).
func (f *facts) branch(action string) []string {
	if strings.EqualFold(action, "Sending cookies") {
		out := []string{"printed by the SYN-queue-full branch with tcp_syncookies on (spec 2.1 B): a SYN found the SYN queue full; it and the SYNs after it that find it full get a cookie SYN-ACK and are not queued (spec 2.1 G)"}
		if f.p.ReqQFull {
			out = append(out, "each such SYN counts TCPReqQFullDoCookies, and each cookie sent SyncookiesSent (spec 4.2); whether they come back (SyncookiesRecv) tells real clients from spoofed ones")
		} else {
			out = append(out, "this kernel has no TCPReqQFull counters (3.1+); SyncookiesSent counts the cookies (spec 4.2)")
		}
		out = append(out, "a cookie does not bypass a full accept queue (spec 2.1 C)")
		return out
	}
	out := []string{"printed by the SYN-queue-full branch with tcp_syncookies 0 (spec 2.1 B): SYNs that find the SYN queue full are dropped silently and the clients must retransmit (" + SynSchedule(f.p) + " for this kernel's clients, spec 2.7)"}
	if f.p.ReqQFull {
		out = append(out, "each such SYN counts TCPReqQFullDrop (and ListenDrops on 3.10+, spec 4.2)")
	}
	if f.p.Log.CookiesOnly {
		out = append(out, fmt.Sprintf("but %s never prints \"Dropping request\" (it logs only when sending cookies, spec 4.3): this line comes from another kernel", f.p.Name))
	}
	return out
}

// scope says how often this kernel prints the line, so what one line does and does not tell.
func (f *facts) scope() string {
	s := ""
	switch f.p.Log.Scope {
	case model.LogOncePerListener:
		s = fmt.Sprintf("%s prints it once per listener, at its first overflow (4.4+: never again for that socket; 5.10+: also rate-limited, so it can be lost for good): it dates the first overflow, not how long or how often — the counters tell that (spec 4.3)", f.p.Name)
	case model.LogEveryOverflow:
		s = fmt.Sprintf("%s prints it on every overflow, rate-limited by net_ratelimit (spec 4.3)", f.p.Name)
	case model.LogGlobalMinute:
		s = fmt.Sprintf("%s prints it at most once a minute for the whole machine, and only when cookies are on (spec 4.3): one line may stand for many overflows on several listeners", f.p.Name)
	}
	if f.p.Log.Mode2Silent {
		s += "; never in tcp_syncookies mode 2"
	}
	return s
}

// wording compares the line with this kernel's format (spec 4.3).
func (f *facts) wording(line, where, action string) string {
	want := fmt.Sprintf(f.p.Log.Format, where, action)
	if strings.HasSuffix(strings.TrimSpace(line), want) {
		return fmt.Sprintf("the wording is exactly %s's", f.p.Name)
	}
	return fmt.Sprintf("the wording is not %s's (%q): the line may come from another kernel (spec 4.3 gives each version's text)", f.p.Name, want)
}
