package lessons_test

import (
	"fmt"
	"strings"
	"testing"

	"synq/lessons"
	"synq/model"
)

// snap builds a snapshot by hand: the evaluator must read exactly these values.
func snap(at model.Time, overflows, drops uint64, recvQ, sendQ, synRecv int, log ...string) *lessons.Snapshot {
	return &lessons.Snapshot{
		At:      at,
		Profile: "linux-6.18",
		Checkpoint: model.Checkpoint{
			At:       at,
			Listener: model.ListenerView{RecvQ: recvQ, SendQ: sendQ},
			SynRecv:  synRecv,
			Clients:  model.ClientCounts{Established: 5, SynSent: 2},
			Nstat:    model.Nstat{{Name: "TcpExtListenOverflows", Value: overflows}, {Name: "TcpExtListenDrops", Value: drops}},
			Log:      log,
		},
		Limits:       model.Limits{Backlog: sendQ, AcceptQueueCap: sendQ + 1, SynQueueCap: sendQ + 1},
		PeakSynQueue: synRecv + 3,
	}
}

// env serves snapshots of run a at 0s, 1s and 3s, and of run b (if given) at 3s.
func env(b *lessons.Snapshot) lessons.Env {
	a := map[model.Time]*lessons.Snapshot{
		0:                snap(0, 0, 0, 0, 4, 0),
		model.Second:     snap(model.Second, 2, 2, 5, 4, 1),
		3 * model.Second: snap(3*model.Second, 7, 9, 5, 4, 2, "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."),
	}
	return func(side int, t model.Time) (*lessons.Snapshot, error) {
		if side == 1 {
			if b == nil {
				return nil, fmt.Errorf("no side")
			}
			return b, nil
		}
		s, ok := a[t]
		if !ok {
			return nil, fmt.Errorf("no snapshot at %s", t)
		}
		return s, nil
	}
}

func TestEvalTable(t *testing.T) {
	side := snap(3*model.Second, 1, 1, 8, 5, 0)
	side.Checkpoint.Nstat = nil // a kernel with no Linux counters, as bsd-4.4
	tests := []struct {
		expr string
		want bool
	}{
		{"TcpExtListenOverflows > 0 && clients.established == 5", true},
		{"TcpExtListenOverflows == 7", true},
		{"TcpExtListenOverflows == 6", false},
		{"TcpExtListenOverflows < TcpExtListenDrops", true},
		{"recv_q == send_q + 1 && accept_queue_cap == 5", true},
		{"syn_recv == 2 && syn_queue == syn_recv && accept_queue == recv_q", true},
		{"peak.syn_queue == 5", true},
		{"clients.syn_sent == 2 || clients.reset > 0", true},
		{"clients.syn_sent == 3 || clients.reset > 0", false},
		{"!(clients.reset > 0)", true},
		{"!!(clients.reset > 0)", false},
		{"delta(TcpExtListenOverflows, 1s, 3s) == 5", true},
		{"delta(TcpExtListenOverflows, 0s, 1s) == 2", true},
		{"at(recv_q, 0s) == 0 && recv_q == 5", true},
		{"log contains \"Sending cookies\"", true},
		{"log contains \"Dropping request\"", false},
		{"log.count == 1", true},
		{"has(TcpExtListenDrops) && !has(TcpExtSyncookiesSent)", true},
		{"2 * TcpExtListenOverflows - 4 == 10", true},
		{"TcpExtListenDrops / 2 == 4", true},           // 9 / 2 truncates
		{"(0 - TcpExtListenOverflows) % 5 == 3", true}, // % never goes below 0
		{"TcpExtListenOverflows % 0x4 == 3", true},
		{"-TcpExtListenOverflows == 0 - 7", true},
		{"b.recv_q == 8 && b.send_q == 5", true},
		{"!has(b.TcpExtListenOverflows) && has(TcpExtListenOverflows)", true},
		{"b.log.count == 0 && !(b.log contains \"flooding\")", true},
	}
	for _, tt := range tests {
		e, err := lessons.ParseExpr(tt.expr)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.expr, err)
			continue
		}
		got, vals, err := e.Eval(env(side), 3*model.Second)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.expr, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Eval(%q) = %v, want %v (read %v)", tt.expr, got, tt.want, vals)
		}
	}
}

func TestEvalReportsValuesRead(t *testing.T) {
	e, err := lessons.ParseExpr("TcpExtListenOverflows > 100 && recv_q == 5")
	if err != nil {
		t.Fatal(err)
	}
	ok, vals, err := e.Eval(env(nil), 3*model.Second)
	if err != nil || ok {
		t.Fatalf("Eval = %v, %v; want false, nil", ok, err)
	}
	// && short-circuits: recv_q is not read once the left side is false.
	if len(vals) != 1 || vals[0] != (lessons.Value{Name: "TcpExtListenOverflows", Value: "7"}) {
		t.Errorf("values = %v, want [TcpExtListenOverflows = 7]", vals)
	}
	e, _ = lessons.ParseExpr("delta(TcpExtListenDrops, 1s, 3s) == 0")
	_, vals, _ = e.Eval(env(nil), 3*model.Second)
	want := []lessons.Value{{Name: "TcpExtListenDrops@+1s", Value: "2"}, {Name: "TcpExtListenDrops@+3s", Value: "9"}}
	if fmt.Sprint(vals) != fmt.Sprint(want) {
		t.Errorf("delta values = %v, want %v", vals, want)
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"TcpExtSyncookiesSent > 0", "no such counter"},    // the snapshot's kernel lacks it
		{"b.recv_q == 1", "no side"},                       // no side-by-side run
		{"recv_q / (send_q - 4) == 1", "division by zero"}, // 5 / 0
		{"recv_q % (send_q - 4) == 1", "divisor above 0"},
		{"delta(recv_q, 0s, 2s) == 0", "no snapshot at 2s"},
	}
	for _, tt := range tests {
		e, err := lessons.ParseExpr(tt.expr)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.expr, err)
			continue
		}
		_, _, err = e.Eval(env(nil), 3*model.Second)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Eval(%q) error = %v, want it to contain %q", tt.expr, err, tt.want)
		}
	}
}

func TestParseExprErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"", "ends too early"},
		{"recv_q", "is a number, not a condition"},
		{"recv_q = 5", `"=" is not an operator`},
		{"recv_q == 5 & send_q == 4", `"&" is not an operator`},
		{"ListenOverflows > 0", "did you mean TcpExtListenOverflows?"},
		{"recv_qq > 0", "did you mean recv_q?"},
		{"frobnicate > 0", "synq lessons --names"},
		{"recv_q > 0 &&", "ends too early"},
		{"recv_q > 0 && send_q", "&& needs a condition"},
		{"(recv_q > 0) + 1 > 0", "+ needs numbers"},
		{"0 < recv_q < 5", "comparisons do not chain"},
		{"(recv_q > 0", `want ")"`},
		{"recv_q > 0)", "unexpected"},
		{"delta(recv_q, 1s) > 0", "delta() takes 3 arguments"},
		{"delta(recv_q, 2s, 1s) > 0", "wants from before to"},
		{"delta(recv_q, 1, 2s) > 0", "wants a time"},
		{"delta(3, 1s, 2s) > 0", "wants a name first"},
		{"at(recv_q) > 0", "at() takes 2 arguments"},
		{"has(recv_q)", "wants an nstat counter name"},
		{"max(recv_q) > 0", "unknown function"},
		{"recv_q contains \"x\"", "contains applies to log only"},
		{"log contains recv_q", "needs a string"},
		{"log > 0", "log is read with log contains"},
		{"recv_q > 2s", "only allowed as an argument"},
		{"\"x\" == 1", "only allowed after contains"},
		{"log contains \"unclosed", "not closed"},
		{"recv_q > 12abc", "not a number or a duration"},
		{"recv_q > 0xzz", "not a hexadecimal number"},
		{"recv_q # 1", "unexpected character"},
		{"1 == 1", "reads nothing from the model"},
		{"delta(log, 0s, 1s) > 0", "use log.count"},
	}
	for _, tt := range tests {
		_, err := lessons.ParseExpr(tt.expr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseExpr(%q) error = %v, want it to contain %q", tt.expr, err, tt.want)
		}
	}
}

func TestExprTimes(t *testing.T) {
	e, err := lessons.ParseExpr("delta(TcpExtListenDrops, 1s, 3s) > 0 && at(recv_q, 500ms) == 0 && recv_q > 0 && b.recv_q > 0")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(e.Times(2 * model.Second))
	if want := "[2s 1s 3s 500ms]"; got != want {
		t.Errorf("Times = %s, want %s", got, want)
	}
	if !e.UsesSide() {
		t.Error("UsesSide = false for an expression that reads b.recv_q")
	}
}

func TestNamesDocumented(t *testing.T) {
	for _, n := range lessons.Names() {
		if n[1] == "" {
			t.Errorf("name %s has no description", n[0])
		}
		if _, err := lessons.ParseExpr(n[0] + " >= 0"); err != nil {
			t.Errorf("documented name %s does not parse: %v", n[0], err)
		}
	}
}

// TestParseExprNestingLimit: parentheses, ! and unary - nest up to 100 levels; deeper, even
// 200,000 levels that would exhaust the stack, is a clear error naming the limit.
func TestParseExprNestingLimit(t *testing.T) {
	nest := func(n int, open, inner, close string) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	for _, tc := range []struct {
		name, expr string
		ok         bool
	}{
		{"100 parentheses", nest(100, "(", "recv_q > 0", ")"), true},
		{"101 parentheses", nest(101, "(", "recv_q > 0", ")"), false},
		{"200,000 parentheses", nest(200_000, "(", "recv_q > 0", ")"), false},
		{"100 !", nest(100, "!", "(recv_q > 0)", ""), false}, // 100 ! and the parenthesis
		{"99 !", nest(99, "!", "(recv_q > 0)", ""), true},
		{"200,000 !", nest(200_000, "!", "(recv_q > 0)", ""), false},
		{"200,000 unary -", nest(200_000, "-", "recv_q > 0", ""), false},
		{"50 ( and 51 -", nest(50, "(", nest(51, "-", "recv_q", "")+" > 0", ")"), false},
	} {
		_, err := lessons.ParseExpr(tc.expr)
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s: %v, want it parsed", tc.name, err)
		case !tc.ok && (err == nil || !strings.Contains(err.Error(), "limit of 100 levels")):
			t.Errorf("%s: error %v, want one naming the limit of 100 levels", tc.name, err)
		}
	}
}
