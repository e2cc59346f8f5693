package doctor

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ssListen reads `ss -ltn` (with or without -p): State Recv-Q Send-Q Local Peer [Process].
func (p *pasteParser) ssListen(s section) {
	p.obs.ListenersKnown = true
	for _, l := range s.lines {
		f := strings.Fields(l)
		if len(f) < 5 || f[0] != "LISTEN" {
			continue
		}
		rq, err1 := strconv.Atoi(f[1])
		sq, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			continue
		}
		ln := Listener{Addr: f[3], Port: portOf(f[3]), RecvQ: rq, SendQ: sq, SynRecv: -1}
		if len(f) > 5 {
			ln.Process = ssProcess(strings.Join(f[5:], " "))
		}
		p.addListener(ln)
	}
}

// addListener records a listener read from a paste. The same address in a second output (a
// paste holding both `ss -ltn` and `ss -tln`, or one output pasted twice) is the same listener:
// the later reading replaces the earlier, but a backlog or a process it does not show (netstat's
// Send-Q is always 0 for a listener) keeps the one already read.
func (p *pasteParser) addListener(ln Listener) {
	for i := range p.obs.Listeners {
		old := &p.obs.Listeners[i]
		if old.Addr != ln.Addr {
			continue
		}
		if ln.SendQ < 0 {
			ln.SendQ = old.SendQ
		}
		if ln.Process == "" {
			ln.Process = old.Process
		}
		if ln.SynRecv < 0 {
			ln.SynRecv = old.SynRecv
		}
		*old = ln
		return
	}
	p.obs.Listeners = append(p.obs.Listeners, ln)
}

var ssUsersRE = regexp.MustCompile(`\(\("([^"]+)",pid=(\d+)`)

// ssProcess turns ss -p's users:(("nginx",pid=812,fd=6)) into "nginx (pid 812)".
func ssProcess(s string) string {
	if m := ssUsersRE.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("%s (pid %s)", m[1], m[2])
	}
	return ""
}

func portOf(addr string) uint16 {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return 0
	}
	v, _ := strconv.Atoi(addr[i+1:])
	return uint16(v)
}

// ssSynRecv reads `ss -tn state syn-recv` (no State column) or `ss -tan` (with it), counting
// requests by local address:port.
func (p *pasteParser) ssSynRecv(s section) {
	p.synSeen = true
	for _, l := range s.lines {
		f := strings.Fields(l)
		switch {
		case len(f) >= 4 && (f[0] == "SYN-RECV" || f[0] == "SYN_RECV"):
			p.synrecv[f[3]]++
		case len(f) >= 4 && isNumber(f[0]) && isNumber(f[1]):
			p.synrecv[f[2]]++
		}
	}
}

func isNumber(s string) bool { _, err := strconv.Atoi(s); return err == nil }

var sportRE = regexp.MustCompile(`sport\s*(?:=|==|eq)\s*:?(\d+)`)

// synRecvCount reads a count of SYN-RECV requests (`ss -tn state syn-recv | wc -l`), for one
// port when the command filtered on it. `wc -l` counts ss's header line too, unless the command
// dropped it (-H, tail -n +2) or counted with grep -c.
func (p *pasteParser) synRecvCount(s section) {
	n, ok := firstNumber(s.lines)
	if !ok {
		return
	}
	if strings.Contains(s.cmd, "wc -l") && !strings.Contains(s.cmd, " -H") && !strings.Contains(s.cmd, "tail -n +2") && !strings.Contains(s.cmd, "tail -n+2") {
		n = max(0, n-1)
	}
	if m := sportRE.FindStringSubmatch(s.cmd); m != nil {
		port, _ := strconv.Atoi(m[1])
		p.synPort[uint16(port)] = n
		return
	}
	p.synCount, p.synCountN = n, true
}

// synRecvFor counts the requests on a listener: same port, and the same address unless the
// listener is on a wildcard address.
func synRecvFor(l Listener, byAddr map[string]int) int {
	n := 0
	host := l.Addr[:max(0, strings.LastIndexByte(l.Addr, ':'))]
	wild := host == "0.0.0.0" || host == "*" || host == "[::]" || host == "::"
	for a, c := range byAddr {
		if portOf(a) != l.Port {
			continue
		}
		if wild || a == l.Addr || strings.HasPrefix(a, host+":") {
			n += c
		}
	}
	return n
}
