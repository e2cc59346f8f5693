package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// These tests run the scenarios in testdata/ through the command line (dispatch, as main does)
// and check the reports against numbers worked out by hand from kernel-spec.md for the
// linux-6.18 profile (HZ 250). Every checkpoint is compared in full: the listener, syn_recv,
// accepted, the clients, every nstat counter and the log.

const (
	ms = model.Millisecond
	s1 = model.Second
)

// The flood line of spec 4.3 in its 6.x wording, for the listener at 198.18.0.1:80.
const (
	logCookies  = "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."
	logDropping = "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Dropping request."
)

// contractCounters are the nstat counters of the scenario-format contract, in report order.
var contractCounters = []string{
	"TcpExtListenOverflows", "TcpExtListenDrops",
	"TcpExtSyncookiesSent", "TcpExtSyncookiesRecv", "TcpExtSyncookiesFailed",
	"TcpExtTCPReqQFullDoCookies", "TcpExtTCPReqQFullDrop",
	"TcpExtEmbryonicRsts", "TcpExtTCPTimeouts", "TcpExtTCPSynRetrans",
	"TcpPassiveOpens", "TcpOutRsts", "TcpRetransSegs",
}

// want is the expected state at one checkpoint. nstat lists the counters that are not zero;
// every other counter of the report must be 0.
type want struct {
	at       model.Time
	recvQ    int
	sendQ    int
	synRecv  int
	accepted int
	clients  model.ClientCounts
	nstat    map[string]uint64
	log      []string
}

