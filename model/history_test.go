package model_test

import (
	"slices"
	"strings"
	"testing"

	"synq/model"
)

// Kernel history: every version-dependent rule of kernel-spec.md, tested on both sides of its
// threshold.

func TestKnownProfiles(t *testing.T) {
	names := model.KnownProfiles()
	if len(names) != 8+20+21+20+20+3+6 {
		t.Errorf("%d profiles, want 98: 2.6.32–2.6.39, 3.0–3.19, 4.0–4.20, 5.0–5.19, 6.0–6.19, 7.0–7.2, centos-6, centos-7, debian-11, debian-12, debian-13, bsd-4.4", len(names))
	}
	for _, n := range names {
		p, err := model.LookupProfile(n)
		if err != nil || p.Name != n {
			t.Errorf("LookupProfile(%q) = %v, %v", n, p, err)
		}
	}
	for _, bad := range []string{"linux-2.6.31", "linux-2.6.40", "linux-3.20", "linux-6.20", "linux-7.3", "linux-2.6", "debian-10", "linux-6.018", "centos-8", "bsd"} {
		_, err := model.LookupProfile(bad)
		if err == nil || !strings.Contains(err.Error(), "centos-6") || !strings.Contains(err.Error(), "linux-2.6.32") {
			t.Errorf("LookupProfile(%q) = %v, want an error listing the known profiles", bad, err)
		}
	}
}

func profile(t testing.TB, name string) *model.Profile {
	t.Helper()
	p, err := model.LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDefaultsByVersion: spec 1.1's defaults change where the spec says.
func TestDefaultsByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile                       string
		somaxconn, syncookies, synRet int
	}{
		{"linux-2.6.32", 128, 0, 5}, {"linux-2.6.33", 128, 1, 5}, {"centos-6", 128, 1, 5},
		{"linux-3.6", 128, 1, 5}, {"linux-3.7", 128, 1, 6}, {"centos-7", 128, 1, 6},
		{"linux-5.3", 128, 1, 6}, {"linux-5.4", 4096, 1, 6},
	} {
		p := profile(t, tc.profile)
		got := []int{p.ServerDefaults.Somaxconn, p.ServerDefaults.Syncookies, p.ClientDefaults.SynRetries}
		if want := []int{tc.somaxconn, tc.syncookies, tc.synRet}; !slices.Equal(got, want) {
			t.Errorf("%s: somaxconn, syncookies, syn_retries = %v, want %v", tc.profile, got, want)
		}
	}
}

