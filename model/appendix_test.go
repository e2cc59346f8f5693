package model_test

import (
	"testing"

	"synq/model"
)

// Appendix A.4 on 6.13+: listen(fd, 0). The first request is queued normally (0 > 0 is
// false) and its ACK fills the accept queue (it holds one). The next SYN before accept() is
// dropped for the full accept queue, with cookies on or off.
func TestAppendixA4BacklogZero(t *testing.T) {
	for _, cookies := range []int{0, 1} {
		sc := scenario(t, "linux-6.18", 500*ms)
		sc.Server.Backlog = 0
		sc.Server.Sysctl.Syncookies = cookies
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
		sc.Traffic = []model.Traffic{connect(0, 2, 10, 0)}
		cp := last(run(t, sc))
		if cp.Listener.RecvQ != 1 || cp.Listener.SendQ != 0 {
			t.Errorf("syncookies %d: ss Recv-Q %d Send-Q %d, want 1 and 0", cookies, cp.Listener.RecvQ, cp.Listener.SendQ)
		}
		for name, want := range map[string]uint64{
			"TcpExtSyncookiesSent": 0, "TcpExtListenOverflows": 1, "TcpExtListenDrops": 1,
			"TcpExtTCPReqQFullDrop": 0, "TcpExtTCPReqQFullDoCookies": 0, "TcpPassiveOpens": 1,
		} {
			if got := nstat(t, cp, name); got != want {
				t.Errorf("syncookies %d: %s = %d, want %d", cookies, name, got, want)
			}
		}
		if len(cp.Log) != 0 {
			t.Errorf("syncookies %d: log %q, want none: the SYN queue never overflowed", cookies, cp.Log)
		}
	}
}

// Appendix A.4, second half on 6.13+: with backlog 0 a second SYN while the first request is
// still half-open finds the SYN queue full (1 > 0): cookies off drop it, cookies on answer it
// with a cookie.
func TestAppendixA4SecondSynWhileHalfOpen(t *testing.T) {
	for _, tc := range []struct {
		cookies            int
		reqQFullDrop, sent uint64
	}{{0, 1, 0}, {1, 0, 1}} {
		sc := scenario(t, "linux-6.18", 500*ms)
		sc.Server.Backlog = 0
		sc.Server.Sysctl.Syncookies = tc.cookies
		sc.Traffic = []model.Traffic{flood(0, 2, 0)} // two spoofed SYNs at once: the first stays half-open
		cp := last(run(t, sc))
		if cp.SynRecv != 1 {
			t.Errorf("syncookies %d: syn_recv %d, want 1", tc.cookies, cp.SynRecv)
		}
		if got := nstat(t, cp, "TcpExtTCPReqQFullDrop"); got != tc.reqQFullDrop {
			t.Errorf("syncookies %d: TCPReqQFullDrop %d, want %d", tc.cookies, got, tc.reqQFullDrop)
		}
		if got := nstat(t, cp, "TcpExtSyncookiesSent"); got != tc.sent {
			t.Errorf("syncookies %d: SyncookiesSent %d, want %d", tc.cookies, got, tc.sent)
		}
	}
}

// overflowScenario: backlog 1 (both queues hold 2), accept() never called, three clients
// 1.5 ms apart with a 1 ms wire. Client 2's SYN arrives after client 0's ACK and before
// client 1's (accept queue 1, SYN queue 1: neither full), and its ACK meets the full accept
// queue. Any earlier, the SYN queue would be full (a cookie); any later, the accept queue
// would be, and 4.10+ drops the SYN itself (spec 2.1 C).
func overflowScenario(t *testing.T, abort, send int, dur model.Time) *model.Scenario {
	return overflowScenarioOn(t, "linux-6.18", abort, send, dur)
}

