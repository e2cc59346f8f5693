//go:build js

package main

import (
	"fmt"
	"time"

	"synq/model"
)

// benchSYNs is the size of the flood bench runs: the same as model's BenchmarkFlood.
const benchSYNs = 1_000_000

// benchResult is one timed run of the flood.
type benchResult struct {
	syns    int
	seconds float64
	cookies uint64
}

func (r benchResult) synPerSec() float64 { return float64(r.syns) / r.seconds }

// bench runs model's BenchmarkFlood scenario once in the page and times it: 1,000,000 spoofed
// SYNs at 100,000/s against syncookies mode 1 on linux-6.18, with 1,000 genuine clients mixed
// in, for 12 s of simulated time. The page does nothing else while it runs (about a second).
func bench() (benchResult, error) {
	p, err := model.LookupProfile("linux-6.18")
	if err != nil {
		return benchResult{}, err
	}
	dur := 12 * model.Second
	sc := &model.Scenario{
		Name: "bench", Profile: p, Seed: 1, Duration: dur,
		Server: model.Server{Sysctl: p.ServerDefaults, Port: 80, Backlog: 511,
			App: []model.AppStep{{At: 0, Mode: model.AcceptAll}}},
		Client:  model.Client{Sysctl: p.ClientDefaults},
		Network: model.Network{Delay: model.Millisecond},
		Traffic: []model.Traffic{
			{Kind: model.Flood, Count: benchSYNs, Rate: 100_000, Options: model.DefaultFloodOptions},
			{Kind: model.Connect, Count: 1000, Rate: 100, Send: 100},
		},
		Observe: []model.Time{dur},
	}
	sc.Server.Sysctl.Syncookies = 1
	start := time.Now()
	s, err := model.New(sc, model.Options{})
	if err != nil {
		return benchResult{}, err
	}
	s.RunUntil(dur)
	r := benchResult{syns: benchSYNs, seconds: time.Since(start).Seconds(), cookies: s.Counters().Get(model.SyncookiesSent)}
	if r.cookies < benchSYNs/2 {
		return r, fmt.Errorf("only %d cookies sent: the flood did not run", r.cookies)
	}
	return r, nil
}
