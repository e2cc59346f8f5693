package model

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Version is a kernel release, compared by major then minor.
type Version struct{ Major, Minor int }

// AtLeast reports whether v is release major.minor or later.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

// String gives the release as "6.18".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// SynQueueRule is how a kernel decides that the SYN queue is full (kernel-spec.md 2.0).
type SynQueueRule uint8

// SYN-queue rules.
const (
	SynQueueGE   SynQueueRule = iota // 4.4 … 6.12.0: full when qlen >= B
	SynQueueGT                       // 6.13+ and the stable point releases of stableSynQueueGT: full when qlen > B, so it admits B+1
	SynQueuePow2                     // ≤4.3: a table sized at the first listen(), full when qlen >= its size
	SynQueueBSD                      // 4.4BSD: one limit for both queues together (spec 5.1)
)

// CookieHash is the hash a kernel's syncookies use (spec 3.1).
type CookieHash uint8

// Cookie hashes.
const (
	CookieSipHash CookieHash = iota // 4.11+: siphash_4u32 with a 128-bit key
	CookieSHA1                      // ≤4.10: one SHA-1 compression of a 64-byte block
)

// DupSynRule is what a retransmitted SYN for a queued request does (spec 2.2 step 2).
type DupSynRule uint8

// Duplicate-SYN rules.
const (
	DupSynRateLimited DupSynRule = iota // 4.4+: re-send, rate-limited; a pending timer is re-armed
	DupSynRearm                         // 3.x–4.3: re-send, and the request's next timeout moves to now + T<<n
	DupSynResend                        // 2.6.x, EL6: re-send at once, timer unchanged
)

// LogScope is how often the "Possible SYN flooding" line is printed (spec 4.3).
type LogScope uint8

// Log scopes.
const (
	LogOncePerListener LogScope = iota // 3.1+: the first overflow of each listener
	LogEveryOverflow                   // 2.6.36–3.0: every overflow, through net_ratelimit
	LogGlobalMinute                    // ≤2.6.35, EL6: at most once a minute for the whole machine
)

// FloodLog is a kernel's "Possible SYN flooding" line and when it is printed (spec 4.3).
type FloodLog struct {
	Format      string   // fmt pattern given the port (or address:port) and the action
	AddrPort    bool     // 6.6+: the listener's address:port instead of the port number
	CookiesOnly bool     // ≤2.6.35, EL6: printed only when cookies are sent
	Scope       LogScope // how often
	Mode2Silent bool     // 3.12+: never printed in syncookies mode 2
}