// overflowScenarioOn is overflowScenario on another profile. On 4.4–6.12 (the SYN queue
// holds B) client 1 gets a cookie instead, which does not change client 2's fate; up to 4.3
// the SYN queue holds 16.
func overflowScenarioOn(t *testing.T, prof string, abort, send int, dur model.Time) *model.Scenario {
	sc := scenario(t, prof, dur)
	sc.Server.Backlog = 1
	sc.Server.Sysctl.AbortOnOverflow = abort
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
	sc.Traffic = []model.Traffic{connect(0, 2, 666, 0), connect(3003*model.Microsecond, 1, 0, send)}
	return sc
}

// Appendix A.5: the accept queue is full when the ACK comes, abort_on_overflow 0: the ACK is
// dropped (ListenOverflows, ListenDrops), the request kept, its SYN-ACK re-sent on the normal
// schedule; each re-sent SYN-ACK draws an ACK from the client that is dropped again; the client
// believes it is connected; the request is dropped after five re-sends.
func TestAppendixA5AcceptOverflowAbort0(t *testing.T) {
	s, evs := traced(t, overflowScenario(t, 0, 0, 70*s1))
	c := s.Counters()
	// One drop for the first ACK, one for each of the five client ACKs to re-sent SYN-ACKs.
	if c.Get(model.ListenOverflows) != 6 || c.Get(model.ListenDrops) != 6 {
		t.Errorf("ListenOverflows %d ListenDrops %d, want 6 and 6", c.Get(model.ListenOverflows), c.Get(model.ListenDrops))
	}
	if got := drops(evs, model.DropAcceptQueueFullAck); got != 6 {
		t.Errorf("%d ACKs dropped for the full accept queue, want 6", got)
	}
	if got := len(sends(evs, 2, model.SYN|model.ACK)); got != 6 {
		t.Errorf("%d SYN-ACKs to client 2, want 6 (the first and five re-sends)", got)
	}
	if c.Get(model.OutRsts) != 0 || c.Get(model.EmbryonicRsts) != 0 {
		t.Errorf("OutRsts %d EmbryonicRsts %d, want none with abort_on_overflow 0", c.Get(model.OutRsts), c.Get(model.EmbryonicRsts))
	}
	if got := drops(evs, model.DropRequestExpired); got != 1 {
		t.Errorf("%d requests expired, want 1", got)
	}
	cp := s.Checkpoint()
	if cp.Clients.Established != 3 || cp.SynRecv != 0 || cp.Listener.RecvQ != 2 {
		t.Errorf("clients %+v syn_recv %d Recv-Q %d; want 3 established, 0 half-open, 2 queued", cp.Clients, cp.SynRecv, cp.Listener.RecvQ)
	}
}

// Appendix A.5, the client that writes: its data segments also meet the full queue (counted
// again), and once the request has expired its next retransmission reaches the listener with no
// request and no recent cookies: a RST (OutRsts) resets the client.
func TestAppendixA5DataAfterDroppedAck(t *testing.T) {
	s, evs := traced(t, overflowScenario(t, 0, 100, 200*s1))
	cp := s.Checkpoint()
	if cp.Clients.Reset != 1 {
		t.Fatalf("clients %+v, want the writing client reset", cp.Clients)
	}
	if c := s.Counters(); c.Get(model.OutRsts) != 1 || c.Get(model.SyncookiesFailed) != 0 {
		t.Errorf("OutRsts %d SyncookiesFailed %d, want 1 and 0", c.Get(model.OutRsts), c.Get(model.SyncookiesFailed))
	}
	data := 0
	for _, e := range evs {
		if e.Kind == model.EvDrop && e.Reason() == model.DropAcceptQueueFullAck && e.Attr&model.AttrData != 0 {
			data++
		}
	}
	if data < 5 {
		t.Errorf("%d data segments dropped for the full accept queue, want the retransmissions counted too", data)
	}
}

