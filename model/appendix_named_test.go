package model_test

import (
	"slices"
	"testing"

	"synq/model"
)

// The worked examples of kernel-spec.md Appendix A, each on the profile it names.

// apacheFlood is Appendix A.1's server: Apache's ListenBacklog 511 with somaxconn 128 and
// tcp_max_syn_backlog 512, under a flood of spoofed SYNs at rate for dur.
func apacheFlood(t *testing.T, prof string, rate model.Rate, dur model.Time) (*model.Sim, []model.Event) {
	t.Helper()
	sc := scenario(t, prof, dur)
	sc.Server.Backlog = 511
	sc.Server.Sysctl.Somaxconn = 128
	sc.Server.Sysctl.MaxSynBacklog = 512
	sc.Server.Sysctl.Syncookies = 1
	sc.Traffic = []model.Traffic{flood(0, int(rate)*int(dur/s1), rate)}
	return traced(t, sc)
}

// Appendix A.1: CentOS 6, Apache defaults. B 128; the SYN queue holds 256 and the accept queue
// 129. The flood fills 256 requests, then every SYN gets a cookie; one log line a minute;
// ListenDrops does not move for SYNs; under the flood the pruning drops requests after two
// timeouts, at about 7 s.
func TestAppendixA1CentOS6Apache(t *testing.T) {
	s, evs := apacheFlood(t, "centos-6", 300, 130*s1)
	lim := s.Limits()
	if lim.Backlog != 128 || lim.SynQueueCap != 256 || lim.AcceptQueueCap != 129 {
		t.Errorf("limits %+v, want B 128, SYN queue 256, accept queue 129", lim)
	}
	if got := maxQueue(evs, model.SynQueue); got != 256 {
		t.Errorf("the SYN queue reached %d, want 256", got)
	}
	queued, syns := 0, 0
	for _, e := range evs {
		switch {
		case e.Kind == model.EvSend && e.Flags == model.SYN && e.Peer.IsFlood():
			syns++
		case e.Kind == model.EvSend && e.Flags == model.SYN|model.ACK && e.Attr&(model.AttrCookie|model.AttrRetrans) == 0:
			queued++
		}
	}
	c := s.Counters()
	if c.Get(model.SyncookiesSent) != uint64(syns-queued) || c.Get(model.SyncookiesSent) < 30000 {
		t.Errorf("SyncookiesSent %d for %d SYNs of which %d were queued: want a cookie for every other SYN", c.Get(model.SyncookiesSent), syns, queued)
	}
	if c.Get(model.ListenDrops) != 0 || c.Get(model.ListenOverflows) != 0 {
		t.Errorf("ListenDrops %d ListenOverflows %d, want 0: CentOS 6 counts no SYN drops", c.Get(model.ListenDrops), c.Get(model.ListenOverflows))
	}
	want := "possible SYN flooding on port 80. Sending cookies."
	log := s.Log()
	if len(log) != 3 {
		t.Fatalf("%d log lines in 130 s, want 3 (one a minute): %v", len(log), log)
	}
	for i, l := range log {
		if l.Text != want {
			t.Errorf("log line %q, want %q", l.Text, want)
		}
		if i > 0 && l.At-log[i-1].At <= 60*s1 {
			t.Errorf("log lines at %v and %v, less than a minute apart", log[i-1].At, l.At)
		}
	}
	// The threshold follows the share of young requests at each sweep: most often 2 under the
	// flood, never more than tcp_synack_retries.
	byTimeouts := map[uint64]int{}
	for _, e := range evs {
		if e.Kind == model.EvDrop && e.Reason() == model.DropRequestExpired {
			byTimeouts[e.Value]++
		}
	}
	total := 0
	for _, n := range byTimeouts {
		total += n
	}
	for n, count := range byTimeouts {
		if total < 1000 || n > 5 || (n != 2 && count >= byTimeouts[2]) {
			t.Errorf("requests expired after n timeouts: %v; want 2 the most common and none past 5", byTimeouts)
			break
		}
	}
}

