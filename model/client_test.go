package model_test

import (
	"testing"

	"synq/model"
)

// The client's first data retransmission (the tail loss probe, SACK being on) comes 2·srtt +
// TCP_RTO_MIN after its write, srtt being the handshake's RTT sample. With a one-way delay of
// more than half the initial SYN timeout every SYN is retransmitted before its SYN-ACK
// arrives; Karn's rule then leaves only the timestamp echo, which dates the sample from the
// first SYN (RTT 1.2 s at 600 ms each way: probe 2.6 s after the write, as 6.18 does in
// conformance/client-rtt-after-syn-retransmit), not from the retransmitted one (0.2 s: 0.6 s).
// Without timestamps there is no sample, and no SACK either (a cookie keeps only the MSS then),
// so no probe: the RTO falls back to 3 s (RFC 6298 5.7).
func TestClientRTTSample(t *testing.T) {
	for _, tc := range []struct {
		name       string
		delay      model.Time
		timestamps int
		probeAfter model.Time // ideal gap between the write and its first retransmission
	}{
		{"SYN sent once", 400 * ms, 1, 2*800*ms + 200*ms},
		{"SYN retransmitted, timestamps", 600 * ms, 1, 2*1200*ms + 200*ms},
		{"SYN retransmitted, no timestamps", 600 * ms, 0, 3 * s1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, profile := range []string{"linux-6.18", "linux-6.1", "linux-5.10"} {
				sc := scenario(t, profile, 8*s1)
				sc.Network.Delay = tc.delay
				sc.Client.Sysctl.Timestamps = tc.timestamps
				sc.Server.Sysctl.Syncookies = 2 // every SYN gets its own SYN-ACK, echoing its own TSval
				sc.Server.Backlog = 0           // the first client fills the accept queue (it holds one)...
				sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
				// ...so the second one's data is dropped and retransmitted.
				sc.Traffic = []model.Traffic{connect(0, 1, 0, 100), connect(300*ms, 1, 0, 100)}
				_, evs := traced(t, sc)
				data := clientSends(evs, 1, model.PSH|model.ACK)
				if len(data) < 2 {
					t.Fatalf("%s: client 1 sent data at %v, want a write and a retransmission", profile, data)
				}
				got := data[1] - data[0]
				if got < tc.probeAfter || got > tc.probeAfter+bucket(tc.probeAfter) {
					t.Errorf("%s: first retransmission %v after the write (at %v), want %v plus at most %v of timer-wheel rounding",
						profile, got, data[0], tc.probeAfter, bucket(tc.probeAfter))
				}
				if syns := clientSends(evs, 1, model.SYN); (len(syns) > 1) != (tc.delay > 500*ms) {
					t.Errorf("%s: SYNs at %v: the case does not test what it says", profile, syns)
				}
			}
		})
	}
}
