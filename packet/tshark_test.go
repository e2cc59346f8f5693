package packet_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"synq/packet"
)

// TestTshark writes a pcap of a small connection and has Wireshark's dissectors judge it:
// both checksums good, nothing malformed, the options read back as Linux lays them out, and
// no expert note or warning beyond the one every RST earns.
func TestTshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed, so the pcap is not checked by Wireshark's dissectors " +
			"(install it with: DEBIAN_FRONTEND=noninteractive apt-get install -y tshark)")
	}

	conn := []packet.TCP{
		{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1000, Flags: packet.SYN, Window: 64240,
			Opt: linuxSYNOptions},
		{Src: server, Dst: client, SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001, Flags: packet.SYN | packet.ACK, Window: 65160,
			Opt: packet.Options{MSS: 1460, SACKPermitted: true, TS: true, TSval: 200, TSecr: 100, WScale: 7}},
		{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1001, Ack: 5001, Flags: packet.ACK, Window: 502,
			Opt: packet.Options{WScale: -1, TS: true, TSval: 101, TSecr: 200}},
		{Src: client, Dst: server, SrcPort: 40000, DstPort: 80, Seq: 1001, Ack: 5001, Flags: packet.PSH | packet.ACK, Window: 502,
			Opt: packet.Options{WScale: -1, TS: true, TSval: 102, TSecr: 200}, Payload: []byte("GET / HTTP/1.0\r\n\r\n")},
		{Src: server, Dst: client, SrcPort: 80, DstPort: 40000, Seq: 5001, Flags: packet.RST, Opt: packet.Options{WScale: -1}},
	}
	file := filepath.Join(t.TempDir(), "conn.pcap")
	f, err := os.Create(file)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	pw, err := packet.NewPcapWriter(w)
	require.NoError(t, err)
	for i, seg := range conn {
		require.NoError(t, pw.WritePacket(1_700_000_000_000_000_000+int64(i)*1_000_000, seg.AppendTo(nil)))
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())

	fields := []string{"tcp.flags", "ip.checksum.status", "tcp.checksum.status", "tcp.option_kind",
		"tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval",
		"_ws.malformed", "_ws.expert.severity", "_ws.expert.message"}
	args := []string{"-r", file, "-n", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
		"-T", "fields", "-E", "separator=/t", "-E", "aggregator=|"}
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	cmd := exec.CommandContext(t.Context(), tshark, args...)
	out, err := cmd.Output()
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		t.Fatalf("%s: %v\n%s", cmd, err, ee.Stderr)
	}
	require.NoError(t, err, "%s", cmd)

	want := []struct{ flags, kinds, mss, wscale, tsval string }{
		{"0x0002", "2|4|8|1|3", "1460", "7", "100"},
		{"0x0012", "2|4|8|1|3", "1460", "7", "200"},
		{"0x0010", "1|1|8", "", "", "101"},
		{"0x0018", "1|1|8", "", "", "102"},
		{"0x0004", "", "", "", ""},
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	require.Len(t, lines, len(want), "tshark output:\n%s", out)
	for i, line := range lines {
		col := strings.Split(line, "\t")
		require.Len(t, col, len(fields), "frame %d: %q", i+1, line)
		got := func(field string) string { return col[slices.Index(fields, field)] }

		assert.Equal(t, want[i].flags, got("tcp.flags"), "frame %d flags", i+1)
		assert.Equal(t, "1", got("ip.checksum.status"), "frame %d IPv4 checksum status (1 is good)", i+1)
		assert.Equal(t, "1", got("tcp.checksum.status"), "frame %d TCP checksum status (1 is good)", i+1)
		assert.Equal(t, want[i].kinds, got("tcp.option_kind"), "frame %d option kinds", i+1)
		assert.Equal(t, want[i].mss, got("tcp.options.mss_val"), "frame %d MSS", i+1)
		assert.Equal(t, want[i].wscale, got("tcp.options.wscale.shift"), "frame %d window scale", i+1)
		assert.Equal(t, want[i].tsval, got("tcp.options.timestamp.tsval"), "frame %d TSval", i+1)
		assert.Empty(t, got("_ws.malformed"), "frame %d is malformed", i+1)
		assert.NotContains(t, line, "Malformed", "frame %d", i+1)

		// Severities are Wireshark's PI_ values: chat 0x200000, note 0x400000, warn 0x600000.
		sev, msg := strings.Split(got("_ws.expert.severity"), "|"), strings.Split(got("_ws.expert.message"), "|")
		for j := range sev {
			if sev[j] == "" || sev[j] == "2097152" {
				continue
			}
			if i == 4 && j < len(msg) && msg[j] == "Connection reset (RST)" {
				continue
			}
			t.Errorf("frame %d: expert info of severity %s: %q", i+1, sev[j], line)
		}
	}
	if t.Failed() {
		t.Logf("tshark output:\n%s", out)
	}
}
