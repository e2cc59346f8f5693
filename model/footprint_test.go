package model_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"synq/model"
)

// footprintCases are runs that each fill one part of the model's state as far as a test can
// afford: packets in flight, half-open requests (4.4+ and the ≤4.3 table), genuine clients,
// and a stream that a change starts. Each is measured in a process of its own.
var footprintCases = map[string]func(t testing.TB) *model.Scenario{
	// 2,000,000 SYNs at one instant: all on the wire at once.
	"burst": func(t testing.TB) *model.Scenario {
		sc := scenario(t, "linux-6.18", 2*s1)
		sc.Traffic = []model.Traffic{flood(0, 2_000_000, 0)}
		return sc
	},
	// Queues as large as the sysctls go, no cookies: 1,000,000 requests stay half-open.
	"queue": func(t testing.TB) *model.Scenario {
		sc := scenario(t, "linux-6.18", 2*s1)
		sc.Server.Sysctl.Somaxconn, sc.Server.Sysctl.MaxSynBacklog, sc.Server.Sysctl.Syncookies = math.MaxInt32, math.MaxInt32, 0
		sc.Server.Backlog = math.MaxInt32
		sc.Traffic = []model.Traffic{flood(0, 1_000_000, 1_000_000)}
		return sc
	},
	// The same on 4.1, whose request table is sized at listen() and swept by one timer.
	"table": func(t testing.TB) *model.Scenario {
		sc := scenario(t, "linux-4.1", 2*s1)
		sc.Server.Sysctl.Somaxconn, sc.Server.Sysctl.MaxSynBacklog, sc.Server.Sysctl.Syncookies = 1<<20, 1<<20, 0
		sc.Server.Backlog = 1 << 20
		sc.Traffic = []model.Traffic{flood(0, 500_000, 500_000)}
		return sc
	},
	// Every client the model allows, never accepted, writing data, over a long delay.
	"clients": func(t testing.TB) *model.Scenario {
		sc := scenario(t, "linux-6.18", 20*s1)
		sc.Server.App = []model.AppStep{{At: 0, Mode: model.AcceptNone}}
		sc.Network.Delay = 500 * ms
		sc.Traffic = []model.Traffic{connect(0, model.MaxClients, 10_000, 100)}
		return sc
	},
	// A page link's flood: a change starts a stream at the highest rate into a huge queue.
	"change": func(t testing.TB) *model.Scenario {
		sc := scenario(t, "linux-6.18", 1500*ms)
		sc.Server.Sysctl.Somaxconn, sc.Server.Sysctl.MaxSynBacklog, sc.Server.Sysctl.Syncookies = math.MaxInt32, math.MaxInt32, 0
		sc.Server.Backlog = math.MaxInt32
		sc.Network.Delay = 10 * ms
		sc.Changes = []model.Change{{At: 1400 * ms, Kind: model.ChangeFlood, Rate: model.MaxRate, Options: model.DefaultFloodOptions}}
		return sc
	},
}

// TestEstimateBoundsPeak runs each case in a fresh process, measures the process's peak
// resident memory (VmHWM) above what it held before the run, and checks that Estimate's
// Bytes is at least that: an upper bound. It also checks that the bound is not loose by more
// than a factor the collector explains, so that the limit does not refuse runs that fit.
func TestEstimateBoundsPeak(t *testing.T) {
	if runtime.GOOS != "linux" || testing.Short() {
		t.Skip("measures /proc/self/status; not in -short")
	}
	for name, mk := range footprintCases {
		t.Run(name, func(t *testing.T) {
			est := model.Estimate(mk(t))
			peak := measure(t, name)
			t.Logf("%s: measured peak %s above the start; estimate %s, state %s (%d in flight, %d requests, %d clients, %d events)",
				name, model.FormatBytes(peak), model.FormatBytes(est.Bytes), model.FormatBytes(est.StateBytes),
				est.InFlight, est.Requests, est.Clients, est.Events)
			if peak > est.Bytes {
				t.Errorf("%s: measured peak %d bytes is above the estimate %d: not an upper bound", name, peak, est.Bytes)
			}
			if peak > 64<<20 && est.Bytes > 8*peak {
				t.Errorf("%s: estimate %d bytes is more than 8 times the measured peak %d", name, est.Bytes, peak)
			}
		})
	}
}

// largestCases are the largest runs MemoryLimit allows of the two shapes that need the most
// memory per SYN: a burst at one instant and a queue without limits.
var largestCases = map[string]func(t testing.TB) *model.Scenario{
	"largest-burst": func(t testing.TB) *model.Scenario {
		return largest(t, func(n int) *model.Scenario { sc := footprintCases["burst"](t); sc.Traffic[0].Count = n; return sc })
	},
	"largest-queue": func(t testing.TB) *model.Scenario {
		return largest(t, func(n int) *model.Scenario {
			sc := footprintCases["queue"](t)
			sc.Traffic[0].Count = n
			sc.Traffic[0].Rate = model.MaxRate
			return sc
		})
	},
}

