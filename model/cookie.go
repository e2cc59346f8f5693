package model

// cookieJar makes and checks syncookies (kernel-spec.md 3.1): the ISN of a SYN-ACK that
// carries the connection's state so that no request needs to be kept.
type cookieJar struct {
	keys   [2]sipKey // spec 3.1: two random secrets, SipHash since 4.11
	maxAge uint32    // spec 3.1: minutes-counter steps a cookie stays valid
	mss    []int     // spec 3.2: the MSS table, index = largest entry <= client MSS
}

const (
	cookieBits = 24 // spec 1.2 COOKIEBITS
	cookieMask = 1<<cookieBits - 1
)

// Cookie is a syncookie taken apart.
type Cookie struct {
	ISN      uint32 // the SYN-ACK's sequence number
	Count    uint32 // the minutes counter it was made in
	MSSIndex int    // index into the profile's MSS table
	MSS      int    // the MSS it stands for
}

func (j *cookieJar) hash(c *connID, count uint32, which int) uint32 {
	return uint32(siphash4u32(j.keys[which], c.saddr, c.daddr, uint32(c.sport)<<16|uint32(c.dport), count))
}

// connID is what a cookie is bound to: the client's address and port, the server's, and
// the client's initial sequence number.
type connID struct {
	saddr, daddr uint32
	sport, dport uint16
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
	return j.hash(c, 0, 0) + clientISN + count<<cookieBits +
		((j.hash(c, count, 1) + uint32(mssIdx)) & cookieMask)
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

// cookieTSBits encodes the options a cookie connection keeps in the low 6 bits of the
// SYN-ACK's TSval (spec 3.4, 2.6.36+): client window scale (15: none), SACK, ECN.
func cookieTSOptions(o SynOptions) uint32 {
	v := uint32(0xf)
	if o.WScale >= 0 {
		v = uint32(o.WScale)
	}
	if o.SACK {
		v |= 1 << 4
	}
	return v
}