// Profile is one modelled kernel: every version-dependent rule the model follows, as data
// derived from the version thresholds of kernel-spec.md. The genuine clients use the same
// kernel's client stack (spec 2.7), except on bsd-4.4, whose clients are the newest Linux.
type Profile struct {
	Name    string  // as scenario files name it: "linux-6.18", "centos-7", "bsd-4.4"
	Version Version // the kernel release (the base release for a distribution kernel)
	// Point is the stable point release whose behaviour the profile follows where it differs
	// from the .0 release ("6.1.170"); empty: the release as the spec describes it.
	Point string
	HZ    int  // timer ticks per second; kernel timers run on this jiffy grid
	BSD   bool // the 4.4BSD single queue of spec 5.1 instead of a Linux listener

	SynQueue       SynQueueRule // spec 2.0
	YoungRule      bool         // spec 2.1 C: ≤4.9 a full accept queue drops a SYN only when young > 1
	SynPathCounts  bool         // spec 2.1 C/D: 3.10+ SYN drops count ListenOverflows/ListenDrops
	CookieDrops    bool         // spec 2.1 G: 3.10–4.6 every cookie sent also counts ListenDrops
	ReqQFull       bool         // spec 2.1 B, 4.2: 3.1+ counts TCPReqQFullDoCookies / TCPReqQFullDrop
	StrayAckFailed bool         // spec 2.3 step 3: ≤3.18 a closed cookie gate counts SyncookiesFailed
	StampEvery     bool         // spec 2.1 G: ≤4.1 every cookie refreshes the overflow stamp
	GateFuture     bool         // spec 2.3 step 3: 5.x+ tolerates a stamp up to 1 s in the future
	OptionCheck    bool         // spec 2.3 step 6: 2.6.36+ a cookie needing a disabled option fails
	SynAckCounts   bool         // spec 2.4 steps 6–7: 2.6.34+ counts TCPTimeouts and RetransSegs
	SynRetrans     bool         // spec 4.2: 3.15+ has TCPSynRetrans
	DupSyn         DupSynRule   // spec 2.2 step 2
	Sweep          bool         // spec 2.4: ≤4.3 one listener timer sweeps the request table
	WheelRounding  bool         // 4.8+: timers sit in the non-cascading wheel and fire late
	Backlog16      bool         // spec 1.1: ≤4.0 the backlog is stored in 16 bits
	CookieMode2    bool         // spec 1.1: 3.12+ (and EL7) read tcp_syncookies 2 as a cookie for every SYN
	Log            FloodLog     // spec 4.3

	TimeoutInit    Time       // spec 1.2 TCP_TIMEOUT_INIT: first SYN-ACK / SYN timeout
	RTOMax         Time       // spec 1.2 TCP_RTO_MAX
	RTOMin         Time       // spec 1.2 TCP_RTO_MIN
	SynGiveUpBase  Time       // spec 2.7: the unit of the client's SYN give-up time
	CookieHash     CookieHash // spec 3.1
	CookieMaxAge   int        // spec 3.1: minutes-counter steps a cookie stays valid
	CookieValidFor Time       // spec 1.2: the recent-overflow gate for returning cookies
	CookieMSS      []int      // spec 3.2: the IPv4 MSS table
	CookieTSBits   int        // spec 3.4: option bits carried in the SYN-ACK's TSval
	InvalidRate    Time       // spec 1.1 tcp_invalid_ratelimit: SYN-ACK re-sends for dup SYNs

	ServerDefaults ServerSysctl
	ClientDefaults ClientSysctl
	sysctls        []sysctlRule
	counters       []Counter
}

// Counters lists the nstat counters this profile's kernel has, in report order.
func (p *Profile) Counters() []Counter { return p.counters }

// HasCounter reports whether the profile's kernel has the counter.
func (p *Profile) HasCounter(c Counter) bool {
	for _, k := range p.counters {
		if k == c {
			return true
		}
	}
	return false
}

// knownLinux are the mainline releases from 3.0 the model has profiles for, oldest first
// (2.6.32 to 2.6.39 come before them): every release up to the newest the project knows.
var knownLinux = func() []Version {
	var vs []Version
	for _, series := range []struct{ major, last int }{{3, 19}, {4, 20}, {5, 19}, {6, 19}, {7, 2}} {
		for minor := 0; minor <= series.last; minor++ {
			vs = append(vs, Version{series.major, minor})
		}
	}
	return vs
}()

// distros are the profiles that are not mainline releases.
var distros = []string{"centos-6", "centos-7", "debian-11", "debian-12", "debian-13", "bsd-4.4"}

// Newest is the default profile when a scenario names none: the newest release the project's
// reference machine runs. Newer releases have profiles too (up to newestLinux).
var Newest = "linux-6.18"

// newestLinux is the newest Linux release the model has a profile for.
var newestLinux = knownLinux[len(knownLinux)-1]

// KnownProfiles lists every profile name the model accepts: the Linux releases oldest first,
// then the distribution kernels and BSD.
func KnownProfiles() []string {
	var names []string
	for minor := 32; minor <= 39; minor++ {
		names = append(names, fmt.Sprintf("linux-2.6.%d", minor))
	}
	for _, v := range knownLinux {
		names = append(names, "linux-"+v.String())
	}
	return append(names, distros...)
}

