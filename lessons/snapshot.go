package lessons

import (
	"fmt"
	"slices"

	"synq/model"
)

// Snapshot is what a check reads: the state of one run at one moment.
type Snapshot struct {
	At         model.Time // simulated time of the run
	Profile    string     // the kernel profile's name
	Kernel     *model.Profile
	Port       uint16 // the listening port
	Checkpoint model.Checkpoint
	Limits     model.Limits
	// Peaks of the queues since the step started (the state at the moment when nothing watched).
	PeakSynQueue, PeakAcceptQueue int
	// Cookie is the last syncookie the listener made up to At, taken apart; nil if none.
	Cookie *model.Cookie
	// CookieValid: an ACK returning Cookie now would decode (it has not grown too old).
	CookieValid bool
}

// Take reads a running model's state now, for a user interface that wants to evaluate a check
// on the run it shows. The peaks are the current lengths: a Watch records them over time.
func Take(sim *model.Sim) *Snapshot {
	s := &Snapshot{At: sim.Now(), Profile: sim.Profile().Name, Kernel: sim.Profile(), Port: sim.Scenario().Server.Port, Checkpoint: sim.Checkpoint(), Limits: sim.Limits()}
	s.PeakSynQueue, s.PeakAcceptQueue = s.Checkpoint.SynRecv, s.Checkpoint.Listener.RecvQ
	if c, ok := sim.LastCookie(); ok {
		s.Cookie = &c
		_, s.CookieValid = sim.CheckCookie(c)
	}
	return s
}

