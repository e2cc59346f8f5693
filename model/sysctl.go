package model

//go:generate go run ./internal/gensysctls -o ../docs/sysctls.md

import (
	"fmt"
	"strings"
)

// The sysctls the model reads: one table, sysctlTable, says for each its key, its side, its
// default and its range in each release, how the knob panel steps it, what the kernel does
// with it and which releases have it. The scenario parser, the real-kernel engine's writes,
// the lesson checks' names, the knob panel and docs/sysctls.md all read the table, so a new
// server sysctl is a field of ServerSysctl, its row below and its behaviour in listener.go.

// ServerSysctl holds the server namespace's sysctls that the model reads.
type ServerSysctl struct {
	Somaxconn       int // net.core.somaxconn
	MaxSynBacklog   int // net.ipv4.tcp_max_syn_backlog
	Syncookies      int // net.ipv4.tcp_syncookies: 0 off, 2 always, any other value when full
	AbortOnOverflow int // net.ipv4.tcp_abort_on_overflow: 0, or non-zero to reset
	SynackRetries   int // net.ipv4.tcp_synack_retries
	Timestamps      int // net.ipv4.tcp_timestamps
}

// ClientSysctl holds the genuine clients' namespace sysctls that the model reads.
type ClientSysctl struct {
	SynRetries        int // net.ipv4.tcp_syn_retries
	SynLinearTimeouts int // net.ipv4.tcp_syn_linear_timeouts; 0 where the profile lacks it
	Timestamps        int // net.ipv4.tcp_timestamps
}

// SysctlStep is how the knob panel steps a sysctl's value.
type SysctlStep uint8

// Stepping kinds.
const (
	StepSize  SysctlStep = iota // along a ladder of round sizes that doubles (a backlog, a table size)
	StepMode                    // one value at a time, from 0 up to the range's top: a mode whose other values act as one of the named ones
	StepCount                   // one at a time from 0 up to the range's top: a count of retries
	StepBool                    // 0 or 1
)

// String names the stepping as docs/sysctls.md shows it.
func (s SysctlStep) String() string {
	switch s {
	case StepMode:
		return "mode"
	case StepCount:
		return "count"
	case StepBool:
		return "on/off"
	}
	return "size"
}

// Sysctl describes one sysctl a profile's kernel has, as that kernel has it.
type Sysctl struct {
	Key     string     // "net.ipv4.tcp_syncookies"
	Client  bool       // the genuine clients' namespace, not the server's
	Default int        // the profile's default
	Min     int        // the smallest value the kernel takes
	Max     int        // the largest
	Allowed string     // the values it takes, in words, as errors say them
	Step    SysctlStep // how the knob panel steps it
	Doc     string     // one line: what the kernel does with it
	Since   string     // the first release that has it; "" for every release the model knows
}

// Name is the key without its prefix: "net.ipv4.tcp_syncookies" gives "tcp_syncookies".
func (s Sysctl) Name() string { return s.Key[strings.LastIndexByte(s.Key, '.')+1:] }

// sysctlRow is one row of the table: a sysctl in every release.
type sysctlRow struct {
	key    string
	client bool
	since  release // zero: every release the model knows
	step   SysctlStep
	doc    string
	// def is the default of a release (spec 1.1); a distribution's profile may set its own.
	def func(r release) int
	// limits are the values a release takes: min, max and their description.
	limits func(r release) (lo, hi int, allowed string)
	server func(*ServerSysctl) *int // the value's place, server side
	clnt   func(*ClientSysctl) *int // client side
}

const (
	minInt32 = -1 << 31
	maxInt32 = 1<<31 - 1
)

// fixed is a default that does not depend on the release.
func fixed(v int) func(release) int { return func(release) int { return v } }

// bounded are limits that do not depend on the release.
func bounded(lo, hi int, allowed string) func(release) (int, int, string) {
	return func(release) (int, int, string) { return lo, hi, allowed }
}

