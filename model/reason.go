package model

// Reason says why something was discarded, in the kernel's terms. Every reason names the rule
// of kernel-spec.md behind it.
type Reason uint8

// Drop reasons.
const (
	DropNone                  Reason = iota
	DropSynQueueFull                 // spec 2.1 B: SYN queue full, cookies off
	DropAcceptQueueFullSyn           // spec 2.1 C: 4.10+ drops the SYN when the accept queue is full
	DropSynLastQuarter               // spec 2.1 E: cookies off, SYN queue in the last quarter of tcp_max_syn_backlog
	DropAcceptQueueFullAck           // spec 2.2 step 9: accept queue full at ACK time, request kept
	DropAcceptQueueFullCookie        // spec 2.3 step 7: accept queue full for a cookie ACK, discarded
	DropRequestExpired               // spec 2.4 step 7: SYN-ACK retries exhausted, request removed
	DropDupSynRateLimited            // spec 2.2 step 2: SYN-ACK re-send for a duplicate SYN rate-limited
	DropIgnored                      // a segment the receiver discards without effect
	DropNoACK                        // spec 2.2 step 7: a segment without ACK for a request
	DropBSDQueueFull                 // spec 5.1: 4.4BSD, both queues over 3/2 of the backlog
	DropBSDKeepInit                  // spec 5.1: 4.4BSD, the 75 s connection-establishment timer
	numReasons
)

var reasonText = [numReasons]string{
	DropNone:                  "",
	DropSynQueueFull:          "SYN queue full and syncookies off: SYN dropped, TCPReqQFullDrop+1, ListenDrops+1",
	DropAcceptQueueFullSyn:    "accept queue full: SYN dropped, ListenOverflows+1, ListenDrops+1",
	DropSynLastQuarter:        "syncookies off and SYN queue in the last quarter of tcp_max_syn_backlog: SYN dropped, ListenDrops+1",
	DropAcceptQueueFullAck:    "accept queue full: ACK dropped, request kept, ListenOverflows+1, ListenDrops+1",
	DropAcceptQueueFullCookie: "accept queue full: cookie ACK dropped, nothing kept, ListenOverflows+1, ListenDrops+1",
	DropRequestExpired:        "SYN-ACK retries exhausted: request dropped",
	DropDupSynRateLimited:     "duplicate SYN: SYN-ACK re-send rate-limited, TCPACKSkippedSynRecv+1",
	DropIgnored:               "segment ignored",
	DropNoACK:                 "segment without ACK for a request: dropped",
	DropBSDQueueFull:          "so_qlen + so_q0len > 3/2 × backlog: SYN dropped silently",
	DropBSDKeepInit:           "connection-establishment timer (75 s): embryonic connection dropped",
}

// String explains the reason in the kernel's terms, with the counters it moves.
func (r Reason) String() string {
	if r < numReasons {
		return reasonText[r]
	}
	return "?"
}