// TestSysctlValuesByVersion: tcp_syn_linear_timeouts exists from 6.5; an earlier profile
// refuses it with a clear error. Each profile takes the values its kernel stores.
func TestSysctlValuesByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile, key string
		client       bool
		value        int
		wantErr      string
	}{
		{"linux-3.11", "net.ipv4.tcp_syncookies", false, 2, ""}, // stored, and acts as 1 (spec 1.1)
		{"centos-6", "net.ipv4.tcp_syncookies", false, 7, ""},
		{"linux-3.12", "net.ipv4.tcp_syncookies", false, 2, ""},
		{"centos-7", "net.ipv4.tcp_syncookies", false, 2, ""},
		{"linux-6.4", "net.ipv4.tcp_syn_linear_timeouts", true, 4, "not a client sysctl"},
		{"linux-6.5", "net.ipv4.tcp_syn_linear_timeouts", true, 4, ""},
		{"linux-3.18", "net.core.somaxconn", false, 70000, "0 to 65535"},
		{"linux-4.1", "net.core.somaxconn", false, 70000, ""},
		{"bsd-4.4", "net.core.somaxconn", false, 128, "has no server sysctls"},
		// spec 1.1: u8 from 5.13 (6.18 takes 0 to 255 and refuses 256 and -1), ints before.
		{"linux-6.18", "net.ipv4.tcp_syncookies", false, 3, ""},
		{"linux-6.18", "net.ipv4.tcp_syncookies", false, 255, ""},
		{"linux-6.18", "net.ipv4.tcp_syncookies", false, 256, "0 to 255"},
		{"linux-6.18", "net.ipv4.tcp_syncookies", false, -1, "0 to 255"},
		{"linux-5.10", "net.ipv4.tcp_syncookies", false, -1, ""},
		{"linux-5.10", "net.ipv4.tcp_syncookies", false, 256, ""},
		{"linux-6.18", "net.ipv4.tcp_abort_on_overflow", false, 2, ""},
		{"linux-6.18", "net.ipv4.tcp_abort_on_overflow", false, 256, "0 to 255"},
		{"linux-5.10", "net.ipv4.tcp_abort_on_overflow", false, 2, ""}, // an int up to 5.12: the lab saw 5.10 take it
		{"linux-5.10", "net.ipv4.tcp_abort_on_overflow", false, -1, ""},
		{"linux-6.18", "net.ipv4.tcp_timestamps", false, 3, ""},
		{"linux-6.18", "net.ipv4.tcp_timestamps", true, 3, ""},
		{"linux-5.12", "net.ipv4.tcp_timestamps", false, 3, "0, 1 or 2"},
		{"linux-6.18", "net.ipv4.tcp_max_syn_backlog", false, -1, ""},
		{"linux-2.6.32", "net.ipv4.tcp_max_syn_backlog", false, -1 << 31, ""},
	} {
		p := profile(t, tc.profile)
		var err error
		if tc.client {
			var c model.ClientSysctl
			err = p.SetClientSysctl(&c, tc.key, tc.value)
		} else {
			var s model.ServerSysctl
			err = p.SetServerSysctl(&s, tc.key, tc.value)
		}
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %s = %d: %v, want it accepted", tc.profile, tc.key, tc.value, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: %s = %d: %v, want an error saying %q", tc.profile, tc.key, tc.value, err, tc.wantErr)
		}
	}
}

