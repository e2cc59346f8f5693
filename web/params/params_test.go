package params_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"synq/model"
	"synq/web/params"
)

func ptr[T any](v T) *T { return &v }

func TestParse(t *testing.T) {
	tests := []struct {
		query    string
		want     params.Link
		problems []string // substrings, one per problem, in order
	}{
		{query: "", want: params.Link{}},
		{query: "scenario=flood&seed=7&backlog=-1&kernel=linux-6.13",
			want: params.Link{Scenario: "flood", Seed: ptr(int64(7)), Backlog: ptr(-1), Kernel: "linux-6.13"}},
		{query: "net.ipv4.tcp_syncookies=2&net.core.somaxconn=128&t=3s",
			want: params.Link{Sysctls: []params.Sysctl{{"net.ipv4.tcp_syncookies", 2}, {"net.core.somaxconn", 128}},
				At: ptr(3 * model.Second)}},
		{query: "t=1.5s&paused=0", want: params.Link{At: ptr(1500 * model.Millisecond), Paused: ptr(false)}},
		{query: "paused", want: params.Link{Paused: ptr(true)}},
		{query: "lesson=intro&step=2", want: params.Link{Lesson: "intro", Step: 2}},
		{query: "scenario=a%20b&&", want: params.Link{Scenario: "a b"}},
		{query: "scenario=nope&backlog=-x", want: params.Link{Scenario: "nope"},
			problems: []string{`backlog: "-x" is not a whole number`}},
		{query: "backlog=2147483648", problems: []string{`backlog: "2147483648" is not a whole number from -2147483648`}},
		{query: "colour=red", problems: []string{"colour: unknown parameter; known: lesson, step, scenario"}},
		{query: "seed=1.5&t=3&t=4s&step=0&paused=maybe&net.ipv4.tcp_syncookies=on",
			problems: []string{`seed: "1.5" is not a whole number`, `t: "3" is not a simulated time like 3s`,
				"t: given more than once", `step: "0" is not a step number`, `paused: "maybe" is not 1 or 0`,
				`net.ipv4.tcp_syncookies: "on" is not a whole number`}},
		{query: "change=5s,backlog=8&change=6s,accept=all",
			want: params.Link{Changes: []model.Change{{At: 5 * model.Second, Kind: model.ChangeBacklog, Value: 8},
				{At: 6 * model.Second, Kind: model.ChangeAccept, Mode: model.AcceptAll}}}},
		{query: "change=5s&change=x,backlog=1&change=1s,colour=red&change=1s,flood=5/s,jumbo&change=1s,clients=5/s,sent=3&change=1s,backlog=2,3",
			problems: []string{`change: "5s": it does not start with a simulated time`, `change: "x,backlog=1": it does not start`,
				`change: "1s,colour=red": "colour=red" is not a change; allowed: a server sysctl, backlog, accept, clients, flood`,
				`change: "1s,flood=5/s,jumbo": flood=5/s: "jumbo" is not a SYN option`,
				`change: "1s,clients=5/s,sent=3": clients=5/s: "sent=3" is not send=BYTES`,
				`change: "1s,backlog=2,3": backlog=2: unexpected "3"`}},
		{query: "t=-1s", problems: []string{`t: "-1s" is not a simulated time`}},
		{query: "compare=cookies&compare=bsd", want: params.Link{Compare: "cookies"}, problems: []string{"compare: given more than once"}},
		{query: "scenario=%zz", problems: []string{`"scenario=%zz" is not a valid URL parameter`}},
	}
	for _, tt := range tests {
		got, problems := params.Parse(tt.query)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.query, got, tt.want)
		}
		checkProblems(t, "Parse("+tt.query+")", problems, tt.problems)
	}
}

func checkProblems(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: problems %q, want %d like %q", what, got, len(want), want)
		return
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("%s: problem %d is %q, want it to contain %q", what, i, got[i], want[i])
		}
	}
}

