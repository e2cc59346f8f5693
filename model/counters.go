package model

// Counter is one of the kernel's SNMP counters of the server namespace, named as nstat names it.
type Counter uint8

// The counters the model keeps (kernel-spec.md 4.2).
const (
	ListenOverflows Counter = iota
	ListenDrops
	SyncookiesSent
	SyncookiesRecv
	SyncookiesFailed
	ReqQFullDoCookies
	ReqQFullDrop
	EmbryonicRsts
	TCPTimeouts
	TCPSynRetrans
	PassiveOpens
	OutRsts
	RetransSegs
	numCounters
)

var counterNames = [numCounters]string{
	ListenOverflows:   "TcpExtListenOverflows",
	ListenDrops:       "TcpExtListenDrops",
	SyncookiesSent:    "TcpExtSyncookiesSent",
	SyncookiesRecv:    "TcpExtSyncookiesRecv",
	SyncookiesFailed:  "TcpExtSyncookiesFailed",
	ReqQFullDoCookies: "TcpExtTCPReqQFullDoCookies",
	ReqQFullDrop:      "TcpExtTCPReqQFullDrop",
	EmbryonicRsts:     "TcpExtEmbryonicRsts",
	TCPTimeouts:       "TcpExtTCPTimeouts",
	TCPSynRetrans:     "TcpExtTCPSynRetrans",
	PassiveOpens:      "TcpPassiveOpens",
	OutRsts:           "TcpOutRsts",
	RetransSegs:       "TcpRetransSegs",
}

// String is the counter's nstat name.
func (c Counter) String() string {
	if c < numCounters {
		return counterNames[c]
	}
	return "Counter(?)"
}

// reportCounters is the order counters appear in reports (scenario-format.md).
var reportCounters = []Counter{
	ListenOverflows, ListenDrops, SyncookiesSent, SyncookiesRecv, SyncookiesFailed,
	ReqQFullDoCookies, ReqQFullDrop, EmbryonicRsts, TCPTimeouts, TCPSynRetrans,
	PassiveOpens, OutRsts, RetransSegs,
}

// CounterByName finds a counter by its nstat name.
func CounterByName(name string) (Counter, bool) {
	for c, n := range counterNames {
		if n == name {
			return Counter(c), true
		}
	}
	return 0, false
}

// Counters are the values of every counter, indexed by Counter.
type Counters [numCounters]uint64

// Get returns one counter's value.
func (cs Counters) Get(c Counter) uint64 { return cs[c] }