// LookupProfile returns the profile for a name such as "linux-6.18", "centos-7" or "bsd-4.4",
// or an error that lists the known ones.
func LookupProfile(name string) (*Profile, error) {
	switch name {
	case "centos-6":
		return centos6(), nil
	case "centos-7":
		return centos7(), nil
	case "bsd-4.4":
		return bsd44(), nil
	}
	if d, ok := debianKernels[name]; ok {
		return debianProfile(name, d), nil
	}
	if rest, ok := strings.CutPrefix(name, "linux-"); ok {
		if v, sub, ok := parseRelease(rest); ok && known(v, sub) {
			return linuxProfile(v, sub), nil
		}
	}
	return nil, fmt.Errorf("unknown kernel profile %q; known profiles: linux-2.6.32 … linux-2.6.39, linux-3.0 … linux-3.19, "+
		"linux-4.0 … linux-4.20, linux-5.0 … linux-5.19, linux-6.0 … linux-6.19, linux-7.0 … linux-%s, %s", name, newestLinux, strings.Join(distros, ", "))
}

// parseRelease reads "6.18" or "2.6.32": the version and, for 2.6, the third number.
func parseRelease(s string) (Version, int, bool) {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, 0, false
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p != strconv.Itoa(v) {
			return Version{}, 0, false
		}
		n[i] = v
	}
	if n[0] == 2 {
		if len(n) != 3 || n[1] != 6 {
			return Version{}, 0, false
		}
		return Version{2, 6}, n[2], true
	}
	if len(n) != 2 {
		return Version{}, 0, false
	}
	return Version{n[0], n[1]}, 0, true
}

func known(v Version, sub int) bool {
	if v == (Version{2, 6}) {
		return sub >= 32 && sub <= 39
	}
	for _, k := range knownLinux {
		if k == v {
			return true
		}
	}
	return false
}

// release orders 2.6.x among the others: 2.6.32 compares as minor 6 of major 2 with sub 32.
type release struct {
	v   Version
	sub int // the third number of a 2.6 release
}

func (r release) atLeast(major, minor int) bool { return r.v.AtLeast(major, minor) }

// atLeast26 reports whether r is 2.6.sub or later.
func (r release) atLeast26(sub int) bool { return r.v.Major > 2 || r.sub >= sub }

