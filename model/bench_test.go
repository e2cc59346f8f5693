package model_test

import (
	"runtime"
	"testing"

	"synq/model"
)

// BenchmarkFlood is the yardstick: 1,000,000 spoofed SYNs at 100,000/s against
// syncookies mode 1, with 1,000 genuine clients mixed in. It reports simulated SYNs per
// wall-clock second, allocations per SYN, and how much the heap grew between the first and the
// last tenth of the flood (flat memory: it should stay near zero).
func BenchmarkFlood(b *testing.B) {
	const syns = 1_000_000
	sc := scenario(b, "linux-6.18", 12*model.Second)
	sc.Server.Sysctl.Syncookies = 1
	sc.Traffic = []model.Traffic{
		flood(0, syns, 100_000),
		connect(0, 1000, 100, 100),
	}
	var growth float64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := model.New(sc, model.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		s.RunUntil(model.Second)
		runtime.ReadMemStats(&ms)
		early := ms.HeapAlloc
		s.RunUntil(sc.Duration)
		runtime.ReadMemStats(&ms)
		growth = float64(int64(ms.HeapAlloc) - int64(early))
		if got := s.Counters().Get(model.SyncookiesSent); got < syns/2 {
			b.Fatalf("only %d cookies sent: the flood did not run", got)
		}
	}
	b.StopTimer()
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(syns/perOp, "SYN/s")
	b.ReportMetric(growth/1e6, "MB-heap-growth")
}

// A flood allocates nothing per SYN, also with a Sent hook (the kernel engine's): handing the
// hook a pointer once made every packet escape, two allocations per SYN.
func TestFloodAllocatesNothingPerSYN(t *testing.T) {
	const syns = 20_000
	sc := scenario(t, "linux-6.18", 2*model.Second)
	sc.Server.Sysctl.Syncookies = 1
	sc.Traffic = []model.Traffic{flood(0, syns, 100_000)}
	for _, opt := range []model.Options{{}, {Sent: func(model.Packet) {}}} {
		allocs := testing.AllocsPerRun(1, func() {
			s, err := model.New(sc, opt)
			if err != nil {
				t.Fatal(err)
			}
			s.RunUntil(sc.Duration)
		})
		if allocs > syns/100 {
			t.Errorf("a run of %d SYNs (hook set: %v) made %.0f allocations, want fewer than %d", syns, opt.Sent != nil, allocs, syns/100)
		}
	}
}
