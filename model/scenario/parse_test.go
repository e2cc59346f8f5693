package scenario_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// parse parses a literal fixture and fails the test on error.
func parse(t *testing.T, src string) *model.Scenario {
	t.Helper()
	s, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// profile looks up a profile for the expected values.
func profile(t *testing.T, name string) *model.Profile {
	t.Helper()
	p, err := model.LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseDefaults(t *testing.T) {
	s := parse(t, "name: minimal\nduration: 3s\n")
	p := profile(t, model.Newest)
	if s.Profile == nil {
		t.Fatal("s.Profile is nil")
	}
	equal(t, false, "s.Profile.Name", s.Profile.Name, model.Newest)
	s.Profile = nil
	want := &model.Scenario{
		Name:     "minimal",
		Seed:     1,
		Duration: 3 * model.Second,
		Server: model.Server{
			Sysctl:  p.ServerDefaults,
			Port:    80,
			Backlog: 511,
			App:     []model.AppStep{{At: 0, Mode: model.AcceptAll}},
		},
		Client:  model.Client{Sysctl: p.ClientDefaults},
		Network: model.Network{Delay: model.Millisecond},
		Observe: []model.Time{3 * model.Second},
	}
	equal(t, false, "s", s, want)
}

func TestParseEveryField(t *testing.T) {
	s, err := scenario.Load(filepath.Join("testdata", "accept-overflow.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile == nil {
		t.Fatal("s.Profile is nil")
	}
	equal(t, false, "s.Profile.Name", s.Profile.Name, "linux-6.18")
	p := s.Profile
	s.Profile = nil
	server := p.ServerDefaults
	server.Somaxconn, server.MaxSynBacklog, server.Syncookies = 4096, 2048, 1
	server.AbortOnOverflow, server.SynackRetries, server.Timestamps = 0, 5, 1
	want := &model.Scenario{
		Name:         "accept-overflow",
		Description:  "free text",
		ProfileGiven: true,
		Seed:         7,
		Duration:     10 * model.Second,
		Server: model.Server{
			Sysctl:  server,
			Port:    8080,
			Backlog: 5,
			App: []model.AppStep{
				{At: 0, Mode: model.AcceptNone},
				{At: 5 * model.Second, Mode: model.AcceptAll},
				{At: 8 * model.Second, Mode: model.AcceptRate, Rate: 50},
			},
		},
		Client:  model.Client{Sysctl: model.ClientSysctl{SynRetries: 3, SynLinearTimeouts: 2, Timestamps: 0}},
		Network: model.Network{Delay: 2 * model.Millisecond},
		Traffic: []model.Traffic{
			{Kind: model.Connect, At: 0, Count: 12, Rate: 1000, Send: 100, Options: model.SynOptions{WScale: -1}},
			{Kind: model.Flood, At: model.Second, Count: 5000, Rate: 10000,
				Options: model.SynOptions{MSS: 1460, WScale: 7, SACK: true, TS: true}},
		},
		Observe: []model.Time{model.Second, 5 * model.Second, 10 * model.Second},
	}
	equal(t, false, "s", s, want)
}

func TestParseJSON(t *testing.T) {
	s, err := scenario.Load(filepath.Join("testdata", "flood.json"))
	if err != nil {
		t.Fatal(err)
	}
	equal(t, false, "s.Name", s.Name, "syn-flood")
	equal(t, false, "s.Profile.Name", s.Profile.Name, "linux-6.13")
	equal(t, false, "s.Duration", s.Duration, 5*model.Second)
	equal(t, false, "s.Server.Sysctl.Syncookies", s.Server.Sysctl.Syncookies, 0)
	equal(t, false, "s.Server.App", s.Server.App, []model.AppStep{{At: 0, Mode: model.AcceptNone}, {At: model.Second, Mode: model.AcceptAll}})
	equal(t, false, "s.Traffic", s.Traffic, []model.Traffic{
		{Kind: model.Flood, Count: 3000, Rate: 1000, Options: model.DefaultFloodOptions},
		{Kind: model.Connect, At: 4 * model.Second, Count: 1, Options: model.SynOptions{WScale: -1}},
	})
	equal(t, false, "s.Observe", s.Observe, []model.Time{2 * model.Second, 4 * model.Second, 5 * model.Second})
}

// TestParseValues covers the less common spellings and the defaults inside lists.
func TestParseValues(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, s *model.Scenario)
	}{
		{"app starting late does not accept before", "name: a\nduration: 5s\nserver:\n  app:\n    - {at: 2s, accept: 100/s}\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Server.App", s.Server.App, []model.AppStep{{At: 0, Mode: model.AcceptNone}, {At: 2 * model.Second, Mode: model.AcceptRate, Rate: 100}})
			}},
		{"empty app never accepts", "name: a\nduration: 5s\nserver: {app: []}\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Server.App", s.Server.App, []model.AppStep{{At: 0, Mode: model.AcceptNone}})
			}},
		{"rate with spaces", "name: a\nduration: 5s\nserver: {app: [{at: 0s, accept: ' 50 / s '}]}\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Server.App", s.Server.App, []model.AppStep{{At: 0, Mode: model.AcceptRate, Rate: 50}})
			}},
		{"negative backlog kept", "name: a\nduration: 5s\nserver: {listen: {backlog: -1}}\n",
			func(t *testing.T, s *model.Scenario) { equal(t, false, "s.Server.Backlog", s.Server.Backlog, -1) }},
		{"flood without options", "name: a\nduration: 5s\ntraffic: [{kind: flood, count: 3, options: []}]\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Traffic[0].Options", s.Traffic[0].Options, model.SynOptions{WScale: -1})
			}},
		{"flood default options", "name: a\nduration: 5s\ntraffic: [{kind: flood, count: 3}]\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Traffic[0].Options", s.Traffic[0].Options, model.DefaultFloodOptions)
			}},
		{"empty traffic and sections", "name: a\nduration: 5s\nserver:\nclient:\nnetwork:\ntraffic: []\nobserve:\n",
			func(t *testing.T, s *model.Scenario) {
				if len(s.Traffic) != 0 {
					t.Errorf("s.Traffic = %+v, want it empty", s.Traffic)
				}
				equal(t, false, "s.Observe", s.Observe, []model.Time{5 * model.Second})
			}},
		{"checkpoints sorted, end not repeated", "name: a\nduration: 5s\nobserve: [5s, 250ms, 1.5s]\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Observe", s.Observe, []model.Time{250 * model.Millisecond, 1500 * model.Millisecond, 5 * model.Second})
			}},
		{"last SYN exactly at the end", "name: a\nduration: 1s\ntraffic: [{kind: flood, count: 11, rate: 10/s}]\n",
			func(t *testing.T, s *model.Scenario) { equal(t, false, "s.Traffic[0].Count", s.Traffic[0].Count, 11) }},
		{"zero delay", "name: a\nduration: 1s\nnetwork: {delay: 0s}\nseed: -3\n",
			func(t *testing.T, s *model.Scenario) {
				equal(t, false, "s.Network.Delay", s.Network.Delay, model.Time(0))
				equal(t, false, "s.Seed", s.Seed, int64(-3))
			}},
		{"anchors and aliases", "name: a\nduration: 5s\ntraffic:\n  - &c {kind: connect, count: 2}\n  - *c\n",
			func(t *testing.T, s *model.Scenario) {
				if len(s.Traffic) != 2 {
					t.Errorf("len(s.Traffic) = %d, want %d", len(s.Traffic), 2)
				}
			}},
		{"traffic at the limits", fmt.Sprintf("name: a\nduration: 1h\ntraffic:\n  - {kind: connect, count: %d}\n  - {kind: connect, count: %d}\n  - {kind: flood, count: %d, rate: 100000/s}\n",
			model.MaxClients-100, 100, model.MaxFloodSYNs),
			func(t *testing.T, s *model.Scenario) {
				if len(s.Traffic) != 3 {
					t.Errorf("len(s.Traffic) = %d, want %d", len(s.Traffic), 3)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, parse(t, tt.src)) })
	}
}

