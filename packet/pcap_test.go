package packet_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"synq/packet"
)

func TestPcapRoundTrip(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC).UnixNano()
	var want []packet.PcapRecord
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	require.NoError(t, err)
	for i, tc := range segments {
		rec := packet.PcapRecord{Time: base + int64(i)*1_234_567_891, Data: tc.seg.AppendTo(nil)}
		require.NoError(t, w.WritePacket(rec.Time, rec.Data), "WritePacket(%s)", tc.name)
		want = append(want, rec)
	}

	got, err := packet.ReadPcap(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestPcapBytes(t *testing.T) {
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	require.NoError(t, err)
	require.NoError(t, w.WritePacket(1_000_000_002_000_000_003, []byte{0x45, 0xaa, 0xbb}))
	// 1_000_000_002_000_000_003 ns is 1_000_000_002 s (0x3b9aca02) and 3 ns; all little-endian.
	want := "" +
		"4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "65000000" + // magic, version 2.4, zone, sigfigs, snaplen, LINKTYPE_RAW
		"02ca9a3b" + "03000000" + "03000000" + "03000000" + // seconds, nanoseconds, caplen, original length
		"45aabb"
	assert.Equal(t, want, hex.EncodeToString(buf.Bytes()))
}

func TestPcapSnapLen(t *testing.T) {
	var buf bytes.Buffer
	w, err := packet.NewPcapWriter(&buf)
	require.NoError(t, err)
	big := bytes.Repeat([]byte{7}, 70000)
	require.NoError(t, w.WritePacket(0, big))
	assert.Equal(t, "ffff0000"+"70110100", hex.EncodeToString(buf.Bytes()[24+8:24+16]), "caplen 65535, original length 70000")
	got, err := packet.ReadPcap(&buf)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, big[:65535], got[0].Data)
}

func TestWritePacketErrors(t *testing.T) {
	w, err := packet.NewPcapWriter(io.Discard)
	require.NoError(t, err)
	assert.Error(t, w.WritePacket(-1, nil), "before 1970")
	assert.Error(t, w.WritePacket(1<<32*int64(time.Second), nil), "past 2106")

	_, err = packet.NewPcapWriter(failWriter{})
	assert.ErrorIs(t, err, errDiskFull)
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
			require.NoError(t, err)
			assert.Equal(t, []packet.PcapRecord{{Time: tc.want, Data: []byte{0x45, 0}}}, got)
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
			assert.Error(t, err, "ReadPcap(%s)", tc.file)
		})
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	require.NoError(t, err)
	return b
}
