package lab

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	require.NoError(t, err)
	m, err := Margin(sc, LateCap)
	require.NoError(t, err)
	b, err := Budget(sc, maxLate)
	require.NoError(t, err)
	return m, b
}

// TestMargin: half the smallest gap between a checkpoint and another event of the model.
func TestMargin(t *testing.T) {
	// 130 ms lies 10 ms after the SYN reaches the server (120 ms) and 10 ms before the
	// SYN-ACK reaches the client (140 ms): a margin of 5 ms.
	assert.Equal(t, 5*time.Millisecond, oneClient(t, "130ms"))
	assert.Equal(t, 2*time.Millisecond, oneClient(t, "136ms"), "4 ms before the SYN-ACK arrives")
	// Far from every event, a checkpoint allows more; the 2 s checkpoint is then the nearest
	// to the handshake's last event.
	far := oneClient(t, "1s")
	assert.Greater(t, far, 100*time.Millisecond)
	// A checkpoint at the same instant as an event is not a gap of zero: the engine orders
	// its own actions, and the next event is 20 ms on.
	assert.Equal(t, 10*time.Millisecond, oneClient(t, "120ms"))
}

// TestBudget: the margin, but never more than LateCap (or --max-late).
func TestBudget(t *testing.T) {
	_, b := oneClientBoth(t, "130ms", 0)
	assert.Equal(t, 5*time.Millisecond, b, "a small margin stands")
	m, b := oneClientBoth(t, "1s", 0)
	require.Greater(t, m, LateCap)
	assert.Equal(t, LateCap, b, "a large margin is capped")
	_, b = oneClientBoth(t, "1s", 50*time.Millisecond)
	assert.Equal(t, 50*time.Millisecond, b, "--max-late sets the cap")
}
