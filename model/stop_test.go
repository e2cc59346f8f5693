package model_test

import (
	"errors"
	"hash/fnv"
	"reflect"
	"testing"

	"synq/model"
)

// stopScenario is a run with work in every slice: a flood, genuine clients with data, and
// checkpoints between slice boundaries.
func stopScenario(t *testing.T) *model.Scenario {
	sc := scenario(t, "linux-6.18", 3*s1)
	sc.Server.Backlog = 16
	sc.Server.App = []model.AppStep{{Mode: model.AcceptRate, Rate: 20}}
	sc.Traffic = []model.Traffic{flood(100*ms, 20000, 10000), connect(0, 50, 40, 100)}
	sc.Observe = []model.Time{1234567, 1 * s1, 1500*ms + 3, 3 * s1}
	return sc
}

// TestStopAskedChangesNothing: a run that is asked whether to stop, and never is, sends the
// same packets and reports the same checkpoints as a run that is not asked.
func TestStopAskedChangesNothing(t *testing.T) {
	sc := stopScenario(t)
	digest := func(stop func() bool) (uint64, int, *model.Report) {
		h, n := fnv.New64a(), 0
		rep, err := model.RunWith(sc, model.Options{Stop: stop, Sent: func(p model.Packet) {
			n++
			h.Write([]byte{byte(p.At), byte(p.At >> 8), byte(p.At >> 16), byte(p.Flags), byte(p.Peer), byte(p.Seq)})
		}})
		if err != nil {
			t.Fatal(err)
		}
		return h.Sum64(), n, rep
	}
	asked := 0
	h1, n1, r1 := digest(nil)
	h2, n2, r2 := digest(func() bool { asked++; return false })
	if n1 < 20000 {
		t.Fatalf("only %d packets: the scenario did not run", n1)
	}
	if h1 != h2 || n1 != n2 {
		t.Errorf("asking whether to stop changed the packets: %d packets (%x) against %d (%x)", n1, h1, n2, h2)
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("asking whether to stop changed the report:\n%+v\n%+v", r1, r2)
	}
	if want := int(sc.Duration / model.StopEvery); asked < want {
		t.Errorf("Stop asked %d times in %s, want at least %d (every %s)", asked, sc.Duration, want, model.StopEvery)
	}
}

// TestStopEndsRunEarly: Stop answering yes ends the run within one slice, with ErrStopped and
// no report.
func TestStopEndsRunEarly(t *testing.T) {
	sc := stopScenario(t)
	var last model.Time
	stopAt := 200 * ms
	rep, err := model.RunWith(sc, model.Options{
		Sent: func(p model.Packet) { last = p.At },
		Stop: func() bool { return last >= stopAt },
	})
	if !errors.Is(err, model.ErrStopped) || rep != nil {
		t.Fatalf("RunWith = %v, %v; want no report and ErrStopped", rep, err)
	}
	if last < stopAt || last > stopAt+model.StopEvery {
		t.Errorf("the last packet left at %s; the run should have stopped within %s of %s", last, model.StopEvery, stopAt)
	}
}
