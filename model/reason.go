package model

import "strings"

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

// reasonText says what happened, in the kernel's terms; For adds the counters it moves.
var reasonText = [numReasons]string{
	DropNone:                  "",
	DropSynQueueFull:          "SYN queue full and syncookies off: SYN dropped",
	DropAcceptQueueFullSyn:    "accept queue full: SYN dropped",
	DropSynLastQuarter:        "syncookies off and SYN queue in the last quarter of tcp_max_syn_backlog: SYN dropped",
	DropAcceptQueueFullAck:    "accept queue full: ACK dropped, request kept",
	DropAcceptQueueFullCookie: "accept queue full: cookie ACK dropped, nothing kept",
	DropRequestExpired:        "SYN-ACK retries exhausted: request dropped",
	DropDupSynRateLimited:     "duplicate SYN: SYN-ACK re-send rate-limited, TCPACKSkippedSynRecv+1",
	DropIgnored:               "segment ignored",
	DropNoACK:                 "segment without ACK for a request: dropped",
	DropBSDQueueFull:          "so_qlen + so_q0len > 3/2 × backlog: SYN dropped silently",
	DropBSDKeepInit:           "connection-establishment timer (75 s): embryonic connection dropped",
}

// String explains the reason as the newest Linux counts it.
func (r Reason) String() string { return r.For(newestProfile) }

var newestProfile, _ = LookupProfile(Newest)

// For explains the reason in the kernel's terms with the counters it moves on that profile's
// kernel (spec 2.1–2.3, 4.2).
func (r Reason) For(p *Profile) string {
	if r >= numReasons {
		return "?"
	}
	text := reasonText[r]
	if r == DropAcceptQueueFullSyn && p.YoungRule {
		text = "accept queue full and more than one young request: SYN dropped" // spec 2.1 C, up to 4.9
	}
	var counters []Counter
	switch r {
	case DropSynQueueFull:
		if p.ReqQFull {
			counters = append(counters, ReqQFullDrop)
		}
		if p.SynPathCounts {
			counters = append(counters, ListenDrops)
		}
	case DropAcceptQueueFullSyn:
		if p.SynPathCounts {
			counters = append(counters, ListenOverflows, ListenDrops)
		}
	case DropSynLastQuarter:
		if p.SynPathCounts {
			counters = append(counters, ListenDrops)
		}
	case DropAcceptQueueFullAck, DropAcceptQueueFullCookie:
		counters = append(counters, ListenOverflows, ListenDrops)
	}
	for _, c := range counters {
		text += ", " + strings.TrimPrefix(strings.TrimPrefix(c.String(), "TcpExt"), "Tcp") + "+1"
	}
	if (r == DropSynQueueFull || r == DropAcceptQueueFullSyn) && len(counters) == 0 {
		text += ", no counter moves"
	}
	return text
}
