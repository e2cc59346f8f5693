package model

import (
	"fmt"
	"sort"
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
	SynQueueGE SynQueueRule = iota // 4.4 … 6.12: full when qlen >= B
	SynQueueGT                     // 6.13+: full when qlen > B, so it admits B+1
)

// Profile is one modelled kernel: every version-dependent rule the model follows, as data
// derived from the version thresholds of kernel-spec.md.
type Profile struct {
	Name    string  // as scenario files name it: "linux-6.18"
	Version Version // the kernel release
	HZ      int     // timer ticks per second; kernel timers run on this jiffy grid

	SynQueue       SynQueueRule // spec 2.0
	TimeoutInit    Time         // spec 1.2 TCP_TIMEOUT_INIT: first SYN-ACK / SYN timeout
	RTOMax         Time         // spec 1.2 TCP_RTO_MAX
	RTOMin         Time         // spec 1.2 TCP_RTO_MIN
	CookieMaxAge   int          // spec 3.1: minutes-counter steps a cookie stays valid
	CookieValidFor Time         // spec 1.2: the recent-overflow gate for returning cookies
	CookieMSS      []int        // spec 3.2: the IPv4 MSS table
	CookieTSBits   int          // spec 3.4: option bits carried in the SYN-ACK's TSval
	InvalidRate    Time         // spec 1.1 tcp_invalid_ratelimit: SYN-ACK re-sends for dup SYNs
	LogFormat      string       // spec 4.3: fmt pattern of the flood line, given addr:port and the action

	ServerDefaults ServerSysctl
	ClientDefaults ClientSysctl
	sysctls        []sysctlRule
}

// Counters lists the nstat counters this profile's kernel has, in report order.
func (p *Profile) Counters() []Counter { return reportCounters }

// knownLinux are the Linux releases the model has profiles for, oldest first.
var knownLinux = []Version{{6, 13}, {6, 14}, {6, 15}, {6, 16}, {6, 17}, {6, 18}}

// Newest is the name of the newest Linux profile: the default when a scenario names none.
var Newest = "linux-" + knownLinux[len(knownLinux)-1].String()

// KnownProfiles lists every profile name the model accepts.
func KnownProfiles() []string {
	names := make([]string, 0, len(knownLinux))
	for _, v := range knownLinux {
		names = append(names, "linux-"+v.String())
	}
	return names
}

// LookupProfile returns the profile for a name such as "linux-6.18", or an error that lists the
// known ones.
func LookupProfile(name string) (*Profile, error) {
	if rest, ok := strings.CutPrefix(name, "linux-"); ok {
		if v, ok := parseVersion(rest); ok {
			for _, k := range knownLinux {
				if k == v {
					return linuxProfile(v), nil
				}
			}
		}
	}
	return nil, fmt.Errorf("unknown kernel profile %q; known profiles: %s", name, strings.Join(KnownProfiles(), ", "))
}

func parseVersion(s string) (Version, bool) {
	maj, min, ok := strings.Cut(s, ".")
	if !ok {
		return Version{}, false
	}
	a, err1 := strconv.Atoi(maj)
	b, err2 := strconv.Atoi(min)
	if err1 != nil || err2 != nil || a < 0 || b < 0 {
		return Version{}, false
	}
	return Version{a, b}, true
}

// linuxProfile derives the profile of a mainline release from the spec's thresholds.
func linuxProfile(v Version) *Profile {
	p := &Profile{
		Name:           "linux-" + v.String(),
		Version:        v,
		HZ:             250, // the reference machine's CONFIG_HZ
		SynQueue:       SynQueueGE,
		TimeoutInit:    Second,       // spec 1.2: 1 s since 3.1
		RTOMax:         120 * Second, // spec 1.2
		RTOMin:         200 * Millisecond,
		CookieMaxAge:   2,                            // spec 1.2: MAX_SYNCOOKIE_AGE 2 from 3.13
		CookieValidFor: 120 * Second,                 // spec 1.2: TCP_SYNCOOKIE_VALID from 4.2
		CookieMSS:      []int{536, 1300, 1440, 1460}, // spec 3.2: ≥3.13
		CookieTSBits:   6,                            // spec 3.4: 2.6.36+
		InvalidRate:    500 * Millisecond,            // spec 1.1: tcp_invalid_ratelimit HZ/2
		// spec 4.3: 6.x prints the listener's address:port and no "Check SNMP counters".
		LogFormat: "TCP: request_sock_TCP: Possible SYN flooding on port %s. %s.",
		ServerDefaults: ServerSysctl{
			Somaxconn:       4096, // spec 1.1: 4096 since 5.4
			MaxSynBacklog:   2048, // spec 1.1: max(128, ehash/128) ≥5.4; 2048 on the reference machine (24 GiB)
			Syncookies:      1,    // spec 1.1: 1 since 2.6.33
			AbortOnOverflow: 0,
			SynackRetries:   5,
			Timestamps:      1,
		},
		ClientDefaults: ClientSysctl{SynRetries: 6, SynLinearTimeouts: 4, Timestamps: 1},
	}
	if v.AtLeast(6, 13) {
		p.SynQueue = SynQueueGT // spec 2.0: 6.13+ full when qlen > B
	}
	p.sysctls = linuxSysctls(v)
	return p
}

