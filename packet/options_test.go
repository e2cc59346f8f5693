package packet_test

import (
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"synq/packet"
)

// TestOptionLayout checks the option bytes of a SYN for every combination of the four
// options, against Linux's layout (tcp_options_write): MSS first; TS preceded by SACK_PERM
// when both are set, else by NOP NOP; SACK_PERM alone as NOP NOP SACK_PERM; WSCALE as NOP
// WSCALE. MSS 1460 = 05b4, TSval 01020304, TSecr 05060708, WScale 7.
func TestOptionLayout(t *testing.T) {
	const (
		mss   = "020405b4 "
		sack  = "01010402 "
		ts    = "0101080a 01020304 05060708 "
		sackT = "0402080a 01020304 05060708 "
		ws    = "01030307 "
	)
	tests := []struct {
		mss, sack, ts, ws bool
		want              string
	}{
		{false, false, false, false, ""},
		{true, false, false, false, mss},
		{false, true, false, false, sack},
		{true, true, false, false, mss + sack},
		{false, false, true, false, ts},
		{true, false, true, false, mss + ts},
		{false, true, true, false, sackT},
		{true, true, true, false, mss + sackT},
		{false, false, false, true, ws},
		{true, false, false, true, mss + ws},
		{false, true, false, true, sack + ws},
		{true, true, false, true, mss + sack + ws},
		{false, false, true, true, ts + ws},
		{true, false, true, true, mss + ts + ws},
		{false, true, true, true, sackT + ws},
		{true, true, true, true, mss + sackT + ws},
	}
	for _, tc := range tests {
		opt := packet.Options{WScale: -1, SACKPermitted: tc.sack, TS: tc.ts}
		if tc.mss {
			opt.MSS = 1460
		}
		if tc.ts {
			opt.TSval, opt.TSecr = 0x01020304, 0x05060708
		}
		if tc.ws {
			opt.WScale = 7
		}
		syn := packet.TCP{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1, Flags: packet.SYN, Window: 1024, Opt: opt}
		b := syn.AppendTo(nil)
		off := int(b[32]>>4) * 4
		want := strings.ReplaceAll(tc.want, " ", "")
		if got, want := hex.EncodeToString(b[40:20+off]), want; got != want {
			t.Errorf("options of %+v: hex.EncodeToString(b[40:20+off]) = %q, want %q", opt, got, want)
		}

		got, err := packet.Parse(b)
		if err != nil {
			t.Fatalf("Parse(%x): unexpected error: %v", b, err)
		}
		if got, want := got.Opt, opt; !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(AppendTo(%+v)): got.Opt = %+v, want %+v", opt, got, want)
		}
	}
}

// TestParseOptions parses option areas that AppendTo never writes but other stacks may.
func TestParseOptions(t *testing.T) {
	tests := []struct {
		name string
		opts string // hex, a multiple of 4 bytes
		want packet.Options
	}{
		{"none", "", packet.Options{WScale: -1}},
		{"only EOL", "00000000", packet.Options{WScale: -1}},
		{"garbage after EOL is ignored", "020405b4 00ffffff", packet.Options{MSS: 1460, WScale: -1}},
		{"reversed order, no NOPs", "080a00000009 00000008 030302 040202 04 05b4 00",
			packet.Options{MSS: 1460, WScale: 2, SACKPermitted: true, TS: true, TSval: 9, TSecr: 8}},
		{"unknown kinds skipped", "1e04abcd 1312" + strings.Repeat("00", 16) + "02040218 0101",
			packet.Options{MSS: 536, WScale: -1}},
		{"SACK blocks skipped", "0101050a 00000001 00000002 01030300", packet.Options{WScale: 0}},
		{"WScale above 14 is read as 14", "010303ff", packet.Options{WScale: 14}},
		{"WScale 15", "0103030f", packet.Options{WScale: 14}},
		{"MSS twice: the last wins", "02040001 02040002", packet.Options{MSS: 2, WScale: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := hex.DecodeString(strings.ReplaceAll(tc.opts, " ", ""))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if len(o)%4 != 0 {
				t.Fatalf("fixture must be whole words: len(o)%%4 = %v, want zero", len(o)%4)
			}
			seg := packet.TCP{Src: client, Dst: server, SrcPort: 1, DstPort: 2, Flags: packet.SYN, Opt: packet.Options{WScale: -1}}
			b := seg.AppendTo(nil)
			b = append(b, o...)
			b[2], b[3] = byte(len(b)>>8), byte(len(b))
			b[32] = byte((20+len(o))/4) << 4

			got, err := packet.Parse(b)
			if err != nil {
				t.Fatalf("Parse(%x): unexpected error: %v", b, err)
			}
			if got, want := got.Opt, tc.want; !reflect.DeepEqual(got, want) {
				t.Errorf("options %s: got.Opt = %+v, want %+v", tc.opts, got, want)
			}
		})
	}
}
