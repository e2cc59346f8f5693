package doctor_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"synq/doctor"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func parseFile(t *testing.T, path string) *doctor.Observation {
	t.Helper()
	obs, err := doctor.Parse(path, readFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return obs
}

func listener(t *testing.T, obs *doctor.Observation, addr string) doctor.Listener {
	t.Helper()
	for _, l := range obs.Listeners {
		if l.Addr == addr {
			return l
		}
	}
	t.Fatalf("no listener %s in %+v", addr, obs.Listeners)
	return doctor.Listener{}
}

// The real outputs of ss, nstat and netstat -s (testdata/linux-6.18-accept-overflow/README.md),
// pasted one after another under their command lines.
func TestParseRealPaste(t *testing.T) {
	obs := parseFile(t, "testdata/linux-6.18-accept-overflow.paste")
	if obs.Release != "6.18.44-fc-v1272" {
		t.Errorf("release = %q", obs.Release)
	}
	want := doctor.Listener{Addr: "127.0.0.1:8080", Port: 8080, RecvQ: 5, SendQ: 4, SynRecv: 0}
	if got := listener(t, obs, "127.0.0.1:8080"); !reflect.DeepEqual(got, want) {
		t.Errorf("listener = %+v, want %+v", got, want)
	}
	if got := listener(t, obs, "0.0.0.0:9090"); got.SendQ != 64 {
		t.Errorf("0.0.0.0:9090 Send-Q = %d, want 64 (listen(511) cut by somaxconn 64)", got.SendQ)
	}
	if !obs.ListenersKnown || !obs.SynRecvKnown || obs.LogKnown {
		t.Errorf("known: listeners %v syn-recv %v log %v, want true true false", obs.ListenersKnown, obs.SynRecvKnown, obs.LogKnown)
	}
	wantSys := map[string]int{"net.core.somaxconn": 64, "net.ipv4.tcp_abort_on_overflow": 0, "net.ipv4.tcp_max_syn_backlog": 2048,
		"net.ipv4.tcp_synack_retries": 5, "net.ipv4.tcp_syncookies": 1, "net.ipv4.tcp_timestamps": 1}
	if !reflect.DeepEqual(obs.Sysctls, wantSys) {
		t.Errorf("sysctls = %v, want %v", obs.Sysctls, wantSys)
	}
	if len(obs.Counters) != 1 {
		t.Fatalf("%d counter samples, want 1", len(obs.Counters))
	}
	for name, v := range map[string]uint64{"TcpExtListenOverflows": 21, "TcpExtListenDrops": 21, "TcpPassiveOpens": 5, "TcpExtTCPTimeouts": 14} {
		if got := obs.Counters[0].Values[name]; got != v {
			t.Errorf("%s = %d, want %d", name, got, v)
		}
	}
}

// The same outputs as separate files without command lines, as `--from DIR` reads them, give
// the same observation as the paste.
func TestParseFilesLikePaste(t *testing.T) {
	dir := "testdata/linux-6.18-accept-overflow"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []doctor.File
	for _, e := range entries {
		if e.Name() == "README.md" {
			continue
		}
		files = append(files, doctor.File{Name: e.Name(), Text: readFile(t, filepath.Join(dir, e.Name()))})
	}
	got, err := doctor.ParseFiles(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	want := parseFile(t, "testdata/linux-6.18-accept-overflow.paste")
	got.Source, want.Source = "", ""
	// ss -ltn and ss -tln both list the two listeners: each is one listener all the same.
	if len(got.Listeners) != 2 || len(want.Listeners) != 2 {
		t.Errorf("files give %d listeners, the paste %d; want 2 (127.0.0.1:8080 and 0.0.0.0:9090, each in two outputs)", len(got.Listeners), len(want.Listeners))
	}
	if !reflect.DeepEqual(got.Release, want.Release) || !reflect.DeepEqual(got.Sysctls, want.Sysctls) ||
		!reflect.DeepEqual(got.Listeners, want.Listeners) || !reflect.DeepEqual(got.Counters, want.Counters) {
		t.Errorf("files give\n%+v\nthe paste gives\n%+v", got, want)
	}
}

// netstat -s and nstat -az, captured at the same moment, agree on every counter net-tools prints.
func TestNetstatAgreesWithNstat(t *testing.T) {
	dir := "testdata/linux-6.18-accept-overflow"
	ns, err := doctor.Parse("netstat-s.txt", readFile(t, filepath.Join(dir, "netstat-s.txt")))
	if err != nil {
		t.Fatal(err)
	}
	nz, err := doctor.Parse("nstat-az.txt", readFile(t, filepath.Join(dir, "nstat-az.txt")))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, v := range ns.Counters[0].Values {
		if w, ok := nz.Counters[0].Values[name]; ok {
			n++
			if v != w {
				t.Errorf("%s: netstat -s %d, nstat %d", name, v, w)
			}
		}
	}
	for _, name := range []string{"TcpExtListenOverflows", "TcpExtListenDrops", "TcpPassiveOpens", "TcpRetransSegs", "TcpExtTCPTimeouts", "TcpExtSyncookiesSent"} {
		if _, ok := ns.Counters[0].Values[name]; !ok {
			t.Errorf("netstat -s gave no %s", name)
		}
	}
	if n < 6 {
		t.Errorf("only %d counters in common", n)
	}
}

// The hand-written CentOS 6 paste: old net-tools wording, old ss addresses, a per-port count.
func TestParseCentOS6(t *testing.T) {
	obs := parseFile(t, "testdata/centos-6-ticket.paste")
	v := obs.Counters[0].Values
	for name, want := range map[string]uint64{
		"TcpExtListenDrops": 3862, "TcpExtListenOverflows": 3862, // "SYNs to LISTEN sockets ignored"
		"TcpRetransSegs": 402117, "TcpPassiveOpens": 2814470, "TcpExtTCPTimeouts": 18210,
		"TcpExtSyncookiesSent": 88213, "TcpExtSyncookiesRecv": 85102, "TcpExtSyncookiesFailed": 1530,
	} {
		if v[name] != want {
			t.Errorf("%s = %d, want %d", name, v[name], want)
		}
	}
	l := listener(t, obs, ":::443")
	if l.RecvQ != 129 || l.SendQ != 128 || l.SynRecv != 256 {
		t.Errorf(":::443 = %+v, want Recv-Q 129, Send-Q 128, SYN-RECV 256 (257 lines less the header)", l)
	}
	if got := listener(t, obs, "*:22"); got.SynRecv != -1 {
		t.Errorf("*:22 SYN-RECV = %d, want -1: the count was for port 443 only", got.SynRecv)
	}
	if len(obs.Log) != 3 || obs.Log[0] != "possible SYN flooding on port 443. Sending cookies." {
		t.Errorf("log = %q", obs.Log)
	}
}

func TestCommandLines(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"# ss -tln\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:*\n", "0.0.0.0:80"},
		{"$ ss -ltn\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:*\n", "0.0.0.0:80"},
		{"[root@host ~]# ss -ltnp\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=812,fd=6))\n", "0.0.0.0:80"},
		{"user@web-1:~$ sudo ss -ltn\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:*\n", "0.0.0.0:80"},
		{"State Recv-Q Send-Q Local Address:Port Peer Address:Port\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:*\n", "0.0.0.0:80"},
	} {
		obs, err := doctor.Parse("t", tc.text)
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		if len(obs.Listeners) != 1 || obs.Listeners[0].Addr != tc.want {
			t.Errorf("%q: listeners %+v, want %s", tc.text, obs.Listeners, tc.want)
		}
	}
	obs, _ := doctor.Parse("t", "[root@host ~]# ss -ltnp\nLISTEN 0 5 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=812,fd=6))\n")
	if obs.Listeners[0].Process != "nginx (pid 812)" {
		t.Errorf("process = %q", obs.Listeners[0].Process)
	}
	obs, _ = doctor.Parse("t", "# sysctl -a | grep backlog\nnet.core.netdev_max_backlog = 1000\nnet.ipv4.tcp_max_syn_backlog = 4096\n# cat /proc/sys/net/core/somaxconn\n4096\n")
	if obs.Sysctls["net.ipv4.tcp_max_syn_backlog"] != 4096 || obs.Sysctls["net.core.somaxconn"] != 4096 {
		t.Errorf("sysctls = %v", obs.Sysctls)
	}
	obs, _ = doctor.Parse("t", "$ journalctl -k | grep SYN\nDec 04 10:00:01 web kernel: TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:443. Sending cookies.\n")
	if len(obs.Log) != 1 || obs.Log[0] != "TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:443. Sending cookies." {
		t.Errorf("log = %q", obs.Log)
	}
	obs, _ = doctor.Parse("t", "# dmesg\n[ 1234.567890] TCP: request_sock_TCP: Possible SYN flooding on port 0.0.0.0:443. Sending cookies.\n")
	if len(obs.Log) != 1 || !strings.HasPrefix(obs.Log[0], "TCP: request_sock_TCP") {
		t.Errorf("log = %q", obs.Log)
	}
}

