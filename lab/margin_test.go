package lab

import (
	"fmt"
	"testing"
	"time"

	"synq/model/scenario"
)

// oneClient is a scenario with one client connecting at 100 ms over a 20 ms one-way delay:
// its SYN leaves at 100 ms, the SYN-ACK at 120 ms, the ACK arrives at 160 ms.
func oneClient(t *testing.T, observe string) (margin time.Duration) {
	t.Helper()
	m, _ := oneClientBoth(t, observe, 0)
	return m
}

// oneClientBoth gives the scenario's margin and its budget with maxLate.
func oneClientBoth(t *testing.T, observe string, maxLate time.Duration) (margin, budget time.Duration) {
	t.Helper()
	yaml := fmt.Sprintf(`name: one-client
duration: 2s
server:
  listen: {port: 8100, backlog: 4}
network: {delay: 20ms}
traffic:
  - {kind: connect, at: 100ms, count: 1}
observe: [%s, 2s]
`, observe)
	sc, err := scenario.Parse("one-client.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	m, err := Margin(sc, LateCap)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	b, err := Budget(sc, maxLate)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	return m, b
}

// TestMargin: half the smallest gap between a checkpoint and another event of the model.
func TestMargin(t *testing.T) {
	// 130 ms lies 10 ms after the SYN reaches the server (120 ms) and 10 ms before the
	// SYN-ACK reaches the client (140 ms): a margin of 5 ms.
	if got, want := oneClient(t, "130ms"), 5*time.Millisecond; got != want {
		t.Errorf("oneClient(t, \"130ms\") = %v, want %v", got, want)
	}
	if got, want := oneClient(t, "136ms"), 2*time.Millisecond; got != want {
		t.Errorf("4 ms before the SYN-ACK arrives: oneClient(t, \"136ms\") = %v, want %v", got, want)
	}
	// Far from every event, a checkpoint allows more; the 2 s checkpoint is then the nearest
	// to the handshake's last event.
	far := oneClient(t, "1s")
	if far <= 100*time.Millisecond {
		t.Errorf("far = %v, want > %v", far, 100*time.Millisecond)
	}
	// A checkpoint at the same instant as an event is not a gap of zero: the engine orders
	// its own actions, and the next event is 20 ms on.
	if got, want := oneClient(t, "120ms"), 10*time.Millisecond; got != want {
		t.Errorf("oneClient(t, \"120ms\") = %v, want %v", got, want)
	}
}

// TestBudget: the margin, but never more than LateCap (or --max-late).
func TestBudget(t *testing.T) {
	_, b := oneClientBoth(t, "130ms", 0)
	if got, want := b, 5*time.Millisecond; got != want {
		t.Errorf("a small margin stands: b = %v, want %v", got, want)
	}
	m, b := oneClientBoth(t, "1s", 0)
	if m <= LateCap {
		t.Fatalf("m = %v, want > %v", m, LateCap)
	}
	if got, want := b, LateCap; got != want {
		t.Errorf("a large margin is capped: b = %v, want %v", got, want)
	}
	_, b = oneClientBoth(t, "1s", 50*time.Millisecond)
	if got, want := b, 50*time.Millisecond; got != want {
		t.Errorf("--max-late sets the cap: b = %v, want %v", got, want)
	}
}
