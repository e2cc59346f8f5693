package packet_test

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/packet"
)

// segmentKind sorts TCP segments the way a learner reads a capture.
func segmentKind(flags uint8) string {
	const syn, rst, ack = 0x02, 0x04, 0x10
	switch {
	case flags&rst != 0:
		return "RST"
	case flags&syn != 0 && flags&ack != 0:
		return "SYN-ACK"
	case flags&syn != 0:
		return "SYN"
	case flags&ack != 0:
		return "ACK"
	}
	return "other"
}

// TestModelCaptureReadsCleanInTshark: `synq run FILE --pcap OUT` writes every simulated packet
// as a real IPv4/TCP packet through ModelCapture. Wireshark's dissectors read the file with both checksums good, nothing
// malformed and no expert note above a warning (every RST earns one), and the capture holds
// exactly the model's SYNs, SYN-ACKs, ACKs and RSTs.
func TestModelCaptureReadsCleanInTshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed, so the pcap is not checked by Wireshark's dissectors " +
			"(`make deps` installs it; or: DEBIAN_FRONTEND=noninteractive apt-get install -y tshark)")
	}
	sc, err := scenario.Load("testdata/pcap-story.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "story.pcap")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	pw, err := packet.NewPcapWriter(w)
	if err != nil {
		t.Fatal(err)
	}
	capture := packet.NewModelCapture(pw, sc.Server.Port)
	want := map[string]int{}
	s, err := model.New(sc, model.Options{Sent: capture.Sent})
	if err != nil {
		t.Fatal(err)
	}
	s.Trace().AddObserver(func(e model.Event) {
		if e.Kind == model.EvSend {
			want[segmentKind(uint8(e.Flags))]++
		}
	})
	s.RunUntil(sc.Duration)
	if err := errors.Join(capture.Err(), w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
	if want["SYN"] == 0 || want["SYN-ACK"] == 0 || want["ACK"] == 0 || want["RST"] == 0 {
		t.Fatalf("the scenario does not tell the whole story: %v", want)
	}

	cmd := exec.CommandContext(t.Context(), tshark, "-r", out, "-n",
		"-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
		"-T", "fields", "-E", "separator=/t", "-E", "aggregator=|",
		"-e", "tcp.flags", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
		"-e", "_ws.malformed", "-e", "_ws.expert.severity")
	text, err := cmd.Output()
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		t.Fatalf("%s: %v\n%s", cmd, err, ee.Stderr)
	}
	if err != nil {
		t.Fatal(err)
	}
	const warning = 6291456 // Wireshark's PI_WARN
	got := map[string]int{}
	for i, line := range strings.Split(strings.TrimRight(string(text), "\n"), "\n") {
		col := strings.Split(line, "\t")
		if len(col) != 5 {
			t.Fatalf("frame %d: %q", i+1, line)
		}
		flags, err := strconv.ParseUint(strings.TrimPrefix(col[0], "0x"), 16, 8)
		if err != nil {
			t.Fatalf("frame %d: tcp.flags %q", i+1, col[0])
		}
		got[segmentKind(uint8(flags))]++
		if col[1] != "1" || col[2] != "1" { // 1: good
			t.Errorf("frame %d: checksum status ip %s tcp %s, want both good (1)", i+1, col[1], col[2])
		}
		if col[3] != "" {
			t.Errorf("frame %d is malformed", i+1)
		}
		for _, sev := range strings.Split(col[4], "|") {
			if n, _ := strconv.Atoi(sev); n > warning {
				t.Errorf("frame %d: expert severity %d, above a warning", i+1, n)
			}
		}
	}
	for _, k := range []string{"SYN", "SYN-ACK", "ACK", "RST", "other"} {
		if got[k] != want[k] {
			t.Errorf("%s: %d in the capture, %d in the model's trace", k, got[k], want[k])
		}
	}
}