// TestNonZeroSysctlValuesActAsOne: the kernel asks of tcp_syncookies only whether it is 0 or 2
// (before 3.12 only whether it is 0), and of tcp_abort_on_overflow only whether it is 0, so any
// other value reports as 1 does (seen on 6.18: conformance/syncookies-3 and abort-on-overflow-2).
func TestNonZeroSysctlValuesActAsOne(t *testing.T) {
	// A flood that fills the SYN queue, then genuine clients (conformance/synq-overflow-cookies1).
	cookies := func(sc *model.Scenario, v int) {
		sc.Server.Sysctl.Syncookies = v
		sc.Server.Backlog = 8
		sc.Network.Delay = 20 * ms
		sc.Traffic = []model.Traffic{flood(100*ms, 50, 1000), connect(s1, 3, 10, 0)}
	}
	// A third client whose ACK meets a full accept queue (conformance/abort-on-overflow-1).
	abort := func(sc *model.Scenario, v int) {
		sc.Server.Sysctl.AbortOnOverflow = v
		sc.Server.Backlog = 1
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
		sc.Network.Delay = 70 * ms
		sc.Traffic = []model.Traffic{connect(0, 3, 10, 0)}
	}
	type sysctlCase struct {
		key   string
		set   func(*model.Scenario, int)
		value int
	}
	for _, pc := range []struct {
		prof  string
		cases []sysctlCase
	}{
		{"linux-6.18", []sysctlCase{{"tcp_syncookies", cookies, 3}, {"tcp_syncookies", cookies, 255}, {"tcp_abort_on_overflow", abort, 2}}},
		{"linux-5.10", []sysctlCase{{"tcp_syncookies", cookies, 3}, {"tcp_syncookies", cookies, -1}}},
		{"linux-3.11", []sysctlCase{{"tcp_syncookies", cookies, 2}}}, // no mode 2 yet
		{"centos-6", []sysctlCase{{"tcp_syncookies", cookies, 2}}},
	} {
		prof := pc.prof
		for _, tc := range pc.cases {
			report := func(v int) string {
				sc := scenario(t, prof, 3*s1)
				tc.set(sc, v)
				var b strings.Builder
				if err := run(t, sc).WriteJSON(&b); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			if report(tc.value) != report(1) {
				t.Errorf("%s: %s = %d reports otherwise than 1", prof, tc.key, tc.value)
			}
			if report(0) == report(1) {
				t.Errorf("%s: the scenario reports alike with %s 0 and 1: it does not test the value", prof, tc.key)
			}
		}
	}
}

// floodRun runs a flood of spoofed SYNs (count at rate from 10 ms) against a listener with
// this backlog and syncookies setting, accepting everything, and returns the run.
func floodRun(t *testing.T, prof string, backlog, cookies, count int, rate model.Rate, dur model.Time) (*model.Sim, []model.Event) {
	t.Helper()
	sc := scenario(t, prof, dur)
	sc.Server.Backlog = backlog
	sc.Server.Sysctl.Syncookies = cookies
	sc.Traffic = []model.Traffic{flood(10*ms, count, rate)}
	return traced(t, sc)
}

func maxQueue(evs []model.Event, q model.Queue) int {
	n := 0
	for _, e := range evs {
		if e.Kind == model.EvQueue && e.Queue() == q {
			n = max(n, int(e.Value))
		}
	}
	return n
}

// TestSynQueueCapacityByVersion: spec 2.0. Up to 4.3 the SYN queue is a table sized at the
// first listen(): the smallest power of two above max(8, min(B, tcp_max_syn_backlog)); 4.4 to
// 6.12.0 it holds B; from 6.13, B+1, and so do the stable point releases that took the change
// (6.1.170 and 6.12.117, as the lab saw them), but not Debian 11's 5.10.223.
func TestSynQueueCapacityByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile      string
		backlog, msb int
		want         int
	}{
		{"linux-4.3", 511, 2048, 512}, {"linux-4.4", 511, 2048, 511}, {"linux-6.11", 511, 2048, 511}, {"linux-6.13", 511, 2048, 512},
		{"linux-6.1", 511, 2048, 512}, {"linux-6.12", 511, 2048, 512}, {"linux-6.6", 511, 2048, 511}, {"linux-7.2", 511, 2048, 512},
		{"debian-11", 511, 2048, 511}, {"debian-12", 511, 2048, 512}, {"debian-13", 511, 2048, 512}, {"linux-5.10", 511, 2048, 511},
		{"linux-4.3", 128, 2048, 256}, {"linux-4.3", 512, 2048, 1024}, {"linux-4.3", 511, 100, 128},
		{"linux-4.3", 0, 2048, 16}, {"linux-4.4", 0, 2048, 0}, {"linux-6.13", 0, 2048, 1},
		{"centos-6", 128, 512, 256}, {"centos-7", 128, 512, 256}, {"linux-2.6.32", 3, 1024, 16},
		// min() of unsigned numbers: a negative tcp_max_syn_backlog is huge, B decides.
		{"linux-4.3", 128, -1, 256}, {"centos-7", 511, -100, 512},
	} {
		sc := scenario(t, tc.profile, 2*s1)
		sc.Server.Backlog = tc.backlog
		sc.Server.Sysctl.Somaxconn = 4096
		sc.Server.Sysctl.MaxSynBacklog = tc.msb
		sc.Traffic = []model.Traffic{flood(10*ms, 3000, 10000)}
		s, evs := traced(t, sc)
		if got := maxQueue(evs, model.SynQueue); got != tc.want {
			t.Errorf("%s backlog %d msb %d: the SYN queue reached %d, want %d", tc.profile, tc.backlog, tc.msb, got, tc.want)
		}
		if got := s.Limits().SynQueueCap; got != tc.want {
			t.Errorf("%s backlog %d msb %d: Limits().SynQueueCap = %d, want %d", tc.profile, tc.backlog, tc.msb, got, tc.want)
		}
	}
}

