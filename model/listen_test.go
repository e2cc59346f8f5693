package model_test

import (
	"fmt"
	"testing"

	"synq/model"
)

// spec 2.6 step 1: listen() clamps the backlog to somaxconn, comparing as unsigned, so a
// negative backlog becomes somaxconn; ss -ltn shows the result as Send-Q.
func TestListenClamp(t *testing.T) {
	for _, tc := range []struct{ somaxconn, backlog, want int }{
		{4096, 511, 511},
		{128, 511, 128}, // nginx and Apache before 5.4's somaxconn of 4096
		{128, -1, 128},
		{4096, 0, 0},
		{100, 100, 100},
		{100, 101, 100},
	} {
		sc := scenario(t, "linux-6.18", s1)
		sc.Server.Sysctl.Somaxconn, sc.Server.Backlog = tc.somaxconn, tc.backlog
		if got := last(run(t, sc)).Listener.SendQ; got != tc.want {
			t.Errorf("somaxconn %d, listen(%d): Send-Q %d, want %d", tc.somaxconn, tc.backlog, got, tc.want)
		}
	}
}

// spec 2.0 and 2.2 step 9: the accept queue is full when AQ > B, so it holds B+1 children; the
// client whose ACK finds it full still believes it is connected, and its ACK counts
// ListenOverflows and ListenDrops. spec 2.1 C: later SYNs are dropped while it is full.
func TestAcceptQueueHoldsBPlusOne(t *testing.T) {
	for _, b := range []int{0, 1, 4, 16} {
		t.Run(fmt.Sprintf("backlog %d", b), func(t *testing.T) {
			sc := scenario(t, "linux-6.18", 500*ms)
			sc.Server.Backlog = b
			sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
			sc.Traffic = []model.Traffic{connect(0, b+4, 100, 0)} // one every 10 ms: no overlap
			cp := last(run(t, sc))
			if cp.Listener.RecvQ != b+1 {
				t.Errorf("Recv-Q %d, want B+1 = %d", cp.Listener.RecvQ, b+1)
			}
			if got := nstat(t, cp, "TcpPassiveOpens"); got != uint64(b+1) {
				t.Errorf("PassiveOpens %d, want %d", got, b+1)
			}
			// The other three clients' SYNs arrive at a full accept queue and are dropped.
			if got := nstat(t, cp, "TcpExtListenOverflows"); got != 3 {
				t.Errorf("ListenOverflows %d, want 3 (one per dropped SYN)", got)
			}
			if cp.Clients.SynSent != 3 || cp.Clients.Established != b+1 {
				t.Errorf("clients %+v, want %d established and 3 syn_sent", cp.Clients, b+1)
			}
		})
	}
}

// spec 2.0: from 6.13 the SYN queue is full when qlen > B, so it too admits B+1 requests.
// spec 2.1 B: with cookies off every further SYN counts TCPReqQFullDrop and ListenDrops and
// the listener logs "Dropping request" once; mode 1 answers them with cookies; mode 2 answers
// every SYN with a cookie, queues nothing and logs nothing.
func TestSynQueueOverflowBySyncookiesMode(t *testing.T) {
	const b, extra = 16, 9
	for _, tc := range []struct {
		mode                          int
		synRecv                       int
		reqQFullDrop, doCookies, sent uint64
		log                           string
	}{
		{0, b + 1, extra, 0, 0, "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Dropping request."},
		{1, b + 1, 0, extra, extra, "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."},
		{2, 0, 0, b + 1 + extra, b + 1 + extra, ""},
	} {
		t.Run(fmt.Sprintf("syncookies %d", tc.mode), func(t *testing.T) {
			sc := scenario(t, "linux-6.18", 500*ms)
			sc.Server.Backlog = b
			sc.Server.Sysctl.Syncookies = tc.mode
			sc.Traffic = []model.Traffic{flood(0, b+1+extra, 1000)}
			cp := last(run(t, sc))
			if cp.SynRecv != tc.synRecv {
				t.Errorf("syn_recv %d, want %d", cp.SynRecv, tc.synRecv)
			}
			for name, want := range map[string]uint64{
				"TcpExtTCPReqQFullDrop":      tc.reqQFullDrop,
				"TcpExtListenDrops":          tc.reqQFullDrop,
				"TcpExtTCPReqQFullDoCookies": tc.doCookies,
				"TcpExtSyncookiesSent":       tc.sent,
				"TcpExtListenOverflows":      0,
			} {
				if got := nstat(t, cp, name); got != want {
					t.Errorf("%s = %d, want %d", name, got, want)
				}
			}
			var want []string
			if tc.log != "" {
				want = []string{tc.log}
			}
			if fmt.Sprint(cp.Log) != fmt.Sprint(want) {
				t.Errorf("log %q, want %q", cp.Log, want)
			}
		})
	}
}

