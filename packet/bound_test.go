package packet_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/packet"
)

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(b []byte) (int, error) { w.n += int64(len(b)); return len(b), nil }

// captureSize is the size of the pcap file of a model run of sc.
func captureSize(t *testing.T, sc *model.Scenario) int64 {
	t.Helper()
	var w countWriter
	pw, err := packet.NewPcapWriter(&w)
	if err != nil {
		t.Fatal(err)
	}
	c := packet.NewModelCapture(pw, sc.Server.Port)
	if _, err := model.RunWith(sc, model.Options{Sent: c.Sent}); err != nil {
		t.Fatal(err)
	}
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	return w.n
}

// TestPcapBoundHolds: for every scenario of the project (conformance, command tests, built-in)
// on profiles of each kind of listener, the capture of its run is no bigger than PcapBound.
func TestPcapBoundHolds(t *testing.T) {
	var files []string
	for _, g := range []string{"../conformance/*.yaml", "../testdata/*.yaml", "../assets/scenarios/*.yaml"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d scenario files found", len(files))
	}
	worst := 0.0
	for _, f := range files {
		for _, prof := range []string{"", "linux-2.6.32", "linux-4.4", "bsd-4.4"} {
			sc, err := scenario.LoadFor(f, prof)
			if err != nil {
				continue // the file's settings do not fit that profile
			}
			got, bound := captureSize(t, sc), packet.PcapBound(sc)
			if got > bound {
				t.Errorf("%s on %s: the capture has %d bytes, more than its bound %d", f, sc.Profile.Name, got, bound)
			}
			worst = max(worst, float64(bound)/float64(got))
		}
	}
	t.Logf("the bound is at most %.1f times the capture", worst)
}

// TestPcapBoundStress: the bound holds where the model sends most for each SYN: requests that
// retransmit to their last SYN-ACK, clients that retransmit SYNs and data into an accept queue
// that never drains and resets them, and streams started by changes.
func TestPcapBoundStress(t *testing.T) {
	base := func(prof string) *model.Scenario {
		p, err := model.LookupProfile(prof)
		if err != nil {
			t.Fatal(err)
		}
		return &model.Scenario{
			Name: "stress", Profile: p, Seed: 3, Duration: 120 * model.Second,
			Server: model.Server{Sysctl: p.ServerDefaults, Port: 80, Backlog: 4,
				App: []model.AppStep{{At: 0, Mode: model.AcceptNone}}},
			Client:  model.Client{Sysctl: p.ClientDefaults},
			Network: model.Network{Delay: 30 * model.Millisecond},
			Observe: []model.Time{120 * model.Second},
		}
	}
	for _, prof := range []string{"linux-6.18", "linux-3.10", "linux-2.6.32", "bsd-4.4"} {
		for _, v := range []struct {
			name string
			set  func(sc *model.Scenario)
		}{
			{"flood, cookies off", func(sc *model.Scenario) {
				sc.Server.Sysctl.Syncookies = 0
				sc.Server.Sysctl.SynackRetries = 9
				sc.Traffic = []model.Traffic{{Kind: model.Flood, Count: 300, Rate: 100, Options: model.SynOptions{MSS: 1460, WScale: 7, SACK: true, TS: true}}}
			}},
			{"flood, small queue, cookies off", func(sc *model.Scenario) {
				sc.Server.Sysctl.Syncookies = 0
				sc.Server.Sysctl.SynackRetries = 9
				sc.Server.Sysctl.Somaxconn, sc.Server.Sysctl.MaxSynBacklog = 8, 8
				sc.Traffic = []model.Traffic{{Kind: model.Flood, Count: 20000, Rate: 200, Options: model.DefaultFloodOptions}}
			}},
			{"clients, slow wire, full queue, abort", func(sc *model.Scenario) {
				sc.Network.Delay = 1700 * model.Millisecond
				sc.Server.Backlog = 1
				sc.Server.Sysctl.AbortOnOverflow = 1
				sc.Server.Sysctl.Syncookies = 0
				sc.Traffic = []model.Traffic{{Kind: model.Connect, Count: 40, Rate: 5}}
			}},
			{"clients, full queue, abort", func(sc *model.Scenario) {
				sc.Server.Sysctl.AbortOnOverflow = 1
				sc.Traffic = []model.Traffic{{Kind: model.Connect, Count: 60, Rate: 2, Send: 1000}}
			}},
			{"clients, full queue", func(sc *model.Scenario) {
				sc.Traffic = []model.Traffic{{Kind: model.Connect, Count: 60, Rate: 2, Send: 1448}}
			}},
			{"changes start streams", func(sc *model.Scenario) {
				sc.Changes = []model.Change{
					{At: 1 * model.Second, Kind: model.ChangeClients, Rate: 3, Send: 10},
					{At: 5 * model.Second, Kind: model.ChangeFlood, Rate: 50},
					{At: 9 * model.Second, Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_synack_retries", Value: 12},
				}
			}},
		} {
			sc := base(prof)
			v.set(sc)
			name := fmt.Sprintf("%s on %s", v.name, prof)
			if _, err := model.New(sc, model.Options{}); err != nil {
				t.Logf("%s: skipped, %v", name, err)
				continue
			}
			got, bound := captureSize(t, sc), packet.PcapBound(sc)
			if got > bound {
				t.Errorf("%s: the capture has %d bytes, more than its bound %d", name, got, bound)
			}
			t.Logf("%s: capture %d bytes, bound %d (%.1fx)", name, got, bound, float64(bound)/float64(got))
		}
	}
}