// retrans are the counters one SYN-ACK timer firing moves when it re-sends (spec 2.4 steps 6–7):
// TCPTimeouts, TCPSynRetrans and RetransSegs, n of each.
func retrans(n uint64, extra map[string]uint64) map[string]uint64 {
	m := map[string]uint64{}
	if n > 0 {
		m["TcpExtTCPTimeouts"], m["TcpExtTCPSynRetrans"], m["TcpRetransSegs"] = n, n, n
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

type scenarioCase struct {
	file string
	want []want
}

// The timer wheel (HZ 250) rounds the SYN-ACK timer of a request queued in the first 8 ms to
// fire at 1.024, 3.04, 7.168, 15.36 and 31.488 s and expire at 65.536 s (spec 2.4 gives the
// ideal 1, 3, 7, 15, 31 and 63 s). Checkpoints sit at least 300 ms from all of these.
var scenarioCases = []scenarioCase{
	{
		// Appendix A.5. Backlog 1, so both queues admit 2 (spec 2.0, 6.13+). Client 2's ACK
		// arrives at 6 ms and meets AQ 2 > B 1: ListenOverflows and ListenDrops (spec 2.2 step 9),
		// the request is kept (OVERFLOW, abort_on_overflow 0) and its SYN-ACK re-sent; each re-send
		// draws an ACK from the client, which is dropped and counted again (1+5 = 6). The sixth
		// firing expires the request: TCPTimeouts 6, re-sends 5, no RST.
		file: "accept-overflow.yaml",
		want: []want{
			{at: 500 * ms, recvQ: 2, sendQ: 1, synRecv: 1, clients: model.ClientCounts{Established: 3},
				nstat: retrans(0, map[string]uint64{"TcpExtListenOverflows": 1, "TcpExtListenDrops": 1, "TcpPassiveOpens": 2})},
			{at: 2 * s1, recvQ: 2, sendQ: 1, synRecv: 1, clients: model.ClientCounts{Established: 3},
				nstat: retrans(1, map[string]uint64{"TcpExtListenOverflows": 2, "TcpExtListenDrops": 2, "TcpPassiveOpens": 2})},
			{at: 5 * s1, recvQ: 2, sendQ: 1, synRecv: 1, clients: model.ClientCounts{Established: 3},
				nstat: retrans(2, map[string]uint64{"TcpExtListenOverflows": 3, "TcpExtListenDrops": 3, "TcpPassiveOpens": 2})},
			{at: 66 * s1, recvQ: 2, sendQ: 1, synRecv: 0, clients: model.ClientCounts{Established: 3},
				nstat: retrans(5, map[string]uint64{"TcpExtTCPTimeouts": 6, "TcpExtListenOverflows": 6, "TcpExtListenDrops": 6, "TcpPassiveOpens": 2})},
			{at: 70 * s1, recvQ: 2, sendQ: 1, synRecv: 0, clients: model.ClientCounts{Established: 3},
				nstat: retrans(5, map[string]uint64{"TcpExtTCPTimeouts": 6, "TcpExtListenOverflows": 6, "TcpExtListenDrops": 6, "TcpPassiveOpens": 2})},
		},
	},
	{
		// Backlog 3: the SYN queue admits 4 (qlen > B, spec 2.0). Flood SYNs 5–10 and the client's
		// SYN find it full with cookies off: TCPReqQFullDrop and ListenDrops each (spec 2.1 B, D),
		// one "Dropping request" line (4.3). The client's SYN re-send at ~1.2 s is dropped too.
		// The four requests re-send once (~1.02–1.06 s); 2*qlen = 8 is not > max(8, B), so no
		// pruning.
		file: "synq-overflow-cookies0.yaml",
		want: []want{
			{at: 500 * ms, sendQ: 3, synRecv: 4, clients: model.ClientCounts{SynSent: 1},
				nstat: retrans(0, map[string]uint64{"TcpExtTCPReqQFullDrop": 7, "TcpExtListenDrops": 7}),
				log:   []string{logDropping}},
			{at: 1600 * ms, sendQ: 3, synRecv: 4, clients: model.ClientCounts{SynSent: 1},
				nstat: retrans(4, map[string]uint64{"TcpExtTCPReqQFullDrop": 8, "TcpExtListenDrops": 8}),
				log:   []string{logDropping}},
		},
	},
	{
		// The same with cookies 1: the six flood SYNs and the client's SYN get cookies
		// (DoCookies and SyncookiesSent 7, spec 2.1 B, G; no ListenDrops from 4.7). The client's
		// cookie ACK is valid: SyncookiesRecv, PassiveOpens, accepted (2.3). One "Sending
		// cookies" line.
		file: "synq-overflow-cookies1.yaml",
		want: []want{
			{at: 500 * ms, sendQ: 3, synRecv: 4, accepted: 1, clients: model.ClientCounts{Established: 1},
				nstat: retrans(0, map[string]uint64{"TcpExtTCPReqQFullDoCookies": 7, "TcpExtSyncookiesSent": 7,
					"TcpExtSyncookiesRecv": 1, "TcpPassiveOpens": 1}),
				log: []string{logCookies}},
			{at: 1600 * ms, sendQ: 3, synRecv: 4, accepted: 1, clients: model.ClientCounts{Established: 1},
				nstat: retrans(4, map[string]uint64{"TcpExtTCPReqQFullDoCookies": 7, "TcpExtSyncookiesSent": 7,
					"TcpExtSyncookiesRecv": 1, "TcpPassiveOpens": 1}),
				log: []string{logCookies}},
		},
	},
	{
		// Cookies 2: every SYN takes the cookie branch (spec 2.1 B, 3.5): 11 DoCookies and
		// SyncookiesSent, nothing queued, nothing re-sent, and no log line in mode 2.
		file: "synq-overflow-cookies2.yaml",
		want: []want{
			{at: 500 * ms, sendQ: 3, synRecv: 0, accepted: 1, clients: model.ClientCounts{Established: 1},
				nstat: map[string]uint64{"TcpExtTCPReqQFullDoCookies": 11, "TcpExtSyncookiesSent": 11,
					"TcpExtSyncookiesRecv": 1, "TcpPassiveOpens": 1}},
			{at: 1600 * ms, sendQ: 3, synRecv: 0, accepted: 1, clients: model.ClientCounts{Established: 1},
				nstat: map[string]uint64{"TcpExtTCPReqQFullDoCookies": 11, "TcpExtSyncookiesSent": 11,
					"TcpExtSyncookiesRecv": 1, "TcpPassiveOpens": 1}},
		},
	},
	{
		// Appendix A.5 with a late accept(): the re-sends at ~1.02 and ~3.04 s draw ACKs that are
		// dropped again (ListenOverflows 3); accept() at 5 s empties the queue; the re-send at
		// ~7.17 s draws an ACK that succeeds (spec 2.2 OVERFLOW, 2.5).
		file: "abort-on-overflow-0.yaml",
		want: []want{
			{at: 2 * s1, recvQ: 2, sendQ: 1, synRecv: 1, clients: model.ClientCounts{Established: 3},
				nstat: retrans(1, map[string]uint64{"TcpExtListenOverflows": 2, "TcpExtListenDrops": 2, "TcpPassiveOpens": 2})},
			{at: 6 * s1, recvQ: 0, sendQ: 1, synRecv: 1, accepted: 2, clients: model.ClientCounts{Established: 3},
				nstat: retrans(2, map[string]uint64{"TcpExtListenOverflows": 3, "TcpExtListenDrops": 3, "TcpPassiveOpens": 2})},
			{at: 10 * s1, recvQ: 0, sendQ: 1, synRecv: 0, accepted: 3, clients: model.ClientCounts{Established: 3},
				nstat: retrans(3, map[string]uint64{"TcpExtListenOverflows": 3, "TcpExtListenDrops": 3, "TcpPassiveOpens": 3})},
		},
	},
	{
		// Appendix A.6: the overflowing ACK gets a RST (OutRsts), the request is removed
		// (EmbryonicRsts), the client is reset; no re-sends; only two connections are accepted.
		file: "abort-on-overflow-1.yaml",
		want: []want{
			{at: 2 * s1, recvQ: 2, sendQ: 1, synRecv: 0, clients: model.ClientCounts{Established: 2, Reset: 1},
				nstat: map[string]uint64{"TcpExtListenOverflows": 1, "TcpExtListenDrops": 1, "TcpOutRsts": 1,
					"TcpExtEmbryonicRsts": 1, "TcpPassiveOpens": 2}},
			{at: 6 * s1, recvQ: 0, sendQ: 1, synRecv: 0, accepted: 2, clients: model.ClientCounts{Established: 2, Reset: 1},
				nstat: map[string]uint64{"TcpExtListenOverflows": 1, "TcpExtListenDrops": 1, "TcpOutRsts": 1,
					"TcpExtEmbryonicRsts": 1, "TcpPassiveOpens": 2}},
			{at: 10 * s1, recvQ: 0, sendQ: 1, synRecv: 0, accepted: 2, clients: model.ClientCounts{Established: 2, Reset: 1},
				nstat: map[string]uint64{"TcpExtListenOverflows": 1, "TcpExtListenDrops": 1, "TcpOutRsts": 1,
					"TcpExtEmbryonicRsts": 1, "TcpPassiveOpens": 2}},
		},
	},
	{
		// Spec 2.4: one request, no pruning (2*qlen = 2 is not > max(8, 511)), five re-sends,
		// then expiry at the sixth firing (TCPTimeouts 6), no RST and no other counter.
		file: "synack-retransmissions.yaml",
		want: []want{
			{at: 500 * ms, sendQ: 511, synRecv: 1, nstat: retrans(0, nil)},
			{at: 2 * s1, sendQ: 511, synRecv: 1, nstat: retrans(1, nil)},
			{at: 5 * s1, sendQ: 511, synRecv: 1, nstat: retrans(2, nil)},
			{at: 11 * s1, sendQ: 511, synRecv: 1, nstat: retrans(3, nil)},
			{at: 23 * s1, sendQ: 511, synRecv: 1, nstat: retrans(4, nil)},
			{at: 48 * s1, sendQ: 511, synRecv: 1, nstat: retrans(5, nil)},
			{at: 66 * s1, sendQ: 511, synRecv: 0, nstat: retrans(5, map[string]uint64{"TcpExtTCPTimeouts": 6})},
			{at: 70 * s1, sendQ: 511, synRecv: 0, nstat: retrans(5, map[string]uint64{"TcpExtTCPTimeouts": 6})},
		},
	},
	{
		// Appendix A.4 on 6.13+: the first request is queued (0 > 0 is false) and its ACK fills
		// the accept queue (it holds 1). Client 1's SYN at 11 ms and its re-send at ~1.02 s meet
		// the full accept queue: ListenOverflows and ListenDrops (spec 2.1 C, 4.10+), no cookie,
		// no log. After accept() starts at 1.5 s, the re-send at ~2.05 s gets through.
		file: "backlog-zero.yaml",
		want: []want{
			{at: 500 * ms, recvQ: 1, sendQ: 0, synRecv: 0, clients: model.ClientCounts{Established: 1, SynSent: 1},
				nstat: map[string]uint64{"TcpExtListenOverflows": 1, "TcpExtListenDrops": 1, "TcpPassiveOpens": 1}},
			{at: 4 * s1, recvQ: 0, sendQ: 0, synRecv: 0, accepted: 2, clients: model.ClientCounts{Established: 2},
				nstat: map[string]uint64{"TcpExtListenOverflows": 2, "TcpExtListenDrops": 2, "TcpPassiveOpens": 2}},
		},
	},
}

// run calls dispatch as main does and returns the exit code, stdout and stderr.
func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := dispatch(args, &out, &errb)
	return code, out.String(), errb.String()
}

// runJSON runs `synq run FILE --json` and decodes the report.
func runJSON(t *testing.T, file string) *model.Report {
	t.Helper()
	code, out, errs := run("run", file, "--json")
	if code != 0 {
		t.Fatalf("synq run %s --json: exit %d, stderr:\n%s", file, code, errs)
	}
	if errs != "" {
		t.Errorf("synq run %s --json: unexpected stderr:\n%s", file, errs)
	}
	var r model.Report
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("synq run %s --json: the output is not a report: %v\n%s", file, err, out)
	}
	if dec.More() {
		t.Fatalf("synq run %s --json: more than one JSON value in the output:\n%s", file, out)
	}
	return &r
}