// linuxProfile derives the profile of a mainline release from the spec's version thresholds.
func linuxProfile(v Version, sub int) *Profile {
	r := release{v, sub}
	name := "linux-" + v.String()
	if v.Major == 2 {
		name = fmt.Sprintf("linux-2.6.%d", sub)
	}
	p := &Profile{
		Name:    name,
		Version: v,
		HZ:      250, // the reference machine's CONFIG_HZ

		YoungRule:      !r.atLeast(4, 10),                    // spec 2.1 C: the young test goes in 4.10
		SynPathCounts:  r.atLeast(3, 10),                     // spec 2.1 C/D: between 3.1 and 3.10; 3.10 is the first read with it
		CookieDrops:    r.atLeast(3, 10) && !r.atLeast(4, 7), // spec 2.1 G: the quirk, up to 4.6
		ReqQFull:       r.atLeast(3, 1),                      // spec 4.2: 3.1+
		StrayAckFailed: !r.atLeast(4, 0),                     // spec 2.3 step 3: ≤3.18 counts, 4.0 does not
		StampEvery:     !r.atLeast(4, 2),                     // spec 2.1 G: ≤4.1 every cookie stamps
		GateFuture:     r.atLeast(5, 0),                      // spec 2.3 step 3: 5.x+
		OptionCheck:    r.atLeast26(36),                      // spec 2.3 step 6: 2.6.36+
		SynAckCounts:   r.atLeast26(34),                      // spec 2.4: 2.6.34+
		SynRetrans:     r.atLeast(3, 15),                     // spec 4.2: 3.15+
		Sweep:          !r.atLeast(4, 4),                     // spec 2.4: ≤4.3
		WheelRounding:  r.atLeast(4, 8),                      // the non-cascading timer wheel arrived in 4.8
		Backlog16:      !r.atLeast(4, 1),                     // spec 1.1: 16-bit up to 3.18, 32-bit by 4.1/4.2
		CookieMode2:    r.atLeast(3, 12),                     // spec 1.1: mode 2 since 3.12
		DupSyn:         DupSynRateLimited,                    // spec 2.2 step 2: 4.4+
		TimeoutInit:    Second,                               // spec 1.2: 1 s since 3.1
		RTOMax:         120 * Second,                         // spec 1.2
		RTOMin:         200 * Millisecond,                    // spec 1.2
		CookieHash:     CookieSipHash,                        // spec 3.1: SipHash from 4.11
		CookieMaxAge:   2,                                    // spec 1.2: MAX_SYNCOOKIE_AGE 2 from 3.13
		CookieValidFor: 120 * Second,                         // spec 1.2: TCP_SYNCOOKIE_VALID from 4.2
		CookieMSS:      cookieMSS4,                           // spec 3.2: ≥3.13
		CookieTSBits:   6,                                    // spec 3.4: 2.6.36+
		InvalidRate:    500 * Millisecond,                    // spec 1.1: tcp_invalid_ratelimit HZ/2
		Log:            linuxFloodLog(r),
	}
	if point, ok := stableSynQueueGT[v]; ok && v.Major > 2 {
		p.Point = point
	}
	switch {
	case r.atLeast(6, 13):
		p.SynQueue = SynQueueGT // spec 2.0: 6.13+ full when qlen > B
	case p.Point != "":
		p.SynQueue = SynQueueGT // the 6.13 rule, backported to the stable series (stableSynQueueGT)
	case r.atLeast(4, 4):
		p.SynQueue = SynQueueGE // spec 2.0: 4.4 … 6.12
	default:
		p.SynQueue = SynQueuePow2 // spec 2.0: ≤4.3
	}
	if !r.atLeast(4, 4) {
		p.DupSyn = DupSynRearm // spec 2.2 step 2: 3.x
	}
	if !r.atLeast(3, 0) {
		p.DupSyn = DupSynResend // spec 2.2 step 2: 2.6.x
	}
	if !r.atLeast(4, 11) {
		p.CookieHash = CookieSHA1 // spec 3.1: ≤4.10
	}
	if !r.atLeast(3, 13) {
		p.CookieMaxAge = 4       // spec 1.2: COUNTER_TRIES 4 up to 3.12
		p.CookieMSS = cookieMSS8 // spec 3.2: 2.6.36 … 3.12
	}
	if !r.atLeast26(36) {
		p.CookieMSS = cookieMSS2632 // spec 3.2: 2.6.32
		p.CookieTSBits = 9          // spec 3.4: TSBITS 9 before 2.6.36
	}
	if !r.atLeast(4, 2) {
		p.CookieValidFor = 3 * Second // spec 1.2: TCP_TIMEOUT_FALLBACK up to 4.1
	}
	if !r.atLeast(3, 1) {
		p.TimeoutInit = 3 * Second // spec 1.2: TCP_TIMEOUT_INIT 3 s before 3.1
	}
	p.SynGiveUpBase = p.TimeoutInit
	if !r.atLeast26(36) {
		p.SynGiveUpBase = p.RTOMin // spec 2.7: the 2.6.32 bug measured the give-up in TCP_RTO_MIN units
	}
	p.sysctls = linuxSysctls(r)
	p.applyDefaults() // the release's defaults, from the sysctl table (sysctl.go)
	p.counters = linuxCounters(p)
	return p
}

// stableSynQueueGT are the stable series whose point releases took the 6.13 SYN-queue rule
// (qlen > B): the change reached the maintained stable series in January 2025 ("tcp/dccp:
// allow a connection when sk_max_ack_backlog is zero"). A series is listed only with the point
// release the lab booted and saw follow it (docs/kernels.md); its profile models that release.
var stableSynQueueGT = map[Version]string{
	{6, 1}:  "6.1.170",  // Debian 12's 6.1.0-50-cloud-amd64
	{6, 12}: "6.12.117", // Debian 13's 6.12.117+deb13-cloud-amd64
}