// TestSecondListenResizesOnlyFrom44: spec 2.6 step 4. A second listen() changes B in every
// version, the SYN queue's size only from 4.4.
func TestSecondListenResizesOnlyFrom44(t *testing.T) {
	for _, tc := range []struct {
		profile string
		want    int
	}{{"linux-4.3", 16}, {"linux-4.4", 100}} {
		sc := scenario(t, tc.profile, 2*s1)
		sc.Server.Backlog = 4
		sc.Changes = []model.Change{{At: 5 * ms, Kind: model.ChangeBacklog, Value: 100}}
		sc.Traffic = []model.Traffic{flood(10*ms, 1000, 10000)}
		s, evs := traced(t, sc)
		if got := maxQueue(evs, model.SynQueue); got != tc.want {
			t.Errorf("%s: after listen(4) then listen(100) the SYN queue reached %d, want %d", tc.profile, got, tc.want)
		}
		if s.Limits().Backlog != 100 {
			t.Errorf("%s: B = %d after listen(100), want 100", tc.profile, s.Limits().Backlog)
		}
	}
}

// TestYoungRuleUntil49: spec 2.1 C. With the accept queue full, 4.10+ drops every SYN; up to
// 4.9 only while more than one request is young, so the first SYNs are still answered.
func TestYoungRuleUntil49(t *testing.T) {
	drops := map[string]int{}
	for _, prof := range []string{"linux-4.9", "linux-4.10"} {
		sc := scenario(t, prof, 600*ms)
		sc.Server.Backlog = 3 // the accept queue holds 4, the SYN queue 3
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}}
		sc.Traffic = []model.Traffic{connect(0, 8, 50, 0)}
		_, evs := traced(t, sc)
		for _, e := range evs {
			if e.Kind == model.EvDrop && e.Reason() == model.DropAcceptQueueFullSyn && e.Flags == model.SYN {
				drops[prof]++
			}
		}
	}
	// Clients 4–7 find the accept queue full. 4.10 drops all four SYNs; 4.9 answers the first
	// two (young 0, then 1) and drops the others.
	if drops["linux-4.10"] != 4 || drops["linux-4.9"] != 2 {
		t.Errorf("SYNs dropped for a full accept queue: %v, want 4.9: 2 and 4.10: 4", drops)
	}
}

// TestSynDropCountersByVersion: spec 2.1 B–D and 4.2. SYNs dropped for a full SYN queue
// count nothing on 2.6.32 and CentOS 6; TCPReqQFullDrop exists from 3.1; ListenDrops counts
// SYN drops from 3.10.
func TestSynDropCountersByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile         string
		hasReqQFull     bool
		reqQFull, drops bool
	}{
		{"linux-2.6.32", false, false, false}, {"centos-6", false, false, false}, {"linux-3.0", false, false, false},
		{"linux-3.1", true, true, false}, {"linux-3.9", true, true, false},
		{"linux-3.10", true, true, true}, {"centos-7", true, true, true}, {"linux-6.18", true, true, true},
	} {
		s, evs := floodRun(t, tc.profile, 8, 0, 200, 10000, 200*ms)
		dropped := drops(evs, model.DropSynQueueFull)
		cp := s.Checkpoint()
		q, has := cp.Nstat.Get("TcpExtTCPReqQFullDrop")
		d, _ := cp.Nstat.Get("TcpExtListenDrops")
		if dropped == 0 {
			t.Fatalf("%s: no SYN was dropped for a full SYN queue", tc.profile)
		}
		if has != tc.hasReqQFull || (q > 0) != tc.reqQFull || (d > 0) != tc.drops {
			t.Errorf("%s: %d SYNs dropped; TCPReqQFullDrop present %v = %d, ListenDrops = %d; want present %v, counting %v, ListenDrops counting %v",
				tc.profile, dropped, has, q, d, tc.hasReqQFull, tc.reqQFull, tc.drops)
		}
		if tc.drops && (d != uint64(dropped) || q != uint64(dropped)) {
			t.Errorf("%s: %d dropped but TCPReqQFullDrop %d, ListenDrops %d", tc.profile, dropped, q, d)
		}
	}
}