// TestParseErrors checks the exact messages, file and line included.
func TestParseErrors(t *testing.T) {
	const head = "name: a\nduration: 10s\n" // lines 1 and 2
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown top-level key", head + "colour: blue\n", []string{
			"t.yaml:3: colour: unknown key; allowed keys: name, description, kernel, seed, duration, server, client, network, traffic, observe",
		}},
		{"unknown server key", head + "server:\n  listen: {port: 80}\n  backlog: 5\n", []string{
			"t.yaml:5: server.backlog: unknown key; allowed keys: sysctl, listen, app",
		}},
		{"unknown sysctl", head + "server:\n  sysctl:\n    net.ipv4.tcp_syn_retries: 3\nkernel: linux-6.18\n", []string{
			"t.yaml:5: server.sysctl: net.ipv4.tcp_syn_retries is not a server sysctl the model knows for linux-6.18; allowed: " +
				strings.Join(profile(t, "linux-6.18").SysctlKeys(false), ", "),
		}},
		{"sysctl out of range", head + "server:\n  sysctl:\n    net.ipv4.tcp_syncookies: 256\nkernel: linux-6.18\n", []string{
			"t.yaml:5: server.sysctl: net.ipv4.tcp_syncookies = 256 is out of range for linux-6.18; allowed: 0 to 255 (2: a cookie for every SYN; any other non-zero value acts as 1)",
		}},
		{"sysctl not a number", head + "client:\n  sysctl:\n    net.ipv4.tcp_syn_retries: many\n", []string{
			`t.yaml:5: client.sysctl: net.ipv4.tcp_syn_retries = "many" is not a whole number; allowed: 1 to 127`,
		}},
		{"negative count", head + "traffic:\n  - kind: connect\n    count: -5\n", []string{
			fmt.Sprintf("t.yaml:5: traffic[0].count: -5 is out of range; allowed: a whole number from 1 to %d", model.MaxClients),
		}},
		{"zero rate", head + "traffic:\n  - {kind: flood, count: 5, rate: 0/s}\n", []string{
			`t.yaml:4: traffic[0].rate: "0/s" is not a valid rate; allowed: a whole number of SYNs per second from 1 to 10000000, written like 1000/s`,
		}},
		{"negative rate", head + "traffic:\n  - {kind: connect, count: 5, rate: -5/s}\n", []string{
			`t.yaml:4: traffic[0].rate: "-5/s" is not a valid rate; allowed: a whole number of connections per second from 1 to 10000000, written like 1000/s`,
		}},
		{"fractional accept rate", head + "server:\n  app: [{at: 0s, accept: 1.5/s}]\n", []string{
			`t.yaml:4: server.app[0].accept: "1.5/s" is not a valid rate; allowed: a whole number of connections per second from 1 to 10000000, written like 1000/s`,
		}},
		{"duration over the limit", "name: a\nduration: 2h\n", []string{
			"t.yaml:2: duration: 2h is out of range; allowed: more than 0s, up to 1h (Go duration syntax, like 10s)",
		}},
		{"zero duration", "name: a\nduration: 0s\n", []string{
			"t.yaml:2: duration: 0s is out of range; allowed: more than 0s, up to 1h (Go duration syntax, like 10s)",
		}},
		{"duration without unit", "name: a\nduration: 10\n", []string{
			"t.yaml:2: duration: 10 is not a duration (write it like 10s, 1.5s or 250ms); allowed: more than 0s, up to 1h (Go duration syntax, like 10s)",
		}},
		{"checkpoint after the end", head + "observe: [1s,\n  12s]\n", []string{
			"t.yaml:4: observe[1]: 12s is after the end of the run at 10s; allowed: after 0s, up to the duration 10s",
		}},
		{"duplicate checkpoint", head + "observe:\n  - 1s\n  - 1000ms\n", []string{
			"t.yaml:5: observe[1]: 1s listed twice (first as observe[0]); allowed: each checkpoint once",
		}},
		{"unknown profile", "kernel: linux-2.4\n" + head, []string{
			`t.yaml:1: kernel: unknown kernel profile "linux-2.4"; known profiles: ` + knownList,
		}},
		{"clients beyond the limit", head + fmt.Sprintf("traffic:\n  - {kind: connect, count: %d}\n  - {kind: flood, count: 10}\n  - {kind: connect, count: 150}\n", model.MaxClients-100), []string{
			fmt.Sprintf("t.yaml:6: traffic[2].count: connect traffic adds up to %d clients; the model's limit is %d clients in all entries together (one ephemeral port each), so at most 100 fit in this entry after the earlier ones",
				model.MaxClients+50, model.MaxClients),
		}},
		{"flood beyond the limit", fmt.Sprintf("name: a\nduration: 1h\ntraffic:\n  - {kind: flood, count: %d, rate: 100000/s}\n", model.MaxFloodSYNs+1), []string{
			fmt.Sprintf("t.yaml:4: traffic[0].count: flood traffic adds up to %d SYNs; the model's limit is %d SYNs in all entries together (a bound on how long a run takes), so at most %d fit in this entry",
				model.MaxFloodSYNs+1, model.MaxFloodSYNs, model.MaxFloodSYNs),
		}},
		{"last SYN after the end", head + "traffic:\n  - {kind: flood, at: 9s, count: 2000, rate: 1000/s}\n", []string{
			"t.yaml:4: traffic[0].rate: at 1000/s the last of 2000 SYNs starts at 10.999s, after the end of the run at 10s; allowed: a start, count and rate that end within the duration",
		}},
		{"missing name", "duration: 10s\n", []string{
			"t.yaml:1: name: missing; required: lowercase letters, digits and '-', starting with a letter, at most 64 characters",
		}},
		{"bad name", "name: Accept_Overflow\nduration: 10s\n", []string{
			`t.yaml:1: name: "Accept_Overflow" is not a valid name; allowed: lowercase letters, digits and '-', starting with a letter, at most 64 characters`,
		}},
		{"missing duration", "# a comment\nname: a\n", []string{
			"t.yaml:2: duration: missing; required: more than 0s, up to 1h (Go duration syntax, like 10s)",
		}},
		{"empty duration", "name: a\nduration:\n", []string{
			"t.yaml:2: duration: has no value; required: more than 0s, up to 1h (Go duration syntax, like 10s)",
		}},
		{"malformed YAML", "name: a\nduration: 10s\nserver:\n  listen: {port: 80\ntraffic: []\n", []string{
			"t.yaml:4: not valid YAML: did not find expected ',' or '}'",
		}},
		{"malformed YAML, scanner", "name: a\nduration: 10s\nfoo: bar: baz\n", []string{
			"t.yaml:3: not valid YAML: mapping values are not allowed in this context",
		}},
		{"empty file", "# nothing\n", []string{
			"t.yaml: the file is empty; a scenario needs at least name and duration",
		}},
		{"two documents", head + "---\nname: b\n", []string{
			"t.yaml:4: a second YAML document; allowed: one scenario per file",
		}},
		{"list instead of mapping", head + "server:\n  - listen\n", []string{
			`t.yaml:4: server: must be a mapping, not a list; allowed keys: sysctl, listen, app`,
		}},
		{"top level is a list", "- name: a\n", []string{
			"t.yaml:1: the file must be a mapping of scenario fields, not a list; allowed keys: name, description, kernel, seed, duration, server, client, network, traffic, observe",
		}},
		{"string instead of int", head + "server: {listen: {port: http}}\n", []string{
			`t.yaml:3: server.listen.port: "http" is not a whole number; allowed: a whole number from 1 to 65535`,
		}},
		{"float instead of int", head + "traffic: [{kind: connect, count: 1.5}]\n", []string{
			fmt.Sprintf("t.yaml:3: traffic[0].count: 1.5 is not a whole number; allowed: a whole number from 1 to %d", model.MaxClients),
		}},
		{"mapping instead of list", head + "traffic: {kind: connect}\n", []string{
			"t.yaml:3: traffic: must be a list, not a mapping; allowed: a list of entries like {kind: connect, at: 0s, count: 10, rate: 1000/s}",
		}},
		{"duplicate key", head + "seed: 1\nseed: 2\n", []string{
			"t.yaml:4: seed: given twice (first on line 3); allowed: each key once",
		}},
		{"unknown kind and missing count", head + "traffic:\n  - kind: syn\n", []string{
			`t.yaml:4: traffic[0].kind: "syn" is not a kind of traffic; allowed: connect or flood`,
			`t.yaml:4: traffic[0].count: missing; required: a whole number, 1 or more`,
		}},
		{"options on connect, send on flood", head + "traffic:\n  - {kind: connect, count: 1, options: [sack]}\n  - {kind: flood, count: 1, send: 10}\n", []string{
			"t.yaml:4: traffic[0].options: only flood SYNs take options here; a genuine client's SYN options come from client.sysctl; allowed keys for connect: kind, at, count, rate, send",
			"t.yaml:5: traffic[1].send: only connect traffic writes data; allowed keys for flood: kind, at, count, rate, options",
		}},
		{"bad options", head + "traffic:\n  - kind: flood\n    count: 1\n    options: [mss=0, wscale=15, sack, sack]\n", []string{
			`t.yaml:6: traffic[0].options[0]: "mss=0" is not a SYN option; allowed: mss=N (N from 1 to 65535), wscale=N (N from 0 to 14), sack, ts; each at most once`,
			`t.yaml:6: traffic[0].options[1]: "wscale=15" is not a SYN option; allowed: mss=N (N from 1 to 65535), wscale=N (N from 0 to 14), sack, ts; each at most once`,
			`t.yaml:6: traffic[0].options[3]: sack given twice (first as traffic[0].options[2]); allowed: mss=N (N from 1 to 65535), wscale=N (N from 0 to 14), sack, ts; each at most once`,
		}},
		{"send too large", head + fmt.Sprintf("traffic: [{kind: connect, count: 1, send: %d}]\n", model.MaxSend+1), []string{
			fmt.Sprintf("t.yaml:3: traffic[0].send: %d is out of range; allowed: a whole number from 0 to %d", model.MaxSend+1, model.MaxSend),
		}},
		{"app steps out of order", head + "server:\n  app:\n    - {at: 5s, accept: all}\n    - {at: 5s, accept: none}\n    - {at: 11s, accept: none}\n", []string{
			"t.yaml:6: server.app[1].at: 5s is not after the previous step's 5s (line 5); allowed: steps in strictly increasing time",
			"t.yaml:7: server.app[2].at: 11s is after the end of the run at 10s; allowed: from 0s up to the duration 10s",
		}},
		{"bad accept mode", head + "server: {app: [{at: 0s, accept: some}]}\n", []string{
			`t.yaml:3: server.app[0].accept: "some" is not an accept mode; allowed: none, all, or a whole number of connections per second from 1 to 10000000, written like 1000/s`,
		}},
		{"delay too long", head + "network:\n  delay: 11s\n", []string{
			"t.yaml:4: network.delay: 11s is out of range; allowed: from 0s up to 10s",
		}},
		{"traffic after the end", head + "traffic: [{kind: connect, count: 1, at: 10.5s}]\n", []string{
			"t.yaml:3: traffic[0].at: 10.5s is after the end of the run at 10s; allowed: from 0s up to the duration 10s",
		}},
		{"too many traffic entries", head + "traffic:\n" + strings.Repeat("  - {kind: connect, count: 1}\n", model.MaxTrafficEntries+1), []string{
			fmt.Sprintf("t.yaml:4: traffic: has %d items; allowed: at most %d", model.MaxTrafficEntries+1, model.MaxTrafficEntries),
		}},
		{"alias reported where used", head + "x: &p [80]\nserver:\n  listen: *p\n", []string{
			"t.yaml:3: x: unknown key; allowed keys: name, description, kernel, seed, duration, server, client, network, traffic, observe",
			"t.yaml:5: server.listen: must be a mapping, not a list; allowed keys: port, backlog",
		}},
		{"port out of range", head + "server: {listen: {port: 65536}}\n", []string{
			"t.yaml:3: server.listen.port: 65536 is out of range; allowed: a whole number from 1 to 65535",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := scenario.Parse("t.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if s != nil {
				t.Errorf("s = %+v, want nil", s)
			}
			equal(t, false, "err.Error()", err.Error(), strings.Join(tt.want, "\n"))
		})
	}
}