// largest returns the scenario build makes with the largest count whose estimate is within
// model.MemoryLimit.
func largest(t testing.TB, build func(n int) *model.Scenario) *model.Scenario {
	lo, hi := 1, model.MaxFloodSYNs
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if model.Estimate(build(mid)).Bytes <= model.MemoryLimit {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return build(lo)
}

// BenchmarkLargestScenario runs the largest scenarios the memory limit allows, each once in a
// process of its own, and reports the process's peak resident memory above its start beside
// the estimate: the figure that says how much of a machine the limit lets one run take.
func BenchmarkLargestScenario(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("measures /proc/self/status")
	}
	for _, name := range []string{"largest-burst", "largest-queue"} {
		b.Run(name, func(b *testing.B) {
			sc := largestCases[name](b)
			est := model.Estimate(sc)
			var peak int64
			for b.Loop() {
				peak = measure(b, name)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(est.Bytes)/(1<<20), "estimate-MiB")
			b.ReportMetric(float64(max(est.InFlight, est.Requests)), "packets-or-requests")
			if peak > est.Bytes {
				b.Errorf("measured peak %d bytes is above the estimate %d", peak, est.Bytes)
			}
		})
	}
}

// TestKeptBoundsSnapshots runs a case keeping 24 clones of the run as it goes, as the app's
// timeline does, and checks that Footprint.Kept bounds the measured peak.
func TestKeptBoundsSnapshots(t *testing.T) {
	if runtime.GOOS != "linux" || testing.Short() {
		t.Skip("measures /proc/self/status; not in -short")
	}
	for _, name := range []string{"queue-small", "burst-small"} {
		est := model.Estimate(caseByName(name)(t)).Kept(1, snapshots)
		peak := measure(t, name+"+snapshots")
		t.Logf("%s with %d snapshots: measured peak %s; estimate %s", name, snapshots, model.FormatBytes(peak), model.FormatBytes(est.Bytes))
		if peak > est.Bytes {
			t.Errorf("%s with snapshots: measured peak %d bytes is above the estimate %d", name, peak, est.Bytes)
		}
	}
}

// smallCases are the queue and the burst at a tenth of their size, for runs that keep clones.
var smallCases = map[string]func(t testing.TB) *model.Scenario{
	"queue-small": func(t testing.TB) *model.Scenario {
		sc := footprintCases["queue"](t)
		sc.Traffic[0].Count /= 10
		return sc
	},
	"burst-small": func(t testing.TB) *model.Scenario {
		sc := footprintCases["burst"](t)
		sc.Traffic[0].Count /= 10
		return sc
	},
}

// caseByName finds a case in any of the maps.
func caseByName(name string) func(t testing.TB) *model.Scenario {
	for _, m := range []map[string]func(t testing.TB) *model.Scenario{footprintCases, largestCases, smallCases} {
		if mk := m[name]; mk != nil {
			return mk
		}
	}
	return nil
}

// snapshots is how many clones the app's timeline keeps at most (timeline.MaxSnapshots).
const snapshots = 24

// measure runs case name in a child process and returns its peak growth in bytes.
func measure(t testing.TB, name string) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFootprintChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SYNQ_FOOTPRINT_CASE="+name)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("child for %s: %v\n%s", name, err, out.String())
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "peak-growth "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("child for %s printed no peak:\n%s", name, out.String())
	return 0
}

// TestFootprintChild is the child process of TestEstimateBoundsPeak.
func TestFootprintChild(t *testing.T) {
	name := os.Getenv("SYNQ_FOOTPRINT_CASE")
	if name == "" {
		t.Skip("runs only as TestEstimateBoundsPeak's child")
	}
	base, keep := strings.CutSuffix(name, "+snapshots")
	sc := caseByName(base)(t)
	runtime.GC()
	before := procStatus(t, "VmRSS")
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var clones []*model.Sim
	if keep {
		for i := 1; i <= snapshots; i++ {
			s.RunUntil(sc.Duration * model.Time(i) / snapshots)
			clones = append(clones, s.Clone())
		}
	}
	s.RunUntil(sc.Duration)
	peak := procStatus(t, "VmHWM")
	runtime.KeepAlive(s)
	runtime.KeepAlive(clones)
	fmt.Printf("peak-growth %d\n", peak-before)
}

// procStatus reads a memory figure of this process from /proc/self/status, in bytes.
func procStatus(t testing.TB, key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/self/status", key)
	return 0
}