// Query writes what Parse reads back, for every kind of parameter.
func TestQueryRoundTrip(t *testing.T) {
	l := params.Link{Lesson: "syn queue", Step: 3, Scenario: "flood", Kernel: "linux-6.18",
		Seed: ptr(int64(-9)), Backlog: ptr(128),
		Sysctls: []params.Sysctl{{"net.ipv4.tcp_syncookies", 0}, {"net.core.somaxconn", 64}},
		Compare: "abort",
	}.WithView(3*model.Second+1, true)
	q := l.Query()
	const want = "lesson=syn+queue&step=3&scenario=flood&kernel=linux-6.18&seed=-9&backlog=128&" +
		"net.ipv4.tcp_syncookies=0&net.core.somaxconn=64&compare=abort&t=3.000000001s&paused=1"
	if q != want {
		t.Errorf("Query() = %q, want %q", q, want)
	}
	back, problems := params.Parse(q)
	if len(problems) > 0 || !reflect.DeepEqual(back, l) {
		t.Errorf("Parse(%q) = %+v, %q; want %+v", q, back, problems, l)
	}
	if got := (params.Link{}).Query(); got != "" {
		t.Errorf("empty Link's Query() = %q, want empty", got)
	}
}

func TestOpen(t *testing.T) {
	base := flood(t)
	tests := []struct {
		query    string
		check    func(*model.Scenario) bool // nil: unchanged from the default
		at       model.Time
		paused   bool
		link     string // the applied parameters, as Query writes them
		problems []string
	}{
		{query: "", link: ""},
		{query: "scenario=flood&net.ipv4.tcp_syncookies=2&t=3s",
			check: func(sc *model.Scenario) bool { return sc.Server.Sysctl.Syncookies == 2 },
			at:    3 * model.Second, paused: true,
			link: "scenario=flood&net.ipv4.tcp_syncookies=2&t=3s"},
		{query: "t=2s&paused=0", at: 2 * model.Second, paused: false, link: "t=2s&paused=0"},
		{query: "paused=1", paused: true, link: "paused=1"},
		{query: "seed=42&backlog=16&kernel=linux-6.13",
			check: func(sc *model.Scenario) bool {
				return sc.Seed == 42 && sc.Server.Backlog == 16 && sc.Profile.Name == "linux-6.13" && sc.ProfileGiven
			},
			link: "kernel=linux-6.13&seed=42&backlog=16"},
		// Bad links: a message each, and the defaults for what they got wrong.
		{query: "scenario=nope&backlog=-x", link: "",
			problems: []string{`backlog: "-x"`, `scenario: no built-in scenario "nope"; built-in: `}},
		{query: "kernel=linux-9.9", link: "", problems: []string{`kernel: unknown kernel profile "linux-9.9"; known profiles: `}},
		{query: "kernel=linux-2.6.32&net.ipv4.tcp_synack_retries=300",
			check: func(sc *model.Scenario) bool {
				return sc.Profile.Name == "linux-2.6.32" && sc.Server.Sysctl.SynackRetries != 300
			},
			link:     "kernel=linux-2.6.32",
			problems: []string{"net.ipv4.tcp_synack_retries = 300 is out of range for linux-2.6.32"}},
		// Changes: checked against the kernel and the duration, then merged in time order.
		{query: "change=9s,backlog=16&change=5s,net.ipv4.tcp_syncookies=0&change=5s,flood=off",
			check: func(sc *model.Scenario) bool {
				return len(sc.Changes) == 3 && sc.Changes[0].Kind == model.ChangeSysctl && sc.Changes[1].Kind == model.ChangeFlood &&
					sc.Changes[2].Kind == model.ChangeBacklog && sc.Changes[2].At == 9*model.Second
			},
			link: "change=9s,backlog=16&change=5s,net.ipv4.tcp_syncookies=0&change=5s,flood=off"},
		{query: "change=5s,net.ipv4.tcp_syncookies=700&change=61s,backlog=1&change=1s,accept=fast&change=2s,backlog=3",
			check: func(sc *model.Scenario) bool { return len(sc.Changes) == 1 && sc.Changes[0].Value == 3 },
			link:  "change=2s,backlog=3",
			problems: []string{`change: "1s,accept=fast": accept=fast: "fast" is not a rate from 1/s`,
				"change: 5s,net.ipv4.tcp_syncookies=700: net.ipv4.tcp_syncookies = 700 is out of range",
				"change: 1m1s,backlog=1: it is after the end of flood at 1m0s"}},
		{query: "net.ipv4.tcp_syncookies=256&net.ipv4.tcp_syn_retries=2&net.ipv4.tcp_abort_on_overflow=1",
			check: func(sc *model.Scenario) bool {
				return sc.Server.Sysctl.Syncookies == base.Server.Sysctl.Syncookies && sc.Server.Sysctl.AbortOnOverflow == 1
			},
			link: "net.ipv4.tcp_abort_on_overflow=1",
			problems: []string{"net.ipv4.tcp_syncookies = 256 is out of range for linux-6.18; allowed: 0 to 255",
				"net.ipv4.tcp_syn_retries is not a server sysctl the model knows"}},
		{query: "t=61s", link: "", problems: []string{"t: 1m1s is after the end of flood at 1m0s"}},
		// A lesson link that cannot open its lesson opens the menu (over the default flood),
		// never a run, and says which run parameters it ignored.
		{query: "lesson=intro&step=2&seed=3", link: "", problems: []string{"lesson links ignore seed:",
			`lesson: unknown lesson "intro" (no lessons are available); opening the lesson menu`}},
		{query: "step=2", link: "", problems: []string{"step: given without a lesson; opening the lesson menu"}},
		// Side by side: a comparison the scenario allows, by its key.
		{query: "compare=cookies&t=3s", at: 3 * model.Second, paused: true, link: "compare=cookies&t=3s"},
		{query: "compare=cookie", link: "",
			problems: []string{`compare: "cookie" is not a comparison; allowed: bsd (Linux vs bsd-4.4), cookies (tcp_syncookies 1 vs 2), abort (tcp_abort_on_overflow 0 vs 1), older (newest vs an older kernel)`}},
		{query: "kernel=centos-6&compare=cookies", link: "kernel=centos-6",
			check:    func(sc *model.Scenario) bool { return sc.Profile.Name == "centos-6" },
			problems: []string{"compare: net.ipv4.tcp_syncookies 2 asks for a cookie for every SYN only from Linux 3.12; on centos-6 it acts as 1"}},
	}
	for _, tt := range tests {
		o, err := params.Open(tt.query, nil)
		if err != nil {
			t.Fatalf("Open(%q): %v", tt.query, err)
		}
		sc := o.Scenario
		if sc == nil || sc.Name != "flood" {
			t.Fatalf("Open(%q) opened %+v, want the flood scenario", tt.query, sc)
		}
		if tt.check == nil && !sameScenario(sc, base) {
			t.Errorf("Open(%q) changed the scenario: %+v, want the default %+v", tt.query, *sc, *base)
		}
		if tt.check != nil && !tt.check(sc) {
			t.Errorf("Open(%q): the scenario does not show the link's knobs: %+v", tt.query, sc)
		}
		if o.At != tt.at || o.Paused != tt.paused {
			t.Errorf("Open(%q) opens at %v paused %v, want %v paused %v", tt.query, o.At, o.Paused, tt.at, tt.paused)
		}
		if o.Compare != o.Link.Compare {
			t.Errorf("Open(%q) compares %q but its link says %q", tt.query, o.Compare, o.Link.Compare)
		}
		if got := o.Link.Query(); got != tt.link {
			t.Errorf("Open(%q).Link.Query() = %q, want %q", tt.query, got, tt.link)
		}
		checkProblems(t, "Open("+tt.query+")", o.Problems, tt.problems)
	}
}