// provenOn names, for each profile proven on a real kernel, that kernel: every scenario of
// the conformance suite matched the profile at every checkpoint, on the reference machine's
// kernel (make conformance) or on a Debian kernel booted under qemu (make kernels).
// docs/kernels.md has the table, kept in step with this one by a test.
var provenOn = map[string]string{
	"linux-6.18": "6.18.44, the reference machine",
	"linux-7.2":  "7.2.13+deb14-cloud-amd64, Debian unstable",
	"linux-6.12": "6.12.117+deb13-cloud-amd64, Debian 13",
	"debian-13":  "6.12.117+deb13-cloud-amd64, Debian 13",
	"linux-6.1":  "6.1.0-50-cloud-amd64, Debian 12",
	"debian-12":  "6.1.0-50-cloud-amd64, Debian 12",
	"linux-5.10": "5.10.0-32-cloud-amd64, Debian 11",
	"debian-11":  "5.10.0-32-cloud-amd64, Debian 11",
}

// Proof says whether the profile was proven on a real kernel: "proven on <kernel>" or "from
// the specification only".
func (p *Profile) Proof() string {
	if k, ok := provenOn[p.Name]; ok {
		return "proven on " + k
	}
	return "from the specification only"
}

// debianKernel is a Debian release's kernel: the mainline series it follows and the point
// release of it that Debian ships.
type debianKernel struct {
	series Version
	point  string
}

// debianKernels are the named profiles of the Debian releases the lab boots. Each is its
// series' profile; a point release older than the one stableSynQueueGT lists for the series
// predates the backport.
var debianKernels = map[string]debianKernel{
	"debian-11": {series: Version{5, 10}, point: "5.10.223"}, // July 2024: before the backport
	"debian-12": {series: Version{6, 1}, point: stableSynQueueGT[Version{6, 1}]},
	"debian-13": {series: Version{6, 12}, point: stableSynQueueGT[Version{6, 12}]},
}

// debianProfile is a Debian release's kernel: its series' profile, at Debian's point release.
func debianProfile(name string, d debianKernel) *Profile {
	p := linuxProfile(d.series, 0)
	p.Name, p.Point = name, d.point
	return p
}

// defaultMaxSynBacklog is tcp_max_syn_backlog's default on the reference machine (24 GiB),
// from spec 1.1: max(128, ehash/128) from 5.4 and max(128, ehash/256) from 2.6.36, where ehash
// is 262144 with the 128 KiB slots of 3.10+ and the 524288 cap with the 8 KiB slots before;
// 1024 on a "big" machine in 2.6.32.
func defaultMaxSynBacklog(r release) int {
	switch {
	case r.atLeast(5, 4): // believed 5.4 (bracketed 4.9 → 5.10)
		return 2048
	case r.atLeast(3, 10): // slots grew between 3.1 and 3.10; 3.10 is the first read with them
		return 1024
	case r.atLeast26(36):
		return 2048
	}
	return 1024
}

// The MSS tables of spec 3.2.
var (
	cookieMSS2632 = []int{64, 256, 512, 536, 1024, 1440, 1460, 4312}
	cookieMSS8    = []int{64, 512, 536, 1024, 1440, 1460, 4312, 8960}
	cookieMSS4    = []int{536, 1300, 1440, 1460}
)

