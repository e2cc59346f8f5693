package packet_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"

	"synq/packet"
)

var (
	client = [4]byte{10, 0, 0, 1}
	server = [4]byte{10, 0, 0, 2}
)

// linuxSYNOptions are the options a Linux client puts on its SYN by default.
var linuxSYNOptions = packet.Options{MSS: 1460, SACKPermitted: true, TS: true, TSval: 100, WScale: 7}

// segments is a small TCP conversation plus a few odd segments, used by several tests.
var segments = []struct {
	name string
	seg  packet.TCP
}{
	{"SYN", packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1000,
		Flags: packet.SYN, Window: 64240, Opt: linuxSYNOptions, ID: 0x1234}},
	{"SYN-ACK", packet.TCP{Src: server, Dst: client, SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001,
		Flags: packet.SYN | packet.ACK, Window: 65160,
		Opt: packet.Options{MSS: 1460, SACKPermitted: true, TS: true, TSval: 200, TSecr: 100, WScale: 7}}},
	{"SYN-ACK without TS", packet.TCP{Src: server, Dst: client, SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001,
		Flags: packet.SYN | packet.ACK, Window: 65535,
		Opt: packet.Options{MSS: 536, SACKPermitted: true, WScale: 0}}},
	{"ACK with TS", packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1001, Ack: 5001,
		Flags: packet.ACK, Window: 502, Opt: packet.Options{WScale: -1, TS: true, TSval: 101, TSecr: 200}}},
	{"data", packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1001, Ack: 5001,
		Flags: packet.PSH | packet.ACK, Window: 502, Opt: packet.Options{WScale: -1, TS: true, TSval: 102, TSecr: 200},
		Payload: []byte("GET / HTTP/1.0\r\n\r\n")}},
	{"odd-length data, no options", packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1019, Ack: 5001,
		Flags: packet.ACK, Window: 502, Opt: packet.Options{WScale: -1}, Payload: []byte("abc")}},
	{"RST", packet.TCP{Src: server, Dst: client, SrcPort: 80, DstPort: 40000, Seq: 5001,
		Flags: packet.RST, Opt: packet.Options{WScale: -1}}},
	{"FIN-ACK, ECN bits, TTL and ID", packet.TCP{Src: client, Dst: server, SrcPort: 65535, DstPort: 1, Seq: 0xffffffff, Ack: 0x80000000,
		Flags: packet.FIN | packet.ACK | packet.ECE | packet.CWR, Window: 1, Opt: packet.Options{WScale: -1}, TTL: 255, ID: 0xbeef}},
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range segments {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.seg.AppendTo(nil)
			got, err := packet.Parse(b)
			if err != nil {
				t.Fatalf("Parse(%x): unexpected error: %v", b, err)
			}
			if got, want := got, withDefaults(tc.seg); !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(AppendTo(%+v)): got = %+v, want %+v", tc.seg, got, want)
			}
			if !packet.ChecksumsValid(b) {
				t.Errorf("ChecksumsValid(%x): want packet.ChecksumsValid(b)", b)
			}
		})
	}
}

func TestAppendToHeaders(t *testing.T) {
	for _, tc := range segments {
		t.Run(tc.name, func(t *testing.T) {
			prefix := []byte{0xde, 0xad}
			b := tc.seg.AppendTo(prefix)
			if got, want := b[:2], prefix; !bytes.Equal(got, want) {
				t.Fatalf("AppendTo must keep what b held: b[:2] = %x, want %x", got, want)
			}
			b = b[2:]
			if len(b) < 40 {
				t.Fatalf("len(b) = %v, want >= %v", len(b), 40)
			}
			ip, seg := b[:20], b[20:]

			if got, want := ip[0], byte(0x45); got != want {
				t.Errorf("version 4, IHL 5: ip[0] = %v, want %v", got, want)
			}
			if got, want := int(binary.BigEndian.Uint16(ip[2:])), len(b); got != want {
				t.Errorf("IPv4 total length: int(binary.BigEndian.Uint16(ip[2:])) = %v, want %v", got, want)
			}
			if got, want := binary.BigEndian.Uint16(ip[6:]), uint16(0x4000); got != want {
				t.Errorf("DF set, no fragment offset: binary.BigEndian.Uint16(ip[6:]) = %v, want %v", got, want)
			}
			if got, want := ip[9], byte(6); got != want {
				t.Errorf("protocol TCP: ip[9] = %v, want %v", got, want)
			}
			off := int(seg[12]>>4) * 4
			if got, want := len(seg)-(off-20), 20+len(tc.seg.Payload); got != want {
				t.Errorf("TCP header + payload length: len(seg)-(off-20) = %v, want %v", got, want)
			}
			if got, want := string(seg[off:]), string(tc.seg.Payload); got != want {
				t.Errorf("payload: string(seg[off:]) = %q, want %q", got, want)
			}

			// The Internet checksum, computed here without the package: the one's-complement
			// sum of a header including its correct checksum is 0xffff (RFC 1071).
			if got, want := onesSum(ip), uint16(0xffff); got != want {
				t.Errorf("IPv4 header checksum of %x: onesSum(ip) = %v, want %v", ip, got, want)
			}
			pseudo := append(append(append([]byte{}, ip[12:20]...), 0, 6), byte(len(seg)>>8), byte(len(seg)))
			if got, want := onesSum(append(pseudo, seg...)), uint16(0xffff); got != want {
				t.Errorf("TCP checksum of %x: onesSum(append(pseudo, seg...)) = %v, want %v", seg, got, want)
			}
		})
	}
}