func TestScenarioReports(t *testing.T) {
	for _, tc := range scenarioCases {
		t.Run(strings.TrimSuffix(tc.file, ".yaml"), func(t *testing.T) {
			file := filepath.Join("testdata", tc.file)
			r := runJSON(t, file)
			name := strings.TrimSuffix(tc.file, ".yaml")
			if r.Scenario != name || r.Engine != "model" || r.Kernel != "linux-6.18" {
				t.Errorf("report header: scenario %q engine %q kernel %q; want %q, model, linux-6.18", r.Scenario, r.Engine, r.Kernel, name)
			}
			var gotAt, wantAt []model.Time
			for _, cp := range r.Checkpoints {
				gotAt = append(gotAt, cp.At)
			}
			for _, w := range tc.want {
				wantAt = append(wantAt, w.at)
			}
			if !slices.Equal(gotAt, wantAt) {
				t.Fatalf("checkpoints at %v, want %v", gotAt, wantAt)
			}
			for i, w := range tc.want {
				checkCheckpoint(t, r.Checkpoints[i], w)
			}
		})
	}
}

func checkCheckpoint(t *testing.T, cp model.Checkpoint, w want) {
	t.Helper()
	at := cp.At.String()
	if cp.Listener.RecvQ != w.recvQ || cp.Listener.SendQ != w.sendQ {
		t.Errorf("at %s: ss Recv-Q %d Send-Q %d, want %d and %d", at, cp.Listener.RecvQ, cp.Listener.SendQ, w.recvQ, w.sendQ)
	}
	if cp.SynRecv != w.synRecv {
		t.Errorf("at %s: syn_recv %d, want %d", at, cp.SynRecv, w.synRecv)
	}
	if cp.Accepted != w.accepted {
		t.Errorf("at %s: accepted %d, want %d", at, cp.Accepted, w.accepted)
	}
	if cp.Clients != w.clients {
		t.Errorf("at %s: clients %+v, want %+v", at, cp.Clients, w.clients)
	}
	for name := range w.nstat {
		if _, ok := cp.Nstat.Get(name); !ok {
			t.Errorf("at %s: no counter %s in the report", at, name)
		}
	}
	for _, s := range cp.Nstat {
		if s.Value != w.nstat[s.Name] {
			t.Errorf("at %s: %s = %d, want %d", at, s.Name, s.Value, w.nstat[s.Name])
		}
	}
	wantLog := w.log
	if wantLog == nil {
		wantLog = []string{}
	}
	if !slices.Equal(cp.Log, wantLog) {
		t.Errorf("at %s: log %q, want %q", at, cp.Log, wantLog)
	}
}

