//go:build linux

package kernel_test

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"synq/kernel"
	"synq/model"
	"synq/model/scenario"
)

// suiteDir holds the conformance suite: scenario files a user can read and run with
// `synq compare`.
const suiteDir = "../conformance"

// startSpacing spreads the runs' starts: each waits for a jiffy edge on a busy CPU, and two
// dozen first steps at once would make some of them late.
const startSpacing = 50 * time.Millisecond

// logSpacing keeps the suite's "Possible SYN flooding" lines apart: the kernel prints them
// through net_ratelimit, at most 10 in any 5 s across the whole machine, so scenarios that log
// start so that their lines (whose time the model predicts) come at least this far apart.
const logSpacing = 600 * time.Millisecond

type suiteRun struct {
	name  string
	sc    *model.Scenario
	delay time.Duration // when the run starts, after the suite does
	prep  *kernel.Prepared
	res   *kernel.Result
	err   error
}

// TestConformance runs every scenario of the suite on the running kernel, all at once, each in
// its own pair of namespaces, and requires the model (started at the same jiffies) to report
// exactly the same at every checkpoint.
func TestConformance(t *testing.T) {
	release := kernel.Release()
	if os.Geteuid() != 0 {
		fmt.Printf("conformance: skipped: the real-kernel suite needs root (network namespaces, TUN devices); run `make test` as root to check the model against %s\n", release)
		t.Skip("conformance: skipped, not root")
	}
	profile, err := model.ProfileForRelease(release)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	runs := loadSuite(t, profile)
	for _, r := range runs {
		if err := r.sc.Profile.MatchRelease(release); err != nil {
			t.Fatalf("%s: the suite compares the model of the running kernel only: unexpected error: %v", r.name, err)
		}
	}
	if len(runs) < 24 {
		t.Fatalf("the suite must have at least 24 scenarios: len(runs) = %v, want >= %v", len(runs), 24)
	}

	// Fewer garbage collections while two dozen runs keep time: each one takes CPU from them.
	defer debug.SetGCPercent(debug.SetGCPercent(800))
	start := time.Now()
	// Every run is set up before any plays, and torn down after the last: creating and
	// destroying namespaces keeps the CPUs busy in the kernel and would make running ones late.
	for _, r := range runs {
		r.prep, r.err = kernel.Prepare(r.sc, kernel.Options{})
		if r.prep != nil {
			defer r.prep.Close()
		}
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		if r.err != nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(r.delay)
			r.res, r.err = r.prep.Play(context.Background())
		}()
	}
	wg.Wait()

	slices.SortFunc(runs, func(a, b *suiteRun) int { return cmp.Compare(a.name, b.name) })
	matched := 0
	var late model.Time
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			if err := r.err; err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			late = max(late, r.res.Late)
			rep, err := model.RunWith(r.sc, model.Options{StartJiffies: r.res.StartJiffies})
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			diffs := model.Diff(rep, r.res.Report)
			for _, d := range diffs {
				t.Errorf("at %s, %s: model %s, kernel %s", d.At, d.Field, d.Model, d.Kernel)
			}
			if len(diffs) == 0 {
				matched++
			} else {
				t.Logf("the kernel run was at worst %s behind its schedule (at %s); try: synq compare %s", r.res.Late, r.res.LateAt, filepath.Join("conformance", r.name+".yaml"))
			}
		})
	}
	fmt.Printf("conformance: %d/%d scenarios match the kernel (%s) in %s; the runs kept to their schedules within %s\n",
		matched, len(runs), release, time.Since(start).Round(time.Second), time.Duration(late).Round(100*time.Microsecond))
}

// loadSuite reads the suite and staggers the start of the scenarios that log.
func loadSuite(t *testing.T, profile string) []*suiteRun {
	files, err := filepath.Glob(filepath.Join(suiteDir, "*.yaml"))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	var runs []*suiteRun
	ports := map[uint16]string{}
	for _, f := range files {
		sc, err := scenario.LoadFor(f, profile)
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		// Log lines name only the address and port, and every run uses 198.18.0.1.
		if len(ports[sc.Server.Port]) != 0 {
			t.Fatalf("%s and %s share port %d: their log lines could not be told apart: ports[sc.Server.Port] = %q, want it empty", ports[sc.Server.Port], sc.Name, sc.Server.Port, ports[sc.Server.Port])
		}
		ports[sc.Server.Port] = sc.Name
		runs = append(runs, &suiteRun{name: sc.Name, sc: sc})
	}
	// The longest runs start first, so that the suite takes little more than the longest.
	slices.SortStableFunc(runs, func(a, b *suiteRun) int { return cmp.Compare(b.sc.Duration, a.sc.Duration) })
	for i, r := range runs {
		r.delay = time.Duration(i) * startSpacing
	}
	var taken []time.Duration // predicted log instants, from the suite's start
	for _, r := range runs {
		at, ok := firstLog(t, r.sc)
		if !ok {
			continue
		}
		for slices.ContainsFunc(taken, func(x time.Duration) bool { return (r.delay + at - x).Abs() < logSpacing }) {
			r.delay += logSpacing / 2
		}
		taken = append(taken, r.delay+at)
	}
	return runs
}

// firstLog is when the model predicts the scenario's first kernel log line.
func firstLog(t *testing.T, sc *model.Scenario) (time.Duration, bool) {
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	s.RunUntil(sc.Duration)
	if len(s.Log()) == 0 {
		return 0, false
	}
	return time.Duration(s.Log()[0].At), true
}