// TestGoldenSYN checks one SYN byte for byte against bytes worked out by hand:
//
// The segment: 10.0.0.1:40000 -> 10.0.0.2:80, ID 0x1234, TTL 64 (the default), seq 1000,
// ack 0, flags SYN, window 64240, options MSS 1460, SACK permitted, TS (val 1, ecr 0), WScale 7.
//
// TCP options, Linux's SYN layout: MSS 02 04 05b4; SACK_PERM 04 02 then TS 08 0a 00000001
// 00000000; NOP 01, WSCALE 03 03 07. That is 20 bytes, so the TCP header is 40 bytes (data
// offset 10 words) and the whole packet 20 + 40 = 60 = 0x003c bytes.
//
// IPv4 header (RFC 791 section 3.1), as 16-bit words: 4500 (version 4, IHL 5, TOS 0),
// 003c (total length), 1234 (ID), 4000 (flags DF, offset 0), 4006 (TTL 64, protocol 6),
// checksum, 0a00 0001 (source), 0a00 0002 (destination).
// Sum without the checksum: 4500+003c+1234+4000+4006+0a00+0001+0a00+0002 = eb79 (no carry);
// checksum = ~eb79 = 1486.
//
// TCP header (RFC 793 section 3.1): 9c40 (port 40000), 0050 (port 80), 0000 03e8 (seq 1000),
// 0000 0000 (ack), a002 (offset 10, flags SYN), faf0 (window 64240), checksum, 0000 (urgent),
// then the options as words: 0204 05b4 0402 080a 0000 0001 0000 0000 0103 0307.
// Pseudo-header: 0a00 0001 0a00 0002 0006 0028 (TCP length 40), sum 1431.
// Running sum: 1431 +9c40 = b071, +0050 = b0c1, +03e8 = b4a9, +a002 = 154ab, +faf0 = 24f9b,
// +0204 = 2519f, +05b4 = 25753, +0402 = 25b55, +080a = 2635f, +0001 = 26360, +0103 = 26463,
// +0307 = 2676a (the zero words add nothing). Folded: 676a + 2 = 676c; checksum = ~676c = 9893.
func TestGoldenSYN(t *testing.T) {
	const want = "" +
		"4500003c" + "12344000" + "40061486" + "0a000001" + "0a000002" + // IPv4
		"9c400050" + "000003e8" + "00000000" + "a002faf0" + "98930000" + // TCP
		"020405b4" + "0402080a" + "00000001" + "00000000" + "01030307" // options
	syn := packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1000,
		Flags: packet.SYN, Window: 64240, ID: 0x1234,
		Opt: packet.Options{MSS: 1460, SACKPermitted: true, TS: true, TSval: 1, WScale: 7}}
	if got, want := hex.EncodeToString(syn.AppendTo(nil)), want; got != want {
		t.Errorf("hex.EncodeToString(syn.AppendTo(nil)) = %q, want %q", got, want)
	}
}

func TestChecksumsValid(t *testing.T) {
	good := segments[4].seg.AppendTo(nil) // data, so the payload is covered too
	if !packet.ChecksumsValid(good) {
		t.Fatalf("want packet.ChecksumsValid(good)")
	}
	for i := range good {
		b := append([]byte{}, good...)
		b[i] ^= 0x10
		if packet.ChecksumsValid(b) {
			t.Errorf("ChecksumsValid with byte %d flipped: %x: want !(packet.ChecksumsValid(b))", i, b)
		}
	}
	if packet.ChecksumsValid(nil) {
		t.Errorf("want !(packet.ChecksumsValid(nil))")
	}
	if packet.ChecksumsValid(good[:30]) {
		t.Errorf("want !(packet.ChecksumsValid(good[:30]))")
	}
}