// TestEveryScenarioFileIsTested keeps the table and testdata/ in step, and checks that each
// file explains itself.
func TestEveryScenarioFileIsTested(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, tc := range scenarioCases {
		tested[tc.file] = true
	}
	if len(files) != len(tested) {
		t.Errorf("testdata has %d scenario files, the table tests %d", len(files), len(tested))
	}
	for _, f := range files {
		base := filepath.Base(f)
		if !tested[base] {
			t.Errorf("%s has no expectations in scenarioCases", f)
		}
		sc, err := scenario.Load(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if sc.Name != strings.TrimSuffix(base, ".yaml") {
			t.Errorf("%s: name %q, want the file's name", f, sc.Name)
		}
		if len(strings.Fields(sc.Description)) < 20 {
			t.Errorf("%s: description %q is too short to explain the scenario", f, sc.Description)
		}
	}
}

// TestJSONContract checks the report's JSON keys against scenario-format.md, independently of
// model.Report's own tags.
func TestJSONContract(t *testing.T) {
	code, out, errs := run("run", "testdata/accept-overflow.yaml", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "report", top, "scenario", "engine", "kernel", "checkpoints")
	var cps []map[string]json.RawMessage
	if err := json.Unmarshal(top["checkpoints"], &cps); err != nil {
		t.Fatal(err)
	}
	if len(cps) == 0 {
		t.Fatal("no checkpoints")
	}
	for i, cp := range cps {
		where := fmt.Sprintf("checkpoints[%d]", i)
		checkKeys(t, where, cp, "at", "listener", "syn_recv", "accepted", "clients", "nstat", "log")
		var at string
		if err := json.Unmarshal(cp["at"], &at); err != nil {
			t.Errorf("%s.at is not a string in Go duration syntax: %s", where, cp["at"])
		}
		var sub map[string]json.RawMessage
		if err := json.Unmarshal(cp["listener"], &sub); err == nil {
			checkKeys(t, where+".listener", sub, "recv_q", "send_q")
		} else {
			t.Errorf("%s.listener: %v", where, err)
		}
		sub = nil
		if err := json.Unmarshal(cp["clients"], &sub); err == nil {
			checkKeys(t, where+".clients", sub, "syn_sent", "established", "reset", "timed_out", "refused")
		} else {
			t.Errorf("%s.clients: %v", where, err)
		}
		var n model.Nstat
		if err := json.Unmarshal(cp["nstat"], &n); err != nil {
			t.Errorf("%s.nstat: %v", where, err)
		}
		var names []string
		for _, s := range n {
			names = append(names, s.Name)
		}
		if !slices.Equal(names, contractCounters) {
			t.Errorf("%s.nstat counters %v, want %v in this order", where, names, contractCounters)
		}
		var log []string
		if err := json.Unmarshal(cp["log"], &log); err != nil || log == nil {
			t.Errorf("%s.log is %s, want a list of strings (empty: [])", where, cp["log"])
		}
	}
}

func checkKeys(t *testing.T, where string, m map[string]json.RawMessage, keys ...string) {
	t.Helper()
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s has keys %v, want %v", where, got, want)
	}
}

