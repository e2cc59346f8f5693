package model

import (
	"fmt"
	"strings"
)

// Flags are TCP header flags, with the wire's bit values.
type Flags uint8

// TCP flags.
const (
	FIN Flags = 1 << 0
	SYN Flags = 1 << 1
	RST Flags = 1 << 2
	PSH Flags = 1 << 3
	ACK Flags = 1 << 4
)

// String names the flags as tcpdump does ("SYN-ACK" style for the common ones).
func (f Flags) String() string {
	switch f {
	case SYN:
		return "SYN"
	case SYN | ACK:
		return "SYN-ACK"
	case ACK:
		return "ACK"
	case RST:
		return "RST"
	case RST | ACK:
		return "RST-ACK"
	case PSH | ACK:
		return "DATA"
	}
	var parts []string
	for _, b := range []struct {
		f Flags
		n string
	}{{SYN, "SYN"}, {ACK, "ACK"}, {PSH, "PSH"}, {RST, "RST"}, {FIN, "FIN"}} {
		if f&b.f != 0 {
			parts = append(parts, b.n)
		}
	}
	return strings.Join(parts, "|")
}

// Peer identifies the far end of the server's connection: a genuine client by index, or a
// flood source (FloodPeer set, the low bits holding the source's address within 198.19/16).
type Peer uint32

// FloodPeer marks a Peer that is a spoofed flood source.
const FloodPeer Peer = 1 << 31

// IsFlood reports whether the peer is a flood source.
func (p Peer) IsFlood() bool { return p&FloodPeer != 0 }

// Client returns the genuine client's index.
func (p Peer) Client() int { return int(p &^ FloodPeer) }

// Addr is the peer's IPv4 address.
func (p Peer) Addr() [4]byte {
	if p.IsFlood() {
		return [4]byte{FloodNet[0], FloodNet[1], byte(p >> 8), byte(p)}
	}
	return ClientAddr
}

// String gives the peer as "client 3" or "flood 198.19.4.7".
func (p Peer) String() string {
	if p.IsFlood() {
		a := p.Addr()
		return fmt.Sprintf("flood %d.%d.%d.%d", a[0], a[1], a[2], a[3])
	}
	return fmt.Sprintf("client %d", p.Client())
}

// ListenAddr is the listener's local address as ss and the kernel log print it: "198.18.0.1:80".
func ListenAddr(port uint16) string {
	a := ServerAddr
	return fmt.Sprintf("%d.%d.%d.%d:%d", a[0], a[1], a[2], a[3], port)
}

// Packet is one TCP segment between the server and a peer.
type Packet struct {
	At       Time // when it arrives (on the wire) or was sent (in traces)
	key      uint64
	Peer     Peer
	Seq, Ack uint32
	TSval    uint32
	TSecr    uint32
	PeerPort uint16
	Len      uint16 // payload bytes
	Flags    Flags
	Attr     Attr // direction, retransmission, cookie, data
	Opt      SynOptions
}

// ToServer reports whether the packet travels towards the server.
func (p *Packet) ToServer() bool { return p.Attr&AttrToServer != 0 }

// hasTS reports whether the segment carries the timestamp option.
func (p *Packet) hasTS() bool { return p.Opt.TS }

// connKey identifies the connection at the server: the peer (which stands for its address)
// and its port.
func connKey(peer Peer, port uint16) uint64 { return uint64(peer)<<16 | uint64(port) }

// addr32 is the peer's IPv4 address as a big-endian number.
func (p Peer) addr32() uint32 {
	if p.IsFlood() {
		return uint32(FloodNet[0])<<24 | uint32(FloodNet[1])<<16 | uint32(p&0xffff)
	}
	return clientAddr32
}

var clientAddr32 = uint32(ClientAddr[0])<<24 | uint32(ClientAddr[1])<<16 | uint32(ClientAddr[2])<<8 | uint32(ClientAddr[3])

func retransAttr(retrans bool) Attr {
	if retrans {
		return AttrRetrans
	}
	return 0
}
