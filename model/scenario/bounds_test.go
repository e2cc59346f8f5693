package scenario_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"synq/model"
	"synq/model/scenario"
)

// fitRe finds the count a memory message says would fit.
var fitRe = regexp.MustCompile(`at most (\d+) (packets in flight at once|half-open requests) would fit`)

// TestMemoryBoundRefuses checks that scenarios whose runs would exhaust memory are refused
// before they run, at the field to change, with what they would need and what would fit; and
// that what the message says would fit does fit.
func TestMemoryBoundRefuses(t *testing.T) {
	tests := []struct {
		name  string
		src   func(n int64) string // the scenario with n where the message says what fits
		big   int64
		field string
		what  string
	}{
		{"200 million SYNs at one instant", func(n int64) string {
			return fmt.Sprintf("name: a\nduration: 1s\ntraffic:\n  - {kind: flood, count: %d}\n", n)
		}, model.MaxFloodSYNs, "t.yaml:4: traffic[0]: ", "packets in flight at once"},
		{"queues at their largest without cookies", func(n int64) string {
			return fmt.Sprintf("name: a\nduration: 2s\nserver:\n  sysctl:\n    net.core.somaxconn: %d\n    net.ipv4.tcp_max_syn_backlog: 2147483647\n"+
				"    net.ipv4.tcp_syncookies: 0\n  listen: {backlog: 2147483647}\ntraffic:\n  - {kind: flood, count: 10000000, rate: 10000000/s}\n", n)
		}, 2147483647, "t.yaml:3: server: ", "half-open requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("t.yaml", []byte(tt.src(tt.big)))
			if err == nil {
				t.Fatal("parsed without error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.field+"the run would need about ") {
				t.Errorf("got %q, want it to start with %q", msg, tt.field+"the run would need about ")
			}
			if !strings.Contains(msg, "; the limit is 4 GB: ") {
				t.Errorf("got %q, want the 4 GB limit named", msg)
			}
			m := fitRe.FindStringSubmatch(msg)
			if m == nil {
				t.Fatalf("no count that fits in %q", msg)
			}
			if m[2] != tt.what {
				t.Errorf("what fits: %q, want %q", m[2], tt.what)
			}
			fit, _ := strconv.ParseInt(m[1], 10, 64)
			if fit <= 0 {
				t.Fatalf("the count that fits is %d, want it positive", fit)
			}
			if _, err = scenario.Parse("t.yaml", []byte(tt.src(fit))); err != nil {
				t.Errorf("with %d, as the message says, it should fit: %v", fit, err)
			}
			if _, err = scenario.Parse("t.yaml", []byte(tt.src(fit*2))); err == nil {
				t.Error("twice what the message says should not fit")
			}
		})
	}
}

// TestMemorySuggestsCookieMode2 checks that mode 2 is suggested where the profile has it, and
// that it makes the same queues fit: it queues no request.
func TestMemorySuggestsCookieMode2(t *testing.T) {
	src := func(kernel string, cookies int) string {
		return fmt.Sprintf("name: a\nkernel: %s\nduration: 2s\nserver:\n  sysctl:\n    net.core.somaxconn: 65535\n    net.ipv4.tcp_max_syn_backlog: 2147483647\n"+
			"    net.ipv4.tcp_syncookies: %d\n  listen: {backlog: 65535}\ntraffic:\n  - {kind: flood, count: 60000, rate: 100000/s}\n", kernel, cookies)
	}
	// A limit below what the queue needs, through the page's path.
	check := func(kernel string, cookies int) *scenario.MemoryProblem {
		s, err := scenario.Parse("t.yaml", []byte(src(kernel, cookies)))
		if err != nil {
			t.Fatal(err)
		}
		return scenario.CheckMemory(s, 32<<20)
	}
	p := check("linux-6.18", 1)
	if p == nil {
		t.Fatal("linux-6.18 with cookies 1: no memory problem")
	}
	if !p.Requests {
		t.Error("the problem is not the requests'")
	}
	if !strings.Contains(p.Msg, "net.ipv4.tcp_syncookies 2") {
		t.Errorf("message %q does not suggest net.ipv4.tcp_syncookies 2", p.Msg)
	}
	if p := check("linux-6.18", 2); p != nil {
		t.Errorf("mode 2 queues no request, yet: %+v", p)
	}
	p = check("linux-3.10", 1)
	if p == nil {
		t.Fatal("linux-3.10 with cookies 1: no memory problem")
	}
	if strings.Contains(p.Msg, "tcp_syncookies 2") {
		t.Errorf("3.10 has no mode 2, yet the message suggests it: %q", p.Msg)
	}
}