func TestParseNothing(t *testing.T) {
	_, err := doctor.Parse("notes.txt", "hello\nthe server is slow\n")
	if err == nil || !strings.Contains(err.Error(), "notes.txt") || !strings.Contains(err.Error(), "ss -ltn") {
		t.Errorf("err = %v, want one naming the file and what is allowed", err)
	}
}

// The real outputs taken during a spoofed flood with cookies on: the SYN-RECV list of ss, the
// cookie counters of nstat and netstat -s, and the kernel's flood line.
func TestParseRealFlood(t *testing.T) {
	obs := parseFile(t, "testdata/linux-6.18-flood-cookies.paste")
	l := listener(t, obs, "198.18.0.1:80")
	if l.SendQ != 16 || l.SynRecv != 17 {
		t.Errorf("listener %+v, want Send-Q 16 and 17 SYN-RECV requests (6.13+: qlen > B)", l)
	}
	v := obs.Counters[0].Values
	if v["TcpExtSyncookiesSent"] == 0 || v["TcpExtSyncookiesRecv"]*20 > v["TcpExtSyncookiesSent"] {
		t.Errorf("cookies sent %d, back %d: want many sent and almost none back", v["TcpExtSyncookiesSent"], v["TcpExtSyncookiesRecv"])
	}
	if len(obs.Log) != 3 || !strings.HasSuffix(obs.Log[2], "Possible SYN flooding on port 198.18.0.1:80. Sending cookies.") || strings.HasPrefix(obs.Log[2], "[") {
		t.Errorf("log %q", obs.Log)
	}
}

