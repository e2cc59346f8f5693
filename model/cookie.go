package model

import (
	"math/bits"
	"math/rand/v2"
)

// cookieJar makes and checks syncookies (kernel-spec.md 3.1): the ISN of a SYN-ACK that
// carries the connection's state so that no request needs to be kept.
type cookieJar struct {
	kind   CookieHash
	sip    [2]sipKey     // spec 3.1: two random 128-bit keys, SipHash since 4.11
	sha    [2][17]uint32 // spec 3.1: two secrets of 17 random words, SHA-1 up to 4.10
	maxAge uint32        // spec 3.1: minutes-counter steps a cookie stays valid
	mss    []int         // spec 3.2: the MSS table, index = largest entry <= client MSS
	tsBits int           // spec 3.4: option bits in the SYN-ACK's TSval
}

// newCookieJar draws the profile's secrets from the run's random source.
func newCookieJar(p *Profile, rng *rand.Rand) cookieJar {
	j := cookieJar{kind: p.CookieHash, maxAge: uint32(p.CookieMaxAge), mss: p.CookieMSS, tsBits: p.CookieTSBits}
	if p.CookieHash == CookieSipHash {
		for i := range j.sip {
			j.sip[i] = sipKey{rng.Uint64(), rng.Uint64()}
		}
		return j
	}
	for i := range j.sha {
		for w := range j.sha[i] {
			j.sha[i][w] = rng.Uint32()
		}
	}
	return j
}

const (
	cookieBits = 24 // spec 1.2 COOKIEBITS
	cookieMask = 1<<cookieBits - 1
)

// connID is what a cookie is bound to: the client's address and port and the server's.
type connID struct {
	saddr, daddr uint32
	sport, dport uint16
}

// ports is the hash's third word: the client's port above the server's.
func (c *connID) ports() uint32 { return uint32(c.sport)<<16 | uint32(c.dport) }

// hash is H(saddr, daddr, sport, dport, count, secret[which]) of spec 3.1.
func (j *cookieJar) hash(c *connID, count uint32, which int) uint32 {
	if j.kind == CookieSHA1 {
		return sha1CookieHash(&j.sha[which], c.saddr, c.daddr, c.ports(), count)
	}
	return uint32(siphash4u32(&j.sip[which], c.saddr, c.daddr, c.ports(), count))
}

// sha1CookieHash is the ≤4.10 cookie hash (spec 3.1): one SHA-1 compression of the block
// {saddr, daddr, ports, count, secret[0..11]} starting from the chaining state secret[12..16];
// the hash is the second word of the result.
func sha1CookieHash(secret *[17]uint32, saddr, daddr, ports, count uint32) uint32 {
	var block [16]uint32
	block[0], block[1], block[2], block[3] = saddr, daddr, ports, count
	copy(block[4:], secret[:12])
	var state [5]uint32
	copy(state[:], secret[12:])
	sha1Compress(&state, &block)
	return state[1]
}

// sha1Compress is the SHA-1 compression function of FIPS 180-4 section 6.1.2 applied to one
// 16-word block: 80 rounds over the message schedule, added into the chaining state.
func sha1Compress(h *[5]uint32, m *[16]uint32) {
	var w [80]uint32
	copy(w[:], m[:])
	for t := 16; t < 80; t++ {
		w[t] = bits.RotateLeft32(w[t-3]^w[t-8]^w[t-14]^w[t-16], 1)
	}
	a, b, c, d, e := h[0], h[1], h[2], h[3], h[4]
	for t := 0; t < 80; t++ {
		var f, k uint32
		switch {
		case t < 20:
			f, k = (b&c)|(^b&d), 0x5a827999
		case t < 40:
			f, k = b^c^d, 0x6ed9eba1
		case t < 60:
			f, k = (b&c)|(b&d)|(c&d), 0x8f1bbcdc
		default:
			f, k = b^c^d, 0xca62c1d6
		}
		a, b, c, d, e = bits.RotateLeft32(a, 5)+f+e+k+w[t], a, bits.RotateLeft32(b, 30), c, d
	}
	h[0] += a
	h[1] += b
	h[2] += c
	h[3] += d
	h[4] += e
}

// mssIndex picks the largest table entry not above mss (the smallest when mss is below all).
func (j *cookieJar) mssIndex(mss int) int {
	for i := len(j.mss) - 1; i > 0; i-- {
		if mss >= j.mss[i] {
			return i
		}
	}
	return 0
}

