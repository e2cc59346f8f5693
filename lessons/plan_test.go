package lessons_test

import (
	"reflect"
	"strings"
	"testing"

	"synq/lessons"
	"synq/model"
)

func tiny(t *testing.T, edits ...string) *lessons.Lesson {
	t.Helper()
	text := good
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("the fixture has no %q", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	ls, err := load(t, map[string]string{"en/01-tiny.yaml": text}, "")
	if err != nil {
		t.Fatal(err)
	}
	return ls[0]
}

func TestPlan(t *testing.T) {
	l := tiny(t)
	p, err := l.Plan(1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Start != model.Second || p.End != 5*model.Second || p.Fresh || p.Side != nil {
		t.Errorf("plan of step 2: %s to %s, fresh %v, side %v; want 1s to 5s on the running scenario", p.Start, p.End, p.Fresh, p.Side)
	}
	// The step's changes, at absolute times, on a copy of the scenario step 1 loaded.
	got := p.Scenario.Changes
	if len(got) != 2 || got[0].At != model.Second || got[0].Kind != model.ChangeAccept || got[1].At != 1100*model.Millisecond {
		t.Errorf("plan's changes = %v; want accept all at 1s and the sysctl at 1.1s", got)
	}
	if len(l.Steps[0].Scenario.Changes) != 0 {
		t.Errorf("planning changed the lesson's own scenario: %v", l.Steps[0].Scenario.Changes)
	}
	p0, _ := l.Plan(0)
	if len(p0.Scenario.Changes) != 0 || !p0.Fresh {
		t.Errorf("plan of step 1 carries changes %v (fresh %v); a step has only its own and earlier ones", p0.Scenario.Changes, p0.Fresh)
	}
	p2, _ := l.Plan(2)
	if !p2.Fresh || p2.Side == nil || p2.Side.Scenario.Profile.Name != "bsd-4.4" || p2.Start != 0 {
		t.Errorf("plan of step 3: fresh %v, side %+v, start %s", p2.Fresh, p2.Side, p2.Start)
	}
	if _, err := l.Plan(3); err == nil {
		t.Error("Plan(3) of a three-step lesson: no error")
	}
}

// TestPlanMatchesRunningModel: loading a step's plan gives the same run as keeping the model
// of the step before running and applying the step's changes when it starts, as an app that
// goes on from one step to the next would.
func TestPlanMatchesRunningModel(t *testing.T) {
	l := tiny(t)
	p0, _ := l.Plan(0)
	p1, _ := l.Plan(1)
	running, err := model.New(p0.Scenario, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	running.RunUntil(p1.Start - 1) // the previous step, up to the instant its successor starts
	for _, c := range l.Steps[1].Changes {
		c.At += p1.Start
		if err := running.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	fresh, err := model.New(p1.Scenario, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []model.Time{p1.Start, p1.Start + 50*model.Millisecond, p1.End} {
		running.RunUntil(at)
		fresh.RunUntil(at)
		if a, b := running.Checkpoint(), fresh.Checkpoint(); !reflect.DeepEqual(a, b) {
			t.Fatalf("at %s the running model and the plan differ:\n%+v\n%+v", at, a, b)
		}
	}
	if fresh.Accepted() != 4 {
		t.Errorf("the change had no effect: %d accepted", fresh.Accepted())
	}
}

func TestCheckStep(t *testing.T) {
	l := tiny(t, `"recv_q == 2"`, `"recv_q == 3"`)
	res := l.CheckStep(0)
	if len(res) != 2 {
		t.Fatalf("got %d results, want 2", len(res))
	}
	r := res[0]
	if r.Pass || r.Err != nil || r.At != 500*model.Millisecond || r.Check.Claim != "Two wait" {
		t.Errorf("the false claim: pass %v, err %v, at %s, claim %q", r.Pass, r.Err, r.At, r.Check.Claim)
	}
	if len(r.Values) != 1 || r.Values[0] != (lessons.Value{Name: "recv_q", Value: "2"}) {
		t.Errorf("values = %v, want recv_q = 2", r.Values)
	}
	if !res[1].Pass {
		t.Errorf("the true claim failed: %+v", res[1])
	}
	all := l.Check(nil)
	if len(all) != l.CountChecks() || len(all) != 4 {
		t.Errorf("Check gave %d results, CountChecks %d, want 4", len(all), l.CountChecks())
	}
	if side := l.CheckStep(2); len(side) != 1 || !side[0].Pass {
		t.Errorf("the side-by-side check: %+v", side)
	}
}

// TestPeaksFromStepStart: peak.* count from the step's start, taking the queue as it was then.
func TestPeaksFromStepStart(t *testing.T) {
	l := tiny(t,
		`"accepted == 4 && sysctl.tcp_syncookies == 0"`, `"peak.accept_queue == 2 && recv_q == 0"`,
		`"clients.syn_sent == 2"`, `"peak.accept_queue == 2 && peak.syn_queue == 1"`)
	for _, i := range []int{0, 1} {
		for _, r := range l.CheckStep(i) {
			if !r.Pass {
				t.Errorf("step %d: %s: %v %v", i+1, r.Check.Expect, r.Values, r.Err)
			}
		}
	}
}

func TestEvidenceLines(t *testing.T) {
	s := snap(model.Second, 7, 0, 5, 4, 2, "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies.")
	s.Port = 80
	e := lessons.Evidence{SS: true, SynRecv: true, Counters: []string{"TcpExtListenOverflows", "TcpExtSyncookiesSent"},
		Netstat: []string{"TcpExtListenOverflows", "TcpExtListenDrops"}, Log: []string{"Sending cookies"}}
	got := strings.Join(e.Lines(s), "\n")
	for _, want := range []string{
		"LISTEN  5       4       198.18.0.1:80",
		"$ ss -tn state syn-recv | tail -n +2 | wc -l\n2",
		"TcpExtListenOverflows           7",
		"TcpExtSyncookiesSent            (not in linux-6.18)",
		"$ netstat -s\n    7 times the listen queue of a socket overflowed\n$ dmesg", // ListenDrops is 0: not printed
		"Possible SYN flooding on port 198.18.0.1:80. Sending cookies.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("evidence:\n%s\nwant it to contain %q", got, want)
		}
	}
	if !(&lessons.Evidence{}).Empty() || e.Empty() {
		t.Error("Empty is wrong")
	}
}