// TestTextReport checks the human-readable form of accept-overflow and of the two flood
// scenarios that log: the tools' headers, the LISTEN line, nstat lines and the log line.
func TestTextReport(t *testing.T) {
	code, out, errs := run("run", "testdata/accept-overflow.yaml")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if strings.HasPrefix(strings.TrimSpace(out), "{") {
		t.Fatalf("without --json the report is JSON:\n%s", out)
	}
	secs := textSections(t, out)
	if len(secs) != 5 {
		t.Fatalf("%d checkpoints in the text, want 5:\n%s", len(secs), out)
	}
	header := regexp.MustCompile(`(?m)^State\s+Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port\s*$`)
	listen := regexp.MustCompile(`(?m)^LISTEN\s+2\s+1\s+198\.18\.0\.1:80\s+0\.0\.0\.0:\*\s*$`)
	for _, s := range secs {
		for _, want := range []string{"$ ss -ltn\n", "$ nstat -az\n#kernel\n", "$ dmesg\n(nothing about this listener)\n"} {
			if !strings.Contains(s.body, want) {
				t.Errorf("at %s: no %q in\n%s", s.at, want, s.body)
			}
		}
		if !header.MatchString(s.body) {
			t.Errorf("at %s: no ss -ltn header line in\n%s", s.at, s.body)
		}
		if !listen.MatchString(s.body) {
			t.Errorf("at %s: no LISTEN line with Recv-Q 2 and Send-Q 1 in\n%s", s.at, s.body)
		}
	}
	for at, lines := range map[string][]string{
		"500ms": {`TcpExtListenOverflows\s+1\s+0\.0`, `TcpExtTCPSynRetrans\s+0\s+0\.0`, `TcpPassiveOpens\s+2\s+0\.0`},
		"1m6s":  {`TcpExtListenOverflows\s+6\s+0\.0`, `TcpExtListenDrops\s+6\s+0\.0`, `TcpExtTCPSynRetrans\s+5\s+0\.0`, `TcpExtTCPTimeouts\s+6\s+0\.0`},
	} {
		s, ok := secs.find(at)
		if !ok {
			t.Errorf("no checkpoint at %s in the text", at)
			continue
		}
		for _, l := range lines {
			if !regexp.MustCompile(`(?m)^` + l + `\s*$`).MatchString(s.body) {
				t.Errorf("at %s: no nstat line matching %q in\n%s", at, l, s.body)
			}
		}
	}

	for file, line := range map[string]string{
		"testdata/synq-overflow-cookies0.yaml": logDropping,
		"testdata/synq-overflow-cookies1.yaml": logCookies,
	} {
		code, out, errs := run("run", file)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr:\n%s", file, code, errs)
		}
		for _, s := range textSections(t, out) {
			if !strings.Contains(s.body, "$ dmesg\n"+line+"\n") {
				t.Errorf("%s at %s: no log line %q after $ dmesg in\n%s", file, s.at, line, s.body)
			}
			if n := strings.Count(s.body, "Possible SYN flooding"); n != 1 {
				t.Errorf("%s at %s: the flood line appears %d times, want once", file, s.at, n)
			}
		}
	}
}

