package doctor

import (
	"regexp"
	"strconv"
	"strings"
)

// nstat reads `nstat -az` (or `nstat -a`): name, value, rate.
func (p *pasteParser) nstat(s section) {
	if p.counters == nil {
		p.counters = map[string]uint64{}
	}
	for _, l := range s.lines {
		f := strings.Fields(l)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if v, err := strconv.ParseUint(f[1], 10, 64); err == nil {
			p.counters[f[0]] = v
		}
	}
	if !strings.Contains(s.cmd, "-a") && s.cmd != "" {
		p.note("`%s` without -a prints the changes since the last nstat run, not totals; the values were read as totals", s.cmd)
	}
}

// netstatWords maps net-tools `netstat -s` sentences to nstat names (net-tools statistics.c, in
// the wordings of old and new versions, spec 4.2), by section.
var netstatWords = map[string][]struct{ text, name string }{
	"Tcp": {
		{"passive connection openings", "TcpPassiveOpens"},
		{"resets sent", "TcpOutRsts"},
		{"segments retransmitted", "TcpRetransSegs"},
		{"segments retransmited", "TcpRetransSegs"},
	},
	"TcpExt": {
		{"times the listen queue of a socket overflowed", "TcpExtListenOverflows"},
		{"SYNs to LISTEN sockets dropped", "TcpExtListenDrops"},
		{"SYNs to LISTEN sockets ignored", "TcpExtListenDrops"},
		{"invalid SYN cookies received", "TcpExtSyncookiesFailed"},
		{"SYN cookies sent", "TcpExtSyncookiesSent"},
		{"SYN cookies received", "TcpExtSyncookiesRecv"},
		{"resets received for embryonic SYN_RECV sockets", "TcpExtEmbryonicRsts"},
		{"other TCP timeouts", "TcpExtTCPTimeouts"},
	},
}

// netstatZero are the TcpExt counters net-tools has sentences for: it leaves them out when zero,
// so a TcpExt section without one means zero.
var netstatZero = []string{"TcpExtListenOverflows", "TcpExtListenDrops", "TcpExtSyncookiesSent",
	"TcpExtSyncookiesRecv", "TcpExtSyncookiesFailed", "TcpExtEmbryonicRsts", "TcpExtTCPTimeouts",
	"TcpExtTCPReqQFullDoCookies", "TcpExtTCPReqQFullDrop"}

var leadNumberRE = regexp.MustCompile(`^(\d+)\s+(.*)$`)

// netstatS reads `netstat -s`: sections "Tcp:", "TcpExt:", lines "N sentence" or "Name: N".
func (p *pasteParser) netstatS(s section) {
	if p.counters == nil {
		p.counters = map[string]uint64{}
	}
	group := ""
	for _, l := range s.lines {
		if l == "" {
			continue
		}
		if l[0] != ' ' && l[0] != '\t' && strings.HasSuffix(strings.TrimSpace(l), ":") {
			group = strings.TrimSuffix(strings.TrimSpace(l), ":")
			if group == "TcpExt" {
				for _, n := range netstatZero {
					if _, ok := p.counters[n]; !ok {
						p.counters[n] = 0
					}
				}
			}
			continue
		}
		t := strings.TrimSpace(l)
		// Without a section header (`netstat -s | grep ...`) the sentences of both groups are
		// tried, and "Name: N" lines are TcpExt's, the group that prints them.
		groups := []string{group}
		if group == "" {
			groups = []string{"TcpExt", "Tcp"}
		}
		if m := leadNumberRE.FindStringSubmatch(t); m != nil {
			v, _ := strconv.ParseUint(m[1], 10, 64)
		words:
			for _, g := range groups {
				for _, w := range netstatWords[g] {
					if strings.HasPrefix(m[2], w.text) {
						p.counters[w.name] = v
						break words
					}
				}
			}
			continue
		}
		if name, val, ok := strings.Cut(t, ": "); ok && !strings.Contains(name, " ") {
			if v, err := strconv.ParseUint(strings.TrimSpace(val), 10, 64); err == nil {
				p.counters[groups[0]+name] = v
			}
		}
	}
}

// netstatListen reads `netstat -ltn`: its Send-Q is 0 for a listener (spec 4.1), so the backlog
// stays unknown.
func (p *pasteParser) netstatListen(s section) {
	p.obs.ListenersKnown = true
	for _, l := range s.lines {
		f := strings.Fields(l)
		if len(f) < 6 || !strings.HasPrefix(f[0], "tcp") || f[5] != "LISTEN" {
			continue
		}
		rq, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		p.addListener(Listener{Addr: f[3], Port: portOf(f[3]), RecvQ: rq, SendQ: -1, SynRecv: -1})
	}
	p.note("`netstat -ltn` shows Send-Q 0 for listeners (spec 4.1): the backlogs are unknown; paste `ss -ltn` for them")
}
