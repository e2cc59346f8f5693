package model

// Scenario is one experiment, already validated and with every default filled in: the server's
// settings, the application's accept() behaviour, the traffic and the moments to look. It is
// what the scenario file format (package model/scenario) decodes to, what lessons build, and
// what both the model and the real-kernel engine run.
type Scenario struct {
	Name        string
	Description string
	Profile     *Profile // the kernel being modelled
	// ProfileGiven tells a file that names its profile from one that took the default.
	ProfileGiven bool
	Seed         int64
	Duration     Time
	Server       Server
	Client       Client
	Network      Network
	Traffic      []Traffic
	Changes      []Change // adjustments made while it runs (lesson steps, knobs), in time order
	Observe      []Time   // checkpoints in increasing order; the last one is always Duration
}

// Server is the listening side: its sysctls, its listen() call and its accept() loop.
type Server struct {
	Sysctl  ServerSysctl
	Port    uint16
	Backlog int // the argument to listen(), before the somaxconn clamp
	App     []AppStep
}

// Client is the genuine clients' side.
type Client struct {
	Sysctl ClientSysctl
}

// Network is the wire between the hosts.
type Network struct {
	Delay Time // one-way delay, both directions
}

// AcceptMode is what the application's accept() loop does.
type AcceptMode uint8

// Accept modes.
const (
	AcceptNone AcceptMode = iota // never calls accept()
	AcceptAll                    // accepts every connection as soon as it is queued
	AcceptRate                   // accepts at most Rate a second: after each accept() it pauses 1/Rate
)

// String gives the mode as scenario files write it.
func (m AcceptMode) String() string {
	switch m {
	case AcceptAll:
		return "all"
	case AcceptRate:
		return "rate"
	}
	return "none"
}

// AppStep changes the accept() loop from time At on.
type AppStep struct {
	At   Time
	Mode AcceptMode
	Rate Rate // AcceptRate only
}

// TrafficKind tells genuine clients from flood sources.
type TrafficKind uint8

// Traffic kinds.
const (
	Connect TrafficKind = iota // genuine clients: connect() with a full client stack
	Flood                      // spoofed SYNs from sources that never answer
)

// String gives the kind as scenario files write it.
func (k TrafficKind) String() string {
	if k == Flood {
		return "flood"
	}
	return "connect"
}

// Traffic is one entry of the scenario's traffic list.
type Traffic struct {
	Kind    TrafficKind
	At      Time
	Count   int
	Rate    Rate // 0: all at At
	Send    int  // Connect: bytes written right after connect(), 0 for none
	Options SynOptions
}

// SynOptions are the TCP options a SYN carries.
type SynOptions struct {
	MSS    uint16 // 0: no MSS option
	WScale int8   // -1: no window-scale option
	SACK   bool   // SACK-permitted
	TS     bool   // timestamps
}

// DefaultFloodOptions is what a flood SYN carries when the scenario names no options.
var DefaultFloodOptions = SynOptions{MSS: 1460, WScale: -1}

// Fixed addresses, so that runs are comparable (scenario-format.md).
var (
	ServerAddr = [4]byte{198, 18, 0, 1}
	ClientAddr = [4]byte{198, 18, 0, 2}
	FloodNet   = [2]byte{198, 19} // flood sources are drawn from 198.19.0.0/16
)

// Limits on what one scenario may ask of the model, so a run stays within memory and time.
const (
	MaxDuration       = Hour
	MaxClients        = 28_232      // genuine clients together: one ephemeral port each (32768–60999)
	MaxFloodSYNs      = 200_000_000 // flood SYNs in all entries together
	MaxRate           = 10_000_000  // per second, for any rate
	MaxSend           = 1448        // one segment of MSS 1460 with timestamps
	MaxCheckpoints    = 1000
	MaxTrafficEntries = 1000
	MaxChanges        = 1 << 20 // changes in one run, the scenario's and those applied
)