// TestCookieListenDropsQuirk: spec 2.1 G. From 3.10 to 4.6 every cookie sent also counts
// ListenDrops; not before, not after.
func TestCookieListenDropsQuirk(t *testing.T) {
	for _, tc := range []struct {
		profile string
		quirk   bool
	}{{"linux-3.9", false}, {"linux-3.10", true}, {"centos-7", true}, {"linux-4.6", true}, {"linux-4.7", false}, {"centos-6", false}} {
		s, _ := floodRun(t, tc.profile, 8, 1, 200, 10000, 200*ms)
		cs := s.Counters()
		sent, dropsN := cs.Get(model.SyncookiesSent), cs.Get(model.ListenDrops)
		if sent < 150 {
			t.Fatalf("%s: only %d cookies", tc.profile, sent)
		}
		if (dropsN == sent) != tc.quirk || (!tc.quirk && dropsN != 0) {
			t.Errorf("%s: SyncookiesSent %d, ListenDrops %d; want ListenDrops counting every cookie: %v", tc.profile, sent, dropsN, tc.quirk)
		}
	}
}

// strayAckRun: client 2's ACK meets the full accept queue (overflowScenario), its request
// expires after the SYN-ACK retries, and its data retransmissions then reach the listener with
// no request: spec 2.3 with syncookies 1 but no cookie ever sent.
func strayAckRun(t *testing.T, prof string) model.Checkpoint {
	return last(run(t, overflowScenarioOn(t, prof, 0, 100, 200*s1)))
}

// TestStrayAckSyncookiesFailed: spec 2.3 step 3. Up to 3.18 an ACK that finds the cookie gate
// closed counts SyncookiesFailed; from 4.0 it gets its RST and counts nothing.
func TestStrayAckSyncookiesFailed(t *testing.T) {
	for _, tc := range []struct {
		profile string
		failed  bool
	}{{"linux-3.18", true}, {"centos-6", true}, {"centos-7", true}, {"linux-4.0", false}, {"linux-6.18", false}} {
		cp := strayAckRun(t, tc.profile)
		f := nstat(t, cp, "TcpExtSyncookiesFailed")
		if (f > 0) != tc.failed || nstat(t, cp, "TcpOutRsts") == 0 || cp.Clients.Reset != 1 {
			t.Errorf("%s: SyncookiesFailed %d, OutRsts %d, clients %+v; want failures counted: %v, a RST, one client reset",
				tc.profile, f, nstat(t, cp, "TcpOutRsts"), cp.Clients, tc.failed)
		}
	}
}

// TestCookieGateWindow: spec 1.2 and 2.3 step 3. A cookie ACK that waited in the client's
// retransmissions is accepted while the listener sent a cookie within 3 s (up to 4.1) or
// 120 s (4.2+). In mode 2 client 2 gets a cookie, its ACK meets the full accept queue and is
// discarded; accept() starts at 5 s, when only 4.2+ still takes its data.
func TestCookieGateWindow(t *testing.T) {
	for _, tc := range []struct {
		profile string
		ok      bool
	}{{"linux-4.1", false}, {"linux-4.2", true}} {
		sc := scenario(t, tc.profile, 10*s1)
		sc.Server.Backlog = 1
		sc.Server.Sysctl.Syncookies = 2
		sc.Server.App = []model.AppStep{{Mode: model.AcceptNone}, {At: 5 * s1, Mode: model.AcceptAll}}
		sc.Traffic = []model.Traffic{connect(0, 3, 100, 100)}
		cp := last(run(t, sc))
		if got := cp.Accepted == 3; got != tc.ok {
			t.Errorf("%s: accepted %d, clients %+v; want the late cookie ACK accepted: %v", tc.profile, cp.Accepted, cp.Clients, tc.ok)
		}
		if !tc.ok && cp.Clients.Reset != 1 {
			t.Errorf("%s: clients %+v, want the third reset after the gate closed", tc.profile, cp.Clients)
		}
	}
}