// The lessons hook: a lesson step opens the scenario the hook returns, and nothing else of
// the link; an error opens the menu.
func TestOpenLessonHook(t *testing.T) {
	lesson := flood(t)
	lesson.Name = "lesson-scenario"
	hook := func(id string, step int) (*model.Scenario, error) {
		if id == "intro" && step == 2 {
			return lesson, nil
		}
		return nil, errors.New("no such step")
	}
	o, err := params.Open("lesson=intro&step=2&paused=1&presenter=1", hook)
	if err != nil || o.Scenario.Name != lesson.Name || len(o.Problems) > 0 || o.Menu || !o.Paused || !o.Presenter {
		t.Fatalf("Open(lesson=intro&step=2&paused=1&presenter=1) = %+v, %v; want the lesson's scenario, paused, presenter, no problems", o, err)
	}
	if got, want := o.Link.Query(), "lesson=intro&step=2&paused=1&presenter=1"; got != want {
		t.Errorf("the applied link is %q, want %q", got, want)
	}
	o, _ = params.Open("lesson=intro&step=2&backlog=16&seed=9&net.ipv4.tcp_syncookies=0&compare=cookies&t=3s", hook)
	checkProblems(t, "Open(lesson=intro&step=2&backlog=16&...)", o.Problems,
		[]string{"lesson links ignore seed, backlog, net.ipv4.tcp_syncookies, compare, t: a lesson's steps choose their own runs"})
	if o.Compare != "" || o.Scenario != lesson || o.Link.Query() != "lesson=intro&step=2" || o.At != 0 {
		t.Errorf("a lesson link with run parameters opened %q comparing %q at %v, link %q; want the lesson's step alone", o.Scenario.Name, o.Compare, o.At, o.Link.Query())
	}
	o, _ = params.Open("lesson=intro&step=9", hook)
	checkProblems(t, "Open(lesson=intro&step=9)", o.Problems, []string{"lesson: no such step; opening the lesson menu"})
	if o.Scenario.Name != "flood" || !o.Menu || o.Link.Query() != "" {
		t.Errorf("a bad lesson step opened %q, menu %v, link %q; want the menu over the default flood, no link", o.Scenario.Name, o.Menu, o.Link.Query())
	}
}

