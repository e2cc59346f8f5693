// Package packet builds and parses real IPv4 packets that carry TCP segments, and writes and
// reads pcap files of them (link type raw IPv4).
//
// It is what the real-kernel engine uses to inject spoofed SYNs through a TUN device and to
// read what the kernel sends back. It is pure Go, uses only the standard library, and builds
// for js/wasm.
package packet

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// TCP flag bits, as they appear in byte 13 of the TCP header.
const (
	FIN uint8 = 1 << iota
	SYN
	RST
	PSH
	ACK
	URG
	ECE
	CWR
)

const (
	ipHeaderLen  = 20
	tcpHeaderLen = 20
	protoTCP     = 6
	defaultTTL   = 64
	maxPacketLen = 65535
	flagDF       = 0x4000 // IPv4 "don't fragment", in the flags/fragment-offset word
)

// Parse errors. Parse wraps one of them with the detail of what was wrong, so callers can
// test for the class with errors.Is.
var (
	ErrTruncated = errors.New("packet: truncated")
	ErrNotIPv4   = errors.New("packet: not IPv4")
	ErrNotTCP    = errors.New("packet: not TCP")
	ErrFragment  = errors.New("packet: IPv4 fragment")
	ErrMalformed = errors.New("packet: malformed header")
)

// TCP is one TCP segment together with the IPv4 header fields that carry it.
//
// Fields of the IPv4 header that are not here (version, IHL, TOS, flags, fragment offset,
// protocol) are fixed when building: version 4, no IP options, TOS 0, DF set, not fragmented,
// protocol 6.
type TCP struct {
	Src, Dst         [4]byte // IPv4 source and destination addresses
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	Flags            uint8  // wire bits: FIN, SYN, RST, PSH, ACK, URG, ECE, CWR
	Window           uint16 // the window field as sent, not scaled
	Opt              Options
	Payload          []byte // nil when the segment carries no data
	TTL              uint8  // IPv4 time to live; 0 means 64 when building
	ID               uint16 // IPv4 identification
}

// AppendTo appends t to b as a complete IPv4 packet and returns the extended slice: a 20-byte
// IPv4 header (no options, DF set, protocol 6, correct header checksum), the TCP header with
// t.Opt laid out as described on Options, and the payload. The TCP checksum covers the
// pseudo-header, as RFC 793 section 3.1 says.
//
// AppendTo panics if the packet would be longer than 65535 bytes, which IPv4 cannot carry.
func (t *TCP) AppendTo(b []byte) []byte {
	var ob [maxOptionsLen]byte
	opts := t.Opt.appendTo(ob[:0])
	tcpLen := tcpHeaderLen + len(opts) + len(t.Payload)
	total := ipHeaderLen + tcpLen
	if total > maxPacketLen {
		panic(fmt.Sprintf("packet: TCP.AppendTo: %d-byte packet exceeds IPv4's 65535", total))
	}
	ttl := t.TTL
	if ttl == 0 {
		ttl = defaultTTL
	}

	start := len(b)
	b = append(b, 0x45, 0) // version 4, IHL 5 words; TOS 0
	b = binary.BigEndian.AppendUint16(b, uint16(total))
	b = binary.BigEndian.AppendUint16(b, t.ID)
	b = binary.BigEndian.AppendUint16(b, flagDF)
	b = append(b, ttl, protoTCP, 0, 0) // checksum filled in below
	b = append(b, t.Src[:]...)
	b = append(b, t.Dst[:]...)
	binary.BigEndian.PutUint16(b[start+10:], ^fold(sum(b[start:], 0)))

	seg := len(b)
	b = binary.BigEndian.AppendUint16(b, t.SrcPort)
	b = binary.BigEndian.AppendUint16(b, t.DstPort)
	b = binary.BigEndian.AppendUint32(b, t.Seq)
	b = binary.BigEndian.AppendUint32(b, t.Ack)
	b = append(b, byte((tcpHeaderLen+len(opts))/4)<<4, t.Flags)
	b = binary.BigEndian.AppendUint16(b, t.Window)
	b = append(b, 0, 0, 0, 0) // checksum (filled in below), urgent pointer
	b = append(b, opts...)
	b = append(b, t.Payload...)
	binary.BigEndian.PutUint16(b[seg+16:], ^fold(sum(b[seg:], pseudoSum(t.Src, t.Dst, tcpLen))))
	return b
}