// TestFloodLogLines: spec 4.3, the wordings and how often each is printed.
func TestFloodLogLines(t *testing.T) {
	const cookies = "Sending cookies"
	for _, tc := range []struct {
		profile string
		cookies int
		want    []string
	}{
		{"linux-2.6.32", 1, []string{"possible SYN flooding on port 80. Sending cookies."}},
		{"linux-2.6.32", 0, nil},
		{"centos-6", 1, []string{"possible SYN flooding on port 80. Sending cookies."}},
		{"linux-3.1", 0, []string{"TCP: Possible SYN flooding on port 80. Dropping request.  Check SNMP counters."}},
		{"linux-3.10", 0, []string{"TCP: TCP: Possible SYN flooding on port 80. Dropping request.  Check SNMP counters."}},
		{"linux-3.11", 1, []string{"TCP: TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters."}},
		{"linux-3.12", 2, nil},
		{"linux-3.17", 1, []string{"TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters."}},
		{"centos-7", 1, []string{"TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters."}},
		{"linux-6.5", 1, []string{"TCP: request_sock_TCP: Possible SYN flooding on port 80. Sending cookies.  Check SNMP counters."}},
		{"linux-6.6", 1, []string{"TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."}},
		{"linux-6.18", 0, []string{"TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Dropping request."}},
	} {
		s, _ := floodRun(t, tc.profile, 8, tc.cookies, 100, 1000, 2*s1)
		var got []string
		for _, l := range s.Log() {
			got = append(got, l.Text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s syncookies %d: log %q, want %q", tc.profile, tc.cookies, got, tc.want)
		}
	}
	_ = cookies
}

// TestFloodLogRateLimits: spec 4.3. 2.6.36–3.0 print a line for every overflow through
// net_ratelimit (ten per five seconds); 2.6.32 at most once a minute; 3.1+ once per listener.
func TestFloodLogRateLimits(t *testing.T) {
	for _, tc := range []struct {
		profile string
		dur     model.Time
		want    int
	}{{"linux-2.6.36", 12 * s1, 30}, {"linux-3.0", 12 * s1, 30}, {"linux-2.6.35", 130 * s1, 3}, {"linux-3.1", 130 * s1, 1}} {
		s, _ := floodRun(t, tc.profile, 8, 1, int(tc.dur/s1)*200, 200, tc.dur)
		if got := len(s.Log()); got != tc.want {
			t.Errorf("%s: %d lines in %v of flood, want %d", tc.profile, got, tc.dur, tc.want)
		}
	}
}

// TestSynAckScheduleByVersion: spec 1.2 and 2.4. A half-open request's SYN-ACK re-sends: per
// request at 1, 3, 7, 15, 31 s from 4.4; up to 4.3 found by the listener's sweep, late by up to
// T/2 each time and counting on from when it was handled; every 3 s from a first timeout of
// 3 s before 3.1; 1 s again in CentOS 6.
func TestSynAckScheduleByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile string
		base    model.Time
		lag     model.Time // how late a sweep may find a due request
	}{
		{"linux-4.4", s1, 0}, {"linux-6.18", s1, -1}, {"linux-4.3", s1, s1 / 2}, {"linux-3.0", 3 * s1, 3 * s1 / 2},
		{"linux-2.6.32", 3 * s1, 3 * s1 / 2}, {"centos-6", s1, s1 / 2},
	} {
		sc := scenario(t, tc.profile, 400*s1)
		sc.Traffic = []model.Traffic{flood(0, 1, 0)}
		_, evs := traced(t, sc)
		var times []model.Time
		for _, e := range evs {
			if e.Kind == model.EvSend && e.Flags == model.SYN|model.ACK {
				times = append(times, e.At)
			}
		}
		if len(times) != 6 {
			t.Errorf("%s: %d SYN-ACKs at %v, want the first and 5 re-sends", tc.profile, len(times), times)
			continue
		}
		for i := 1; i < len(times); i++ {
			gap, ideal := times[i]-times[i-1], tc.base<<(i-1)
			slack := tc.lag
			if slack < 0 {
				slack = bucket(ideal) // 4.8+: the timer wheel's rounding
			}
			// A timer counts whole jiffies from the jiffy it was armed in: up to one early.
			if gap < ideal-jiffy || gap > ideal+slack {
				t.Errorf("%s: re-send %d came %v after the one before, want %v plus at most %v", tc.profile, i, gap, ideal, slack)
			}
		}
	}
}