var index = []params.LessonInfo{
	{ID: "handshake", Number: 1, Title: "The three-way handshake", Steps: 5},
	{ID: "somaxconn", Number: 3, Title: "somaxconn caps the backlog", Steps: 4},
	{ID: "accept-overflow", Number: 4, Title: "Accept-queue overflow", Steps: 6},
	{ID: "synq-overflow", Number: 5, Title: "SYN-queue overflow", Steps: 5},
	{ID: "syn-flood", Number: 6, Title: "A SYN flood", Steps: 7},
}

func TestFindLesson(t *testing.T) {
	for _, tt := range []struct {
		name  string
		want  string // "" for none
		exact bool
	}{
		{"handshake", "handshake", true},
		{"Handshake", "handshake", false},
		{"HANDSHAKE ", "handshake", false},
		{"accept overflow", "accept-overflow", false},
		{"accept_overflow", "accept-overflow", false},
		{"04-accept-overflow", "accept-overflow", false},
		{"4", "accept-overflow", false},
		{"Accept-queue overflow", "accept-overflow", false}, // its title
		{"hand", "handshake", false},                        // the one id that starts so
		{"acept-overflow", "accept-overflow", false},        // a letter missing
		{"handshkae", "handshake", false},                   // two swapped
		{"syn", "", false},                                  // synq-overflow and syn-flood: not one
		{"2", "", false},                                    // no lesson 2 here
		{"intro", "", false},
		{"flood", "", false}, // four letters from syn-flood: too far for a five-letter name
		{"", "", false},
		{strings.Repeat("a", 10_000), "", false},
	} {
		i, exact := params.FindLesson(tt.name, index)
		got := ""
		if i >= 0 {
			got = index[i].ID
		}
		if got != tt.want || exact != tt.exact {
			t.Errorf("FindLesson(%.40q) = %q (exact %v), want %q (exact %v)", tt.name, got, exact, tt.want, tt.exact)
		}
	}
}

func TestOpenInNearestLesson(t *testing.T) {
	var asked []string
	hook := func(id string, step int) (*model.Scenario, error) {
		asked = append(asked, fmt.Sprintf("%s/%d", id, step))
		return flood(t), nil
	}
	for _, tt := range []struct {
		query, asked, link string
		menu               bool
		problems           []string
	}{
		{"lesson=accept-overflow&step=2", "accept-overflow/2", "lesson=accept-overflow&step=2", false, nil},
		{"lesson=Handshake", "handshake/0", "lesson=handshake", false,
			[]string{`lesson: no lesson "Handshake"; opening the nearest, handshake (The three-way handshake)`}},
		{"lesson=handshake&step=999", "handshake/5", "lesson=handshake&step=5", false,
			[]string{"step: handshake has steps 1 to 5, not 999; opening step 5"}},
		{"lesson=intro&step=2&backlog=16", "intro/2", "", true, nil}, // the hook says why; see below
		{"step=3", "", "", true, []string{"step: given without a lesson; opening the lesson menu"}},
	} {
		asked = nil
		h := hook
		if tt.query == "lesson=intro&step=2&backlog=16" {
			h = func(id string, step int) (*model.Scenario, error) {
				asked = append(asked, fmt.Sprintf("%s/%d", id, step))
				return nil, errors.New(`unknown lesson "intro"; the lessons are handshake, ...`)
			}
			tt.problems = []string{"lesson links ignore backlog:", `lesson: unknown lesson "intro"; the lessons are handshake, ...; opening the lesson menu`}
		}
		o, err := params.OpenIn(tt.query, h, index)
		if err != nil {
			t.Fatalf("OpenIn(%q): %v", tt.query, err)
		}
		if strings.Join(asked, ",") != tt.asked || o.Link.Query() != tt.link || o.Menu != tt.menu || o.Scenario == nil {
			t.Errorf("OpenIn(%q) asked the hook for %q, link %q, menu %v; want %q, %q, %v", tt.query, asked, o.Link.Query(), o.Menu, tt.asked, tt.link, tt.menu)
		}
		checkProblems(t, "OpenIn("+tt.query+")", o.Problems, tt.problems)
	}
}

