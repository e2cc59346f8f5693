package lessons

import (
	"fmt"
	"strings"

	"synq/model"
)

// Evidence is what proves a step's point, in the kernel's own output: the UI shows it next to
// the narration, read from the running model.
type Evidence struct {
	Counters []string // nstat counters, by their nstat names
	Netstat  []string // counters as `netstat -s` words them (only those with known wording)
	SS       bool     // the listener's line of `ss -ltn`
	SynRecv  bool     // the count of `ss -tn state syn-recv`
	Log      []string // kernel log text: each must appear in a line by the step's end (a check)
	Cookie   bool     // the last cookie SYN-ACK, taken apart

	checks []*Check // one per Log entry
}

// netstatWords is the wording of `netstat -s` (net-tools) for the counters it names
// (kernel-spec.md 4.2). Zero counters are not printed.
var netstatWords = map[string]string{
	"TcpExtListenOverflows":  "%d times the listen queue of a socket overflowed",
	"TcpExtListenDrops":      "%d SYNs to LISTEN sockets dropped",
	"TcpExtSyncookiesSent":   "%d SYN cookies sent",
	"TcpExtSyncookiesRecv":   "%d SYN cookies received",
	"TcpExtSyncookiesFailed": "%d invalid SYN cookies received",
	"TcpExtEmbryonicRsts":    "%d resets received for embryonic SYN_RECV sockets",
}

// NetstatLine is a counter as `netstat -s` prints it, or "" when netstat prints nothing for it
// (a zero counter, or one the kernel does not have).
func NetstatLine(s *Snapshot, counter string) string {
	v, ok := s.Checkpoint.Nstat.Get(counter)
	w, known := netstatWords[counter]
	if !ok || !known || v == 0 {
		return ""
	}
	return "    " + fmt.Sprintf(w, v)
}

// Lines renders the evidence from a snapshot, as the commands would print it.
func (e *Evidence) Lines(s *Snapshot) []string {
	var out []string
	if e.SS {
		out = append(out, "$ ss -ltn",
			"State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port",
			fmt.Sprintf("LISTEN  %-7d %-7d %s       0.0.0.0:*", s.Checkpoint.Listener.RecvQ, s.Checkpoint.Listener.SendQ, model.ListenAddr(s.Port)))
	}
	if e.SynRecv {
		out = append(out, "$ ss -tn state syn-recv | tail -n +2 | wc -l", fmt.Sprint(s.Checkpoint.SynRecv))
	}
	if len(e.Counters) > 0 {
		out = append(out, "$ nstat -az "+strings.Join(e.Counters, " "))
		for _, c := range e.Counters {
			if v, ok := s.Checkpoint.Nstat.Get(c); ok {
				out = append(out, fmt.Sprintf("%-32s%d", c, v))
			} else {
				out = append(out, fmt.Sprintf("%-32s(not in %s)", c, s.Profile))
			}
		}
	}
	if len(e.Netstat) > 0 {
		out = append(out, "$ netstat -s")
		for _, c := range e.Netstat {
			if l := NetstatLine(s, c); l != "" {
				out = append(out, l)
			}
		}
	}
	if len(e.Log) > 0 {
		out = append(out, "$ dmesg")
		if len(s.Checkpoint.Log) == 0 {
			out = append(out, "(nothing about this listener)")
		}
		out = append(out, s.Checkpoint.Log...)
	}
	if e.Cookie && s.Cookie != nil {
		c := s.Cookie
		out = append(out, fmt.Sprintf("syncookie made at %s for %s port %d (%s)", c.At, c.Peer, c.PeerPort, c.Hash),
			fmt.Sprintf("  ISN %#08x = H1 %#08x + client ISN %#08x + count %d << 24 + ((H2 %#08x + MSS index %d) mod 2^24)",
				c.ISN, c.H1, c.ClientISN, c.Count, c.H2, c.MSSIndex),
			fmt.Sprintf("  MSS index %d: %d in the table %v", c.MSSIndex, c.MSS, c.MSSTable))
		if w, sack, ecn, ok := cookieTS(c); ok {
			out = append(out, fmt.Sprintf("  TSval %#08x: low %d bits %#x = wscale %d, sack %t, ecn %t", c.TSval, c.TSBits, c.Options, w, sack, ecn))
		} else {
			out = append(out, "  no timestamp: only the MSS survives (no window scaling, no SACK)")
		}
	}
	return out
}

// Empty reports whether the step shows no evidence.
func (e *Evidence) Empty() bool {
	return len(e.Counters) == 0 && len(e.Netstat) == 0 && !e.SS && !e.SynRecv && len(e.Log) == 0 && !e.Cookie
}
