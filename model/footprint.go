package model

import (
	"fmt"
	"math"
	"math/bits"
	"unsafe"
)

// MemoryLimit is the most memory one run of the model may need, as Estimate counts it, for a
// scenario file, a lesson or `synq compare` (which runs the model once more to generate the
// kernel engine's traffic): 4 GiB, so that the largest run the limits allow, even twice over,
// leaves a 24 GB machine room to spare. The page has a lower limit of its own (web/params).
const MemoryLimit = 4 << 30

// PageMemoryLimit is the most memory the training page lets its runs need: 512 MB. A
// WebAssembly page has at most 4 GB of address space, its memory never shrinks, and a browser
// tab on a phone or a busy laptop is killed long before that; the built-in scenarios need
// about a tenth of this limit, a fifth side by side, snapshots included.
const PageMemoryLimit = 512 << 20

// What one item of the model's state takes, in bytes: the sizes of the model's own types, so
// that they stay true when a type changes. Estimate multiplies the worst-case count of each by
// these; TestEstimateBoundsPeak measures runs against the result.
const (
	packetBytes  = int64(unsafe.Sizeof(Packet{}))   // a packet on the wire (the ring of wire)
	requestBytes = int64(unsafe.Sizeof(request{}))  // a half-open request (server.reqs)
	slotBytes    = int64(unsafe.Sizeof(connSlot{})) // an entry of the request lookup table
	eventBytes   = int64(unsafe.Sizeof(event{}))    // a scheduled event (the event heap)
	clientBytes  = int64(unsafe.Sizeof(client{}))   // a genuine client (Sim.clients)
	indexBytes   = int64(unsafe.Sizeof(int32(0)))   // a free request slot, an accept-queue entry, a sweep bucket entry
	changeBytes  = int64(unsafe.Sizeof(Change{}))
	stepBytes    = int64(unsafe.Sizeof(AppStep{}))
	streamBytes  = int64(unsafe.Sizeof(Traffic{}) + unsafe.Sizeof(trafficState{}))
	bucketBytes  = int64(unsafe.Sizeof([]int32(nil))) // ≤4.3: one bucket of the request table
	traceBytes   = int64(unsafe.Sizeof(Event{}))
	logLineBytes = int64(unsafe.Sizeof(LogLine{})) + 128 // the line and its text
)

// Growth and garbage. A slice that grows by append holds up to twice its items (small) or
// 1.25 times (large), and while it is copied the old array is live too: at most 3 times the
// items' bytes. The packet ring and the lookup table double, with the same copy. Then the Go
// collector lets the heap reach twice what is live (GOGC=100) before it reclaims the arrays
// that growth left behind. peakFactor is the product, applied to everything that grows.
const (
	growthFactor = 3
	gcFactor     = 2
	peakFactor   = growthFactor * gcFactor
)

// Bounds on what one genuine client can have pending at once, beyond its own slot. Its SYNs,
// the SYN-ACKs and RSTs that answer them and its data segment are at least TCP_RTO_MIN apart
// while they are on the wire (each side sends on a timer or in answer to a segment); its
// timers leave at most a few stale events behind in the heap.
const (
	clientPacketsPerDelay = 2 // per direction, each TCP_RTO_MIN of network delay, plus two
	clientEvents          = 8
)

// Footprint is an upper bound on what one run of a scenario holds at once, and the memory it
// needs for that. Estimate works it out before the run, from the scenario alone.
type Footprint struct {
	InFlight int64 // packets on the wire at once
	// InFlightEntry is the traffic entry (index into Scenario.Traffic) that puts the most
	// packets on the wire at once; -1 when none does.
	InFlightEntry int64
	Requests      int64 // half-open requests (request socks) at once
	Clients       int64 // genuine clients
	Events        int64 // scheduled events at once, stale ones included
	SynTable      int64 // ≤4.3: buckets of the request table, sized at the first listen()

	// Bytes is the most memory the run can take, growth and the collector's garbage included.
	Bytes int64
	// StateBytes is what the run holds live at its largest: what a Clone of it copies.
	StateBytes int64
	// WireBytes and RequestsBytes are the parts of Bytes that the packets in flight and the
	// half-open requests take.
	WireBytes, RequestsBytes int64
	// PacketBytes and RequestBytes are the most that one packet in flight or one half-open
	// request adds to Bytes, so that a caller can say how many would fit.
	PacketBytes, RequestBytes int64

	stateWire, stateRequests int64 // the parts of StateBytes that WireBytes and RequestsBytes count
	stateRequest             int64 // what one request adds to StateBytes, at most
}

