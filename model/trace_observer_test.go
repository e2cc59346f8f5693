package model_test

import (
	"slices"
	"testing"

	"synq/model"
)

// Every observer sees every event, in the order the observers were added; a clone shares
// the observers it was cloned with, and adding one to either run does not reach the other.
func TestTraceObserversAllSeeEveryEventInOrder(t *testing.T) {
	sc := scenario(t, "linux-6.18", 2*s1)
	sc.Traffic = []model.Traffic{connect(0, 50, 100, 1), flood(500*ms, 500, 1000)}
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var order []int
	var a, b []model.Event
	s.Trace().AddObserver(func(e model.Event) { a = append(a, e); order = append(order, 1) })
	s.Trace().AddObserver(func(e model.Event) { b = append(b, e); order = append(order, 2) })
	s.RunUntil(sc.Duration / 2)
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Fatalf("two observers saw %d and %d events, want the same non-empty list", len(a), len(b))
	}
	for i := 0; i < len(order); i += 2 {
		if order[i] != 1 || order[i+1] != 2 {
			t.Fatalf("observers called in order %v at event %d, want 1 then 2 every time", order[i:i+2], i/2)
		}
	}
	c := s.Clone()
	var cOnly int
	c.Trace().AddObserver(func(model.Event) { cOnly++ })
	n := len(a)
	s.RunUntil(sc.Duration)
	if cOnly != 0 {
		t.Fatalf("an observer added to the clone saw %d events of the original", cOnly)
	}
	before := len(a)
	c.RunUntil(sc.Duration)
	if cOnly == 0 || len(a)-before != before-n {
		t.Errorf("the clone's run: its own observer saw %d events, the shared one %d; want both, as many as the original's %d", cOnly, len(a)-before, before-n)
	}
	s.Trace().ClearObservers()
	s.Trace().AddObserver(func(model.Event) { cOnly = -1 << 30 })
	s.Trace().ClearObservers()
	fresh, _ := model.New(sc, model.Options{})
	fresh.Trace().AddObserver(func(model.Event) { cOnly = -1 << 30 })
	fresh.Trace().ClearObservers()
	fresh.RunUntil(sc.Duration)
	if cOnly < 0 {
		t.Error("an observer removed by ClearObservers still saw events")
	}
}
