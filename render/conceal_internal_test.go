package render

import (
	"image"
	"slices"
	"testing"

	"synq/lessons"
	"synq/render/scene"
)

// While a step hides the queue limits, no chart gives them away: a queue's chart tops out at
// the queue's capacity, so its top figure is hidden with them.
func TestConcealedLimitsLeaveTheChartsToo(t *testing.T) {
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, l := range ls {
		for i, st := range l.Steps {
			if !slices.Contains(st.Conceal, lessons.Label("queue-limits")) {
				continue
			}
			a := newTestApp(t, loadFloodShot(t), nil)
			p := a.s.AttachLessons(ls, nil)
			if err := p.Open(l.ID, i); err != nil {
				t.Fatal(err)
			}
			a.Snapshot(1280, 720)
			lim := a.s.Sim().Limits()
			caps := []string{scene.Compact(uint64(lim.SynQueueCap)), scene.Compact(uint64(lim.AcceptQueueCap))}
			lay := a.layoutFor(image.Rect(0, 0, 1280, 720))
			for _, m := range []scene.Metric{scene.MetricSynQueue, scene.MetricAcceptQueue} {
				r := lay.Charts[m]
				if r.Empty() {
					continue
				}
				checked++
				for _, tx := range a.list.Texts {
					if tx.At.In(r) && slices.Contains(caps, tx.S) {
						t.Errorf("%s step %d: chart %d shows %q, a queue's capacity, while the limits are hidden", l.ID, i+1, m, tx.S)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no step hides the queue limits with a queue chart on screen")
	}
}
