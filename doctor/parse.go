package doctor

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// kind is which command's output a piece of pasted text is.
type kind uint8

const (
	kindUnknown kind = iota
	kindSSListen
	kindSSSynRecv
	kindSynRecvCount
	kindNstat
	kindNetstatS
	kindNetstatListen
	kindSysctl
	kindSysctlValue // `cat /proc/sys/...`: a bare number
	kindUname
	kindDmesg
)

// section is one command's output in a paste, with the command line when there was one.
type section struct {
	cmd   string
	kind  kind
	key   string // kindSysctlValue: the sysctl
	lines []string
}

// promptRE strips what precedes a command on a pasted prompt line: "# ", "$ ", "> ",
// "[root@host ~]# ", "user@host:~$ ", "host# ".
var promptRE = regexp.MustCompile(`^\s*(?:\[[^\]]*\]\s*[#$]|[\w.-]+@[\w.-]+(?::[^\s#$]*)?\s*[#$]|[\w.-]+[#$]|[#$>%])\s*(.*)$`)

// commands are the first words of the command lines the parser recognises.
var commands = map[string]bool{"ss": true, "netstat": true, "nstat": true, "sysctl": true, "uname": true, "dmesg": true,
	"cat": true, "journalctl": true, "grep": true, "sudo": true}

// commandLine returns the command on a line that looks like one, or "".
func commandLine(line string) string {
	cmd := strings.TrimSpace(line)
	if m := promptRE.FindStringSubmatch(line); m != nil {
		cmd = strings.TrimSpace(m[1])
	}
	w := strings.Fields(cmd)
	if len(w) == 0 {
		return ""
	}
	if w[0] == "sudo" && len(w) > 1 {
		w = w[1:]
	}
	if !commands[w[0]] {
		return ""
	}
	// A command's second word is an option, a path or a pipe (or ss's "state"); data lines
	// that start with one of these words are followed by something else.
	if len(w) > 1 && !strings.ContainsAny(w[1][:1], "-/|") && w[0] != "grep" && w[1] != "state" && w[0] != "sysctl" {
		return ""
	}
	return cmd
}

// classify names a command line's kind.
func classify(cmd string) (kind, string) {
	c := " " + cmd + " "
	switch {
	case strings.Contains(c, "syn-recv") || strings.Contains(c, "SYN_RECV") || strings.Contains(c, "syn_recv"):
		if strings.Contains(c, "wc -l") || strings.Contains(c, "grep -c") {
			return kindSynRecvCount, ""
		}
		return kindSSSynRecv, ""
	case strings.Contains(c, " ss "):
		return kindSSListen, ""
	case strings.Contains(c, "nstat"):
		return kindNstat, ""
	case strings.Contains(c, "netstat") && strings.Contains(c, " -s"):
		return kindNetstatS, ""
	case strings.Contains(c, "netstat"):
		return kindNetstatListen, ""
	case strings.Contains(c, "sysctl"):
		return kindSysctl, ""
	case strings.Contains(c, "uname"):
		return kindUname, ""
	case strings.Contains(c, "dmesg") || strings.Contains(c, "journalctl") || strings.Contains(c, "/var/log/"):
		return kindDmesg, ""
	case strings.Contains(c, "/proc/sys/"):
		i := strings.Index(cmd, "/proc/sys/")
		path := strings.Fields(cmd[i+len("/proc/sys/"):])[0]
		return kindSysctlValue, strings.ReplaceAll(path, "/", ".")
	}
	return kindUnknown, ""
}

