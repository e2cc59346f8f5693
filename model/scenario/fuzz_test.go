package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// FuzzParse checks that no input panics, that failures are *Errors, and that whatever parses
// keeps the promises of model.Scenario. The seeds are the files in testdata.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a]\nname: *a\n"))
	f.Add([]byte("name: x\nduration: 1s\ntraffic: [&e {kind: flood, count: 1, options: &o [sack, sack, ts]}, *e, *e]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.Parse("fuzz.yaml", data)
		if err != nil {
			var errs *scenario.Errors
			if !errors.As(err, &errs) || len(*errs) == 0 || s != nil {
				t.Fatalf("error %v (%T) with scenario %v", err, err, s)
			}
			return
		}
		if s.Profile == nil || s.Duration <= 0 || s.Duration > model.MaxDuration {
			t.Fatalf("bad profile or duration: %+v", s)
		}
		if n := len(s.Observe); n == 0 || n > model.MaxCheckpoints || s.Observe[n-1] != s.Duration || !slices.IsSorted(s.Observe) {
			t.Fatalf("bad checkpoints %v for duration %v", s.Observe, s.Duration)
		}
		if len(s.Server.App) == 0 || s.Server.App[0].At != 0 {
			t.Fatalf("bad app %v", s.Server.App)
		}
		var clients, syns int
		for _, e := range s.Traffic {
			if e.Count < 1 || e.At < 0 || e.At+e.Rate.Offset(int64(e.Count-1)) > s.Duration {
				t.Fatalf("bad traffic entry %+v", e)
			}
			if e.Kind == model.Connect {
				clients += e.Count
			} else {
				syns += e.Count
			}
		}
		if clients > model.MaxClients || syns > model.MaxFloodSYNs {
			t.Fatalf("traffic over the bound: %d clients, %d SYNs", clients, syns)
		}
	})
}
