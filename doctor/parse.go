package doctor

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
) // kind is which command's output a piece of pasted text is.
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

// MaxPasteBytes bounds one pasted text (a file, standard input, the page's paste box):
// `sysctl -a`, `netstat -s` and a whole `dmesg` of a busy server take a few MB at most.
const MaxPasteBytes = 16 << 20

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