func TestParseErrors(t *testing.T) {
	syn := segments[0].seg.AppendTo(nil)
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte{}, syn...)) }
	// withOptions replaces the SYN's options with opts (a multiple of 4 bytes long).
	withOptions := func(opts string) []byte {
		o, err := hex.DecodeString(strings.ReplaceAll(opts, " ", ""))
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return edit(func(b []byte) []byte {
			b = append(b[:40], o...)
			b[2], b[3] = byte(len(b)>>8), byte(len(b))
			b[32] = byte((20+len(o))/4) << 4
			return b
		})
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, packet.ErrTruncated},
		{"19 bytes", syn[:19], packet.ErrTruncated},
		{"cut inside TCP options", syn[:50], packet.ErrTruncated},
		{"IPv6", edit(func(b []byte) []byte { b[0] = 0x60; return b }), packet.ErrNotIPv4},
		{"version 0", make([]byte, 60), packet.ErrNotIPv4},
		{"UDP", edit(func(b []byte) []byte { b[9] = 17; return b }), packet.ErrNotTCP},
		{"IHL 4", edit(func(b []byte) []byte { b[0] = 0x44; return b }), packet.ErrMalformed},
		{"IHL 15 leaves no room for TCP", edit(func(b []byte) []byte { b[0] = 0x4f; return b }), packet.ErrTruncated},
		{"total length below IHL", edit(func(b []byte) []byte { b[2], b[3] = 0, 19; return b }), packet.ErrMalformed},
		{"more fragments", edit(func(b []byte) []byte { b[6] |= 0x20; return b }), packet.ErrFragment},
		{"fragment offset", edit(func(b []byte) []byte { b[7] = 1; return b }), packet.ErrFragment},
		{"TCP header cut short", edit(func(b []byte) []byte { b[3] = 30; return b[:30] }), packet.ErrTruncated},
		{"data offset 4", edit(func(b []byte) []byte { b[32] = 0x40; return b }), packet.ErrMalformed},
		{"data offset past the end", edit(func(b []byte) []byte { b[32] = 0xf0; return b }), packet.ErrMalformed},
		{"option length 0", withOptions("1e00 0000"), packet.ErrMalformed},
		{"option length 1", withOptions("0101 1e01"), packet.ErrMalformed},
		{"option length past the end", withOptions("0101 1e05"), packet.ErrMalformed},
		{"option without length byte", withOptions("0101 011e"), packet.ErrMalformed},
		{"MSS length 3", withOptions("0203 0501"), packet.ErrMalformed},
		{"WScale length 4", withOptions("0304 0700"), packet.ErrMalformed},
		{"SACK_PERM length 3", withOptions("0403 0001"), packet.ErrMalformed},
		{"TS length 8", withOptions("0101 0808 0000 0000 0000 0000"), packet.ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := packet.Parse(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse(%x): error %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

func TestParseIgnoresPaddingAndIPOptions(t *testing.T) {
	want := segments[4].seg
	b := want.AppendTo(nil)

	padded := append(append([]byte{}, b...), 0, 0, 0, 0) // e.g. Ethernet padding
	got, err := packet.Parse(padded)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := got, withDefaults(want); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse with 4 bytes of trailing padding: got = %+v, want %+v", got, want)
	}

	// Insert an IPv4 option (NOP, NOP, NOP, EOL) and fix IHL and total length.
	withIPOpt := append(append(append([]byte{}, b[:20]...), 1, 1, 1, 0), b[20:]...)
	withIPOpt[0] = 0x46
	binary.BigEndian.PutUint16(withIPOpt[2:], uint16(len(withIPOpt)))
	got, err = packet.Parse(withIPOpt)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := got, withDefaults(want); !reflect.DeepEqual(got, want) {
		t.Errorf("Parse with IHL 6: got = %+v, want %+v", got, want)
	}
}

func TestParsePayloadSharesMemory(t *testing.T) {
	b := segments[4].seg.AppendTo(nil)
	got, err := packet.Parse(b)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	b[len(b)-1] = '!'
	if got, want := got.Payload[len(got.Payload)-1], byte('!'); got != want {
		t.Errorf("Payload must refer to the parsed bytes: got.Payload[len(got.Payload)-1] = %v, want %v", got, want)
	}
}

// withDefaults is what Parse returns for a segment built by AppendTo: the TTL filled in, and
// a nil payload for an empty one.
func withDefaults(t packet.TCP) packet.TCP {
	if t.TTL == 0 {
		t.TTL = 64
	}
	if len(t.Payload) == 0 {
		t.Payload = nil
	}
	if t.Opt.WScale < 0 {
		t.Opt.WScale = -1
	}
	return t
}

// onesSum is the RFC 1071 Internet checksum sum of b, folded to 16 bits, written here
// independently of the package under test.
func onesSum(b []byte) uint16 {
	var s uint64
	for i := 0; i < len(b); i += 2 {
		w := uint64(b[i]) << 8
		if i+1 < len(b) {
			w |= uint64(b[i+1])
		}
		s += w
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return uint16(s)
}