// TestTextMatchesJSON reads every fact back out of the text report and compares it with the
// JSON report of the same file.
func TestTextMatchesJSON(t *testing.T) {
	for _, tc := range scenarioCases {
		t.Run(strings.TrimSuffix(tc.file, ".yaml"), func(t *testing.T) {
			file := filepath.Join("testdata", tc.file)
			r := runJSON(t, file)
			code, out, errs := run("run", file)
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, errs)
			}
			if !strings.HasPrefix(out, fmt.Sprintf("scenario %s on the %s (%s)\n", r.Scenario, r.Engine, r.Kernel)) {
				t.Errorf("text report does not start with the scenario, engine and kernel of the JSON one:\n%s", out)
			}
			secs := textSections(t, out)
			if len(secs) != len(r.Checkpoints) {
				t.Fatalf("text has %d checkpoints, JSON %d", len(secs), len(r.Checkpoints))
			}
			for i, s := range secs {
				got := parseTextCheckpoint(t, s)
				if !reflect.DeepEqual(got, r.Checkpoints[i]) {
					t.Errorf("checkpoint %d differs:\ntext %+v\njson %+v", i, got, r.Checkpoints[i])
				}
			}
		})
	}
}

type section struct{ at, body string }

type sections []section

func (ss sections) find(at string) (section, bool) {
	for _, s := range ss {
		if s.at == at {
			return s, true
		}
	}
	return section{}, false
}