// Kept is the footprint of runs runs of the scenario side by side, each keeping copies clones of
// its state as it goes (the app's timeline keeps snapshots to go back in time): what the page
// needs to show them. Each clone is counted at the run's largest state, and an eighth more for
// the heap's rounding and bookkeeping: a clone's arrays are allocated once at their size and
// never grow, so the collector's slack for growing arrays, counted in Bytes, does not apply.
func (f Footprint) Kept(runs, copies int64) Footprint {
	g := f
	copies += copies / 8
	g.Bytes = mulSat(runs, addSat(f.Bytes, mulSat(copies, f.StateBytes)))
	g.StateBytes = mulSat(runs, mulSat(copies+1, f.StateBytes))
	g.WireBytes = mulSat(runs, addSat(f.WireBytes, mulSat(copies, f.stateWire)))
	g.RequestsBytes = mulSat(runs, addSat(f.RequestsBytes, mulSat(copies, f.stateRequests)))
	g.PacketBytes = mulSat(runs, f.PacketBytes+copies*2*packetBytes) // the ring holds up to twice what is in flight
	g.RequestBytes = mulSat(runs, f.RequestBytes+copies*f.stateRequest)
	return g
}

// Estimate works out the footprint of a run of sc (validated, defaults filled in) with the
// default trace window. Every count is a worst case over the whole run: the largest queue
// limit any change sets, every traffic stream at once.
func Estimate(sc *Scenario) Footprint {
	f := Footprint{InFlightEntry: -1}
	if sc.Profile == nil {
		return f // not a runnable scenario: New refuses it
	}
	k := knobsOf(sc)
	streams := trafficStreams(sc)

	var floodArrivals, clients int64
	life := requestLifetime(sc.Profile, k.synackRetries)
	var most int64
	for _, t := range streams {
		in := inFlight(t, sc.Network.Delay)
		if t.Kind == Flood {
			f.InFlight = addSat(f.InFlight, in)
			floodArrivals = addSat(floodArrivals, within(t, life))
			if in > most && t.entry >= 0 {
				most, f.InFlightEntry = in, int64(t.entry)
			}
		} else {
			clients = addSat(clients, int64(t.Count))
		}
	}
	f.Clients = min(clients, MaxClients)
	perClient := 2 * (clientPacketsPerDelay*int64(sc.Network.Delay/max(sc.Profile.RTOMin, Millisecond)) + 2)
	f.InFlight = addSat(f.InFlight, f.Clients*perClient)

	limit := requestLimit(sc.Profile, k, sc.Server.Sysctl.MaxSynBacklog, sc.Server.Backlog, sc.Server.Sysctl.Somaxconn)
	f.Requests = min(limit, addSat(floodArrivals, f.Clients))
	if sc.Profile.SynQueue == SynQueuePow2 && !sc.Profile.BSD {
		f.SynTable = synTableSize(clampBacklog(sc.Profile, sc.Server.Backlog, sc.Server.Sysctl.Somaxconn), sc.Server.Sysctl.MaxSynBacklog)
	}
	others := int64(len(streams) + len(sc.Server.App) + len(sc.Changes) + 16)
	f.Events = addSat(f.Requests, f.Clients*clientEvents+others)

	ring := pow2AtLeast(max(64, f.InFlight))
	slots := pow2AtLeast(max(connTableMin, 2*f.Requests+2)) // at most half full (connTable.set)
	logLines := 10 * (int64(sc.Duration/(5*Second)) + 2)    // spec 4.3: at most net_ratelimit's 10 lines each 5 s
	perRequest := requestBytes + indexBytes + eventBytes
	if f.SynTable > 0 {
		perRequest += 4 * indexBytes // its bucket's share of small arrays
	}
	fixed := int64(DefaultTraceWindow)*traceBytes + logLines*logLineBytes +
		f.Clients*(clientBytes+indexBytes+clientEvents*eventBytes) +
		int64(len(streams))*streamBytes + int64(len(sc.Changes))*changeBytes + int64(len(sc.Server.App))*stepBytes +
		others*eventBytes + f.SynTable*bucketBytes

	// Live at the largest: the ring and table as allocated, every other item once.
	f.stateWire = mulSat(ring, packetBytes)
	f.stateRequests = addSat(mulSat(slots, slotBytes), mulSat(f.Requests, perRequest))
	f.stateRequest = perRequest + 4*slotBytes
	f.StateBytes = satSum(fixed, f.stateWire, f.stateRequests)
	// The ring and the table double: while one is copied its old half is live as well.
	f.PacketBytes = 3 * packetBytes * gcFactor
	f.RequestBytes = (perRequest*growthFactor + 6*slotBytes) * gcFactor
	f.WireBytes = mulSat(ring, packetBytes*3/2*gcFactor)
	f.RequestsBytes = addSat(mulSat(slots, slotBytes*3/2*gcFactor), mulSat(f.Requests, perRequest*peakFactor))
	f.Bytes = satSum(mulSat(fixed, peakFactor), f.WireBytes, f.RequestsBytes)
	return f
}