// cookieTS decodes the options a cookie carries in the low bits of its SYN-ACK's TSval
// (spec 3.4): the client's window scale (15: none with TSBITS 6), SACK and ECN. ok is false
// when the SYN-ACK carries no timestamp, so no options.
func cookieTS(c *model.Cookie) (wscale int, sack, ecn, ok bool) {
	if !c.TS {
		return 0, false, false, false
	}
	bits := c.Options
	if c.TSBits == 9 { // spec 3.4: 2.6.32 and EL6: bits 0-3 client wscale, 4-7 ours, 8 SACK
		return int(bits & 0xf), bits&(1<<8) != 0, false, true
	}
	return int(bits & 0xf), bits&(1<<4) != 0, bits&(1<<5) != 0, true
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func cookieField(f func(c *model.Cookie) (int64, error)) func(s *Snapshot) (int64, error) {
	return func(s *Snapshot) (int64, error) {
		if s.Cookie == nil {
			return 0, fmt.Errorf("no syncookie has been made by %s", s.At)
		}
		return f(s.Cookie)
	}
}

func cookieNum(f func(c *model.Cookie) int64) func(s *Snapshot) (int64, error) {
	return cookieField(func(c *model.Cookie) (int64, error) { return f(c), nil })
}

func tsField(pick func(wscale int, sack, ecn bool) int64) func(s *Snapshot) (int64, error) {
	return cookieField(func(c *model.Cookie) (int64, error) {
		w, sack, ecn, ok := cookieTS(c)
		if !ok {
			return 0, fmt.Errorf("the last cookie SYN-ACK carries no timestamp, so no options")
		}
		return pick(w, sack, ecn), nil
	})
}

func num(f func(s *Snapshot) int) func(s *Snapshot) (int64, error) {
	return func(s *Snapshot) (int64, error) { return int64(f(s)), nil }
}

// names is every name a check may read besides the nstat counters. Keep the doc strings short:
// `synq lessons --names` prints them.
var names = slices.Concat(stateNames, sysctlNames(), cookieNames)

// sysctlNames are the server sysctls as they stand, one name each from the model's sysctl
// table: sysctl.tcp_syncookies reads net.ipv4.tcp_syncookies (0 where the profile lacks it).
func sysctlNames() []nameInfo {
	var out []nameInfo
	for _, sc := range model.AllSysctls() {
		if sc.Client {
			continue
		}
		key := sc.Key
		out = append(out, nameInfo{"sysctl." + sc.Name(), key + " as it stands", num(func(s *Snapshot) int {
			v, _ := s.Limits.Sysctl.Value(key)
			return v
		})})
	}
	return out
}

// stateNames are the queues, the clients and the listener's limits.
var stateNames = []nameInfo{
	{"recv_q", "Recv-Q of `ss -ltn`: connections in the accept queue", num(func(s *Snapshot) int { return s.Checkpoint.Listener.RecvQ })},
	{"send_q", "Send-Q of `ss -ltn`: the backlog after the somaxconn clamp", num(func(s *Snapshot) int { return s.Checkpoint.Listener.SendQ })},
	{"syn_recv", "half-open requests, as `ss -tn state syn-recv` counts them", num(func(s *Snapshot) int { return s.Checkpoint.SynRecv })},
	{"accepted", "connections the application has accept()ed", num(func(s *Snapshot) int { return s.Checkpoint.Accepted })},
	{"clients.syn_sent", "genuine clients still in SYN-SENT", num(func(s *Snapshot) int { return s.Checkpoint.Clients.SynSent })},
	{"clients.established", "genuine clients that believe they are connected", num(func(s *Snapshot) int { return s.Checkpoint.Clients.Established })},
	{"clients.reset", "genuine clients whose connection was reset", num(func(s *Snapshot) int { return s.Checkpoint.Clients.Reset })},
	{"clients.timed_out", "genuine clients whose connect() timed out", num(func(s *Snapshot) int { return s.Checkpoint.Clients.TimedOut })},
	{"clients.refused", "genuine clients refused by a RST to their SYN", num(func(s *Snapshot) int { return s.Checkpoint.Clients.Refused })},
	{"syn_queue", "the SYN queue's length (qlen), the same as syn_recv", num(func(s *Snapshot) int { return s.Checkpoint.SynRecv })},
	{"accept_queue", "the accept queue's length, the same as recv_q", num(func(s *Snapshot) int { return s.Checkpoint.Listener.RecvQ })},
	{"syn_queue_cap", "half-open requests the SYN queue admits", num(func(s *Snapshot) int { return s.Limits.SynQueueCap })},
	{"accept_queue_cap", "connections the accept queue holds (B+1 on Linux)", num(func(s *Snapshot) int { return s.Limits.AcceptQueueCap })},
	{"backlog", "B: the listen() backlog after the somaxconn clamp", num(func(s *Snapshot) int { return s.Limits.Backlog })},
	{"peak.syn_queue", "the longest the SYN queue was since the step started", num(func(s *Snapshot) int { return s.PeakSynQueue })},
	{"peak.accept_queue", "the longest the accept queue was since the step started", num(func(s *Snapshot) int { return s.PeakAcceptQueue })},
	{"log.count", "kernel log lines printed so far", num(func(s *Snapshot) int { return len(s.Checkpoint.Log) })},
}

// cookieNames take the last syncookie apart.
var cookieNames = []nameInfo{
	{"cookie.isn", "the last syncookie: its SYN-ACK's sequence number", cookieNum(func(c *model.Cookie) int64 { return int64(c.ISN) })},
	{"cookie.client_isn", "the sequence number of the SYN it answers", cookieNum(func(c *model.Cookie) int64 { return int64(c.ClientISN) })},
	{"cookie.h1", "H(addresses, ports, 0, secret 0), added to the whole ISN", cookieNum(func(c *model.Cookie) int64 { return int64(c.H1) })},
	{"cookie.h2", "H(addresses, ports, count, secret 1), added to the low 24 bits", cookieNum(func(c *model.Cookie) int64 { return int64(c.H2) })},
	{"cookie.count", "the minutes counter it was made in (its top 8 bits)", cookieNum(func(c *model.Cookie) int64 { return int64(c.Count) })},
	{"cookie.mss", "the MSS it encodes: an entry of the kernel's MSS table", cookieNum(func(c *model.Cookie) int64 { return int64(c.MSS) })},
	{"cookie.mss_index", "that entry's index (in its low 24 bits)", cookieNum(func(c *model.Cookie) int64 { return int64(c.MSSIndex) })},
	{"cookie.mss_table_size", "how many entries the kernel's MSS table has", cookieNum(func(c *model.Cookie) int64 { return int64(len(c.MSSTable)) })},
	{"cookie.max_age", "minutes-counter steps it stays valid", cookieNum(func(c *model.Cookie) int64 { return int64(c.MaxAge) })},
	{"cookie.sha1", "1 if the kernel's cookie hash is SHA-1 (up to 4.10), 0 for SipHash (4.11+)", func(s *Snapshot) (int64, error) {
		return b2i(s.Kernel.CookieHash == model.CookieSHA1), nil
	}},
	{"cookie.valid", "1 if an ACK returning it now would decode (not too old)", func(s *Snapshot) (int64, error) {
		if s.Cookie == nil {
			return 0, fmt.Errorf("no syncookie has been made by %s", s.At)
		}
		return b2i(s.CookieValid), nil
	}},
	{"cookie.wscale", "the client's window scale the cookie keeps, -1 for none", cookieNum(func(c *model.Cookie) int64 { return int64(c.WScale) })},
	{"cookie.sack", "1 if the cookie keeps SACK", cookieNum(func(c *model.Cookie) int64 { return b2i(c.SACK) })},
	{"cookie.ts", "1 if its SYN-ACK carries a timestamp, so options survive", cookieNum(func(c *model.Cookie) int64 { return b2i(c.TS) })},
	{"cookie.tsval", "its SYN-ACK's TSval", cookieNum(func(c *model.Cookie) int64 { return int64(c.TSval) })},
	{"cookie.ts_bits", "how many low bits of the TSval carry options", cookieNum(func(c *model.Cookie) int64 { return int64(c.TSBits) })},
	{"cookie.ts_options", "those bits", cookieNum(func(c *model.Cookie) int64 { return int64(c.Options) })},
	{"cookie.ts_wscale", "the client's window scale as the TSval carries it (15: none)", tsField(func(w int, _, _ bool) int64 { return int64(w) })},
	{"cookie.ts_sack", "1 if the TSval carries SACK", tsField(func(_ int, sack, _ bool) int64 { return b2i(sack) })},
	{"cookie.ts_ecn", "1 if the TSval carries ECN", tsField(func(_ int, _, ecn bool) int64 { return b2i(ecn) })},
}

// counterNames lists every nstat counter the model knows, whatever the profile.
func counterNames() []string {
	var out []string
	for c := model.Counter(0); ; c++ {
		s := c.String()
		if _, ok := model.CounterByName(s); !ok {
			return out
		}
		out = append(out, s)
	}
}
