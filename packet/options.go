package packet

import (
	"encoding/binary"
	"fmt"
)

// TCP option kinds and lengths (RFC 793, RFC 2018, RFC 7323).
const (
	optEOL      = 0
	optNOP      = 1
	optMSS      = 2 // length 4
	optWScale   = 3 // length 3
	optSACKPerm = 4 // length 2
	optTS       = 8 // length 10

	maxOptionsLen = 40 // the data offset field allows 60-byte TCP headers
	maxWScale     = 14 // RFC 7323 section 2.3
)

// Options are the TCP options this package models. Others are skipped when parsing.
//
// AppendTo lays them out the way Linux does (tcp_options_write in net/ipv4/tcp_output.c), in
// 4-byte words, so the header length is always a multiple of 4 and tshark shows the options
// exactly as it shows a real Linux SYN:
//
//	MSS            02 04 mm mm                     (MSS)
//	TS and SACK    04 02 08 0a vv vv vv vv ee ee ee ee   (SACK_PERM, TS)
//	TS only        01 01 08 0a vv vv vv vv ee ee ee ee   (NOP, NOP, TS)
//	SACK only      01 01 04 02                     (NOP, NOP, SACK_PERM)
//	WScale         01 03 03 ss                     (NOP, WSCALE)
//
// in that order, each present only when set. A SYN with all four is therefore
// MSS, SACK_PERM, TS, NOP, WSCALE (20 bytes); without TS it is MSS, NOP, NOP, SACK_PERM, NOP,
// WSCALE (12 bytes); an ACK with TS alone is NOP, NOP, TS (12 bytes). The layout depends only
// on which options are set, not on the flags.
//
// Note that the zero Options is not "no options": it carries a window scale of 0. Set WScale
// to -1 for a segment without one.
type Options struct {
	MSS           uint16 // maximum segment size; 0 means absent
	WScale        int8   // window scale shift count; -1 (any negative) means absent
	SACKPermitted bool
	TS            bool // timestamps present; TSval and TSecr only mean something when set
	TSval, TSecr  uint32
}

// appendTo appends o's wire form (see Options) to b; it adds at most 24 bytes.
func (o *Options) appendTo(b []byte) []byte {
	if o.MSS != 0 {
		b = append(b, optMSS, 4)
		b = binary.BigEndian.AppendUint16(b, o.MSS)
	}
	if o.TS {
		if o.SACKPermitted {
			b = append(b, optSACKPerm, 2, optTS, 10)
		} else {
			b = append(b, optNOP, optNOP, optTS, 10)
		}
		b = binary.BigEndian.AppendUint32(b, o.TSval)
		b = binary.BigEndian.AppendUint32(b, o.TSecr)
	} else if o.SACKPermitted {
		b = append(b, optNOP, optNOP, optSACKPerm, 2)
	}
	if o.WScale >= 0 {
		b = append(b, optNOP, optWScale, 3, byte(o.WScale))
	}
	return b
}

// parseOptions reads the options area of a TCP header. NOPs are skipped, EOL ends the list,
// and options of unknown kind are skipped by their length. A known option with the wrong
// length, or any option whose length runs past the area, is an error. A window scale above 14
// is read as 14, as RFC 7323 section 2.3 requires of a receiver.
func parseOptions(b []byte) (Options, error) {
	o := Options{WScale: -1}
	for len(b) > 0 {
		kind := b[0]
		if kind == optEOL {
			break
		}
		if kind == optNOP {
			b = b[1:]
			continue
		}
		if len(b) < 2 {
			return Options{}, fmt.Errorf("%w: TCP option kind %d has no length byte", ErrMalformed, kind)
		}
		n := int(b[1])
		if n < 2 || n > len(b) {
			return Options{}, fmt.Errorf("%w: TCP option kind %d has length %d with %d bytes left", ErrMalformed, kind, n, len(b))
		}
		body := b[2:n]
		if want := knownLen(kind); want != 0 && n != want {
			return Options{}, fmt.Errorf("%w: TCP option kind %d has length %d, want %d", ErrMalformed, kind, n, want)
		}
		switch kind {
		case optMSS:
			o.MSS = binary.BigEndian.Uint16(body)
		case optWScale:
			o.WScale = int8(min(body[0], maxWScale))
		case optSACKPerm:
			o.SACKPermitted = true
		case optTS:
			o.TS = true
			o.TSval = binary.BigEndian.Uint32(body)
			o.TSecr = binary.BigEndian.Uint32(body[4:])
		}
		b = b[n:]
	}
	return o, nil
}

// knownLen is the fixed length of an option kind this package models, or 0 for other kinds.
func knownLen(kind byte) int {
	switch kind {
	case optMSS:
		return 4
	case optWScale:
		return 3
	case optSACKPerm:
		return 2
	case optTS:
		return 10
	}
	return 0
}