// knobs are the values of the settings that bound the run's state, gathered over the
// scenario's start and all its changes.
type knobs struct {
	somaxconn     []int // every value net.core.somaxconn takes
	backlogs      []int // every argument of listen()
	maxSynBacklog int   // the largest tcp_max_syn_backlog
	cookiesAlways int   // tcp_syncookies if it never changes from 0 or from 2; -1 otherwise
	synackRetries int   // the largest tcp_synack_retries
}

func knobsOf(sc *Scenario) knobs {
	sys := sc.Server.Sysctl
	k := knobs{somaxconn: []int{sys.Somaxconn}, backlogs: []int{sc.Server.Backlog},
		maxSynBacklog: sys.MaxSynBacklog, cookiesAlways: sys.Syncookies, synackRetries: sys.SynackRetries}
	if sys.Syncookies == 1 {
		k.cookiesAlways = -1
	}
	for _, c := range sc.Changes {
		switch {
		case c.Kind == ChangeBacklog:
			k.backlogs = append(k.backlogs, c.Value)
		case c.Kind != ChangeSysctl:
		case c.Key == "net.core.somaxconn":
			k.somaxconn = append(k.somaxconn, c.Value)
		case c.Key == "net.ipv4.tcp_max_syn_backlog":
			k.maxSynBacklog = max(k.maxSynBacklog, c.Value)
		case c.Key == "net.ipv4.tcp_synack_retries":
			k.synackRetries = max(k.synackRetries, c.Value)
		case c.Key == "net.ipv4.tcp_syncookies" && c.Value != k.cookiesAlways:
			k.cookiesAlways = -1
		}
	}
	return k
}

// requestLimit is the most half-open requests the listener can hold at once over the run.
func requestLimit(p *Profile, k knobs, firstMaxSyn, firstBacklog, firstSomaxconn int) int64 {
	if p.BSD {
		b := 0
		for _, bl := range k.backlogs {
			b = max(b, bsdQueueLimit(bl))
		}
		return int64(bsdCapacity(b)) // spec 5.1: so_q0 and so_q share the limit
	}
	if k.cookiesAlways == 2 && p.CookieMode2 {
		return 0 // spec 2.1 B: mode 2 (3.12+) answers every SYN with a cookie, none is queued
	}
	var limit int64
	if p.SynQueue == SynQueuePow2 {
		// spec 2.0: ≤4.3 the table sized at the first listen() holds them all; later calls
		// and sysctls leave it alone.
		limit = synTableSize(clampBacklog(p, firstBacklog, firstSomaxconn), firstMaxSyn)
	} else {
		b := math.MinInt
		for _, bl := range k.backlogs {
			for _, sm := range k.somaxconn {
				b = max(b, clampBacklog(p, bl, sm))
			}
		}
		limit = int64(max(b, 0)) + 1 // spec 2.0: 6.13+ admits B+1
	}
	if k.cookiesAlways == 0 {
		// spec 2.1 E: without cookies the last quarter of tcp_max_syn_backlog stays free.
		limit = min(limit, int64(k.maxSynBacklog-k.maxSynBacklog>>2)+1)
	}
	return limit
}