// TestLoadRefusesWhatIsNotAFile checks that a directory and a device are refused at once,
// without reading (a read of /dev/zero never ends).
func TestLoadRefusesWhatIsNotAFile(t *testing.T) {
	paths := map[string]string{t.TempDir(): "is a directory, not a regular file"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths["/dev/zero"] = "is a device, not a regular file"
	}
	for path, want := range paths {
		_, err := loadWithin(t, path)
		if err == nil {
			t.Fatalf("%s loaded", path)
		}
		if w := path + ": " + want + "; allowed: a scenario file, or - for standard input"; err.Error() != w {
			t.Errorf("error %q, want %q", err.Error(), w)
		}
	}
}

// loadWithin loads path, failing the test if that takes more than 5 seconds (a blocked open
// or an endless read).
func loadWithin(t *testing.T, path string) (*model.Scenario, error) {
	t.Helper()
	type result struct {
		s   *model.Scenario
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := scenario.Load(path)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Load(%q) still blocked after 5 s", path)
		return nil, nil
	}
}

// TestLoadCapsFileSize checks that a file over 1 MiB is refused before it is parsed, whether it
// is read from disk or given as data.
func TestLoadCapsFileSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	data := []byte("name: a\nduration: 1s\ndescription: " + strings.Repeat("x", scenario.MaxFileBytes) + "\n")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := loadWithin(t, path)
	if err == nil {
		t.Fatal("a file over 1 MiB loaded")
	}
	if want := fmt.Sprintf("%s: is %d bytes; allowed: at most 1048576 bytes (1 MiB)", path, len(data)); err.Error() != want {
		t.Errorf("Load: %q, want %q", err.Error(), want)
	}
	_, err = scenario.Parse("t.yaml", data)
	if err == nil {
		t.Fatal("data over 1 MiB parsed")
	}
	if want := fmt.Sprintf("t.yaml: is %d bytes; allowed: at most 1048576 bytes (1 MiB)", len(data)); err.Error() != want {
		t.Errorf("Parse: %q, want %q", err.Error(), want)
	}
	_, err = scenario.Parse("t.yaml", data[:scenario.MaxFileBytes-1024])
	if strings.Contains(fmt.Sprint(err), "1 MiB") {
		t.Errorf("a file under the cap is parsed, yet: %v", err)
	}
}

// TestListsAreCapped checks that every list of a file has a limit that its message names.
func TestListsAreCapped(t *testing.T) {
	const head = "name: a\nduration: 1h\n"
	tests := []struct {
		name, src, want string
	}{
		{"app steps", head + "server:\n  app:\n" + steps(1001), "t.yaml:5: server.app: has 1001 items; allowed: at most 1000"},
		{"traffic", head + "traffic:\n" + strings.Repeat("  - {kind: connect, count: 1}\n", 1001), "t.yaml:4: traffic: has 1001 items; allowed: at most 1000"},
		{"observe", head + "observe:\n" + checkpoints(1001), "t.yaml:4: observe: has 1001 items; allowed: at most 1000"},
		{"options", head + "traffic:\n  - {kind: flood, count: 1, options: [sack, ts, sack, ts, mss=1]}\n",
			"t.yaml:4: traffic[0].options: has 5 items; allowed: at most 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("t.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("parsed without error")
			}
			if err.Error() != tt.want {
				t.Errorf("error %q, want %q", err.Error(), tt.want)
			}
		})
	}
	if _, err := scenario.Parse("t.yaml", []byte(head+"server:\n  app:\n"+steps(1000))); err != nil {
		t.Errorf("1000 app steps are allowed: %v", err)
	}
}

