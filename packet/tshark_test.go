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
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	w := bufio.NewWriter(f)
	pw, err := packet.NewPcapWriter(w)
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for i, seg := range conn {
		if err := pw.WritePacket(1_700_000_000_000_000_000+int64(i)*1_000_000, seg.AppendTo(nil)); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}

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
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", cmd, err)
	}

	want := []struct{ flags, kinds, mss, wscale, tsval string }{
		{"0x0002", "2|4|8|1|3", "1460", "7", "100"},
		{"0x0012", "2|4|8|1|3", "1460", "7", "200"},
		{"0x0010", "1|1|8", "", "", "101"},
		{"0x0018", "1|1|8", "", "", "102"},
		{"0x0004", "", "", "", ""},
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if got := len(lines); got != len(want) {
		t.Fatalf("tshark output:\n%s: len(lines) = %d, want %d", out, got, len(want))
	}
	for i, line := range lines {
		col := strings.Split(line, "\t")
		if got := len(col); got != len(fields) {
			t.Fatalf("frame %d: %q: len(col) = %d, want %d", i+1, line, got, len(fields))
		}
		got := func(field string) string { return col[slices.Index(fields, field)] }

		if got, want := got("tcp.flags"), want[i].flags; got != want {
			t.Errorf("frame %d flags: got(\"tcp.flags\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("ip.checksum.status"), "1"; got != want {
			t.Errorf("frame %d IPv4 checksum status (1 is good): got(\"ip.checksum.status\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("tcp.checksum.status"), "1"; got != want {
			t.Errorf("frame %d TCP checksum status (1 is good): got(\"tcp.checksum.status\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("tcp.option_kind"), want[i].kinds; got != want {
			t.Errorf("frame %d option kinds: got(\"tcp.option_kind\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("tcp.options.mss_val"), want[i].mss; got != want {
			t.Errorf("frame %d MSS: got(\"tcp.options.mss_val\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("tcp.options.wscale.shift"), want[i].wscale; got != want {
			t.Errorf("frame %d window scale: got(\"tcp.options.wscale.shift\") = %q, want %q", i+1, got, want)
		}
		if got, want := got("tcp.options.timestamp.tsval"), want[i].tsval; got != want {
			t.Errorf("frame %d TSval: got(\"tcp.options.timestamp.tsval\") = %q, want %q", i+1, got, want)
		}
		if len(got("_ws.malformed")) != 0 {
			t.Errorf("frame %d is malformed: got(\"_ws.malformed\") = %q, want it empty", i+1, got("_ws.malformed"))
		}
		if strings.Contains(line, "Malformed") {
			t.Errorf("frame %d: %q contains %q", i+1, line, "Malformed")
		}

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
