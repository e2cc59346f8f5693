package model

import "math/bits"

// connTable finds a request sock by its connection (connKey): an open-addressing hash table
// with linear probing. Every segment that reaches the listener and is not for an established
// child looks here, so under a flood it is the hottest lookup of the model; a Go map hashes a
// uint64 in software when compiled to WebAssembly, and costs a runtime call there, where this
// is a multiply and a compare or two. Deletion shifts later entries back, so the table never holds tombstones.
type connTable struct {
	slots []connSlot // a power of two, at most half full
	shift uint8      // 64 − log2(len(slots)): the hash keeps the product's top bits
	n     int
}

// connSlot is one entry; ri1 is the request slot plus one, so that 0 marks an empty entry.
type connSlot struct {
	key uint64
	ri1 int32
}

const connTableMin = 64

func (t *connTable) home(key uint64) int {
	return int((key * 0x9e3779b97f4a7c15) >> t.shift) // Fibonacci hashing
}

// get returns the request slot of key.
func (t *connTable) get(key uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.ri1 == 0 {
			return 0, false
		}
		if s.key == key {
			return s.ri1 - 1, true
		}
	}
}

// set maps key to ri, replacing what key mapped to before.
func (t *connTable) set(key uint64, ri int32) {
	if 2*(t.n+1) > len(t.slots) {
		t.resize(max(connTableMin, 2*len(t.slots)))
	}
	mask := len(t.slots) - 1
	i := t.home(key)
	for ; t.slots[i].ri1 != 0; i = (i + 1) & mask {
		if t.slots[i].key == key {
			t.slots[i].ri1 = ri + 1
			return
		}
	}
	t.slots[i] = connSlot{key: key, ri1: ri + 1}
	t.n++
}

// remove forgets key, if it is there.
func (t *connTable) remove(key uint64) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	i := t.home(key)
	for ; t.slots[i].ri1 == 0 || t.slots[i].key != key; i = (i + 1) & mask {
		if t.slots[i].ri1 == 0 {
			return // the run ended without key
		}
	}
	t.n--
	// Close the gap: move back every later entry of the run whose home is not between the
	// gap and its own position (cyclically), so that each stays reachable from its home.
	for j := (i + 1) & mask; t.slots[j].ri1 != 0; j = (j + 1) & mask {
		h := t.home(t.slots[j].key)
		if (j-h)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = connSlot{}
}

func (t *connTable) resize(size int) {
	old := t.slots
	t.slots = make([]connSlot, size)
	t.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
	for _, s := range old {
		if s.ri1 != 0 {
			t.set(s.key, s.ri1-1)
		}
	}
}

// len is the number of entries.
func (t *connTable) len() int { return t.n }

// clone is an independent copy.
func (t connTable) clone() connTable {
	t.slots = append([]connSlot(nil), t.slots...)
	return t
}
