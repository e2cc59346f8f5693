package doctor

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"synq/model"
)

// Kernel is the running kernel and the profile that models it.
type Kernel struct {
	Release string `json:"release"` // `uname -r`, or "" when not seen
	Profile string `json:"profile"` // the model's profile
	Proven  bool   `json:"proven"`  // the profile was checked against this kernel series running for real
	How     string `json:"how"`     // how the profile was chosen, and how far to trust it
}

var releaseRE = regexp.MustCompile(`^(\d+)\.(\d+)`)

// kernelFor picks the profile for a release: EL6 and EL7 by their suffix, a mainline release
// by its first two numbers, and the newest profile (said so) for a release newer than any.
// Without a release it tries the wording of the kernel log lines (spec 4.3), and says so.
func kernelFor(release string, log []string) (Kernel, *model.Profile) {
	k := Kernel{Release: release}
	name, how, ownSeries := "", "", false
	switch {
	case release == "":
		name, how = profileFromLog(log)
	case strings.Contains(release, ".el6"):
		name, how, ownSeries = "centos-6", "a CentOS/RHEL 6 kernel (el6): modelled as 2.6.32-642.el6", true
	case strings.Contains(release, ".el7"):
		name, how, ownSeries = "centos-7", "a CentOS/RHEL 7 kernel (el7): modelled as 3.10.0-1160.el7; 7.0–7.1 kernels may behave like vanilla 3.10 (spec appendix B)", true
	default:
		n, err := model.ProfileForRelease(release)
		switch {
		case err == nil:
			name, how, ownSeries = n, "from the release's first two numbers", true
		case newerThanNewest(release):
			name, how = model.Newest, fmt.Sprintf("%s is newer than any profile; using the newest, %s ", release, model.Newest)
		default:
			name, how = model.Newest, fmt.Sprintf("%s has no profile (%v); using %s, which may not match", release, err, model.Newest)
		}
	}
	p, err := model.LookupProfile(name)
	if err != nil { // cannot happen for the names above; keep the newest rather than fail
		p, _ = model.LookupProfile(model.Newest)
	}
	k.Profile, k.How = p.Name, how
	// A profile is proven for a release only when it is that release's own (model.Profile.Proof
	// says on which real kernel), not when it stands in for another.
	if ownSeries && strings.HasPrefix(p.Proof(), "proven") {
		k.Proven = true
		k.How += "; " + p.Proof()
	} else {
		k.How += "; the profile follows the specification (kernel-spec.md) and is not yet proven on a real kernel of this series"
	}
	return k, p
}

func newerThanNewest(release string) bool {
	m := releaseRE.FindStringSubmatch(release)
	n := releaseRE.FindStringSubmatch(strings.TrimPrefix(model.Newest, "linux-"))
	if m == nil || n == nil {
		return false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	na, _ := strconv.Atoi(n[1])
	nb, _ := strconv.Atoi(n[2])
	return a > na || (a == na && b > nb)
}

// profileFromLog guesses the kernel from how its flood line is worded (spec 4.3), when no
// release was given.
func profileFromLog(log []string) (string, string) {
	for _, l := range log {
		switch {
		case strings.HasPrefix(l, "possible SYN flooding on port "):
			return "centos-6", "no `uname -r` given; the log line's 2.6.32 wording (\"possible SYN flooding … Sending cookies.\") points to CentOS 6 / 2.6.32"
		case strings.Contains(l, "request_sock_TCP: Possible SYN flooding on port ") && strings.Contains(l, "Check SNMP counters"):
			return "centos-7", "no `uname -r` given; the log line's wording (request_sock_TCP, \"Check SNMP counters\") is that of 3.17 … 5.x and CentOS 7; assuming CentOS 7"
		case strings.Contains(l, "request_sock_TCP: Possible SYN flooding on port "):
			return model.Newest, "no `uname -r` given; the log line's wording (address:port, no \"Check SNMP counters\") is that of 6.6 or later; assuming " + model.Newest
		case strings.Contains(l, "TCP: TCP: Possible SYN flooding"):
			return "linux-3.10", "no `uname -r` given; the log line's wording (\"TCP: TCP:\") is that of ~3.5 … 3.16; assuming 3.10"
		}
	}
	return model.Newest, "no `uname -r` given and nothing in the log names the version; assuming " + model.Newest + " — paste `uname -r` for a diagnosis of the right kernel"
}

// synQueueGTWhere says where the qlen > B rule comes from on p: 6.13, or its backport to the
// stable point release the profile models.
func synQueueGTWhere(p *model.Profile) string {
	if p.Point != "" && !p.Version.AtLeast(6, 13) {
		return "6.13's rule, backported to the stable " + p.Point
	}
	return "6.13+"
}

// synQueueLimit is how many half-open requests the listener holds before the SYN queue counts
// as full (spec 2.0), with the rule in words.
func synQueueLimit(p *model.Profile, b, msb int) (int, string) {
	switch p.SynQueue {
	case model.SynQueueGT:
		return b + 1, fmt.Sprintf("full when qlen > B (%s, spec 2.0): B+1 = %d requests", synQueueGTWhere(p), b+1)
	case model.SynQueueGE:
		return b, fmt.Sprintf("full when qlen >= B (4.4 … 6.12, spec 2.0): %d requests; the stable point releases that took 6.13's rule behave as qlen > B (docs/kernels.md)", b)
	}
	m := max(8, min(b, msb))
	c := 1
	for c <= m {
		c <<= 1
	}
	return c, fmt.Sprintf("≤4.3 (spec 2.0): a table sized at the first listen() to the power of two above max(8, min(B %d, tcp_max_syn_backlog %d)) = %d requests, if tcp_max_syn_backlog was the same then", b, msb, c)
}