// sysctlRule is one sysctl a scenario may set: its key, which side it belongs to, the values
// the profile's kernel accepts, and where the value lives.
type sysctlRule struct {
	key      string
	client   bool
	min, max int
	allowed  string // how to describe the allowed values in an error
	server   func(*ServerSysctl) *int
	clientF  func(*ClientSysctl) *int
}

func linuxSysctls(v Version) []sysctlRule {
	rules := []sysctlRule{
		{key: "net.core.somaxconn", min: 0, max: 1<<31 - 1, allowed: "0 to 2147483647",
			server: func(s *ServerSysctl) *int { return &s.Somaxconn }},
		{key: "net.ipv4.tcp_max_syn_backlog", min: 0, max: 1<<31 - 1, allowed: "0 to 2147483647",
			server: func(s *ServerSysctl) *int { return &s.MaxSynBacklog }},
		{key: "net.ipv4.tcp_syncookies", min: 0, max: 2, allowed: "0, 1 or 2",
			server: func(s *ServerSysctl) *int { return &s.Syncookies }},
		{key: "net.ipv4.tcp_abort_on_overflow", min: 0, max: 1, allowed: "0 or 1",
			server: func(s *ServerSysctl) *int { return &s.AbortOnOverflow }},
		{key: "net.ipv4.tcp_synack_retries", min: 0, max: 255, allowed: "0 to 255",
			server: func(s *ServerSysctl) *int { return &s.SynackRetries }},
		{key: "net.ipv4.tcp_timestamps", min: 0, max: 2, allowed: "0, 1 or 2",
			server: func(s *ServerSysctl) *int { return &s.Timestamps }},
		{key: "net.ipv4.tcp_syn_retries", client: true, min: 1, max: 127, allowed: "1 to 127",
			clientF: func(s *ClientSysctl) *int { return &s.SynRetries }},
		{key: "net.ipv4.tcp_timestamps", client: true, min: 0, max: 2, allowed: "0, 1 or 2",
			clientF: func(s *ClientSysctl) *int { return &s.Timestamps }},
	}
	if v.AtLeast(6, 6) { // spec 1.1: tcp_syn_linear_timeouts present from 6.6 (believed 6.5)
		rules = append(rules, sysctlRule{key: "net.ipv4.tcp_syn_linear_timeouts", client: true, min: 0, max: 127,
			allowed: "0 to 127", clientF: func(s *ClientSysctl) *int { return &s.SynLinearTimeouts }})
	}
	return rules
}

// SysctlKeys lists the sysctl keys a scenario may set on one side (server or client), sorted.
func (p *Profile) SysctlKeys(client bool) []string {
	var keys []string
	for _, r := range p.sysctls {
		if r.client == client {
			keys = append(keys, r.key)
		}
	}
	sort.Strings(keys)
	return keys
}

// SetServerSysctl sets one server sysctl, or says why the profile's kernel would reject it.
func (p *Profile) SetServerSysctl(s *ServerSysctl, key string, value int) error {
	return p.set(false, key, value, func(r sysctlRule) *int { return r.server(s) })
}

// SetClientSysctl sets one client sysctl, or says why the profile's kernel would reject it.
func (p *Profile) SetClientSysctl(s *ClientSysctl, key string, value int) error {
	return p.set(true, key, value, func(r sysctlRule) *int { return r.clientF(s) })
}

func (p *Profile) set(client bool, key string, value int, field func(sysctlRule) *int) error {
	for _, r := range p.sysctls {
		if r.key != key || r.client != client {
			continue
		}
		if value < r.min || value > r.max {
			return fmt.Errorf("%s = %d is out of range for %s; allowed: %s", key, value, p.Name, r.allowed)
		}
		*field(r) = value
		return nil
	}
	side := "server"
	if client {
		side = "client"
	}
	return fmt.Errorf("%s is not a %s sysctl the model knows for %s; allowed: %s",
		key, side, p.Name, strings.Join(p.SysctlKeys(client), ", "))
}

// ProfileForRelease names the profile of a running Linux kernel from its release string
// (`uname -r`, "6.18.44-generic" gives "linux-6.18"), or fails when the project has none.
func ProfileForRelease(release string) (string, error) {
	parts := strings.SplitN(release, ".", 3)
	if len(parts) < 2 {
		return "", fmt.Errorf("kernel release %q is not of the form X.Y", release)
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i]
	}
	name := "linux-" + parts[0] + "." + minor
	if _, err := LookupProfile(name); err != nil {
		return "", fmt.Errorf("the running kernel %s has no profile (%v); name one with `kernel:` in the file", release, err)
	}
	return name, nil
}