// The acceptance flood: the same Apache server under a flood on centos-6 shows a SYN
// queue of 256 and CentOS 6's line; on linux-6.18 the queue holds B+1 = 129 and the line names
// the listener's address.
func TestApacheFloodCentOS6Against618(t *testing.T) {
	for _, tc := range []struct {
		profile string
		synq    int
		line    string
	}{
		{"centos-6", 256, "possible SYN flooding on port 80. Sending cookies."},
		{"linux-6.18", 129, "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."},
	} {
		s, evs := apacheFlood(t, tc.profile, 1000, 5*s1)
		if got := maxQueue(evs, model.SynQueue); got != tc.synq {
			t.Errorf("%s: SYN queue %d, want %d", tc.profile, got, tc.synq)
		}
		if l := s.Log(); len(l) != 1 || l[0].Text != tc.line {
			t.Errorf("%s: log %v, want %q", tc.profile, l, tc.line)
		}
	}
}

// Appendix A.2: vanilla 3.10, cookies off, SYN queue full: each SYN counts TCPReqQFullDrop and
// ListenDrops, and the listener logs one line.
func TestAppendixA2Linux310CookiesOff(t *testing.T) {
	s, evs := floodRun(t, "linux-3.10", 8, 0, 500, 5000, 300*ms)
	dropped := uint64(drops(evs, model.DropSynQueueFull))
	c := s.Counters()
	if dropped < 400 || c.Get(model.ReqQFullDrop) != dropped || c.Get(model.ListenDrops) != dropped {
		t.Errorf("%d SYNs dropped, TCPReqQFullDrop %d, ListenDrops %d: want each drop counted in both", dropped, c.Get(model.ReqQFullDrop), c.Get(model.ListenDrops))
	}
	want := []string{"TCP: TCP: Possible SYN flooding on port 80. Dropping request.  Check SNMP counters."}
	if got := logTexts(s); !slices.Equal(got, want) {
		t.Errorf("log %q, want %q", got, want)
	}
}

// Appendix A.3: 3.10 to 4.6, cookies on, SYN queue full: each SYN counts TCPReqQFullDoCookies,
// SyncookiesSent and ListenDrops; ListenOverflows stays.
func TestAppendixA3CookieListenDrops(t *testing.T) {
	for _, prof := range []string{"linux-3.10", "linux-4.6"} {
		s, _ := floodRun(t, prof, 8, 1, 500, 5000, 300*ms)
		c := s.Counters()
		sent := c.Get(model.SyncookiesSent)
		if sent < 400 || c.Get(model.ReqQFullDoCookies) != sent || c.Get(model.ListenDrops) != sent || c.Get(model.ListenOverflows) != 0 {
			t.Errorf("%s: SyncookiesSent %d, DoCookies %d, ListenDrops %d, ListenOverflows %d", prof, sent,
				c.Get(model.ReqQFullDoCookies), c.Get(model.ListenDrops), c.Get(model.ListenOverflows))
		}
	}
}