func steps(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "    - {at: %dms, accept: all}\n", i)
	}
	return b.String()
}

func checkpoints(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - %dms\n", i+1)
	}
	return b.String()
}

// TestMessagesKeepTheContract checks the messages a tester found wanting: the user's text cut
// to a short prefix, ranges and allowed values named, tabs and overflows called what they are.
func TestMessagesKeepTheContract(t *testing.T) {
	const head = "name: a\nduration: 1s\n"
	shadow := "root:$6$" + strings.Repeat("abcdefghij", 8) + ":19000:0:99999:7:::\n"
	tests := []struct {
		name, src, want string
	}{
		{"a line of a password file", shadow,
			`t.yaml:1: "root:$6$abcdefghijabcdefghijabcdefghijab"…: unknown key; allowed keys: name, description, kernel, seed, duration, server, client, network, traffic, observe`},
		{"a number past 64 bits", head + "server:\n  sysctl:\n    net.core.somaxconn: 99999999999999999999\n",
			"t.yaml:5: server.sysctl: net.core.somaxconn = 99999999999999999999 is out of range; allowed: 0 to 2147483647"},
		{"a boolean for a number", head + "server:\n  sysctl:\n    net.ipv4.tcp_syncookies: true\n",
			"t.yaml:5: server.sysctl: net.ipv4.tcp_syncookies = true is not a whole number; allowed: 0 to 255 (2: a cookie for every SYN; any other non-zero value acts as 1)"},
		{"an overflowing duration", "name: a\nduration: 100000000h\n",
			"t.yaml:2: duration: \"100000000h\" is too large (durations go up to 1h); allowed: more than 0s, up to 1h (Go duration syntax, like 10s)"},
		{"a tab before a key", head + "server:\n\tsysctl: {}\n",
			"t.yaml:4: not valid YAML: found character that cannot start any token; the line holds a tab, and YAML indents with spaces only: replace the tab with spaces"},
		{"a long kernel name", head + "kernel: " + strings.Repeat("k", 100) + "\n",
			`t.yaml:3: kernel: unknown kernel profile "` + strings.Repeat("k", 40) + `"…; known profiles: ` + knownList},
		{"an unknown anchor with a long name", head + "seed: *" + strings.Repeat("a", 100) + "\n",
			`t.yaml: not valid YAML: unknown anchor "` + strings.Repeat("a", 40) + `"… referenced`},
		{"a long duration out of range", "name: a\nduration: " + strings.Repeat("1m", 61) + "\n",
			`t.yaml:2: duration: "` + strings.Repeat("1m", 20) + `"… is out of range; allowed: more than 0s, up to 1h (Go duration syntax, like 10s)`},
		{"a long sysctl key", head + "server:\n  sysctl:\n    " + strings.Repeat("s", 100) + ": 1\n",
			`t.yaml:5: server.sysctl: "` + strings.Repeat("s", 40) + `"… is not a server sysctl the model knows for linux-6.18; allowed: ` +
				strings.Join(profile(t, "linux-6.18").SysctlKeys(false), ", ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Parse("t.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("parsed without error")
			}
			if got := strings.SplitN(err.Error(), "\n", 2)[0]; got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}

// TestErrorsShowAScreenful checks that a file with many problems prints 20 and counts the rest.
func TestErrorsShowAScreenful(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: a\nduration: 1s\nobserve:\n")
	for range 30 {
		b.WriteString("  - 2s\n")
	}
	_, err := scenario.Parse("t.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("parsed without error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != scenario.MaxShown+1 {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), scenario.MaxShown+1, err)
	}
	if got := lines[scenario.MaxShown]; got != "… and 10 more problems" {
		t.Errorf("last line %q, want %q", got, "… and 10 more problems")
	}
}

func TestClip(t *testing.T) {
	if got := scenario.Clip("short"); got != `"short"` {
		t.Errorf("Clip(short) = %s", got)
	}
	if got, want := scenario.Clip(strings.Repeat("é", 41)), `"`+strings.Repeat("é", 40)+`"…`; got != want {
		t.Errorf("Clip(41 é) = %s, want %s: cut by characters, not bytes", got, want)
	}
}
