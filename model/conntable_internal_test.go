package model

import (
	"math/rand/v2"
	"testing"
)

// The table must agree with a Go map through any sequence of sets and removes, including
// keys that collide on their home slot and removals in the middle of a probe run.
func TestConnTableAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var tab connTable
	ref := map[uint64]int32{}
	// Few distinct keys with shared low and high bits make long runs and wrap-arounds.
	key := func() uint64 { return uint64(rng.IntN(300))<<40 | uint64(rng.IntN(4)) }
	for op := 0; op < 200_000; op++ {
		k := key()
		switch rng.IntN(3) {
		case 0, 1:
			v := int32(rng.IntN(1 << 20))
			tab.set(k, v)
			ref[k] = v
		case 2:
			tab.remove(k)
			delete(ref, k)
		}
		if op%997 == 0 {
			if tab.len() != len(ref) {
				t.Fatalf("after op %d: len %d, want %d", op, tab.len(), len(ref))
			}
			for rk, rv := range ref {
				got, ok := tab.get(rk)
				if !ok {
					t.Fatalf("key %x lost after op %d", rk, op)
				}
				if got != rv {
					t.Fatalf("key %x after op %d: %d, want %d", rk, op, got, rv)
				}
			}
		}
		_, inRef := ref[k]
		_, inTab := tab.get(k)
		if inTab != inRef {
			t.Fatalf("key %x after op %d: in the table %v, in the map %v", k, op, inTab, inRef)
		}
	}
}

func TestConnTableCloneIsIndependent(t *testing.T) {
	var a connTable
	for k := range uint64(100) {
		a.set(k*12345, int32(k))
	}
	b := a.clone()
	a.remove(12345)
	a.set(7, 1)
	_, ok := b.get(12345)
	if !ok {
		t.Fatal("removing from the original removed from the clone")
	}
	if _, ok = b.get(7); ok {
		t.Fatal("setting in the original set in the clone")
	}
	if b.len() != 100 || a.len() != 100 {
		t.Fatalf("lengths: clone %d, original %d; want 100 and 100", b.len(), a.len())
	}
}
