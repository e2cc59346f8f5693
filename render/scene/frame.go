package scene

import "synq/model"

// Frame is what the model looks like at one instant, read from the run and its trace: the
// data the draw list is built from. Capture fills it, reusing its slices from frame to frame.
type Frame struct {
	Name, Kernel string
	Port         uint16
	Now          model.Time
	Duration     model.Time
	Delay        model.Time // the wire's one-way delay
	TimeoutInit  model.Time // the first SYN-ACK timeout (TCP_TIMEOUT_INIT)
	RTOMax       model.Time // the longest (TCP_RTO_MAX)

	Limits      model.Limits
	SynQLen     int
	AcceptQLen  int
	Accepted    int
	Requests    []model.RequestView
	AcceptQueue []model.Peer
	App         model.AppView

	Clients     []model.ClientState
	ClientCount model.ClientCounts
	ClientsRate model.Rate // connect() calls a second scheduled now
	FloodRate   model.Rate // flood SYNs a second scheduled now
	FloodSent   int        // flood SYNs sent so far

	Packets []Packet // in flight now, oldest first
	Lanes   [numLanes]LaneStat
	Cookies float64 // cookie SYN-ACKs a second, over Span

	Drops  []DropStat // in the last Window, one per reason and site
	Window model.Time // the span recent things (drops, changed counters) are counted over
	Span   model.Time // the part of Window the trace still held (shorter under heavy floods)

	Counters     model.Counters
	Profile      *model.Profile  // the kernel modelled: drop reasons name its counters
	CounterList  []model.Counter // the profile's counters, in report order
	Delta        model.Counters  // how much each counter grew over Window
	HaveDelta    bool
	Log          []model.LogLine
	TraceTotal   uint64
	TraceMissing bool // the trace's window no longer reaches back over Window
}

// Packet is one packet on the wire.
type Packet struct {
	Sent  model.Time
	Lane  Lane
	Flags model.Flags
	Attr  model.Attr
	Peer  model.Peer
}

// LaneStat sums up one lane.
type LaneStat struct {
	InFlight int     // estimated from the rate when the trace does not reach back over the wire
	Rate     float64 // packets a second sent into the lane, over the frame's Span
}

// Site is where on the picture a drop happens.
type Site uint8

// Drop sites.
const (
	SiteSynQueue    Site = iota // at the SYN queue's entrance
	SiteAcceptQueue             // at the accept queue's entrance
	SiteExpired                 // a request leaving the SYN queue for good
	SiteListener                // at the server's door
	SiteClient                  // at a genuine client
	numSites
)

// DropStat counts the drops of one reason at one site over the frame's Window.
type DropStat struct {
	Reason model.Reason
	Site   Site
	Count  int
	Last   model.Time
	Peer   model.Peer // the last one's peer
}

// siteOf says where a drop of this reason happens.
func siteOf(r model.Reason, e model.Event) Site {
	switch r {
	case model.DropSynQueueFull, model.DropSynLastQuarter, model.DropDupSynRateLimited:
		return SiteSynQueue
	case model.DropAcceptQueueFullSyn, model.DropAcceptQueueFullAck, model.DropAcceptQueueFullCookie:
		return SiteAcceptQueue
	case model.DropRequestExpired:
		return SiteExpired
	}
	if e.Attr&model.AttrToServer != 0 {
		return SiteListener
	}
	return SiteClient
}

// LaneOf is the lane a packet event travels in.
func LaneOf(e model.Event) Lane {
	toServer := e.Attr&model.AttrToServer != 0
	switch {
	case e.Peer.IsFlood() && toServer:
		return LaneToServerFlood
	case e.Peer.IsFlood():
		return LaneFromServerFlood
	case toServer:
		return LaneToServerGenuine
	}
	return LaneFromServerGenuine
}

