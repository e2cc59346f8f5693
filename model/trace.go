package model

import (
	"encoding/binary"
	"slices"
)

// EventKind is what a trace event records.
type EventKind uint8

// Trace event kinds.
const (
	EvSend    EventKind = iota + 1 // a packet leaves the server or a peer
	EvDeliver                      // a packet reaches its destination
	EvDrop                         // something is discarded: Reason says what and why
	EvQueue                        // a queue's length changed: Queue, Value = new length
	EvCounter                      // a counter changed: Counter, Value = new value
	EvTimer                        // a timer fired: Timer, Value = how many times it has fired for that target
	EvLog                          // a kernel log line: Value = its index in Sim.Log()
	EvClient                       // a genuine client's state changed: State
	EvAccept                       // the application accept()ed a connection
)

var eventKindNames = [...]string{"?", "send", "deliver", "drop", "queue", "counter", "timer", "log", "client", "accept"}

// String names the kind.
func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "?"
}

// Queue names one of the listener's queues.
type Queue uint8

// The two queues of a Linux listener.
const (
	SynQueue    Queue = iota // half-open requests (qlen)
	AcceptQueue              // established children waiting for accept() (sk_ack_backlog)
)

// TimerKind names a timer.
type TimerKind uint8

// Timers.
const (
	TimerSynAck     TimerKind = iota // a request's SYN-ACK retransmission timer
	TimerClientSyn                   // a client's SYN retransmission timer
	TimerClientData                  // a client's data retransmission timer
)

// Event is one entry of the trace: fixed size, no pointers, so a long run records millions of
// them into a ring without allocating. Which fields mean something depends on Kind.
type Event struct {
	At    Time
	Kind  EventKind
	Sub   uint8 // Reason (EvDrop), Counter, Queue, TimerKind or ClientState, by Kind
	Flags Flags // packet flags (EvSend, EvDeliver, EvDrop of a packet)
	Attr  Attr
	Peer  Peer
	Value uint64
}

// Attr are extra facts about a packet event.
type Attr uint8

// Packet attributes.
const (
	AttrToServer Attr = 1 << iota // travelling towards the server
	AttrRetrans                   // a retransmission
	AttrCookie                    // a SYN-ACK carrying a syncookie
	AttrData                      // carries payload
)

// Reason returns the drop reason of an EvDrop event.
func (e Event) Reason() Reason { return Reason(e.Sub) }

// Counter returns the counter of an EvCounter event.
func (e Event) Counter() Counter { return Counter(e.Sub) }

// Queue returns the queue of an EvQueue event.
func (e Event) Queue() Queue { return Queue(e.Sub) }

// AppendBinary appends the event's fixed 24-byte encoding, the form determinism is checked on.
func (e Event) AppendBinary(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(e.At))
	b = append(b, byte(e.Kind), e.Sub, byte(e.Flags), byte(e.Attr))
	b = binary.LittleEndian.AppendUint32(b, uint32(e.Peer))
	return binary.LittleEndian.AppendUint64(b, e.Value)
}

// DefaultTraceWindow is how many of the most recent events a trace keeps.
const DefaultTraceWindow = 1 << 16

// Trace is the model's event record: a ring that keeps the most recent events (a bounded
// window, so that an hour-long flood does not grow memory) and numbers every event ever
// recorded, so a reader can ask for what came since the last event it saw.
type Trace struct {
	ring  []Event
	mask  uint64
	total uint64
	// observers see every event as it is recorded, window or not, in the order they were added.
	observers []func(Event)
}

// AddObserver makes f see every event recorded from now on, window or not. Observers are
// called in the order they were added, so several readers (a chart's series, a lesson's
// watch) follow one run side by side and always in the same order.
func (t *Trace) AddObserver(f func(Event)) {
	// Clip first: a clone shares the list (Sim.Clone), so appending must never write into
	// the array the other run reads.
	t.observers = append(slices.Clip(t.observers), f)
}

// ClearObservers removes every observer (a snapshot kept to restore from later follows nothing).
func (t *Trace) ClearObservers() { t.observers = nil }

func newTrace(window int) Trace {
	n := 1
	for n < window {
		n <<= 1
	}
	return Trace{ring: make([]Event, n), mask: uint64(n - 1)}
}

func (t *Trace) add(e Event) {
	t.ring[t.total&t.mask] = e
	t.total++
	for _, f := range t.observers {
		f(e)
	}
}

// Total is how many events have been recorded since the start of the run.
func (t *Trace) Total() uint64 { return t.total }

// Oldest is the number of the oldest event still in the window.
func (t *Trace) Oldest() uint64 {
	if t.total > uint64(len(t.ring)) {
		return t.total - uint64(len(t.ring))
	}
	return 0
}

// Since calls f for every event numbered from..Total()-1 that is still in the window, oldest
// first, and returns the number of the first event it could give (larger than from when the
// window has moved past some of them).
func (t *Trace) Since(from uint64, f func(n uint64, e Event)) uint64 {
	first := max(from, t.Oldest())
	for n := first; n < t.total; n++ {
		f(n, t.ring[n&t.mask])
	}
	return first
}