// linuxFloodLog is the flood line of spec 4.3 for a mainline release.
func linuxFloodLog(r release) FloodLog {
	switch {
	case r.atLeast(6, 6): // between 5.10 and 6.6; 6.6 is the first read with it
		return FloodLog{Format: "TCP: request_sock_TCP: Possible SYN flooding on port %s. %s.", AddrPort: true, Mode2Silent: true}
	case r.atLeast(3, 17):
		return FloodLog{Format: "TCP: request_sock_TCP: Possible SYN flooding on port %s. %s.  Check SNMP counters.", Mode2Silent: true}
	case r.atLeast(3, 5): // ~3.5: the "TCP: " pr_fmt prefix
		return FloodLog{Format: "TCP: TCP: Possible SYN flooding on port %s. %s.  Check SNMP counters.", Mode2Silent: r.atLeast(3, 12)}
	case r.atLeast(3, 1):
		return FloodLog{Format: "TCP: Possible SYN flooding on port %s. %s.  Check SNMP counters."}
	case r.atLeast26(36):
		return FloodLog{Format: "TCP: Possible SYN flooding on port %s. %s.", Scope: LogEveryOverflow}
	}
	return FloodLog{Format: "possible SYN flooding on port %s. %s.", CookiesOnly: true, Scope: LogGlobalMinute}
}

// linuxCounters lists the counters a Linux profile's kernel has (spec 4.2).
func linuxCounters(p *Profile) []Counter {
	var cs []Counter
	for _, c := range reportCounters {
		switch {
		case (c == ReqQFullDoCookies || c == ReqQFullDrop) && !p.ReqQFull:
		case c == TCPSynRetrans && !p.SynRetrans:
		default:
			cs = append(cs, c)
		}
	}
	return cs
}

// centos6 is CentOS 6 (2.6.32-642.el6): a 2.6.32 kernel with later networking backported
// (spec section 0, EL6).
func centos6() *Profile {
	p := linuxProfile(Version{2, 6}, 32)
	p.Name = "centos-6"
	p.TimeoutInit = Second                                                            // spec 1.2: EL6 backports TCP_TIMEOUT_INIT 1 s
	p.SynGiveUpBase = Second                                                          // spec 2.7: the give-up fix is backported too
	p.CookieMaxAge = 2                                                                // spec 1.2: MAX_SYNCOOKIE_AGE 2 (backport)
	p.CookieMSS = cookieMSS4                                                          // spec 3.2: the 4-entry table (backport); TSBITS stays 9 (spec 3.4)
	p.ServerDefaults.Syncookies = 1                                                   // spec 1.1 / Appendix A.1: CentOS 6's /etc/sysctl.conf sets 1
	p.ServerDefaults.MaxSynBacklog = defaultMaxSynBacklog(release{Version{2, 6}, 36}) // spec 1.1: EL6 backports the 2.6.36 sizing
	return p
}

// centos7 is CentOS 7 (3.10.0-1160.el7): a 3.10 kernel with much of 3.12–3.17 networking
// backported (spec section 0, EL7).
func centos7() *Profile {
	r := release{Version{3, 10}, 0}
	p := linuxProfile(r.v, 0)
	p.Name = "centos-7"
	p.CookieMaxAge = 2                                                                                                                // spec 1.2: MAX_SYNCOOKIE_AGE 2 (backport)
	p.CookieMSS = cookieMSS4                                                                                                          // spec 3.2: the 4-entry table (backport)
	p.Log = FloodLog{Format: "TCP: request_sock_TCP: Possible SYN flooding on port %s. %s.  Check SNMP counters.", Mode2Silent: true} // spec 4.3: EL7
	p.CookieMode2 = true                                                                                                              // syncookies 2 backported (spec 6.3)
	// The backport changes what tcp_syncookies' values mean, not the int the kernel stores.
	p.setAllowed("net.ipv4.tcp_syncookies", "any int (2: a cookie for every SYN, backported to EL7; any other non-zero value acts as 1)")
	return p
}

// setAllowed rewords the values a sysctl takes where a distribution's backport changed their
// meaning but not their range.
func (p *Profile) setAllowed(key, allowed string) {
	for i := range p.sysctls {
		if p.sysctls[i].key == key {
			p.sysctls[i].allowed = allowed
		}
	}
}