// Capture reads the run at its current time into f. window is the span of simulated time
// recent drops and counter changes are counted over; s, if not nil, is the series recording
// the run, which holds the earlier counters and the flood SYNs sent.
func (f *Frame) Capture(sim *model.Sim, window model.Time, s *Series) {
	sc := sim.Scenario()
	f.Name, f.Kernel, f.Port = sc.Name, sc.Profile.Name, sc.Server.Port
	f.Now, f.Duration, f.Delay = sim.Now(), sc.Duration, sc.Network.Delay
	f.TimeoutInit, f.RTOMax = sc.Profile.TimeoutInit, sc.Profile.RTOMax
	f.Profile = sc.Profile
	f.Limits = sim.Limits()
	f.SynQLen, f.AcceptQLen, f.Accepted = sim.SynQueueLen(), sim.AcceptQueueLen(), sim.Accepted()
	f.Requests = sim.AppendRequests(f.Requests[:0])
	f.AcceptQueue = sim.AppendAcceptQueue(f.AcceptQueue[:0])
	f.App = sim.App()

	f.Clients = f.Clients[:0]
	for i := range sim.NumClients() {
		f.Clients = append(f.Clients, sim.ClientState(i))
	}
	f.ClientCount = sim.ClientCounts()
	f.ClientsRate, f.FloodRate = sim.TrafficRates()
	f.FloodSent = scenarioFloodSent(sim)
	if s != nil {
		f.FloodSent = int(s.FloodSent())
	}

	f.Counters = sim.Counters()
	f.CounterList = append(f.CounterList[:0], sim.Profile().Counters()...)
	f.HaveDelta = false
	if s != nil {
		// Before the run's start every counter was zero.
		if past, ok := s.Before(max(0, f.Now-window)); ok {
			f.HaveDelta = true
			for c := range f.Delta {
				f.Delta[c] = f.Counters[c] - past[c]
			}
		}
	}
	f.Log = sim.Log()
	f.Window = window
	f.readTrace(sim.Trace())
}

// readTrace collects the packets in flight, the lanes' rates and the recent drops.
func (f *Frame) readTrace(tr *model.Trace) {
	f.Packets = f.Packets[:0]
	f.Drops = f.Drops[:0]
	f.Lanes = [numLanes]LaneStat{}
	f.TraceTotal = tr.Total()
	rateWindow := min(model.Second, max(f.Now, 1))
	since := min(f.Now-f.Window, f.Now-rateWindow, f.Now-f.Delay)
	first := tr.FirstAfter(since)
	oldest := f.Now
	if e, ok := tr.At(tr.Oldest()); ok {
		oldest = e.At
	}
	// The trace reaches back to the oldest event it holds (or to the start of the run).
	reach := f.Now - since
	if tr.Oldest() > 0 {
		reach = min(reach, f.Now-oldest)
	}
	f.TraceMissing = reach < f.Window
	f.Span = min(f.Window, reach)
	rateSpan := min(rateWindow, reach)
	cookies := 0
	for n := first; n < tr.Total(); n++ {
		e, _ := tr.At(n)
		switch e.Kind {
		case model.EvSend:
			lane := LaneOf(e)
			if e.At > f.Now-rateSpan {
				f.Lanes[lane].Rate++
				if e.Attr&model.AttrCookie != 0 {
					cookies++
				}
			}
			if e.At > f.Now-f.Delay {
				f.Lanes[lane].InFlight++
				f.Packets = append(f.Packets, Packet{Sent: e.At, Lane: lane, Flags: e.Flags, Attr: e.Attr, Peer: e.Peer})
			}
		case model.EvDrop:
			if e.At > f.Now-f.Window {
				f.addDrop(e)
			}
		}
	}
	// Where the trace does not reach back over the whole wire, the lanes hold more than it
	// shows: estimate them from the rate (the sprites drawn are then a sample anyway).
	if reach < f.Delay {
		for i := range f.Lanes {
			seen := f.Lanes[i].InFlight
			f.Lanes[i].InFlight = int(float64(seen) * float64(f.Delay) / float64(max(reach, 1)))
		}
	}
	if rateSpan > 0 {
		per := float64(model.Second) / float64(rateSpan)
		for i := range f.Lanes {
			f.Lanes[i].Rate *= per
		}
		f.Cookies = float64(cookies) * per
	}
}

func (f *Frame) addDrop(e model.Event) {
	r := e.Reason()
	site := siteOf(r, e)
	for i := range f.Drops {
		if d := &f.Drops[i]; d.Reason == r && d.Site == site {
			d.Count++
			d.Last, d.Peer = e.At, e.Peer
			return
		}
	}
	f.Drops = append(f.Drops, DropStat{Reason: r, Site: site, Count: 1, Last: e.At, Peer: e.Peer})
}

// scenarioFloodSent counts the flood SYNs the scenario's own entries have sent.
func scenarioFloodSent(sim *model.Sim) int {
	n := 0
	for i, tr := range sim.Scenario().Traffic {
		if tr.Kind == model.Flood {
			n += sim.Emitted(i)
		}
	}
	return n
}
