//go:build linux

package kernel

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCounters(t *testing.T) {
	in := "TcpExt: SyncookiesSent ListenOverflows\nTcpExt: 3 7\nIpExt: InNoRoutes\nIpExt: 0\n" +
		"Tcp: RtoAlgorithm MaxConn PassiveOpens\nTcp: 1 -1 5\n"
	got := map[string]uint64{}
	require.NoError(t, parseCounters([]byte(in), got))
	assert.Equal(t, uint64(3), got["TcpExtSyncookiesSent"])
	assert.Equal(t, uint64(7), got["TcpExtListenOverflows"])
	assert.Equal(t, uint64(5), got["TcpPassiveOpens"])
	assert.Equal(t, uint64(0), got["IpExtInNoRoutes"])

	assert.ErrorContains(t, parseCounters([]byte("TcpExt: A B\nTcpExt: 1\n"), map[string]uint64{}), "2 names and 1 values")
	assert.ErrorContains(t, parseCounters([]byte("TcpExt: A\nTcpExt: x\n"), map[string]uint64{}), "TcpExtA")
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
		assert.Equal(t, tc.want, aboutListener(tc.line, 80), tc.line)
	}
}
