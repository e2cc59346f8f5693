package packet_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"synq/packet"
)

func TestPcapRoundTrip(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano()
	var want []packet.PcapRecord
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for i, tc := range segments {
		rec := packet.PcapRecord{Time: base + int64(i)*1_234_567_891, Data: tc.seg.AppendTo(nil)}
		if err := w.WritePacket(rec.Time, rec.Data); err != nil {
			t.Fatalf("WritePacket(%s): unexpected error: %v", tc.name, err)
		}
		want = append(want, rec)
	}

	got, err := packet.ReadPcap(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got = %v, want %v", got, want)
	}
}

func TestPcapBytes(t *testing.T) {
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := w.WritePacket(1_000_000_002_000_000_003, []byte{0x45, 0xaa, 0xbb}); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	// 1_000_000_002_000_000_003 ns is 1_000_000_002 s (0x3b9aca02) and 3 ns; all little-endian.
	want := "" +
		"4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "65000000" + // magic, version 2.4, zone, sigfigs, snaplen, LINKTYPE_RAW
		"02ca9a3b" + "03000000" + "03000000" + "03000000" + // seconds, nanoseconds, caplen, original length
		"45aabb"
	if got, want := hex.EncodeToString(buf.Bytes()), want; got != want {
		t.Errorf("hex.EncodeToString(buf.Bytes()) = %q, want %q", got, want)
	}
}

func TestPcapSnapLen(t *testing.T) {
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	big := bytes.Repeat([]byte{7}, 70000)
	if err := w.WritePacket(0, big); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := hex.EncodeToString(buf.Bytes()[24+8:24+16]), "ffff0000"+"70110100"; got != want {
		t.Errorf("caplen 65535, original length 70000: hex.EncodeToString(buf.Bytes()[24+8:24+16]) = %q, want %q", got, want)
	}
	got, err := packet.ReadPcap(&buf)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got := len(got); got != 1 {
		t.Fatalf("len(got) = %d, want %d", got, 1)
	}
	if got, want := got[0].Data, big[:65535]; !bytes.Equal(got, want) {
		t.Errorf("got[0].Data = %x, want %x", got, want)
	}
}

func TestWritePacketErrors(t *testing.T) {
	w, err := packet.NewPcapWriter(io.Discard)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := w.WritePacket(-1, nil); err == nil {
		t.Errorf("before 1970: got no error, want one")
	}
	if err := w.WritePacket(1<<32*int64(time.Second), nil); err == nil {
		t.Errorf("past 2106: got no error, want one")
	}

	_, err = packet.NewPcapWriter(failWriter{})
	if !errors.Is(err, errDiskFull) {
		t.Errorf("error %v, want %v", err, errDiskFull)
	}
}

// TestReadPcapFormats reads hand-made files in both byte orders and both time resolutions.
// Each holds one record: 1 s + 500 (µs or ns), caplen 2, origlen 2, data 45 00.
func TestReadPcapFormats(t *testing.T) {
	tests := []struct {
		name string
		file string
		want int64
	}{
		{"µs little-endian", "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 65000000" +
			"01000000 f4010000 02000000 02000000 4500", 1_000_500_000},
		{"µs big-endian", "a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000065" +
			"00000001 000001f4 00000002 00000002 4500", 1_000_500_000},
		{"ns little-endian", "4d3cb2a1 0200 0400 00000000 00000000 ffff0000 65000000" +
			"01000000 f4010000 02000000 02000000 4500", 1_000_000_500},
		{"ns big-endian", "a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000065" +
			"00000001 000001f4 00000002 00000002 4500", 1_000_000_500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := packet.ReadPcap(bytes.NewReader(unhex(t, tc.file)))
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got, want := got, []packet.PcapRecord{{Time: tc.want, Data: []byte{0x45, 0}}}; !reflect.DeepEqual(got, want) {
				t.Errorf("got = %v, want %v", got, want)
			}
		})
	}
}

func TestReadPcapErrors(t *testing.T) {
	const header = "4d3cb2a1 0200 0400 00000000 00000000 ffff0000 65000000"
	tests := []struct {
		name string
		file string
	}{
		{"empty", ""},
		{"short header", "4d3cb2a1 0200"},
		{"bad magic", "0a0d0d0a 0200 0400 00000000 00000000 ffff0000 65000000"},
		{"short record header", header + "01000000 00000000"},
		{"short record data", header + "01000000 00000000 04000000 04000000 4500"},
		{"no record data", header + "01000000 00000000 04000000 04000000"},
		{"huge caplen", header + "01000000 00000000 ffffff7f ffffff7f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := packet.ReadPcap(bytes.NewReader(unhex(t, tc.file)))
			if err == nil {
				t.Errorf("ReadPcap(%s): got no error, want one", tc.file)
			}
		})
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return b
}