// encode makes the cookie ISN for a SYN (spec 3.1):
// ISN = h1 + client ISN + count<<24 + ((h2 + MSS index) mod 2^24).
func (j *cookieJar) encode(c *connID, clientISN, count uint32, mssIdx int) uint32 {
	var h1, h2 uint32
	if j.kind == CookieSipHash {
		// j.hash written out: under a flood this runs for every SYN
		h1 = uint32(siphash4u32(&j.sip[0], c.saddr, c.daddr, c.ports(), 0))
		h2 = uint32(siphash4u32(&j.sip[1], c.saddr, c.daddr, c.ports(), count))
	} else {
		h1, h2 = j.hash(c, 0, 0), j.hash(c, count, 1)
	}
	return h1 + clientISN + count<<cookieBits + ((h2 + uint32(mssIdx)) & cookieMask)
}

// decode checks a returning cookie (the ACK's ack_seq − 1, with the client ISN seq − 1) at
// minutes counter now, and gives its MSS index, or false when it is too old or forged.
func (j *cookieJar) decode(c *connID, cookie, clientISN, now uint32) (int, bool) {
	cookie -= j.hash(c, 0, 0) + clientISN
	made := cookie >> cookieBits
	diff := (now - made) & (1<<(32-cookieBits) - 1)
	if diff >= j.maxAge {
		return 0, false
	}
	idx := (cookie - j.hash(c, now-diff, 1)) & cookieMask
	if idx >= uint32(len(j.mss)) {
		return 0, false
	}
	return int(idx), true
}

// tsOptions encodes the options a cookie connection keeps in the low bits of the SYN-ACK's
// TSval (spec 3.4): with TSBITS 6 (2.6.36+) the client's window scale (15: none), SACK in bit
// 4 and ECN in bit 5; with TSBITS 9 (2.6.32, EL6) the client's window scale in bits 0–3, ours
// in bits 4–7 (both 0 without window scaling) and SACK in bit 8.
func (j *cookieJar) tsOptions(o SynOptions, ourWScale int8) uint32 {
	if j.tsBits == 9 {
		var v uint32
		if o.WScale >= 0 {
			v = uint32(o.WScale)&0xf | uint32(ourWScale)&0xf<<4
		}
		if o.SACK {
			v |= 1 << 8
		}
		return v
	}
	v := uint32(0xf)
	if o.WScale >= 0 {
		v = uint32(o.WScale)
	}
	if o.SACK {
		v |= 1 << 4
	}
	return v
}

// cookieTSval is the SYN-ACK's TSval for a cookie: the current timestamp with its low bits
// replaced by the options, stepped back one unit if that would put it in the future (spec 3.4).
func (j *cookieJar) cookieTSval(now, options uint32) uint32 {
	unit := uint32(1) << j.tsBits
	ts := now&^(unit-1) | options
	if int32(ts-now) > 0 {
		ts -= unit
	}
	return ts
}

// Cookie is a syncookie taken apart (spec 3.1–3.4): what the SYN-ACK's ISN and TSval carry.
type Cookie struct {
	At        Time   // when it was made
	Peer      Peer   // the client or flood source it answers
	PeerPort  uint16 // that peer's port
	ClientISN uint32 // the SYN's sequence number
	ISN       uint32 // the cookie: the SYN-ACK's sequence number
	H1        uint32 // H(addresses, ports, 0, secret 0): added to the whole ISN
	H2        uint32 // H(addresses, ports, count, secret 1): added to the low 24 bits
	Count     uint32 // the minutes counter it was made in: the ISN's top 8 bits after removing H1 and the client ISN
	MSSIndex  int    // index into the MSS table, in the low 24 bits
	MSS       int    // the MSS it stands for
	MSSTable  []int  // the profile's table
	Hash      string // which hash the kernel uses
	TS        bool   // the SYN-ACK carries a timestamp, so options survive
	TSval     uint32 // the SYN-ACK's TSval, options in its low bits
	TSBits    int    // how many low bits carry options
	Options   uint32 // those bits
	WScale    int8   // the client's window scale the cookie keeps; -1: none
	SACK      bool   // SACK kept
	MaxAge    int    // minutes-counter steps it stays valid
}

// view takes apart a cookie this jar made.
func (j *cookieJar) view(c *connID, clientISN, isn, count uint32, idx int) Cookie {
	hashName := "SipHash-2-4 (4.11+)"
	if j.kind == CookieSHA1 {
		hashName = "SHA-1 compression (up to 4.10)"
	}
	return Cookie{ClientISN: clientISN, ISN: isn, H1: j.hash(c, 0, 0), H2: j.hash(c, count, 1), Count: count,
		MSSIndex: idx, MSS: j.mss[idx], MSSTable: j.mss, Hash: hashName, TSBits: j.tsBits, WScale: -1, MaxAge: int(j.maxAge)}
}