var sectionHead = regexp.MustCompile(`(?m)^=== at (\S+) ===$`)

// textSections splits a text report at its "=== at T ===" lines.
func textSections(t *testing.T, out string) sections {
	t.Helper()
	idx := sectionHead.FindAllStringSubmatchIndex(out, -1)
	var ss sections
	for i, m := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		ss = append(ss, section{at: out[m[2]:m[3]], body: out[m[1]:end]})
	}
	return ss
}

// parseTextCheckpoint reads one checkpoint of the text report back into a model.Checkpoint.
func parseTextCheckpoint(t *testing.T, s section) model.Checkpoint {
	t.Helper()
	var cp model.Checkpoint
	at, err := model.ParseTime(s.at)
	if err != nil {
		t.Fatalf("checkpoint time %q: %v", s.at, err)
	}
	cp.At = at
	cp.Log = []string{}
	sc := bufio.NewScanner(strings.NewReader(s.body))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("at %s: "+format+"\n%s", append([]any{s.at}, append(args, s.body)...)...)
	}
	mode := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "":
		case strings.HasPrefix(l, "LISTEN"):
			f := strings.Fields(l)
			if len(f) != 5 {
				fail("LISTEN line %q", l)
			}
			cp.Listener.RecvQ, cp.Listener.SendQ = atoi(t, f[1]), atoi(t, f[2])
		case strings.HasPrefix(l, "$ ss -tn state syn-recv"):
			if i+1 >= len(lines) {
				fail("no count after %q", l)
			}
			i++
			cp.SynRecv = atoi(t, lines[i])
		case strings.HasPrefix(l, "application:"):
			if _, err := fmt.Sscanf(l, "application: %d accepted", &cp.Accepted); err != nil {
				fail("application line %q: %v", l, err)
			}
		case strings.HasPrefix(l, "clients:"):
			c := &cp.Clients
			if _, err := fmt.Sscanf(l, "clients: %d syn_sent, %d established, %d reset, %d timed_out, %d refused",
				&c.SynSent, &c.Established, &c.Reset, &c.TimedOut, &c.Refused); err != nil {
				fail("clients line %q: %v", l, err)
			}
		case l == "$ ss -ltn" || strings.HasPrefix(l, "State"):
		case l == "$ nstat -az":
			mode = "nstat"
		case l == "#kernel":
		case l == "$ dmesg":
			mode = "dmesg"
		case mode == "nstat":
			f := strings.Fields(l)
			if len(f) != 3 || f[2] != "0.0" {
				fail("nstat line %q", l)
			}
			v, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				fail("nstat line %q: %v", l, err)
			}
			cp.Nstat = append(cp.Nstat, model.Stat{Name: f[0], Value: v})
		case mode == "dmesg":
			if l != "(nothing about this listener)" {
				cp.Log = append(cp.Log, l)
			}
		default:
			fail("unexpected line %q", l)
		}
	}
	return cp
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