// Presenter mode alone opens the menu, as a bare page does; with a run, that run.
func TestOpenPresenter(t *testing.T) {
	for _, tt := range []struct {
		query           string
		menu, presenter bool
	}{
		{"presenter=1", true, true},
		{"presenter=0", true, false},
		{"presenter=1&scenario=flood", false, true},
		{"presenter=1&t=2s", false, true},
		{"scenario=flood", false, false},
	} {
		o, err := params.Open(tt.query, nil)
		if err != nil || o.Menu != tt.menu || o.Presenter != tt.presenter || len(o.Problems) > 0 {
			t.Errorf("Open(%q): menu %v, presenter %v, problems %q, err %v; want menu %v, presenter %v", tt.query, o.Menu, o.Presenter, o.Problems, err, tt.menu, tt.presenter)
		}
	}
}

func TestPageTitle(t *testing.T) {
	if got, want := index[2].PageTitle(2), "Lesson 4: Accept-queue overflow (2/6) — synq"; got != want {
		t.Errorf("PageTitle = %q, want %q", got, want)
	}
}

// sameScenario compares two scenarios, their profiles by name.
func sameScenario(a, b *model.Scenario) bool {
	x, y := *a, *b
	if x.Profile.Name != y.Profile.Name {
		return false
	}
	x.Profile, y.Profile = nil, nil
	return reflect.DeepEqual(x, y)
}

// flood is the default scenario as Open builds it without parameters.
func flood(t *testing.T) *model.Scenario {
	t.Helper()
	o, err := params.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	return o.Scenario
}

// Every kind of change goes through a link and back unchanged.
func TestChangeRoundTrip(t *testing.T) {
	changes := []model.Change{
		{At: 5*model.Second + 1, Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 0},
		{At: 0, Kind: model.ChangeBacklog, Value: -1},
		{At: model.Second, Kind: model.ChangeAccept, Mode: model.AcceptNone},
		{At: model.Second, Kind: model.ChangeAccept, Mode: model.AcceptAll},
		{At: model.Second, Kind: model.ChangeAccept, Mode: model.AcceptRate, Rate: 10},
		{At: model.Second, Kind: model.ChangeClients, Rate: 20, Send: 100},
		{At: model.Second, Kind: model.ChangeClients, Rate: 20},
		{At: model.Second, Kind: model.ChangeFlood, Rate: 5000, Options: model.DefaultFloodOptions},
		{At: model.Second, Kind: model.ChangeFlood, Rate: 0, Options: model.DefaultFloodOptions},
		{At: model.Second, Kind: model.ChangeFlood, Rate: 1, Options: model.SynOptions{MSS: 536, WScale: 7, SACK: true, TS: true}},
		{At: model.Second, Kind: model.ChangeFlood, Rate: 1, Options: model.SynOptions{WScale: -1}},
		{At: model.Second, Kind: model.ChangeFlood, Rate: 1, Options: model.SynOptions{WScale: 0, TS: true}},
	}
	l := params.Link{Changes: changes}
	q := l.Query()
	back, problems := params.Parse(q)
	if len(problems) > 0 || !reflect.DeepEqual(back.Changes, changes) {
		t.Errorf("Parse(%q) = %+v, %q; want %+v", q, back.Changes, problems, changes)
	}
	const want = "change=5.000000001s,net.ipv4.tcp_syncookies=0&change=0s,backlog=-1&change=1s,accept=none&" +
		"change=1s,accept=all&change=1s,accept=10/s&change=1s,clients=20/s,send=100&change=1s,clients=20/s&" +
		"change=1s,flood=5000/s&change=1s,flood=off&change=1s,flood=1/s,mss=536,wscale=7,sack,ts&" +
		"change=1s,flood=1/s,options=none&change=1s,flood=1/s,wscale=0,ts"
	if q != want {
		t.Errorf("Query() = %q\nwant      %q", q, want)
	}
}
