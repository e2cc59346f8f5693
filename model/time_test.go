package model_test

import (
	"testing"

	"synq/model"
)

// A rated traffic entry emits its i-th SYN at At + floor(i·1s/rate), with no drift however
// many it sends.
func TestTrafficTimesDoNotDrift(t *testing.T) {
	for _, rate := range []model.Rate{3, 7, 1000, 30001} {
		sc := scenario(t, "linux-6.18", 2*s1)
		const n = 5000
		at := 13 * ms
		sc.Traffic = []model.Traffic{flood(at, n, rate)}
		sc.Duration = at + rate.Offset(n-1) + s1
		sc.Observe = []model.Time{sc.Duration}
		_, evs := traced(t, sc)
		i := int64(0)
		for _, e := range evs {
			if e.Kind == model.EvSend && e.Flags == model.SYN && e.Attr&model.AttrToServer != 0 {
				if want := at + rate.Offset(i); e.At != want {
					t.Fatalf("rate %v: SYN %d sent at %v, want %v", rate, i, e.At, want)
				}
				i++
			}
		}
		if i != n {
			t.Fatalf("rate %v: %d SYNs, want %d", rate, i, n)
		}
	}
}