// TestTimeoutCountersByVersion: spec 2.4 steps 6–7 and 4.2. TCPTimeouts and RetransSegs count
// the request timer from 2.6.34 (not CentOS 6); TCPSynRetrans exists from 3.15.
func TestTimeoutCountersByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile             string
		counted, synRetrans bool
	}{{"linux-2.6.33", false, false}, {"centos-6", false, false}, {"linux-2.6.34", true, false}, {"linux-3.14", true, false}, {"linux-3.15", true, true}} {
		s, _ := floodRun(t, tc.profile, 8, 1, 1, 1, 20*s1)
		cp := s.Checkpoint()
		to, _ := cp.Nstat.Get("TcpExtTCPTimeouts")
		rs, _ := cp.Nstat.Get("TcpRetransSegs")
		_, hasSR := cp.Nstat.Get("TcpExtTCPSynRetrans")
		if (to > 0) != tc.counted || (rs > 0) != tc.counted || hasSR != tc.synRetrans {
			t.Errorf("%s: TCPTimeouts %d, RetransSegs %d, TCPSynRetrans present %v; want counting %v, present %v",
				tc.profile, to, rs, hasSR, tc.counted, tc.synRetrans)
		}
	}
}

// TestCookieInternalsByVersion: spec 3.1–3.4, what a cookie carries in each era.
func TestCookieInternalsByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile      string
		hash         string
		table        int
		maxAge, bits int
	}{
		{"linux-2.6.32", "SHA-1", 8, 4, 9}, {"linux-2.6.36", "SHA-1", 8, 4, 6}, {"linux-3.12", "SHA-1", 8, 4, 6},
		{"linux-3.13", "SHA-1", 4, 2, 6}, {"linux-4.10", "SHA-1", 4, 2, 6}, {"linux-4.11", "SipHash", 4, 2, 6},
		{"centos-6", "SHA-1", 4, 2, 9}, {"centos-7", "SHA-1", 4, 2, 6},
	} {
		sc := scenario(t, tc.profile, 100*ms)
		sc.Server.Backlog = 0
		sc.Server.Sysctl.Syncookies = 1
		sc.Traffic = []model.Traffic{{Kind: model.Flood, At: 0, Count: 40, Rate: 1000,
			Options: model.SynOptions{MSS: 1400, WScale: 7, SACK: true, TS: true}}}
		s, _ := traced(t, sc)
		c, ok := s.LastCookie()
		if !ok {
			t.Fatalf("%s: no cookie was made", tc.profile)
		}
		if !strings.HasPrefix(c.Hash, tc.hash) || len(c.MSSTable) != tc.table || c.MaxAge != tc.maxAge || c.TSBits != tc.bits {
			t.Errorf("%s: hash %q, %d-entry table, max age %d, %d TS bits; want %s, %d, %d, %d",
				tc.profile, c.Hash, len(c.MSSTable), c.MaxAge, c.TSBits, tc.hash, tc.table, tc.maxAge, tc.bits)
		}
		// spec 3.1: the ISN is h1 + client ISN + count<<24 + ((h2 + MSS index) mod 2^24).
		if want := c.H1 + c.ClientISN + c.Count<<24 + (c.H2+uint32(c.MSSIndex))&(1<<24-1); c.ISN != want {
			t.Errorf("%s: ISN %#x does not take apart: want %#x", tc.profile, c.ISN, want)
		}
		// spec 3.2: the largest table entry not above the client's 1400.
		if c.MSS > 1400 || (c.MSSIndex+1 < len(c.MSSTable) && c.MSSTable[c.MSSIndex+1] <= 1400) {
			t.Errorf("%s: MSS %d (index %d of %v) for a client MSS of 1400", tc.profile, c.MSS, c.MSSIndex, c.MSSTable)
		}
		if c.TSval&(1<<c.TSBits-1) != c.Options {
			t.Errorf("%s: TSval %#x does not end in the option bits %#x", tc.profile, c.TSval, c.Options)
		}
		if _, ok := s.CheckCookie(c); !ok {
			t.Errorf("%s: a fresh cookie does not check", tc.profile)
		}
	}
}

