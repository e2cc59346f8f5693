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

// The kernel clocks the model keeps incrementally (jiffies, for timers, rate limits and the
// cookie minutes counter) agree with the timer schedule computed from scratch, also across a
// long quiet gap. The timer wheel's buckets sit on the absolute jiffy grid, so a SYN-ACK
// schedule that starts after a quiet gap of a whole number of level-3 buckets (512 jiffies,
// 2.048 s) is the same schedule shifted; one that starts off that grid is rounded differently.
func TestClocksAcrossQuietGap(t *testing.T) {
	sched := func(at model.Time) []model.Time {
		sc := scenario(t, "linux-6.18", at+70*s1)
		sc.Traffic = []model.Traffic{flood(at, 1, 0)}
		_, evs := traced(t, sc)
		var out []model.Time
		for _, e := range evs {
			if e.Kind == model.EvSend && e.Flags == model.SYN|model.ACK {
				out = append(out, e.At-at)
			}
		}
		return out
	}
	a, b := sched(0), sched(300*2048*ms) // about 10 minutes, on the 512-jiffy grid
	if c := sched(10 * model.Minute); c[3] == a[3] {
		t.Errorf("a schedule starting off the wheel's grid was rounded the same: %v", c)
	}
	if len(a) != 6 || len(b) != 6 {
		t.Fatalf("schedules %v and %v, want 6 SYN-ACKs each", a, b)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("SYN-ACK %d at +%v after a quiet start, +%v after 10 minutes", i, a[i], b[i])
		}
	}
}