// u8Sysctls reports whether the release stores tcp_syncookies, tcp_abort_on_overflow,
// tcp_synack_retries and tcp_timestamps as u8, taking 0 to 255 (spec 1.1: ints in 5.10, u8 in
// 6.x; the conversion came in 5.13, with proc_dou8vec_minmax).
func u8Sysctls(r release) bool { return r.atLeast(5, 13) }

// timestampLimits are tcp_timestamps' values, the same on both sides (spec 1.1).
func timestampLimits(r release) (int, int, string) {
	if u8Sysctls(r) {
		return 0, 255, "0 to 255 (any non-zero value turns them on)"
	}
	return 0, 2, "0, 1 or 2"
}

// sysctlTable is every sysctl the model reads, server side first, in the order scenario
// errors, reports and the knob panel list them (spec 1.1 for the defaults and ranges).
var sysctlTable = []sysctlRow{
	{
		key: "net.core.somaxconn", step: StepSize,
		doc: "clamps the listen() backlog: B = min(backlog, somaxconn)",
		def: func(r release) int {
			if r.atLeast(5, 4) {
				return 4096 // spec 1.1: 4096 since 5.4
			}
			return 128 // spec 1.1: SOMAXCONN 128 before 5.4
		},
		limits: func(r release) (int, int, string) {
			switch {
			case !r.atLeast(3, 10): // spec 1.1: a plain int with no bounds in 2.6.32
				return minInt32, maxInt32, "any int"
			case !r.atLeast(4, 1): // spec 1.1: bounded 0…65535 in 3.10/3.18
				return 0, 65535, "0 to 65535"
			}
			return 0, maxInt32, "0 to 2147483647"
		},
		server: func(s *ServerSysctl) *int { return &s.Somaxconn },
	},
	{
		key: "net.ipv4.tcp_max_syn_backlog", step: StepSize,
		doc: "with syncookies off only: the last-quarter rule drops a SYN when fewer than a quarter of it is left (signed); it does not size the SYN queue",
		def: defaultMaxSynBacklog,
		// spec 1.1: a plain int with no bounds in every release (6.18 takes -1, -2, 2147483647).
		limits: bounded(minInt32, maxInt32, "any int"),
		server: func(s *ServerSysctl) *int { return &s.MaxSynBacklog },
	},
	{
		key: "net.ipv4.tcp_syncookies", step: StepMode,
		doc: "0: never a cookie; 2: a cookie for every SYN (3.12+); any other value: a cookie when the SYN queue is full",
		def: func(r release) int {
			if r.atLeast26(33) {
				return 1 // spec 1.1: 1 since 2.6.33
			}
			return 0 // spec 1.1: the kernel default was 0 in 2.6.32
		},
		// The kernel reads tcp_syncookies as 2 (a cookie for every SYN, from 3.12) or non-zero
		// (cookies when the SYN queue is full), so every value it stores other than 0 and 2
		// acts as 1 (spec 1.1: an int taking any value up to 5.x; seen on 6.18: 3 and 255 act
		// as 1).
		limits: func(r release) (int, int, string) {
			switch {
			case u8Sysctls(r):
				return 0, 255, "0 to 255 (2: a cookie for every SYN; any other non-zero value acts as 1)"
			case !r.atLeast(3, 12): // spec 1.1: mode 2 since 3.12; before, 2 is one more non-zero value
				return minInt32, maxInt32, "any int (any non-zero value sends cookies when the SYN queue is full; mode 2 exists from Linux 3.12)"
			}
			return minInt32, maxInt32, "any int (2: a cookie for every SYN; any other non-zero value acts as 1)"
		},
		server: func(s *ServerSysctl) *int { return &s.Syncookies },
	},
	{
		key: "net.ipv4.tcp_abort_on_overflow", step: StepBool,
		doc: "a handshake's last ACK that finds the accept queue full: 0 drops it (the SYN-ACK is re-sent), any other value resets the connection",
		def: fixed(0),
		// Up to 5.12 a plain int (proc_dointvec): the kernel lab saw Debian 11's 5.10 take 2
		// and reset as with 1 (conformance/abort-on-overflow-2.yaml, docs/kernels.md).
		limits: func(r release) (int, int, string) {
			if u8Sysctls(r) {
				return 0, 255, "0 to 255 (any non-zero value acts as 1)"
			}
			return minInt32, maxInt32, "any int (any non-zero value acts as 1)"
		},
		server: func(s *ServerSysctl) *int { return &s.AbortOnOverflow },
	},
	{
		key: "net.ipv4.tcp_synack_retries", step: StepCount,
		doc: "how many times a SYN-ACK is re-sent before its request is dropped",
		def: fixed(5), limits: bounded(0, 255, "0 to 255"),
		server: func(s *ServerSysctl) *int { return &s.SynackRetries },
	},
	{
		key: "net.ipv4.tcp_timestamps", step: StepMode,
		doc: "0 turns TCP timestamps off on the server, and with them the options a cookie can carry; any other value turns them on",
		def: fixed(1), limits: timestampLimits,
		server: func(s *ServerSysctl) *int { return &s.Timestamps },
	},
	{
		key: "net.ipv4.tcp_syn_retries", client: true, step: StepCount,
		doc: "how many times a genuine client re-sends its SYN before connect() fails",
		def: func(r release) int {
			if r.atLeast(3, 7) {
				return 6
			}
			return 5 // spec 1.1: 5 up to 3.6
		},
		limits: func(r release) (int, int, string) {
			if !r.atLeast(3, 0) { // spec 1.1: an unbounded int in 2.6.32
				return 1, maxInt32, "1 to 2147483647"
			}
			return 1, 127, "1 to 127"
		},
		clnt: func(s *ClientSysctl) *int { return &s.SynRetries },
	},
	{
		key: "net.ipv4.tcp_timestamps", client: true, step: StepMode,
		doc: "0: the genuine clients' SYNs carry no timestamp option",
		def: fixed(1), limits: timestampLimits,
		clnt: func(s *ClientSysctl) *int { return &s.Timestamps },
	},
	{
		key: "net.ipv4.tcp_syn_linear_timeouts", client: true, step: StepCount,
		since: release{v: Version{6, 5}}, // spec 1.1: believed 6.5
		doc:   "the first N SYN re-sends of a genuine client keep a 1 s timeout before doubling starts",
		def:   fixed(4), limits: bounded(0, 127, "0 to 127"),
		clnt: func(s *ClientSysctl) *int { return &s.SynLinearTimeouts },
	},
}

