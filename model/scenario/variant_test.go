package scenario_test

import (
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// On another profile a scenario keeps the sysctls it set away from the defaults, when the new
// kernel accepts them, and reports those it refuses.
func TestWithProfile(t *testing.T) {
	sc := floodShot(t) // tcp_syncookies 0 on linux-6.18
	old, _ := model.LookupProfile("linux-6.13")
	out, refused := scenario.WithProfile(sc, old)
	if out.Profile != old || out.Server.Sysctl.Syncookies != 0 || len(refused) != 0 {
		t.Errorf("on linux-6.13: profile %s, syncookies %d, refused %v; want 6.13, 0, none", out.Profile.Name, out.Server.Sysctl.Syncookies, refused)
	}
	if sc.Profile.Name != "linux-6.18" {
		t.Error("WithProfile changed the scenario it was given")
	}
	bsd, err := model.LookupProfile("bsd-4.4")
	if err != nil {
		t.Fatal(err)
	}
	out, refused = scenario.WithProfile(sc, bsd)
	if out.Profile != bsd || len(refused) == 0 || !strings.Contains(strings.Join(refused, " "), "tcp_syncookies=0") {
		t.Errorf("on bsd-4.4: refused %v, want tcp_syncookies=0 refused", refused)
	}
}

func TestDifferences(t *testing.T) {
	sc := floodShot(t)
	b, err := scenario.WithSysctl(sc, "net.ipv4.tcp_syncookies", 2)
	if err != nil {
		t.Fatal(err)
	}
	la, lb, knobs := scenario.Differences(sc, b)
	if la != "tcp_syncookies=0" || lb != "tcp_syncookies=2" || len(knobs) != 1 || knobs[0] != "net.ipv4.tcp_syncookies" {
		t.Errorf("Differences = %q, %q, %v", la, lb, knobs)
	}
	old, _ := model.LookupProfile("linux-6.13")
	c, _ := scenario.WithProfile(sc, old)
	la, lb, knobs = scenario.Differences(sc, c)
	if la != "linux-6.18" || lb != "linux-6.13" || len(knobs) != 1 || knobs[0] != "profile" {
		t.Errorf("Differences across kernels = %q, %q, %v", la, lb, knobs)
	}
	la, _, knobs = scenario.Differences(sc, sc)
	if !strings.Contains(la, "the same") || len(knobs) != 0 {
		t.Errorf("Differences of a scenario with itself = %q, %v", la, knobs)
	}
	if _, err := scenario.WithSysctl(sc, "net.ipv4.tcp_syncookies", 256); err == nil {
		t.Error("WithSysctl accepted tcp_syncookies=256, which 6.18 refuses")
	}
}

func TestOlderProfile(t *testing.T) {
	tests := []struct {
		known []string
		want  string
	}{
		{[]string{"linux-6.13", "linux-6.17", "linux-6.18"}, "linux-6.13"},
		{[]string{"linux-6.18", "linux-3.10", "linux-2.6.32", "centos-6", "bsd-4.4"}, "linux-2.6.32"},
		{[]string{"linux-6.18", "bsd-4.4"}, "bsd-4.4"},
		{[]string{"linux-6.18"}, ""},
	}
	for _, tt := range tests {
		if got := scenario.OlderProfile(tt.known, "linux-6.18"); got != tt.want {
			t.Errorf("OlderProfile(%v) = %q, want %q", tt.known, got, tt.want)
		}
	}
}

// Every variant makes two runs that differ in what it names, or says why it cannot.
func TestVariants(t *testing.T) {
	sc := floodShot(t)
	for _, v := range scenario.Variants {
		a, b, _, err := v.Make(sc)
		if err != nil {
			if !strings.Contains(err.Error(), "profile") && !strings.Contains(err.Error(), "kernel") {
				t.Errorf("%s: %v", v.Name, err)
			}
			continue
		}
		la, lb, _ := scenario.Differences(a, b)
		if la == lb || strings.Contains(la, "the same") {
			t.Errorf("%s: the two runs are %q and %q", v.Name, la, lb)
		}
		if _, err := model.New(a, model.Options{}); err != nil {
			t.Errorf("%s: run A: %v", v.Name, err)
		}
		if _, err := model.New(b, model.Options{}); err != nil {
			t.Errorf("%s: run B: %v", v.Name, err)
		}
	}
}

// floodShot is the app's drawing scenario: a flood against a small backlog, syncookies off.
func floodShot(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