// Appendix A.4 on 5.10: listen(fd, 0), syncookies 1. The first SYN finds the queue full
// (0 >= 0): a log line and a cookie, whose ACK makes the connection (AQ 1). The next SYN before
// accept() counts DoCookies, ListenOverflows and ListenDrops and is dropped. With cookies off
// every SYN is dropped and nothing is ever accepted. Up to 4.3 backlog 0 gives a 16-entry SYN
// queue and an accept queue of 1.
func TestAppendixA4Linux510(t *testing.T) {
	sc := scenario(t, "linux-5.10", 500*ms)
	sc.Server.Backlog = 0
	sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
	sc.Traffic = []model.Traffic{connect(0, 2, 10, 0)}
	cp := last(run(t, sc))
	for name, want := range map[string]uint64{
		"TcpExtTCPReqQFullDoCookies": 2, "TcpExtSyncookiesSent": 1, "TcpExtSyncookiesRecv": 1,
		"TcpPassiveOpens": 1, "TcpExtListenOverflows": 1, "TcpExtListenDrops": 1,
	} {
		if got := nstat(t, cp, name); got != want {
			t.Errorf("syncookies 1: %s = %d, want %d", name, got, want)
		}
	}
	if cp.Listener.RecvQ != 1 || len(cp.Log) != 1 {
		t.Errorf("syncookies 1: Recv-Q %d, log %q; want 1 and one line", cp.Listener.RecvQ, cp.Log)
	}

	sc.Server.Sysctl.Syncookies = 0
	sc.Server.App = []model.AppStep{{Mode: model.AcceptAll}}
	cp = last(run(t, sc))
	if cp.Accepted != 0 || nstat(t, cp, "TcpExtTCPReqQFullDrop") < 2 || nstat(t, cp, "TcpExtListenDrops") != nstat(t, cp, "TcpExtTCPReqQFullDrop") {
		t.Errorf("syncookies 0: accepted %d, %v; want every SYN dropped and counted", cp.Accepted, cp.Nstat)
	}

	old := scenario(t, "linux-4.3", 500*ms)
	old.Server.Backlog = 0
	s, _ := traced(t, old)
	if lim := s.Limits(); lim.SynQueueCap != 16 || lim.AcceptQueueCap != 1 {
		t.Errorf("linux-4.3 backlog 0: %+v, want a SYN queue of 16 and an accept queue of 1", lim)
	}
}

// Appendix A.5 and A.6 on 3.10 and CentOS 6: accept queue full at the ACK. With
// abort_on_overflow 0 the request stays and its SYN-ACK is re-sent at +1, +3, +7 s (the sweep
// finds it up to half a second late); with 1 the ACK is answered with a RST. On 3.10 the
// writing client's late data then counts SyncookiesFailed (cookies on, gate closed, ≤3.18).
func TestAppendixA5A6OlderKernels(t *testing.T) {
	for _, prof := range []string{"linux-3.10", "centos-6"} {
		s, evs := traced(t, overflowScenarioOn(t, prof, 0, 100, 200*s1))
		re := sends(evs, 2, model.SYN|model.ACK)
		if len(re) != 6 {
			t.Fatalf("%s: %d SYN-ACKs to client 2, want 6", prof, len(re))
		}
		for i, ideal := range []model.Time{1, 3, 7} {
			if d := re[i+1] - re[0]; d < ideal*s1-jiffy || d > ideal*s1+s1/2*model.Time(i+1) {
				t.Errorf("%s: re-send %d at +%v, want +%v s plus the sweep's lag", prof, i+1, d, ideal)
			}
		}
		c := s.Counters()
		if s.ClientCounts().Reset != 1 || c.Get(model.SyncookiesFailed) == 0 || c.Get(model.ListenOverflows) < 6 {
			t.Errorf("%s: clients %+v, SyncookiesFailed %d, ListenOverflows %d", prof, s.ClientCounts(), c.Get(model.SyncookiesFailed), c.Get(model.ListenOverflows))
		}

		s, _ = traced(t, overflowScenarioOn(t, prof, 1, 0, 10*s1))
		c = s.Counters()
		if c.Get(model.OutRsts) != 1 || c.Get(model.EmbryonicRsts) != 1 || s.ClientCounts().Reset != 1 {
			t.Errorf("%s abort 1: OutRsts %d EmbryonicRsts %d clients %+v; want the ACK answered with a RST", prof,
				c.Get(model.OutRsts), c.Get(model.EmbryonicRsts), s.ClientCounts())
		}
	}
}

func logTexts(s *model.Sim) []string {
	var out []string
	for _, l := range s.Log() {
		out = append(out, l.Text)
	}
	return out
}
