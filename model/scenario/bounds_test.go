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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, tt.field+"the run would need about "), "got %q", msg)
			assert.Contains(t, msg, "; the limit is 4 GB: ")
			m := fitRe.FindStringSubmatch(msg)
			require.NotNil(t, m, "no count that fits in %q", msg)
			assert.Equal(t, tt.what, m[2])
			fit, _ := strconv.ParseInt(m[1], 10, 64)
			require.Positive(t, fit)
			_, err = scenario.Parse("t.yaml", []byte(tt.src(fit)))
			assert.NoError(t, err, "with %d, as the message says, it should fit", fit)
			_, err = scenario.Parse("t.yaml", []byte(tt.src(fit*2)))
			assert.Error(t, err, "twice what the message says should not fit")
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
		require.NoError(t, err)
		return scenario.CheckMemory(s, 32<<20)
	}
	p := check("linux-6.18", 1)
	require.NotNil(t, p)
	assert.True(t, p.Requests)
	assert.Contains(t, p.Msg, "net.ipv4.tcp_syncookies 2")
	assert.Nil(t, check("linux-6.18", 2), "mode 2 queues no request")
	p = check("linux-3.10", 1)
	require.NotNil(t, p)
	assert.NotContains(t, p.Msg, "tcp_syncookies 2", "3.10 has no mode 2")
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
		require.Error(t, err)
		assert.Equal(t, path+": "+want+"; allowed: a scenario file, or - for standard input", err.Error())
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
	require.NoError(t, os.WriteFile(path, data, 0o644))
	_, err := loadWithin(t, path)
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("%s: is %d bytes; allowed: at most 1048576 bytes (1 MiB)", path, len(data)), err.Error())
	_, err = scenario.Parse("t.yaml", data)
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("t.yaml: is %d bytes; allowed: at most 1048576 bytes (1 MiB)", len(data)), err.Error())
	_, err = scenario.Parse("t.yaml", data[:scenario.MaxFileBytes-1024])
	assert.NotContains(t, fmt.Sprint(err), "1 MiB", "a file under the cap is parsed")
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
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
	_, err := scenario.Parse("t.yaml", []byte(head+"server:\n  app:\n"+steps(1000)))
	assert.NoError(t, err, "1000 app steps are allowed")
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
			require.Error(t, err)
			assert.Equal(t, tt.want, strings.SplitN(err.Error(), "\n", 2)[0])
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
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, scenario.MaxShown+1)
	assert.Equal(t, "… and 10 more problems", lines[scenario.MaxShown])
}

func TestClip(t *testing.T) {
	assert.Equal(t, `"short"`, scenario.Clip("short"))
	assert.Equal(t, `"`+strings.Repeat("é", 40)+`"…`, scenario.Clip(strings.Repeat("é", 41)), "cut by characters, not bytes")
}
