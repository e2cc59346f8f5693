//go:build linux

package kernel

import (
	"strings"
	"testing"
)

func TestParseCounters(t *testing.T) {
	in := "TcpExt: SyncookiesSent ListenOverflows\nTcpExt: 3 7\nIpExt: InNoRoutes\nIpExt: 0\n" +
		"Tcp: RtoAlgorithm MaxConn PassiveOpens\nTcp: 1 -1 5\n"
	got := map[string]uint64{}
	if err := parseCounters([]byte(in), got); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := got["TcpExtSyncookiesSent"], uint64(3); got != want {
		t.Errorf("got[\"TcpExtSyncookiesSent\"] = %v, want %v", got, want)
	}
	if got, want := got["TcpExtListenOverflows"], uint64(7); got != want {
		t.Errorf("got[\"TcpExtListenOverflows\"] = %v, want %v", got, want)
	}
	if got, want := got["TcpPassiveOpens"], uint64(5); got != want {
		t.Errorf("got[\"TcpPassiveOpens\"] = %v, want %v", got, want)
	}
	if got, want := got["IpExtInNoRoutes"], uint64(0); got != want {
		t.Errorf("got[\"IpExtInNoRoutes\"] = %v, want %v", got, want)
	}

	if err := parseCounters([]byte("TcpExt: A B\nTcpExt: 1\n"), map[string]uint64{}); err == nil || !strings.Contains(err.Error(), "2 names and 1 values") {
		t.Errorf("error %v, want one containing %q", err, "2 names and 1 values")
	}
	if err := parseCounters([]byte("TcpExt: A\nTcpExt: x\n"), map[string]uint64{}); err == nil || !strings.Contains(err.Error(), "TcpExtA") {
		t.Errorf("error %v, want one containing %q", err, "TcpExtA")
	}
}

func TestAboutListener(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies.", true},
		{"TCP: request_sock_TCP: Possible SYN flooding on port [198.18.0.1]:80. Dropping request.", true},
		{"TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:8080. Sending cookies.", false},
		{"TCP: request_sock_TCP: Possible SYN flooding on port 10.0.0.1:80. Sending cookies.", false},
		{"TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters.", true}, // before 6.6
		{"TCP: request_sock_TCP: Possible SYN flooding on port 8080. Sending cookies.  Check SNMP counters.", false},
		{"eth0: link up", false},
	} {
		if got, want := aboutListener(tc.line, 80), tc.want; got != want {
			t.Errorf("%s: aboutListener(tc.line, 80) = %v, want %v", tc.line, got, want)
		}
	}
}
