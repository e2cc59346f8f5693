package params_test

import (
	"fmt"
	"strings"
	"testing"

	"synq/assets"
	"synq/model"
	"synq/web/params"
)

// TestOpenRefusesWhatWouldExhaustThePage checks the tester's link: queues as large as the
// sysctls go, no cookies, and the highest flood rate. It would need gigabytes; the page says so
// and opens the scenario without the link's settings.
func TestOpenRefusesWhatWouldExhaustThePage(t *testing.T) {
	const q = "backlog=2147483647&net.core.somaxconn=2147483647&net.ipv4.tcp_syncookies=0&" +
		"net.ipv4.tcp_max_syn_backlog=2147483647&change=0s,flood=10000000/s"
	o, err := params.Open(q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Problems) != 1 {
		t.Fatalf("problems %q, want one about memory", o.Problems)
	}
	p := o.Problems[0]
	for _, want := range []string{"the run would need about ", " GB of memory in the page", "the limit is 512 MB",
		"half-open requests would fit", "opened without the link's backlog, the sysctls, the changes"} {
		if !strings.Contains(p, want) {
			t.Errorf("problem %q does not say %q", p, want)
		}
	}
	plain, _ := params.Open("", nil)
	if o.Scenario.Server.Backlog != plain.Scenario.Server.Backlog || o.Scenario.Server.Sysctl != plain.Scenario.Server.Sysctl ||
		len(o.Scenario.Changes) != len(plain.Scenario.Changes) {
		t.Errorf("opened %+v, want the plain scenario's settings %+v", o.Scenario.Server, plain.Scenario.Server)
	}
	if q := o.Link.Query(); q != "" {
		t.Errorf("the link keeps %q; want none of the refused settings", q)
	}
	// The same flood into the default queues fits.
	o, _ = params.Open("change=0s,flood=10000000/s", nil)
	if len(o.Problems) != 0 || len(o.Scenario.Changes) == 0 {
		t.Errorf("a flood into the default queues: problems %q, changes %v", o.Problems, o.Scenario.Changes)
	}
}

// TestPageMessagesKeepTheContract checks that page problems name what is allowed without Go's
// own wording, repeat at most a short prefix of a value, refuse duplicate SYN options as
// scenario files do, and stop at a screenful.
func TestPageMessagesKeepTheContract(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	tests := []struct {
		query string
		want  string
	}{
		{"net.core.somaxconn=99999999999999999999", `net.core.somaxconn: "99999999999999999999" is out of range; allowed: 0 to 2147483647`},
		{"change=1s,net.core.somaxconn=99999999999999999999", `"99999999999999999999" is out of range; allowed: 0 to 2147483647`},
		{"change=1s,net.ipv4.tcp_syncookies=yes", `net.ipv4.tcp_syncookies=yes: "yes" is not a whole number; allowed: 0 to 255 (2: a cookie for every SYN; any other non-zero value acts as 1)`},
		{"change=1s,backlog=99999999999", `backlog=99999999999: "99999999999" is not a whole number from -2147483648 to 2147483647`},
		{"change=5s,flood=5/s,mss=1,mss=2", `mss given twice (first as "mss=1")`},
		{"t=100000000h", `t: "100000000h" is too large; allowed: a simulated time within the run`},
		{"change=100000000h,accept=all", `its time "100000000h" is too large`},
		{"scenario=" + long, `scenario: no built-in scenario "` + strings.Repeat("x", 40) + `"…`},
		{"kernel=" + long, `kernel: unknown kernel profile "` + strings.Repeat("x", 40) + `"…`},
		{"net." + long + "=1", `"net.` + strings.Repeat("x", 36) + `"… is not a server sysctl`},
		{"lesson=" + long, `lesson: unknown lesson "` + strings.Repeat("x", 40) + `"…`},
		{"seed=" + long, `seed: "` + strings.Repeat("x", 40) + `"… is not a whole number`},
	}
	for _, tt := range tests {
		o, err := params.Open(tt.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		what := tt.query[:min(len(tt.query), 60)]
		if len(o.Problems) != 1 {
			t.Errorf("Open(%s): problems %q, want one", what, o.Problems)
			continue
		}
		p := o.Problems[0]
		if !strings.Contains(p, tt.want) {
			t.Errorf("Open(%s): problem %q, want it to contain %q", what, p, tt.want)
		}
		if strings.Contains(p, "strconv") || strings.Contains(p, "parsing") || len(p) > 400 {
			t.Errorf("Open(%s): problem %q shows Go's wording or too much of the value (%d bytes)", what, p[:min(len(p), 200)], len(p))
		}
	}
}

// TestPageProblemsStopAtAScreenful checks that 10,000 bad parameters give 20 problems and a
// count of the rest.
func TestPageProblemsStopAtAScreenful(t *testing.T) {
	var parts []string
	for i := range 10_000 {
		parts = append(parts, fmt.Sprintf("bad%d=1", i))
	}
	o, err := params.Open(strings.Join(parts, "&"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Problems) != 21 || o.Problems[20] != "… and 9980 more problems" {
		t.Errorf("%d problems, the last %q; want 20 and a count of 9980 more", len(o.Problems), o.Problems[len(o.Problems)-1])
	}
	_, problems := params.Parse(strings.Join(parts, "&"))
	if len(problems) != 21 {
		t.Errorf("Parse gives %d problems, want 21", len(problems))
	}
}

// TestPageLimitLeavesRoomForBuiltins checks that every built-in scenario opens, with each
// comparison, within the page's limit.
func TestPageLimitLeavesRoomForBuiltins(t *testing.T) {
	for _, name := range assets.ScenarioNames() {
		for _, cmp := range []string{"", "cookies", "abort", "bsd", "older"} {
			q := "scenario=" + name
			if cmp != "" {
				q += "&compare=" + cmp
			}
			o, err := params.Open(q, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range o.Problems {
				if strings.Contains(p, "memory") {
					t.Errorf("Open(%s): %s", q, p)
				}
			}
		}
	}
}

// TestLongLessonIDIsNotEchoed checks that a lesson id longer than any lesson's is refused
// before the hook, which may repeat the id whole, sees it.
func TestLongLessonIDIsNotEchoed(t *testing.T) {
	echo := func(id string, step int) (*model.Scenario, error) { return nil, fmt.Errorf("unknown lesson %q", id) }
	o, err := params.Open("lesson="+strings.Repeat("y", 10_000), echo)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Problems) != 1 || len(o.Problems[0]) > 200 || !strings.Contains(o.Problems[0], `lesson: unknown lesson "`+strings.Repeat("y", 40)+`"…`) {
		t.Errorf("problems %q, want one short unknown-lesson note", o.Problems)
	}
}