// TestClientSynScheduleByVersion: spec 2.7, connect()'s SYNs when nothing answers.
func TestClientSynScheduleByVersion(t *testing.T) {
	for _, tc := range []struct {
		profile  string
		syns     []model.Time // in seconds
		timedOut model.Time
	}{
		{"linux-2.6.32", []model.Time{0, 3, 9}, 21},
		{"linux-2.6.36", []model.Time{0, 3, 9, 21, 45, 93}, 189},
		{"centos-6", []model.Time{0, 1, 3, 7, 15, 31}, 63},
		{"linux-3.6", []model.Time{0, 1, 3, 7, 15, 31}, 63},
		{"linux-3.7", []model.Time{0, 1, 3, 7, 15, 31, 63}, 127},
		{"centos-7", []model.Time{0, 1, 3, 7, 15, 31, 63}, 127},
		{"linux-6.4", []model.Time{0, 1, 3, 7, 15, 31, 63}, 127},
		{"linux-6.5", []model.Time{0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67}, 131},
	} {
		syns, timedOut := unansweredSyns(t, tc.profile)
		got := append(syns, timedOut)
		want := append(tc.syns, tc.timedOut)
		if len(got) != len(want) {
			t.Errorf("%s: SYNs at %v and ETIMEDOUT at %v, want SYNs at %v s and ETIMEDOUT at %v s", tc.profile, syns, timedOut, tc.syns, tc.timedOut)
			continue
		}
		wheel := profile(t, tc.profile).WheelRounding
		for i := 1; i < len(got); i++ {
			gap, ideal := got[i]-got[i-1], (want[i]-want[i-1])*s1
			slack := jiffy
			if wheel {
				slack = bucket(ideal) // 4.8+: the timer wheel's rounding
			}
			if gap < ideal-jiffy || gap > ideal+slack {
				t.Errorf("%s: gap %d is %v, want %v (SYNs at %v, ETIMEDOUT at %v)", tc.profile, i, gap, ideal, syns, timedOut)
			}
		}
	}
}

// jiffy is one tick at the model's HZ of 250.
const jiffy = 4 * ms

// unansweredSyns runs one client of the profile against a listener that drops every SYN and
// returns when its SYNs left and when connect() gave up.
func unansweredSyns(t *testing.T, prof string) ([]model.Time, model.Time) {
	t.Helper()
	sc := scenario(t, prof, 300*s1)
	sc.Traffic = []model.Traffic{connect(0, 1, 0, 0)}
	s, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	model.DropAllSyns(s)
	var syns []model.Time
	var gaveUp model.Time
	s.Trace().AddObserver(func(e model.Event) {
		switch {
		case e.Kind == model.EvSend && e.Flags == model.SYN && e.Attr&model.AttrToServer != 0:
			syns = append(syns, e.At)
		case e.Kind == model.EvClient && model.ClientState(e.Sub) == model.ClientTimedOut:
			gaveUp = e.At
		}
	})
	s.RunUntil(sc.Duration)
	return syns, gaveUp
}

// TestDropReasonsNameTheProfilesCounters: a drop's explanation names the counters that
// profile's kernel moves (spec 2.1, 4.2).
func TestDropReasonsNameTheProfilesCounters(t *testing.T) {
	for _, tc := range []struct {
		profile string
		r       model.Reason
		want    string
	}{
		{"linux-6.18", model.DropSynQueueFull, "SYN queue full and syncookies off: SYN dropped, TCPReqQFullDrop+1, ListenDrops+1"},
		{"linux-3.1", model.DropSynQueueFull, "SYN queue full and syncookies off: SYN dropped, TCPReqQFullDrop+1"},
		{"centos-6", model.DropSynQueueFull, "SYN queue full and syncookies off: SYN dropped, no counter moves"},
		{"linux-6.18", model.DropAcceptQueueFullSyn, "accept queue full: SYN dropped, ListenOverflows+1, ListenDrops+1"},
		{"linux-4.9", model.DropAcceptQueueFullSyn, "accept queue full and more than one young request: SYN dropped, ListenOverflows+1, ListenDrops+1"},
		{"centos-6", model.DropAcceptQueueFullAck, "accept queue full: ACK dropped, request kept, ListenOverflows+1, ListenDrops+1"},
	} {
		if got := tc.r.For(profile(t, tc.profile)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.profile, got, tc.want)
		}
	}
}