// Parse reads an IPv4 packet carrying a TCP segment. It rejects anything else, and headers that
// are truncated or inconsistent, with an error wrapping one of the Err values. Bytes after the
// IPv4 total length (link-layer padding) are ignored. IPv4 options are skipped. Parse does not
// verify checksums; ChecksumsValid does. The returned Payload refers to b's memory.
func Parse(b []byte) (TCP, error) {
	ip, seg, err := split(b)
	if err != nil {
		return TCP{}, err
	}
	if len(seg) < tcpHeaderLen {
		return TCP{}, fmt.Errorf("%w: TCP header needs 20 bytes, segment has %d", ErrTruncated, len(seg))
	}
	off := int(seg[12]>>4) * 4
	if off < tcpHeaderLen {
		return TCP{}, fmt.Errorf("%w: TCP data offset %d bytes, less than 20", ErrMalformed, off)
	}
	if off > len(seg) {
		return TCP{}, fmt.Errorf("%w: TCP data offset %d bytes, segment has %d", ErrMalformed, off, len(seg))
	}
	opt, err := parseOptions(seg[tcpHeaderLen:off])
	if err != nil {
		return TCP{}, err
	}
	t := TCP{
		SrcPort: binary.BigEndian.Uint16(seg[0:]),
		DstPort: binary.BigEndian.Uint16(seg[2:]),
		Seq:     binary.BigEndian.Uint32(seg[4:]),
		Ack:     binary.BigEndian.Uint32(seg[8:]),
		Flags:   seg[13],
		Window:  binary.BigEndian.Uint16(seg[14:]),
		Opt:     opt,
		TTL:     ip[8],
		ID:      binary.BigEndian.Uint16(ip[4:]),
	}
	copy(t.Src[:], ip[12:16])
	copy(t.Dst[:], ip[16:20])
	if len(seg) > off {
		t.Payload = seg[off:]
	}
	return t, nil
}

// ChecksumsValid reports whether b is an IPv4 packet carrying TCP whose IPv4 header checksum
// and TCP checksum (with the pseudo-header) are both correct. It returns false for anything
// Parse's IPv4 checks would reject.
func ChecksumsValid(b []byte) bool {
	ip, seg, err := split(b)
	if err != nil || len(seg) < tcpHeaderLen {
		return false
	}
	var src, dst [4]byte
	copy(src[:], ip[12:16])
	copy(dst[:], ip[16:20])
	return fold(sum(ip, 0)) == 0xffff &&
		fold(sum(seg, pseudoSum(src, dst, len(seg)))) == 0xffff
}

// split checks b's IPv4 header and returns the header (with any options) and the TCP segment,
// which ends at the IPv4 total length.
func split(b []byte) (ip, seg []byte, err error) {
	if len(b) < ipHeaderLen {
		return nil, nil, fmt.Errorf("%w: IPv4 header needs 20 bytes, have %d", ErrTruncated, len(b))
	}
	if v := b[0] >> 4; v != 4 {
		return nil, nil, fmt.Errorf("%w: IP version %d", ErrNotIPv4, v)
	}
	ihl := int(b[0]&0x0f) * 4
	if ihl < ipHeaderLen {
		return nil, nil, fmt.Errorf("%w: IPv4 header length %d bytes, less than 20", ErrMalformed, ihl)
	}
	total := int(binary.BigEndian.Uint16(b[2:]))
	if total < ihl {
		return nil, nil, fmt.Errorf("%w: IPv4 total length %d, less than its header length %d", ErrMalformed, total, ihl)
	}
	if total > len(b) {
		return nil, nil, fmt.Errorf("%w: IPv4 total length %d, have %d bytes", ErrTruncated, total, len(b))
	}
	if p := b[9]; p != protoTCP {
		return nil, nil, fmt.Errorf("%w: IPv4 protocol %d", ErrNotTCP, p)
	}
	if frag := binary.BigEndian.Uint16(b[6:]) & 0x3fff; frag != 0 { // MF bit or an offset
		return nil, nil, fmt.Errorf("%w: flags/offset word %#04x", ErrFragment, frag)
	}
	return b[:ihl], b[ihl:total], nil
}

// pseudoSum is the one's-complement partial sum of the TCP pseudo-header (RFC 793 section 3.1):
// source and destination addresses, zero, protocol, TCP length.
func pseudoSum(src, dst [4]byte, tcpLen int) uint32 {
	s := sum(src[:], 0)
	s = sum(dst[:], s)
	return s + protoTCP + uint32(tcpLen)
}

// sum adds b to s as big-endian 16-bit words, padding an odd last byte with zero (RFC 1071).
// It does not fold; 32 bits hold the sum of any IPv4 packet without overflow.
func sum(b []byte, s uint32) uint32 {
	for len(b) >= 2 {
		s += uint32(b[0])<<8 | uint32(b[1])
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

// fold folds the carries of a partial sum back into 16 bits (end-around carry).
func fold(s uint32) uint16 {
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}
