package model_test

import (
	"testing"

	"synq/model"
)

// scenario builds a linux-6.18 scenario with the profile's defaults: backlog 511, accept all,
// 1 ms delay, a checkpoint at the end. Tests change what they study.
func scenario(t testing.TB, profile string, dur model.Time) *model.Scenario {
	t.Helper()
	p, err := model.LookupProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	return &model.Scenario{
		Name: "test", Profile: p, Seed: 1, Duration: dur,
		Server: model.Server{Sysctl: p.ServerDefaults, Port: 80, Backlog: 511,
			App: []model.AppStep{{At: 0, Mode: model.AcceptAll}}},
		Client:  model.Client{Sysctl: p.ClientDefaults},
		Network: model.Network{Delay: model.Millisecond},
		Observe: []model.Time{dur},
	}
}

func connect(at model.Time, count int, rate model.Rate, send int) model.Traffic {
	return model.Traffic{Kind: model.Connect, At: at, Count: count, Rate: rate, Send: send}
}

func flood(at model.Time, count int, rate model.Rate) model.Traffic {
	return model.Traffic{Kind: model.Flood, At: at, Count: count, Rate: rate, Options: model.DefaultFloodOptions}
}

func run(t testing.TB, sc *model.Scenario) *model.Report {
	t.Helper()
	r, err := model.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func nstat(t testing.TB, cp model.Checkpoint, name string) uint64 {
	t.Helper()
	v, ok := cp.Nstat.Get(name)
	if !ok {
		t.Fatalf("no counter %s in %v", name, cp.Nstat)
	}
	return v
}

// traced runs the scenario to its end and returns every event of its trace.
func traced(t testing.TB, sc *model.Scenario) (*model.Sim, []model.Event) {
	t.Helper()
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var evs []model.Event
	s.Trace().AddObserver(func(e model.Event) { evs = append(evs, e) })
	s.RunUntil(sc.Duration)
	return s, evs
}

// sends returns the times at which packets with these flags left the server for peer.
func sends(evs []model.Event, peer model.Peer, flags model.Flags) []model.Time {
	var out []model.Time
	for _, e := range evs {
		if e.Kind == model.EvSend && e.Peer == peer && e.Flags == flags && e.Attr&model.AttrToServer == 0 {
			out = append(out, e.At)
		}
	}
	return out
}

// clientSends returns the times at which peer sent packets with these flags to the server.
func clientSends(evs []model.Event, peer model.Peer, flags model.Flags) []model.Time {
	var out []model.Time
	for _, e := range evs {
		if e.Kind == model.EvSend && e.Peer == peer && e.Flags == flags && e.Attr&model.AttrToServer != 0 {
			out = append(out, e.At)
		}
	}
	return out
}

func drops(evs []model.Event, r model.Reason) int {
	n := 0
	for _, e := range evs {
		if e.Kind == model.EvDrop && e.Reason() == r {
			n++
		}
	}
	return n
}

func last(r *model.Report) model.Checkpoint { return r.Checkpoints[len(r.Checkpoints)-1] }

const (
	ms = model.Millisecond
	s1 = model.Second
)
