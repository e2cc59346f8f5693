package packet_test

import (
	"reflect"
	"testing"

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
		if !packet.ChecksumsValid(again) {
			t.Fatalf("ChecksumsValid(AppendTo(Parse(%x))): want packet.ChecksumsValid(again)", b)
		}
		reparsed, err := packet.Parse(again)
		if err != nil {
			t.Fatalf("Parse(AppendTo(Parse(%x))): unexpected error: %v", b, err)
		}
		// A TTL of 0 on the wire cannot be built: AppendTo reads it as "the default, 64".
		if got.TTL == 0 {
			got.TTL = 64
		}
		if got, want := reparsed, got; !reflect.DeepEqual(got, want) {
			t.Fatalf("Parse(AppendTo(Parse(%x))): reparsed = %+v, want %+v", b, got, want)
		}
	})
}
