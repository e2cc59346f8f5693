// Package doctor explains what a real Linux machine's TCP listeners, queues and counters say, in
// the kernel's terms and for the kernel version it runs, using the model's profiles. It reads
// observations (taken live by the kernel package, or parsed from pasted command output) and
// never touches a machine itself, so it is pure and builds for js/wasm.
package doctor

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"synq/model"
)

// Observation is everything seen on one machine (one network namespace). A zero value in a field
// whose Known flag is false means "not seen", never "zero".
type Observation struct {
	Source  string `json:"source"`  // "live" or the pasted file's name
	Release string `json:"release"` // `uname -r`; "" when not seen

	Sysctls map[string]int `json:"sysctls"` // the listener sysctls that were seen, by key

	ListenersKnown bool       `json:"listeners_known"` // an `ss -ltn` (or sock_diag) was seen
	SynRecvKnown   bool       `json:"syn_recv_known"`  // per-listener SYN-RECV counts were seen
	Listeners      []Listener `json:"listeners"`

	// Counters are samples of the namespace's SNMP counters by nstat name, oldest first. Live
	// mode takes one every second of the interval; a paste gives one, without a time.
	Counters []CounterSample `json:"counters"`

	LogKnown bool     `json:"log_known"` // the kernel log was read (it may hold nothing about listeners)
	Log      []string `json:"log"`       // kernel log messages about listeners, prefixes stripped

	Notes []string `json:"notes"` // what could not be read, and why
}

// Listener is one listening socket as `ss -ltn` shows it, with what else was seen about it.
type Listener struct {
	Addr    string `json:"addr"`     // local address:port as ss prints it: "0.0.0.0:80", "[::]:443", "*:80"
	Port    uint16 `json:"port"`     // the local port
	RecvQ   int    `json:"recv_q"`   // children waiting for accept(): the accept queue (spec 4.1)
	SendQ   int    `json:"send_q"`   // the backlog after the somaxconn clamp, B (spec 4.1); -1 unknown (netstat shows 0)
	SynRecv int    `json:"syn_recv"` // half-open requests on this listener (SYN-RECV); -1 unknown
	Process string `json:"process"`  // the owner, "nginx (pid 812)"; "" when not visible
	// Samples are the queues over the interval in live mode, one a second.
	Samples []QueueSample `json:"samples,omitempty"`
}

// QueueSample is one listener's queues at one moment of the interval.
type QueueSample struct {
	At      Seconds `json:"at"`
	RecvQ   int     `json:"recv_q"`
	SynRecv int     `json:"syn_recv"`
}

// CounterSample is the namespace's counters at one moment.
type CounterSample struct {
	At     Seconds           `json:"at"` // since the first sample
	Values map[string]uint64 `json:"values"`
}

// Seconds is a time within the sampling interval; JSON writes it in seconds (1.5).
type Seconds time.Duration

// Seconds gives the time as a number of seconds.
func (s Seconds) Seconds() float64 { return time.Duration(s).Seconds() }

// MarshalJSON writes the time in seconds, to the millisecond.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(math.Round(s.Seconds()*1000)/1000, 'f', -1, 64)), nil
}

// UnmarshalJSON reads a time in seconds.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("a time in seconds: %w", err)
	}
	*s = Seconds(v * float64(time.Second))
	return nil
}

// Sampled reports whether the counters were read more than once, so rates can be given.
func (o *Observation) Sampled() bool { return len(o.Counters) >= 2 }

// SysctlKeys are the listener sysctls the doctor reads (kernel-spec.md 1.1), in report order:
// the server sysctls of the model's table (model.AllSysctls).
var SysctlKeys = func() []string {
	var keys []string
	for _, s := range model.AllSysctls() {
		if !s.Client {
			keys = append(keys, s.Key)
		}
	}
	return keys
}()

// CounterNames are the counters the diagnosis reads, by nstat name (kernel-spec.md 4.2).
var CounterNames = []string{
	"TcpExtListenOverflows", "TcpExtListenDrops",
	"TcpExtSyncookiesSent", "TcpExtSyncookiesRecv", "TcpExtSyncookiesFailed",
	"TcpExtTCPReqQFullDoCookies", "TcpExtTCPReqQFullDrop",
	"TcpPassiveOpens", "TcpExtTCPTimeouts", "TcpExtEmbryonicRsts", "TcpOutRsts",
	"TcpExtTCPSynRetrans", "TcpRetransSegs",
}