// has reports whether release r has the row's sysctl.
func (row *sysctlRow) has(r release) bool {
	return row.since == (release{}) || r.atLeast(row.since.v.Major, row.since.v.Minor)
}

// sysctlRule is one sysctl as a profile's kernel has it: its row, and the values it takes.
type sysctlRule struct {
	row      *sysctlRow
	key      string
	client   bool
	def      int
	min, max int
	allowed  string // how to describe the allowed values in an error
}

// sysctlsOf lists the sysctls of release r on the chosen sides, in the table's order.
func sysctlsOf(r release, server, client bool) []sysctlRule {
	var rules []sysctlRule
	for i := range sysctlTable {
		row := &sysctlTable[i]
		if !row.has(r) || row.client && !client || !row.client && !server {
			continue
		}
		lo, hi, allowed := row.limits(r)
		rules = append(rules, sysctlRule{row: row, key: row.key, client: row.client, def: row.def(r), min: lo, max: hi, allowed: allowed})
	}
	return rules
}

// linuxSysctls lists the sysctls of a Linux release and the values it accepts (spec 1.1).
func linuxSysctls(r release) []sysctlRule { return sysctlsOf(r, true, true) }

// clientSysctls are the genuine clients' sysctls (spec 1.1, 2.7).
func clientSysctls(r release) []sysctlRule { return sysctlsOf(r, false, true) }

// applyDefaults sets each of the profile's sysctls to its release's default.
func (p *Profile) applyDefaults() {
	for _, r := range p.sysctls {
		if r.client {
			*r.row.clnt(&p.ClientDefaults) = r.def
		} else {
			*r.row.server(&p.ServerDefaults) = r.def
		}
	}
}