// sniff names a section's kind from its content, for text pasted without its command line.
func sniff(lines []string) kind {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			continue
		case strings.HasPrefix(t, "State") && strings.Contains(t, "Recv-Q"), strings.HasPrefix(t, "LISTEN "):
			return kindSSListen
		case strings.HasPrefix(t, "Recv-Q") && strings.Contains(t, "Send-Q"):
			return kindSSSynRecv
		case t == "#kernel":
			return kindNstat
		case t == "Ip:" || t == "Tcp:" || t == "TcpExt:" || t == "Icmp:":
			return kindNetstatS
		case strings.HasPrefix(t, "Active Internet connections"), strings.HasPrefix(t, "Proto Recv-Q"):
			return kindNetstatListen
		case sysctlRE.MatchString(t):
			return kindSysctl
		case AboutListener(t):
			return kindDmesg
		case unameRE.MatchString(t):
			return kindUname
		}
		return kindUnknown
	}
	return kindUnknown
}

var (
	sysctlRE = regexp.MustCompile(`^([a-z0-9_]+(?:\.[\w.-]+)+)\s*[=:]\s*(-?\d+)\s*$`)
	unameRE  = regexp.MustCompile(`^\d+\.\d+(\.\d+)?[-.+\w]*$`)
	// kernelLogRE strips "[12345.678901] ", "kernel: " (syslog, journalctl) and similar prefixes.
	kernelLogRE = regexp.MustCompile(`^(?:.*?\bkernel:\s*)?(?:\[\s*\d+\.\d+\]\s*)?(.*)$`)
)

// Parse reads pasted command output (one command's output or several, each preceded by its
// command line) into an observation. name is where the text came from. Text it cannot place is
// reported in the observation's notes, not as an error; an error means nothing usable was found.
func Parse(name, text string) (*Observation, error) {
	return ParseFiles(name, []File{{Name: name, Text: text}})
}

// File is one pasted text: a file of a directory, or standard input.
type File struct{ Name, Text string }

