package model

import (
	"encoding/binary"
	"math/bits"
	"testing"
)

// sipReference is SipHash-2-4 over any message, written from the paper's description
// (Aumasson and Bernstein, 2012) in its compact form.
func sipReference(k0, k1 uint64, msg []byte) uint64 {
	v := [4]uint64{k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d, k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573}
	round := func() {
		v[0] += v[1]
		v[1] = bits.RotateLeft64(v[1], 13) ^ v[0]
		v[0] = bits.RotateLeft64(v[0], 32)
		v[2] += v[3]
		v[3] = bits.RotateLeft64(v[3], 16) ^ v[2]
		v[0] += v[3]
		v[3] = bits.RotateLeft64(v[3], 21) ^ v[0]
		v[2] += v[1]
		v[1] = bits.RotateLeft64(v[1], 17) ^ v[2]
		v[2] = bits.RotateLeft64(v[2], 32)
	}
	n := len(msg)
	for len(msg) >= 8 {
		m := binary.LittleEndian.Uint64(msg)
		v[3] ^= m
		round()
		round()
		v[0] ^= m
		msg = msg[8:]
	}
	var last [8]byte
	copy(last[:], msg)
	m := binary.LittleEndian.Uint64(last[:]) | uint64(n)<<56
	v[3] ^= m
	round()
	round()
	v[0] ^= m
	v[2] ^= 0xff
	for range 4 {
		round()
	}
	return v[0] ^ v[1] ^ v[2] ^ v[3]
}

// The published test vector: key 00..0f, message 00..0e (15 bytes) → a129ca6149be45e5.
func TestSipReferenceVector(t *testing.T) {
	var key, msg [16]byte
	for i := range key {
		key[i], msg[i] = byte(i), byte(i)
	}
	k0, k1 := binary.LittleEndian.Uint64(key[:8]), binary.LittleEndian.Uint64(key[8:])
	if got := sipReference(k0, k1, msg[:15]); got != 0xa129ca6149be45e5 {
		t.Fatalf("reference SipHash of the 15-byte vector = %016x, want a129ca6149be45e5", got)
	}
	if got := sipReference(k0, k1, nil); got != 0x726fdb47dd0e0e31 {
		t.Fatalf("reference SipHash of the empty message = %016x, want 726fdb47dd0e0e31", got)
	}
}

// siphash4u32 must equal SipHash-2-4 of its four words as 16 little-endian bytes.
func TestSiphash4u32(t *testing.T) {
	k := sipKey{0x0706050403020100, 0x0f0e0d0c0b0a0908}
	for _, w := range [][4]uint32{{0, 0, 0, 0}, {0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c}, {0xc6130001, 0xc6120001, 80<<16 | 443, 12345}} {
		var msg [16]byte
		for i, x := range w {
			binary.LittleEndian.PutUint32(msg[4*i:], x)
		}
		if got, want := siphash4u32(&k, w[0], w[1], w[2], w[3]), sipReference(k[0], k[1], msg[:]); got != want {
			t.Errorf("siphash4u32(%x) = %016x, want %016x", w, got, want)
		}
	}
}
