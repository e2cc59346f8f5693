package model

// eventKind is what a scheduled event does when its time comes.
type eventKind uint8

const (
	evTraffic     eventKind = iota // a traffic entry emits its next client or flood SYN
	evReqTimer                     // a request sock's SYN-ACK timer
	evClientTimer                  // a genuine client's retransmission timer
	evAppStep                      // the accept() loop changes mode (a scenario app step)
	evAppWake                      // the accept() loop wakes from its pause between accepts
	evChange                       // a Change takes effect
	evSweep                        // ≤4.3: the listener timer sweeps the request table
)

// event is one entry of the event heap. Events are ordered by time, then by key: traffic
// entries use their index as key so that simultaneous arrivals follow the file's order; all
// other events use a sequence number above every entry index.
type event struct {
	at   Time
	key  uint64
	kind eventKind
	id   int32  // traffic entry, request slot, client index or app step
	gen  uint32 // generation of the target when scheduled; stale events are skipped
}

func (e *event) before(o *event) bool {
	return e.at < o.at || (e.at == o.at && e.key < o.key)
}

// eventHeap is a binary min-heap of events, written out so that the hot path does no
// interface calls and no allocation once warmed up.
type eventHeap struct{ items []event }

func (h *eventHeap) len() int { return len(h.items) }

func (h *eventHeap) top() *event { return &h.items[0] }

func (h *eventHeap) push(e event) {
	h.items = append(h.items, e)
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h.items[i].before(&h.items[p]) {
			break
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

// pop removes the earliest event.
func (h *eventHeap) pop() event {
	e := h.items[0]
	n := len(h.items) - 1
	h.items[0] = h.items[n]
	h.items = h.items[:n]
	h.down(0)
	return e
}

// replaceTop swaps the earliest event for e: one sift instead of a pop and a push.
func (h *eventHeap) replaceTop(e event) {
	h.items[0] = e
	h.down(0)
}

func (h *eventHeap) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.items[r].before(&h.items[l]) {
			m = r
		}
		if !h.items[m].before(&h.items[i]) {
			return
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
}

// wire is the network: every packet takes the same one-way delay, so packets arrive in the
// order they were sent and a FIFO ring replaces a heap for everything in flight.
type wire struct {
	buf        []Packet
	head, size int
}

func (w *wire) push(p *Packet) {
	if w.size == len(w.buf) {
		n := 2 * len(w.buf)
		if n == 0 {
			n = 64
		}
		buf := make([]Packet, n) // a power of two, so positions wrap with a mask
		for i := 0; i < w.size; i++ {
			buf[i] = w.buf[(w.head+i)&(len(w.buf)-1)]
		}
		w.buf, w.head = buf, 0
	}
	w.buf[(w.head+w.size)&(len(w.buf)-1)] = *p
	w.size++
}

func (w *wire) peek() *Packet { return &w.buf[w.head] }

// drop frees the oldest packet's slot.
func (w *wire) drop() {
	w.head = (w.head + 1) & (len(w.buf) - 1)
	w.size--
}
