package scene_test

import (
	"slices"
	"testing"

	"synq/model"
	"synq/render/scene"
)

func knob(t *testing.T, ks []scene.Knob, kind scene.KnobKind, key string) scene.Knob {
	t.Helper()
	for _, k := range ks {
		if k.Kind == kind && k.Key == key {
			return k
		}
	}
	t.Fatalf("no knob %d %q in %v", kind, key, ks)
	return scene.Knob{}
}

// The knobs are the profile, every server sysctl it knows, the backlog, the accept loop, the
// clients and the flood; a profile without sysctls has none of those.
func TestKnobsFor(t *testing.T) {
	p, _ := model.LookupProfile("linux-6.18")
	ks := scene.KnobsFor(p, model.KnownProfiles())
	var sysctls []string
	for _, k := range ks {
		if k.Kind == scene.KnobSysctl {
			sysctls = append(sysctls, k.Key)
		}
	}
	if !slices.Equal(sysctls, p.SysctlKeys(false)) {
		t.Errorf("sysctl knobs %v, want the profile's %v", sysctls, p.SysctlKeys(false))
	}
	if ks[0].Kind != scene.KnobProfile || ks[len(ks)-1].Kind != scene.KnobFloodRate {
		t.Errorf("knobs %v: want the kernel first and the flood rate last", ks)
	}
	bsd, err := model.LookupProfile("bsd-4.4")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range scene.KnobsFor(bsd, model.KnownProfiles()) {
		if k.Kind == scene.KnobSysctl && !slices.Contains(bsd.SysctlKeys(false), k.Key) {
			t.Errorf("bsd-4.4 has a knob for %s, which it does not know", k.Key)
		}
	}
}

func TestKnobSteps(t *testing.T) {
	p, _ := model.LookupProfile("linux-6.18")
	ks := scene.KnobsFor(p, []string{"linux-6.13", "linux-6.18"})
	tests := []struct {
		k         scene.Knob
		v, dir    int
		want      int
		wantShown string
	}{
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_syncookies"), 1, 1, 2, "2"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_syncookies"), 0, -1, 0, "0"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_syncookies"), 255, 1, 255, "255"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_abort_on_overflow"), 1, 1, 1, "1"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_abort_on_overflow"), 1, -1, 0, "0"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_synack_retries"), 5, 1, 6, "6"},
		{knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_max_syn_backlog"), 2048, 1, 4096, "4,096"},
		{knob(t, ks, scene.KnobSysctl, "net.core.somaxconn"), 4096, 1, 8192, "8,192"},
		{knob(t, ks, scene.KnobSysctl, "net.core.somaxconn"), 4000, -1, 2048, "2,048"},
		{knob(t, ks, scene.KnobBacklog, ""), 511, 1, 512, "512"},
		{knob(t, ks, scene.KnobBacklog, ""), 63, -1, 32, "32"},
		{knob(t, ks, scene.KnobBacklog, ""), 0, -1, 0, "0"},
		{knob(t, ks, scene.KnobAccept, ""), 0, 1, 1, "1.0/s"},
		{knob(t, ks, scene.KnobAccept, ""), 1, -1, 0, "none"},
		{knob(t, ks, scene.KnobAccept, ""), 1_000_000, 1, scene.AcceptAll, "all"},
		{knob(t, ks, scene.KnobAccept, ""), scene.AcceptAll, -1, 1_000_000, "1,000,000/s"},
		{knob(t, ks, scene.KnobAccept, ""), 200, 1, 500, "500/s"},
		{knob(t, ks, scene.KnobClients, ""), 1, -1, 0, "off"},
		{knob(t, ks, scene.KnobFlood, ""), 0, 1, 1, "on"},
		{knob(t, ks, scene.KnobFlood, ""), 1, 1, 1, "on"},
		{knob(t, ks, scene.KnobFloodRate, ""), 50_000, 1, 100_000, "100,000/s"},
		{knob(t, ks, scene.KnobFloodRate, ""), 1, -1, 1, "1.0/s"},
		{knob(t, ks, scene.KnobProfile, ""), 1, 1, 1, "linux-6.18"},
		{knob(t, ks, scene.KnobProfile, ""), 1, -1, 0, "linux-6.13"},
	}
	for _, tt := range tests {
		got := tt.k.Step(tt.v, tt.dir)
		if got != tt.want || tt.k.Format(got) != tt.wantShown {
			t.Errorf("%s: Step(%d, %+d) = %d (%q), want %d (%q)", tt.k.Name, tt.v, tt.dir, got, tt.k.Format(got), tt.want, tt.wantShown)
		}
	}
}

// A knob's value follows the run: the scenario's, then the changes made; and the change it
// makes is the one the model understands.
func TestKnobCurrentAndChange(t *testing.T) {
	sc := floodShot(t)
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ks := scene.KnobsFor(sc.Profile, model.KnownProfiles())
	cookies := knob(t, ks, scene.KnobSysctl, "net.ipv4.tcp_syncookies")
	flood, rate := knob(t, ks, scene.KnobFlood, ""), knob(t, ks, scene.KnobFloodRate, "")
	accept, backlog := knob(t, ks, scene.KnobAccept, ""), knob(t, ks, scene.KnobBacklog, "")
	sim.RunUntil(2 * model.Second)
	for _, tt := range []struct {
		k    scene.Knob
		want int
	}{{cookies, 0}, {flood, 1}, {rate, 5000}, {accept, 5}, {backlog, 63}} {
		if got := tt.k.Current(sim); got != tt.want {
			t.Errorf("%s at 2 s = %d, want %d", tt.k.Name, got, tt.want)
		}
	}
	if got := knob(t, ks, scene.KnobProfile, "").Current(sim); model.KnownProfiles()[got] != "linux-6.18" {
		t.Errorf("kernel knob at %d, want linux-6.18", got)
	}
	apply := func(k scene.Knob, v int) {
		c, err := k.Change(sim, v, 3000)
		if err != nil {
			t.Fatal(err)
		}
		c.At = sim.Now() + 1
		if err := sim.Apply(c); err != nil {
			t.Fatal(err)
		}
		sim.RunUntil(c.At)
	}
	apply(cookies, 2)
	apply(flood, 0)
	apply(accept, scene.AcceptAll)
	apply(backlog, 7)
	for _, tt := range []struct {
		k    scene.Knob
		want int
	}{{cookies, 2}, {flood, 0}, {rate, 5000}, {accept, scene.AcceptAll}, {backlog, 7}} {
		if got := tt.k.Current(sim); got != tt.want {
			t.Errorf("%s after the changes = %d, want %d", tt.k.Name, got, tt.want)
		}
	}
	apply(flood, 1) // on again, at the rate given (3000)
	if got := rate.Current(sim); got != 3000 {
		t.Errorf("flood rate after turning it on = %d, want 3000", got)
	}
	if _, err := knob(t, ks, scene.KnobProfile, "").Change(sim, 0, 0); err == nil {
		t.Error("the kernel knob made a change; switching the kernel is a restart")
	}
}
