package packet_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"synq/packet"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts survives
// AppendTo and a second Parse unchanged, with valid checksums.
func FuzzParse(f *testing.F) {
	for _, tc := range segments {
		f.Add(tc.seg.AppendTo(nil))
	}
	f.Add([]byte{})
	f.Add([]byte{0x45})
	f.Add(make([]byte, 40))

	f.Fuzz(func(t *testing.T, b []byte) {
		packet.ChecksumsValid(b) // must not panic either
		got, err := packet.Parse(b)
		if err != nil {
			return
		}
		again := got.AppendTo(nil)
		require.True(t, packet.ChecksumsValid(again), "ChecksumsValid(AppendTo(Parse(%x)))", b)
		reparsed, err := packet.Parse(again)
		require.NoError(t, err, "Parse(AppendTo(Parse(%x)))", b)
		// A TTL of 0 on the wire cannot be built: AppendTo reads it as "the default, 64".
		if got.TTL == 0 {
			got.TTL = 64
		}
		require.Equal(t, got, reparsed, "Parse(AppendTo(Parse(%x)))", b)
	})
}