// bsd44 is 4.4BSD-Lite2: one limit for both queues (spec 5.1). It has no sysctls the model
// reads, no SNMP counters of Linux's kind and no flood log line; its clients are the newest
// Linux.
func bsd44() *Profile {
	p := linuxProfile(Version{6, 18}, 0)
	p.Name = "bsd-4.4"
	p.Version = Version{4, 4}
	p.BSD = true
	p.SynQueue = SynQueueBSD
	p.Sweep = false
	p.WheelRounding = false // the server's timers are BSD's
	p.ServerDefaults = ServerSysctl{Somaxconn: bsdSomaxconn}
	p.sysctls = clientSysctls(release{Version{6, 18}, 0})
	p.counters = nil
	return p
}

// bsdSomaxconn is 4.4BSD's SOMAXCONN (spec 5.1): the largest listen() backlog.
const bsdSomaxconn = 5

// distroReleases tell a distribution kernel by its release string: its base release and the
// tag its builds carry ("3.10.0-1160.el7.x86_64").
var distroReleases = []struct{ base, tag, profile string }{
	{"2.6.32-", ".el6", "centos-6"},
	{"3.10.0-", ".el7", "centos-7"},
}

// ProfileForRelease names the profile of a running Linux kernel from its release string
// (`uname -r`, "6.18.44-generic" gives "linux-6.18", "3.10.0-1160.el7.x86_64" "centos-7"), or
// fails when the project has none.
func ProfileForRelease(release string) (string, error) {
	for _, d := range distroReleases {
		if strings.HasPrefix(release, d.base) && strings.Contains(release, d.tag) {
			return d.profile, nil
		}
	}
	parts := strings.SplitN(release, ".", 4)
	if len(parts) < 2 {
		return "", fmt.Errorf("kernel release %q is not of the form X.Y", release)
	}
	digits := func(s string) string {
		if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			return s[:i]
		}
		return s
	}
	name := "linux-" + parts[0] + "." + digits(parts[1])
	if parts[0] == "2" && len(parts) > 2 {
		name += "." + digits(parts[2])
	}
	if _, err := LookupProfile(name); err != nil {
		return "", fmt.Errorf("the running kernel %s has no profile (%v); name one with `kernel:` in the file", release, err)
	}
	return name, nil
}

// RuleDifferences names the rules in which p and q differ: every field of the profile except
// its name and version (which the model never reads), the sysctls with their ranges, and the
// counters. Two profiles without differences model the same kernel behaviour.
func (p *Profile) RuleDifferences(q *Profile) []string {
	var diffs []string
	a, b := reflect.ValueOf(p).Elem(), reflect.ValueOf(q).Elem()
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if f.Name == "Name" || f.Name == "Version" || f.Name == "Point" || !f.IsExported() {
			continue // names, not rules: which release, which point release it follows
		}
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			diffs = append(diffs, f.Name)
		}
	}
	if !slices.EqualFunc(p.sysctls, q.sysctls, sameSysctl) {
		diffs = append(diffs, "sysctls")
	}
	if !slices.Equal(p.counters, q.counters) {
		diffs = append(diffs, "counters")
	}
	return diffs
}

// MatchRelease says whether p models the running Linux kernel of this release (`uname -r`):
// it must be that release's profile or one with exactly the same rules. Comparing any other
// profile with the kernel would test nothing about it, and could even report a match.
func (p *Profile) MatchRelease(release string) error {
	name, err := ProfileForRelease(release)
	if err != nil {
		return fmt.Errorf("the running kernel %s has no profile, so nothing says that %s follows its rules", release, p.Name)
	}
	if p.Name == name {
		return nil
	}
	if p.BSD {
		return fmt.Errorf("%s is not a Linux profile, and the running kernel is Linux %s (profile %s)", p.Name, release, name)
	}
	host, _ := LookupProfile(name)
	if diffs := p.RuleDifferences(host); len(diffs) > 0 {
		return fmt.Errorf("%s differs from %s, the profile of the running kernel %s, in %s", p.Name, name, release, strings.Join(diffs, ", "))
	}
	return nil
}