// Sysctls describes the sysctls the profile's kernel has, server side first.
func (p *Profile) Sysctls() []Sysctl {
	out := make([]Sysctl, 0, len(p.sysctls))
	for _, r := range p.sysctls {
		def := r.def
		if r.client {
			def = *r.row.clnt(&p.ClientDefaults)
		} else {
			def = *r.row.server(&p.ServerDefaults)
		}
		out = append(out, r.describe(def))
	}
	return out
}

func (r sysctlRule) describe(def int) Sysctl {
	s := Sysctl{Key: r.key, Client: r.client, Default: def, Min: r.min, Max: r.max, Allowed: r.allowed, Step: r.row.step, Doc: r.row.doc}
	if r.row.since != (release{}) {
		s.Since = r.row.since.v.String()
	}
	return s
}

// AllSysctls describes every sysctl the model reads on any profile, as the newest release has
// it: what the real-kernel engine writes and the lesson checks can name.
func AllSysctls() []Sysctl {
	var out []Sysctl
	for _, r := range sysctlsOf(release{v: newestLinux}, true, true) {
		out = append(out, r.describe(r.def))
	}
	return out
}

// Value reads one sysctl by key, whether or not a profile has it (0 where it lacks it).
func (s *ServerSysctl) Value(key string) (int, bool) {
	for i := range sysctlTable {
		if row := &sysctlTable[i]; row.key == key && !row.client {
			return *row.server(s), true
		}
	}
	return 0, false
}

// Value reads one sysctl by key, whether or not a profile has it (0 where it lacks it).
func (c *ClientSysctl) Value(key string) (int, bool) {
	for i := range sysctlTable {
		if row := &sysctlTable[i]; row.key == key && row.client {
			return *row.clnt(c), true
		}
	}
	return 0, false
}

// SysctlKeys lists the sysctl keys a scenario may set on one side (server or client), in the
// order the profile lists them.
func (p *Profile) SysctlKeys(client bool) []string {
	var keys []string
	for _, r := range p.sysctls {
		if r.client == client {
			keys = append(keys, r.key)
		}
	}
	return keys
}

// SysctlAllowed says which values the profile's kernel takes for a sysctl on one side, or
// "" when it has no such sysctl.
func (p *Profile) SysctlAllowed(client bool, key string) string {
	for _, r := range p.sysctls {
		if r.key == key && r.client == client {
			return r.allowed
		}
	}
	return ""
}

// ServerSysctlValue reads one server sysctl from s, if the profile's kernel has it.
func (p *Profile) ServerSysctlValue(s *ServerSysctl, key string) (int, bool) {
	for _, r := range p.sysctls {
		if r.key == key && !r.client {
			return *r.row.server(s), true
		}
	}
	return 0, false
}

// ClientSysctlValue reads one client sysctl from s, if the profile's kernel has it.
func (p *Profile) ClientSysctlValue(s *ClientSysctl, key string) (int, bool) {
	for _, r := range p.sysctls {
		if r.key == key && r.client {
			return *r.row.clnt(s), true
		}
	}
	return 0, false
}

// SetServerSysctl sets one server sysctl, or says why the profile's kernel would reject it.
func (p *Profile) SetServerSysctl(s *ServerSysctl, key string, value int) error {
	return p.set(false, key, value, func(r sysctlRule) *int { return r.row.server(s) })
}

// SetClientSysctl sets one client sysctl, or says why the profile's kernel would reject it.
func (p *Profile) SetClientSysctl(s *ClientSysctl, key string, value int) error {
	return p.set(true, key, value, func(r sysctlRule) *int { return r.row.clnt(s) })
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
	allowed := strings.Join(p.SysctlKeys(client), ", ")
	if allowed == "" {
		allowed = "none (" + p.Name + " has no " + side + " sysctls the model reads)"
	}
	return fmt.Errorf("%s is not a %s sysctl the model knows for %s; allowed: %s", key, side, p.Name, allowed)
}

func sameSysctl(x, y sysctlRule) bool {
	return x.key == y.key && x.client == y.client && x.min == y.min && x.max == y.max
}
