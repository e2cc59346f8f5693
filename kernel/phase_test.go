//go:build linux

package kernel_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// TestSuiteIgnoresTimerPhase: a conformance scenario's report must not hang on where in a
// jiffy, or in the timer wheel's buckets, the run happens to start. The kernel engine hands
// the model the real kernel's phase, which differs from run to run; a checkpoint that falls
// within a timer's rounding of an event gives a report that differs with it, and so a suite
// that fails now and then. The model, run at many phases, must give one report for each file.
func TestSuiteIgnoresTimerPhase(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(suiteDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios in %s: %v", suiteDir, err)
	}
	for _, f := range files {
		sc, err := scenario.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		var first []byte
		// 4.8+ wheel buckets at HZ 250 reach 2,048 jiffies; odd steps visit every residue.
		for j := uint64(0); j < 2048; j += 7 {
			r, err := model.RunWith(sc, model.Options{StartJiffies: 1<<32 - 300*250 + j})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = b.Bytes()
			} else if !bytes.Equal(first, b.Bytes()) {
				t.Errorf("%s: the report at jiffies phase +%d differs from the one at +0: move its checkpoints at least 200 ms from any timer", filepath.Base(f), j)
				break
			}
		}
	}
}
