package doctor_test

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"synq/doctor"
	"synq/model"
)

var update = flag.Bool("update", false, "rewrite the golden diagnoses")

func ids(d *doctor.Diagnosis) []string {
	var out []string
	for _, f := range d.Findings {
		out = append(out, f.ID+"@"+f.Listener)
	}
	return out
}

func finding(t *testing.T, d *doctor.Diagnosis, id string) doctor.Finding {
	t.Helper()
	for _, f := range d.Findings {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no finding %s among %v", id, ids(d))
	return doctor.Finding{}
}

func hasFinding(d *doctor.Diagnosis, id string) bool {
	for _, f := range d.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}

func joined(f doctor.Finding) string {
	return strings.Join(append(append(append([]string{f.Title}, f.Evidence...), f.Change...), f.NotHelp...), "\n")
}

// obs builds an observation of one listener with counters read once (or twice, as a change).
func obs(release string, sys map[string]int, l doctor.Listener, counters map[string]uint64) *doctor.Observation {
	o := &doctor.Observation{Source: "test", Release: release, Sysctls: sys, ListenersKnown: true, SynRecvKnown: l.SynRecv >= 0,
		Listeners: []doctor.Listener{l}, LogKnown: true}
	full := map[string]uint64{}
	for _, n := range doctor.CounterNames {
		full[n] = counters[n]
	}
	o.Counters = []doctor.CounterSample{{Values: full}}
	return o
}

var defaults = map[string]int{"net.core.somaxconn": 4096, "net.ipv4.tcp_max_syn_backlog": 2048, "net.ipv4.tcp_syncookies": 1,
	"net.ipv4.tcp_abort_on_overflow": 0, "net.ipv4.tcp_synack_retries": 5, "net.ipv4.tcp_timestamps": 1}

func with(kv ...any) map[string]int {
	m := map[string]int{}
	for k, v := range defaults {
		m[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(int)
	}
	return m
}

// The SYN queue's limit for the same listener differs by version (spec 2.0).
func TestSynQueueLimitByVersion(t *testing.T) {
	for _, tc := range []struct {
		release string
		msb     int
		want    int
	}{
		{"6.18.44", 2048, 101},              // 6.13+: qlen > B
		{"6.6.0", 2048, 100},                // 4.4 … 6.12: qlen >= B
		{"6.12.117", 2048, 101},             // the 6.13 rule, backported to the stable 6.12 the profile models
		{"5.10.223", 2048, 100},             // Debian 11's 5.10, before the backport
		{"4.4.0-21-generic", 2048, 100},     // same
		{"4.3.0", 2048, 128},                // ≤4.3: power of two above min(B, msb) = 100
		{"3.10.0-1160.el7.x86_64", 64, 128}, // EL7: power of two above max(8, min(100, 64)) = 64
		{"2.6.32-642.el6.x86_64", 2048, 128},
	} {
		d := doctor.Diagnose(obs(tc.release, with("net.ipv4.tcp_max_syn_backlog", tc.msb),
			doctor.Listener{Addr: "0.0.0.0:80", Port: 80, SendQ: 100, SynRecv: 0}, nil))
		if got := d.Listeners[0].SynQueueLimit; got != tc.want {
			t.Errorf("%s: SYN queue limit of B=100 = %d, want %d (%s)", tc.release, got, tc.want, d.Listeners[0].SynQueueRule)
		}
	}
}

func TestAcceptQueueFull(t *testing.T) {
	l := doctor.Listener{Addr: "127.0.0.1:8080", Port: 8080, RecvQ: 5, SendQ: 4, SynRecv: 0}
	d := doctor.Diagnose(obs("6.18.44", defaults, l, map[string]uint64{"TcpExtListenOverflows": 21, "TcpExtListenDrops": 21}))
	f := finding(t, d, "accept-queue-full")
	if f.Listener != "127.0.0.1:8080" || !strings.Contains(joined(f), "Recv-Q 5 > Send-Q 4") || !strings.Contains(joined(f), "4.10+") {
		t.Errorf("finding:\n%s", joined(f))
	}
	// Recv-Q equal to Send-Q is not full: the queue holds B+1 (spec 2.0).
	l.RecvQ = 4
	d = doctor.Diagnose(obs("6.18.44", defaults, l, nil))
	if hasFinding(d, "accept-queue-full") {
		t.Errorf("Recv-Q 4 = Send-Q 4 reported full: %v", ids(d))
	}
	// Overflows with no full listener are still reported, without a listener.
	d = doctor.Diagnose(obs("6.18.44", defaults, l, map[string]uint64{"TcpExtListenOverflows": 3, "TcpExtListenDrops": 3}))
	if !hasFinding(d, "accept-queue-overflowed") {
		t.Errorf("ListenOverflows 3 without a full listener: %v", ids(d))
	}
	// On 4.9 the young rule applies (spec 2.1 C).
	l.RecvQ = 5
	d = doctor.Diagnose(obs("4.9.0", defaults, l, nil))
	if f := finding(t, d, "accept-queue-full"); !strings.Contains(joined(f), "young") {
		t.Errorf("4.9 finding does not mention the young rule:\n%s", joined(f))
	}
}

// Whether cookies come back tells real clients from spoofed sources (spec 2.3).
func TestCookieRatio(t *testing.T) {
	l := doctor.Listener{Addr: "0.0.0.0:80", Port: 80, RecvQ: 0, SendQ: 128, SynRecv: 129}
	for _, tc := range []struct {
		sent, recv uint64
		want       string
	}{
		{10000, 9800, "which came back: real clients"},
		{10000, 3, "do not come back: a spoofed"},
		{10000, 2000, "some came back: real clients mixed"},
	} {
		d := doctor.Diagnose(obs("6.18.44", defaults, l, map[string]uint64{"TcpExtSyncookiesSent": tc.sent, "TcpExtSyncookiesRecv": tc.recv, "TcpExtTCPReqQFullDoCookies": tc.sent}))
		f := finding(t, d, "syn-queue-cookies")
		if !strings.Contains(f.Title, tc.want) {
			t.Errorf("sent %d recv %d: title %q, want it to say %q", tc.sent, tc.recv, f.Title, tc.want)
		}
		if f.Listener != "0.0.0.0:80" {
			t.Errorf("listener %q: SYN-RECV 129 > B 128 is at the 6.18 limit", f.Listener)
		}
		if !strings.Contains(joined(f), "tcp_max_syn_backlog") {
			t.Errorf("6.18 advice does not warn about tcp_max_syn_backlog:\n%s", joined(f))
		}
	}
}

// Cookies off: SYNs dropped, and the last-quarter rule (spec 2.1 B, E).
func TestDroppedWithoutCookies(t *testing.T) {
	l := doctor.Listener{Addr: "0.0.0.0:80", Port: 80, SendQ: 128, SynRecv: 129}
	d := doctor.Diagnose(obs("6.18.44", with("net.ipv4.tcp_syncookies", 0), l,
		map[string]uint64{"TcpExtTCPReqQFullDrop": 500, "TcpExtListenDrops": 500, "TcpExtTCPTimeouts": 300}))
	f := finding(t, d, "syn-dropped-no-cookies")
	if !strings.Contains(joined(f), "TcpExtTCPReqQFullDrop 500") || !strings.Contains(joined(f), "about 1536 half-open") {
		t.Errorf("finding:\n%s", joined(f))
	}
	if hasFinding(d, "listen-drops-unexplained") {
		t.Errorf("ListenDrops = TCPReqQFullDrop should be explained on 6.18: %v", ids(d))
	}
	if !hasFinding(d, "requests-expiring") {
		t.Errorf("TCPTimeouts with SYN-RECV at the limit: %v", ids(d))
	}
	// CentOS 6 has no counter for these drops (spec 2.1 B): SYN-RECV at the limit is the sign.
	d = doctor.Diagnose(obs("2.6.32-642.el6.x86_64", with("net.ipv4.tcp_syncookies", 0, "net.core.somaxconn", 128), doctor.Listener{Addr: "*:80", Port: 80, SendQ: 128, SynRecv: 256}, nil))
	if f := finding(t, d, "syn-dropped-no-cookies"); !strings.Contains(joined(f), "counts these drops nowhere") {
		t.Errorf("centos-6 finding:\n%s", joined(f))
	}
}

// The same counters explain ListenDrops on 4.4 (each cookie sent is a ListenDrop there, spec 2.1
// G) but not on 5.10.
func TestListenDropsByVersion(t *testing.T) {
	l := doctor.Listener{Addr: "0.0.0.0:80", Port: 80, SendQ: 128, SynRecv: 0}
	c := map[string]uint64{"TcpExtListenOverflows": 10, "TcpExtListenDrops": 1010, "TcpExtSyncookiesSent": 1000, "TcpExtSyncookiesRecv": 990}
	if d := doctor.Diagnose(obs("4.4.0", defaults, l, c)); hasFinding(d, "listen-drops-unexplained") {
		t.Errorf("4.4: %v", ids(d))
	}
	d := doctor.Diagnose(obs("5.10.0", defaults, l, c))
	if f := finding(t, d, "listen-drops-unexplained"); !strings.HasPrefix(f.Title, "1000 ListenDrops") {
		t.Errorf("5.10: %q", f.Title)
	}
}

// Each log line is explained with this kernel's wording and branch (spec 4.3).
func TestLogLines(t *testing.T) {
	l := doctor.Listener{Addr: "0.0.0.0:80", Port: 80, SendQ: 128, SynRecv: 0}
	o := obs("6.18.44", defaults, l, nil)
	o.Log = []string{"TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:80. Sending cookies.",
		"TCP: request_sock_TCP: Possible SYN flooding on port 80. Dropping request.  Check SNMP counters."}
	d := doctor.Diagnose(o)
	if len(d.Log) != 2 {
		t.Fatalf("log = %+v", d.Log)
	}
	a, b := strings.Join(d.Log[0].Explanation, "\n"), strings.Join(d.Log[1].Explanation, "\n")
	if !strings.Contains(a, "exactly linux-6.18's") || !strings.Contains(a, "cookie SYN-ACK") || !strings.Contains(a, "once per listener") {
		t.Errorf("first line:\n%s", a)
	}
	if !strings.Contains(b, "not linux-6.18's") || !strings.Contains(b, "tcp_syncookies 0") {
		t.Errorf("second line:\n%s", b)
	}
	// Without a release, the wording names the kernel.
	o.Release = ""
	o.Log = []string{"possible SYN flooding on port 443. Sending cookies."}
	if d := doctor.Diagnose(o); d.Kernel.Profile != "centos-6" {
		t.Errorf("profile from the 2.6.32 wording = %s", d.Kernel.Profile)
	}
}

func TestKernelProfile(t *testing.T) {
	for _, tc := range []struct {
		release, profile string
		proven           bool
	}{
		{"6.18.44-fc-v1272", "linux-6.18", true},
		{"6.12.117-cloud-amd64", "linux-6.12", true}, // by the kernel lab, on Debian 13
		{"6.6.0", "linux-6.6", false},
		{"3.10.0-1160.el7.x86_64", "centos-7", false},
		{"2.6.32-642.6.2.el6.x86_64", "centos-6", false},
		{"7.2.13-amd64", "linux-7.2", true},
		{"9.1.0", model.Newest, false}, // newer than any profile: the newest stands in, unproven
	} {
		d := doctor.Diagnose(&doctor.Observation{Release: tc.release})
		if d.Kernel.Profile != tc.profile || d.Kernel.Proven != tc.proven {
			t.Errorf("%s: %s proven %v, want %s proven %v", tc.release, d.Kernel.Profile, d.Kernel.Proven, tc.profile, tc.proven)
		}
	}
}

// A partial paste (only ss and netstat -s) says what it could not tell.
func TestPartialPaste(t *testing.T) {
	dir := "testdata/linux-6.18-accept-overflow/"
	o, err := doctor.Parse("partial", "# ss -ltn\n"+readFile(t, dir+"ss-ltn.txt")+"# netstat -s\n"+readFile(t, dir+"netstat-s.txt"))
	if err != nil {
		t.Fatal(err)
	}
	d := doctor.Diagnose(o)
	u := strings.Join(d.Unknown, "\n")
	for _, want := range []string{"uname -r", "sysctl -a", "ss -tn state syn-recv", "rates", "dmesg"} {
		if !strings.Contains(u, want) {
			t.Errorf("unknown does not mention %s:\n%s", want, u)
		}
	}
	if !hasFinding(d, "accept-queue-full") {
		t.Errorf("findings %v", ids(d))
	}
}

// The text reports of the pasted cases, compared with reviewed copies (go test -update rewrites
// them).
func TestGoldenText(t *testing.T) {
	for _, name := range []string{"linux-6.18-accept-overflow", "linux-6.18-flood-cookies", "centos-6-ticket"} {
		o := parseFile(t, "testdata/"+name+".paste")
		o.Source = name + ".paste"
		var b bytes.Buffer
		if err := doctor.Diagnose(o).WriteText(&b); err != nil {
			t.Fatal(err)
		}
		golden := "testdata/" + name + ".golden"
		if *update {
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if want := readFile(t, golden); b.String() != want {
			t.Errorf("%s: the report differs from %s (go test ./doctor -update, then review the diff):\n%s", name, golden, b.String())
		}
	}
}