// spec 4.3: the 6.x line names the listener's address and port, once per listener however
// long the flood lasts.
func TestFloodLogOncePerListener(t *testing.T) {
	sc := scenario(t, "linux-6.18", 5*s1)
	sc.Server.Port, sc.Server.Backlog = 443, 8
	sc.Traffic = []model.Traffic{flood(0, 20000, 5000)}
	cp := last(run(t, sc))
	want := "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:443. Sending cookies."
	if len(cp.Log) != 1 || cp.Log[0] != want {
		t.Errorf("log %q, want exactly [%q]", cp.Log, want)
	}
}

// spec 2.1 C (4.10+): a full accept queue drops the SYN even when it would get a cookie; the
// cookie decision was already counted (TCPReqQFullDoCookies can exceed SyncookiesSent).
func TestFullAcceptQueueSuppressesCookies(t *testing.T) {
	sc := scenario(t, "linux-6.18", 500*ms)
	sc.Server.Backlog = 2
	sc.Server.Sysctl.Syncookies = 2
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
	sc.Traffic = []model.Traffic{connect(0, 4, 100, 0)}
	cp := last(run(t, sc))
	if cp.Listener.RecvQ != 3 {
		t.Fatalf("Recv-Q %d, want 3", cp.Listener.RecvQ)
	}
	doc, sent := nstat(t, cp, "TcpExtTCPReqQFullDoCookies"), nstat(t, cp, "TcpExtSyncookiesSent")
	if doc != 4 || sent != 3 {
		t.Errorf("DoCookies %d, SyncookiesSent %d; want 4 and 3", doc, sent)
	}
	if got := nstat(t, cp, "TcpExtListenOverflows"); got != 1 {
		t.Errorf("ListenOverflows %d, want 1 (the 4th SYN)", got)
	}
}

// spec 2.1 E: with cookies off, an unproven peer may not take the last quarter of
// tcp_max_syn_backlog: msb 128 lets the SYN queue reach 97, whatever the backlog.
func TestCookiesOffLastQuarter(t *testing.T) {
	sc := scenario(t, "linux-6.18", 500*ms)
	sc.Server.Sysctl.Syncookies = 0
	sc.Server.Sysctl.MaxSynBacklog = 128
	sc.Traffic = []model.Traffic{flood(0, 200, 1000)}
	_, evs := traced(t, sc)
	cp := last(run(t, sc))
	if cp.SynRecv != 97 {
		t.Errorf("syn_recv %d, want 97", cp.SynRecv)
	}
	if got := drops(evs, model.DropSynLastQuarter); got != 103 {
		t.Errorf("%d last-quarter drops, want 103", got)
	}
	if got := nstat(t, cp, "TcpExtListenDrops"); got != 103 {
		t.Errorf("ListenDrops %d, want 103", got)
	}
	if got := nstat(t, cp, "TcpExtTCPReqQFullDrop"); got != 0 {
		t.Errorf("TCPReqQFullDrop %d, want 0: the queue never reached B", got)
	}
	if len(cp.Log) != 0 {
		t.Errorf("log %q: the last-quarter drop logs nothing visible", cp.Log)
	}
}