// TestJSONFlagPosition: --json may stand before or after the file.
func TestJSONFlagPosition(t *testing.T) {
	c1, before, e1 := run("run", "--json", "testdata/backlog-zero.yaml")
	c2, after, e2 := run("run", "testdata/backlog-zero.yaml", "--json")
	if c1 != 0 || c2 != 0 {
		t.Fatalf("exit %d and %d, stderr:\n%s\n%s", c1, c2, e1, e2)
	}
	if before != after {
		t.Errorf("--json before the file gives a different report:\n%s\nthan after it:\n%s", before, after)
	}
	if !json.Valid([]byte(before)) {
		t.Errorf("not JSON:\n%s", before)
	}
}

// TestBadInput: usage errors and bad files exit 2, say what is wrong on stderr, and print no
// report.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		stderr []string // each must appear on stderr
	}{
		{"missing file", []string{"run", "testdata/no-such-scenario.yaml", "--json"},
			[]string{"testdata/no-such-scenario.yaml", "no such file or directory"}},
		{"missing file, text", []string{"run", "testdata/no-such-scenario.yaml"},
			[]string{"testdata/no-such-scenario.yaml", "no such file or directory"}},
		{"unknown key", []string{"run", "testdata/bad/unknown-key.yaml", "--json"},
			[]string{"testdata/bad/unknown-key.yaml:5:", "colour", "unknown key", "allowed keys: name, description"}},
		{"no file", []string{"run"},
			[]string{"exactly one scenario file", "got 0", "usage: synq run FILE [--json]"}},
		{"no file, only --json", []string{"run", "--json"},
			[]string{"exactly one scenario file", "got 0", "usage: synq run FILE [--json]"}},
		{"two files", []string{"run", "testdata/accept-overflow.yaml", "testdata/backlog-zero.yaml", "--json"},
			[]string{"exactly one scenario file", "got 2", "usage: synq run FILE [--json]"}},
		{"unknown flag", []string{"run", "--xml", "testdata/accept-overflow.yaml"},
			[]string{"-xml", "usage: synq run FILE [--json]"}},
		{"unknown subcommand", []string{"frobnicate", "testdata/accept-overflow.yaml"},
			[]string{`unknown command "frobnicate"`, "Usage:", "synq run FILE [--json]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.args...)
			if code != 2 {
				t.Errorf("synq %s: exit %d, want 2", strings.Join(tc.args, " "), code)
			}
			if out != "" {
				t.Errorf("synq %s: printed on stdout:\n%s", strings.Join(tc.args, " "), out)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errs, want) {
					t.Errorf("synq %s: stderr does not contain %q:\n%s", strings.Join(tc.args, " "), want, errs)
				}
			}
		})
	}
}

// TestUnknownKeyLine makes sure the line the error names is the line of the key in the file.
func TestUnknownKeyLine(t *testing.T) {
	_, _, errs := run("run", "testdata/bad/unknown-key.yaml")
	m := regexp.MustCompile(`testdata/bad/unknown-key\.yaml:(\d+): colour: `).FindStringSubmatch(errs)
	if m == nil {
		t.Fatalf("stderr does not name file:line and the key:\n%s", errs)
	}
	data, err := readLines("testdata/bad/unknown-key.yaml")
	if err != nil {
		t.Fatal(err)
	}
	n := atoi(t, m[1])
	if n < 1 || n > len(data) || !strings.HasPrefix(data[n-1], "colour:") {
		t.Errorf("the error names line %d, but the key colour is not on that line", n)
	}
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(string(b), "\n"), nil
}