// Appendix A.6: the same with abort_on_overflow 1: the ACK is answered with a RST (OutRsts),
// the request removed (EmbryonicRsts), the client sees ECONNRESET.
func TestAppendixA6AcceptOverflowAbort1(t *testing.T) {
	s, evs := traced(t, overflowScenario(t, 1, 0, 10*s1))
	c := s.Counters()
	for _, k := range []model.Counter{model.ListenOverflows, model.ListenDrops, model.OutRsts, model.EmbryonicRsts} {
		if c.Get(k) != 1 {
			t.Errorf("%s = %d, want 1", k, c.Get(k))
		}
	}
	if got := len(sends(evs, 2, model.RST)); got != 1 {
		t.Errorf("%d RSTs to client 2, want 1", got)
	}
	cp := s.Checkpoint()
	if cp.Clients.Reset != 1 || cp.SynRecv != 0 || c.Get(model.TCPSynRetrans) != 0 {
		t.Errorf("clients %+v, syn_recv %d, SYN-ACK re-sends %d; want one reset, nothing half-open, no re-sends",
			cp.Clients, cp.SynRecv, c.Get(model.TCPSynRetrans))
	}
}

// An application that starts accepting late: the overflowed client completes at the next
// SYN-ACK re-send after accept() frees room (spec 2.5: freeing one slot lets the next ACK in).
func TestLateAcceptCompletesOverflowedClient(t *testing.T) {
	sc := overflowScenario(t, 0, 0, 20*s1)
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}, {At: 5 * s1, Mode: model.AcceptAll}}
	cp := last(run(t, sc))
	if cp.Accepted != 3 || cp.SynRecv != 0 {
		t.Errorf("accepted %d syn_recv %d, want 3 and 0", cp.Accepted, cp.SynRecv)
	}
	// Re-sends at ~1 s and ~3 s before the app starts, ~7 s completes it.
	if got := nstat(t, cp, "TcpExtTCPSynRetrans"); got != 3 {
		t.Errorf("TCPSynRetrans %d, want 3", got)
	}
}

// spec 2.3: a cookie ACK rebuilds the connection (SyncookiesRecv, PassiveOpens) with nothing
// queued; with a full accept queue it is discarded silently (no RST, abort_on_overflow not
// consulted), and the client's retransmitted data completes it once accept() makes room.
func TestCookieAckMeetsFullAcceptQueue(t *testing.T) {
	sc := scenario(t, "linux-6.18", 10*s1)
	sc.Server.Backlog = 0
	sc.Server.Sysctl.Syncookies = 2
	sc.Server.Sysctl.AbortOnOverflow = 1
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}, {At: 2 * s1, Mode: model.AcceptAll}}
	sc.Traffic = []model.Traffic{connect(0, 2, 0, 100)}
	s, evs := traced(t, sc)
	c := s.Counters()
	if got := drops(evs, model.DropAcceptQueueFullCookie); got < 2 {
		t.Errorf("%d cookie segments dropped for the full queue, want the ACK and retransmissions", got)
	}
	if c.Get(model.OutRsts) != 0 || c.Get(model.EmbryonicRsts) != 0 {
		t.Errorf("OutRsts %d EmbryonicRsts %d: a cookie overflow sends no RST, even with abort_on_overflow", c.Get(model.OutRsts), c.Get(model.EmbryonicRsts))
	}
	if c.Get(model.SyncookiesRecv) != c.Get(model.ListenOverflows)+2 {
		t.Errorf("SyncookiesRecv %d, ListenOverflows %d: every valid cookie is counted before the queue check",
			c.Get(model.SyncookiesRecv), c.Get(model.ListenOverflows))
	}
	cp := s.Checkpoint()
	if cp.Accepted != 2 || cp.SynRecv != 0 || c.Get(model.PassiveOpens) != 2 {
		t.Errorf("accepted %d syn_recv %d PassiveOpens %d, want 2, 0, 2", cp.Accepted, cp.SynRecv, c.Get(model.PassiveOpens))
	}
}