// stream is a traffic entry of the scenario (entry its index) or one that a change starts
// (entry -1).
type stream struct {
	Traffic
	entry int
}

// trafficStreams lists the scenario's traffic entries and the streams its changes start.
func trafficStreams(sc *Scenario) []stream {
	out := make([]stream, 0, len(sc.Traffic))
	for i, t := range sc.Traffic {
		out = append(out, stream{t, i})
	}
	for _, c := range sc.Changes {
		if c.Kind != ChangeFlood && c.Kind != ChangeClients || c.Rate <= 0 {
			continue
		}
		if t, ok := streamOf(c, sc.Duration); ok { // the stream the run itself starts (change.go)
			out = append(out, stream{t, -1})
		}
	}
	return out
}

// inFlight is the most packets of one stream on the wire at once: all of them when they are
// sent at one instant, else those sent within one network delay (a packet sent at the instant
// another arrives is counted too).
func inFlight(t stream, delay Time) int64 { return within(t, delay) }

// within is the most emissions of a stream within a span of time d, both ends included.
func within(t stream, d Time) int64 {
	n := int64(t.Count)
	if t.Rate <= 0 {
		return n
	}
	return min(n, int64(d/Second)*int64(t.Rate)+int64(d%Second)*int64(t.Rate)/int64(Second)+1)
}

// requestLifetime bounds how long a half-open request that is never answered stays queued: its
// SYN-ACK timeouts, each at most TCP_RTO_MAX, and for ≤4.3 the listener timer's lateness (up to
// one TCP_TIMEOUT_INIT) at each; BSD's connection-establishment timer ends it sooner.
func requestLifetime(p *Profile, retries int) Time {
	if p.BSD {
		return bsdKeepInit + Second
	}
	var life Time
	for i := 0; i <= retries; i++ {
		t := p.RTOMax
		if i < 20 {
			t = min(p.TimeoutInit<<i, p.RTOMax)
		}
		life += t + p.TimeoutInit + Second // lateness and jiffy rounding, generously
		if life > MaxDuration {
			return MaxDuration + Second
		}
	}
	return life
}

// String sums the footprint up as a person would say it.
func (f Footprint) String() string {
	return fmt.Sprintf("about %s (%d packets in flight, %d half-open requests, %d clients)",
		FormatBytes(f.Bytes), f.InFlight, f.Requests, f.Clients)
}

// FormatBytes writes a number of bytes in the largest unit that keeps it at 1 or more:
// "512 MB", "9.6 GB" (units of 1024).
func FormatBytes(n int64) string {
	units := []string{"bytes", "KB", "MB", "GB", "TB", "PB", "EB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	switch {
	case u == 0:
		return fmt.Sprintf("%d bytes", n)
	case v < 10 && v != math.Trunc(v):
		return fmt.Sprintf("%.1f %s", v, units[u])
	}
	return fmt.Sprintf("%.0f %s", v, units[u])
}

func pow2AtLeast(n int64) int64 {
	if n <= 1 {
		return 1
	}
	if n > 1<<62 {
		return math.MaxInt64
	}
	return 1 << bits.Len64(uint64(n-1))
}

func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mulSat(a, b int64) int64 {
	if a != 0 && b > math.MaxInt64/a {
		return math.MaxInt64
	}
	return a * b
}

func satSum(xs ...int64) int64 {
	var s int64
	for _, x := range xs {
		s = addSat(s, x)
	}
	return s
}