// A CentOS 7 paste (hand-written from net-tools 2.0's wording and the EL7 flood line, spec 4.3):
// cookies counted as ListenDrops there (3.10–4.6, spec 2.1 G), so the drops are explained.
func TestCentOS7(t *testing.T) {
	o, err := doctor.Parse("centos7", `[root@app ~]# uname -r
3.10.0-1160.el7.x86_64
[root@app ~]# ss -ltn
State      Recv-Q Send-Q Local Address:Port               Peer Address:Port
LISTEN     0      128          *:443                      *:*
[root@app ~]# netstat -s | grep -i -e listen -e cookie
    1200 SYN cookies sent
    1180 SYN cookies received
    12 times the listen queue of a socket overflowed
    1212 SYNs to LISTEN sockets dropped
    TCPReqQFullDoCookies: 1200
[root@app ~]# dmesg | grep -i flood
[1234567.123456] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.
`)
	if err != nil {
		t.Fatal(err)
	}
	d := doctor.Diagnose(o)
	if d.Kernel.Profile != "centos-7" || hasFinding(d, "listen-drops-unexplained") || !hasFinding(d, "syn-queue-cookies") {
		t.Errorf("profile %s, findings %v: want centos-7, cookies, and ListenDrops explained by the cookies sent", d.Kernel.Profile, ids(d))
	}
	if len(d.Log) != 1 || !strings.Contains(strings.Join(d.Log[0].Explanation, "\n"), "exactly centos-7's") {
		t.Errorf("log %+v", d.Log)
	}
}