// ParseFiles reads several pasted texts (the files of a directory, one command's output or
// several each) into one observation; source names them all. A file whose text has no command
// line and whose content says nothing is placed by its name ("uname-r.txt", "dmesg.log").
func ParseFiles(source string, files []File) (*Observation, error) {
	obs := &Observation{Source: source, Sysctls: map[string]int{}}
	p := &pasteParser{obs: obs, synrecv: map[string]int{}, synPort: map[uint16]int{}}
	for _, f := range files {
		secs := split(f.Text)
		if len(secs) == 1 && secs[0].kind == kindUnknown && nonBlank(secs[0].lines) > 0 && len(files) > 1 {
			p.note("%s was not used: it is none of the outputs synq doctor reads", f.Name)
			continue
		}
		if len(secs) > 0 && secs[0].cmd == "" && secs[0].kind == kindUnknown {
			base := f.Name[strings.LastIndexAny(f.Name, `/\`)+1:]
			secs[0].kind, secs[0].key = classify(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(base))
			if secs[0].kind == kindSysctlValue || secs[0].kind == kindSynRecvCount {
				secs[0].kind = kindUnknown // a file name cannot say which sysctl or listener
			}
		}
		for _, s := range secs {
			p.section(s)
		}
	}
	p.finish()
	name := source
	if obs.Release == "" && len(obs.Sysctls) == 0 && !obs.ListenersKnown && len(obs.Counters) == 0 && !obs.LogKnown {
		return nil, fmt.Errorf("%s: found none of the outputs synq doctor reads; allowed: the text of `ss -ltn`, `ss -tn state syn-recv`, `nstat -az`, `netstat -s`, `sysctl -a`, `uname -r` and `dmesg`, one after another, each preceded by its command line (\"# ss -ltn\")", name)
	}
	return obs, nil
}

// split cuts a paste at its command lines; text before the first one (or a paste with none)
// is one section whose kind comes from its content.
func split(text string) []section {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []section
	cur := section{}
	for _, line := range strings.Split(text, "\n") {
		if cmd := commandLine(line); cmd != "" {
			out = append(out, cur)
			cur = section{cmd: cmd}
			cur.kind, cur.key = classify(cmd)
			continue
		}
		cur.lines = append(cur.lines, line)
	}
	out = append(out, cur)
	for i := range out {
		if out[i].kind == kindUnknown {
			out[i].kind = sniff(out[i].lines)
		}
	}
	return out
}

type pasteParser struct {
	obs       *Observation
	counters  map[string]uint64
	synrecv   map[string]int // local address:port → SYN-RECV requests
	synSeen   bool
	synCount  int // a bare `| wc -l` count, not per listener
	synCountN bool
	synPort   map[uint16]int // counts of `ss -tn state syn-recv sport = :443 | wc -l`, by port
}

func (p *pasteParser) note(format string, args ...any) {
	p.obs.Notes = append(p.obs.Notes, fmt.Sprintf(format, args...))
}

func (p *pasteParser) section(s section) {
	switch s.kind {
	case kindSSListen:
		p.ssListen(s)
	case kindSSSynRecv:
		p.ssSynRecv(s)
	case kindSynRecvCount:
		p.synRecvCount(s)
	case kindNstat:
		p.nstat(s)
	case kindNetstatS:
		p.netstatS(s)
	case kindNetstatListen:
		p.netstatListen(s)
	case kindSysctl:
		for _, l := range s.lines {
			if m := sysctlRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				if v, err := strconv.Atoi(m[2]); err == nil {
					p.obs.Sysctls[m[1]] = v
				}
			}
		}
	case kindSysctlValue:
		if n, ok := firstNumber(s.lines); ok {
			p.obs.Sysctls[s.key] = n
		}
	case kindUname:
		for _, l := range s.lines {
			if t := strings.TrimSpace(l); t != "" {
				if f := strings.Fields(t); len(f) >= 3 && f[0] == "Linux" { // `uname -a`
					t = f[2]
				}
				p.obs.Release = t
				break
			}
		}
	case kindDmesg:
		p.obs.LogKnown = true
		for _, l := range s.lines {
			if AboutListener(l) {
				p.obs.Log = append(p.obs.Log, kernelLogRE.FindStringSubmatch(strings.TrimSpace(l))[1])
			}
		}
	default:
		if s.cmd != "" {
			p.note("the output of `%s` was not used: synq doctor reads ss, netstat, nstat, sysctl, uname and dmesg", s.cmd)
		} else if nonBlank(s.lines) > 0 {
			p.note("%d lines before the first recognised command line were not recognised and not used", nonBlank(s.lines))
		}
	}
}

func nonBlank(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

func firstNumber(lines []string) (int, bool) {
	for _, l := range lines {
		if v, err := strconv.Atoi(strings.TrimSpace(l)); err == nil {
			return v, true
		}
	}
	return 0, false
}

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
		p.obs.Listeners = append(p.obs.Listeners, ln)
	}
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
		p.obs.Listeners = append(p.obs.Listeners, Listener{Addr: f[3], Port: portOf(f[3]), RecvQ: rq, SendQ: -1, SynRecv: -1})
	}
	p.note("`netstat -ltn` shows Send-Q 0 for listeners (spec 4.1): the backlogs are unknown; paste `ss -ltn` for them")
}

// finish attaches the SYN-RECV counts to the listeners and the counters to the observation.
func (p *pasteParser) finish() {
	o := p.obs
	if p.counters != nil {
		o.Counters = []CounterSample{{Values: p.counters}}
	}
	if p.synSeen {
		o.SynRecvKnown = true
		for i := range o.Listeners {
			o.Listeners[i].SynRecv = synRecvFor(o.Listeners[i], p.synrecv)
		}
	} else if len(p.synPort) > 0 {
		for i, l := range o.Listeners {
			if n, ok := p.synPort[l.Port]; ok {
				o.Listeners[i].SynRecv = n
				o.SynRecvKnown = true
			}
		}
	} else if p.synCountN {
		// One count for the machine: it belongs to a listener only when there is one.
		if len(o.Listeners) == 1 {
			o.SynRecvKnown = true
			o.Listeners[0].SynRecv = p.synCount
		} else {
			p.note("`ss -tn state syn-recv | wc -l` gave %d (the header line included, if it was not removed) for the whole machine; paste the list itself to see them per listener", p.synCount)
		}
	}
	sort.Strings(o.Notes)
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