// TestParseCollectsAllErrors checks that one file reports every problem, in line order, with
// its fields set.
func TestParseCollectsAllErrors(t *testing.T) {
	path := filepath.Join("testdata", "bad-fields.yaml")
	_, err := scenario.Load(path)
	var errs *scenario.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want it as %T", err, &errs)
	}
	type got struct {
		Line  int
		Field string
	}
	var lines []got
	for _, e := range *errs {
		equal(t, false, "e.File", e.File, path)
		lines = append(lines, got{e.Line, e.Field})
	}
	equal(t, false, "lines", lines, []got{
		{2, "name"}, {3, "kernel"}, {4, "duration"}, {5, "colour"}, {10, "server.listen.port"},
		{13, "traffic[0].count"}, {14, "traffic[0].rate"},
	})
	equal(t, false, "(*errs)[1].Error()", (*errs)[1].Error(), path+":3: kernel: unknown kernel profile \"linux-9.9\"; known profiles: "+knownList)
}

func TestParseSyntaxFile(t *testing.T) {
	_, err := scenario.Load(filepath.Join("testdata", "bad-syntax.yaml"))
	var errs *scenario.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want it as %T", err, &errs)
	}
	if len(*errs) != 1 {
		t.Fatalf("len(*errs) = %d, want %d", len(*errs), 1)
	}
	equal(t, false, "(*errs)[0].Line", (*errs)[0].Line, 4)
}

func TestParseStopsAfterTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: a\nduration: 1s\nobserve:\n")
	for range 500 {
		b.WriteString("  - 2s\n")
	}
	_, err := scenario.Parse("t.yaml", []byte(b.String()))
	var errs *scenario.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want it as %T", err, &errs)
	}
	if len(*errs) != 101 {
		t.Errorf("len(*errs) = %d, want %d", len(*errs), 101)
	}
	equal(t, false, "(*errs)[100].Error()", (*errs)[100].Error(), "t.yaml: too many errors; stopped after 100")
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.yaml")
	_, err := scenario.Load(path)
	if err == nil {
		t.Fatal("no error")
	}
	equal(t, false, "err.Error()", err.Error(), path+": cannot read the file: no such file or directory")
	if !(errors.Is(err, os.ErrNotExist) || strings.Contains(err.Error(), path)) {
		t.Error("want errors.Is(err, os.ErrNotExist) || strings.Contains(err.Error(), path) true")
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  scenario.Error
		want string
	}{
		{scenario.Error{File: "a.yaml", Line: 12, Field: "server.sysctl", Msg: "bad"}, "a.yaml:12: server.sysctl: bad"},
		{scenario.Error{File: "a.yaml", Msg: "empty"}, "a.yaml: empty"},
		{scenario.Error{Line: 3, Field: "name", Msg: "bad"}, "line 3: name: bad"},
	}
	for _, tt := range tests {
		equal(t, false, "tt.err.Error()", tt.err.Error(), tt.want)
	}
}

