package model

import (
	"crypto/sha1"
	"encoding/binary"
	"testing"
)

// TestSHA1Compress: one compression of the padded block of "abc" from the standard initial
// state gives SHA-1("abc").
func TestSHA1Compress(t *testing.T) {
	var block [16]uint32
	block[0] = 'a'<<24 | 'b'<<16 | 'c'<<8 | 0x80
	block[15] = 24 // the message length in bits
	h := [5]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}
	sha1Compress(&h, &block)
	want := sha1.Sum([]byte("abc"))
	for i := range h {
		if got := binary.BigEndian.Uint32(want[4*i:]); h[i] != got {
			t.Fatalf("word %d: %#x, want %#x", i, h[i], got)
		}
	}
}

// TestCookieRoundTripAndAge: a cookie decodes to its MSS index while young, and fails once
// MaxAge minutes have passed (spec 3.1), for both hashes.
func TestCookieRoundTripAndAge(t *testing.T) {
	for _, name := range []string{"linux-4.10", "linux-4.11", "linux-3.12"} {
		p, _ := LookupProfile(name)
		sim, _ := New(&Scenario{Profile: p, Seed: 3, Duration: Second}, Options{})
		j := newCookieJar(p, sim.rng)
		id := connID{saddr: 0xc6130001, daddr: serverAddr32, sport: 40000, dport: 80}
		for idx := range j.mss {
			isn := j.encode(&id, 12345, 100, idx)
			for age := uint32(0); age <= uint32(p.CookieMaxAge); age++ {
				got, ok := j.decode(&id, isn, 12345, 100+age)
				if want := age < uint32(p.CookieMaxAge); ok != want || (ok && got != idx) {
					t.Errorf("%s: index %d at age %d: %d, %v; want valid %v", name, idx, age, got, ok, want)
				}
			}
			if _, ok := j.decode(&id, isn+1<<20, 12345, 100); ok {
				t.Errorf("%s: a cookie with its low bits changed still checks", name)
			}
			other := id
			other.sport++
			if _, ok := j.decode(&other, isn, 12345, 100); ok {
				t.Errorf("%s: a cookie checks for another port", name)
			}
		}
	}
}

// TestTSOptionLayouts: spec 3.4, TSBITS 9 before 2.6.36 and 6 after.
func TestTSOptionLayouts(t *testing.T) {
	six := cookieJar{tsBits: 6}
	nine := cookieJar{tsBits: 9}
	for _, tc := range []struct {
		opt       SynOptions
		six, nine uint32
	}{
		{SynOptions{WScale: 7, SACK: true}, 7 | 1<<4, 7 | 7<<4 | 1<<8},
		{SynOptions{WScale: -1, SACK: true}, 0xf | 1<<4, 1 << 8},
		{SynOptions{WScale: 2}, 2, 2 | 7<<4},
	} {
		if got := six.tsOptions(tc.opt, 7); got != tc.six {
			t.Errorf("TSBITS 6, %+v: %#x, want %#x", tc.opt, got, tc.six)
		}
		if got := nine.tsOptions(tc.opt, 7); got != tc.nine {
			t.Errorf("TSBITS 9, %+v: %#x, want %#x", tc.opt, got, tc.nine)
		}
	}
	if ts := six.cookieTSval(1000, 0x1f); ts > 1000 || ts&0x3f != 0x1f {
		t.Errorf("cookie TSval %d: must not pass now (1000) and must end in the options", ts)
	}
}