func TestLoadForDefaultProfile(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named.yaml")
	unnamed := filepath.Join(dir, "unnamed.yaml")
	if err := os.WriteFile(named, []byte("name: a\nkernel: linux-6.18\nduration: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(unnamed, []byte("name: a\nduration: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	s, err := scenario.LoadFor(unnamed, "linux-6.13")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, false, "a file without kernel: takes the default given", s.Profile.Name, "linux-6.13")
	if s.ProfileGiven {
		t.Error("want s.ProfileGiven false")
	}

	s, err = scenario.LoadFor(named, "linux-6.13")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, false, "a file's own kernel: wins over the default", s.Profile.Name, "linux-6.18")
	if !s.ProfileGiven {
		t.Error("want s.ProfileGiven true")
	}
}

// knownList is how an error lists the known profiles: the Linux series as ranges.
const knownList = "linux-2.6.32 … linux-2.6.39, linux-3.0 … linux-3.19, linux-4.0 … linux-4.20, " +
	"linux-5.0 … linux-5.19, linux-6.0 … linux-6.19, linux-7.0 … linux-7.2, centos-6, centos-7, debian-11, debian-12, debian-13, bsd-4.4"

// equal reports, naming what, when got is not want (reflect.DeepEqual); fatal stops the test.
func equal[T any](t *testing.T, fatal bool, what string, got, want T) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	if fatal {
		t.Fatalf("%s = %+v, want %+v", what, got, want)
	}
	t.Errorf("%s = %+v, want %+v", what, got, want)
}
