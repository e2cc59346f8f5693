// Package lab proves the model on kernels other than the machine's own: it fetches a Debian
// release's kernel package with apt, builds an initramfs holding busybox, a static synq, the
// kernel modules the engine needs and the scenario files, boots it under qemu, and reads back
// what the guest's `synq` found when it ran each scenario on that kernel and on the model.
//
// The package is for Linux hosts only and is never imported by the model, the app or the page.
package lab

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Release is a Debian release the lab can boot.
type Release struct {
	Name    string // as --boot names it: "debian-12"
	Suite   string // the archive's suite: "bookworm"
	Title   string // as the summary line says it: "Debian 12"
	Profile string // the model profile that stands for this release's kernel
}

// Releases are the Debian releases whose cloud kernels the lab boots, oldest first. Each uses
// the cloud flavour: the smallest kernel that still has the modules the engine needs.
var Releases = []Release{
	{Name: "debian-11", Suite: "bullseye", Title: "Debian 11", Profile: "debian-11"},
	{Name: "debian-12", Suite: "bookworm", Title: "Debian 12", Profile: "debian-12"},
	{Name: "debian-13", Suite: "trixie", Title: "Debian 13", Profile: "debian-13"},
	{Name: "debian-unstable", Suite: "sid", Title: "Debian unstable"},
}

// metaPackage is the package that depends on the release's current cloud kernel.
const metaPackage = "linux-image-cloud-amd64"

// LookupRelease finds a release by name, or says which names exist.
func LookupRelease(name string) (Release, error) {
	var names []string
	for _, r := range Releases {
		if r.Name == name {
			return r, nil
		}
		names = append(names, r.Name)
	}
	return Release{}, fmt.Errorf("unknown release %q; the lab boots: %s", name, strings.Join(names, ", "))
}

// LateCap is the most any run may fall behind its schedule, whatever its margin (Margin).
// Lateness does more than move an event: a packet carried late lengthens the RTT its sender
// measures, and the timers the sender derives from it grow more. The retransmission timeout is
// srtt + 4·rttvar, three times the first sample, and doubles with every re-send; so a run L
// late can move a client's second retransmission by about 6·L. The suite's scenarios with
// such retransmissions keep their checkpoints at least 168 ms from them: 20 ms (6·L = 120 ms)
// keeps that. A run of cookies-with-timestamps 18 ms late matched on 7.2; runs 74 ms and
// 83 ms late saw one retransmission fewer before a checkpoint.
const LateCap = 20 * time.Millisecond

// Outcome is what one scenario gave on a booted kernel.
type Outcome struct {
	Name    string        // the scenario's name
	Verdict string        // "match", "differ", "void" (late twice) or "error"
	Late    time.Duration // how far the counted run fell behind its schedule
	Detail  string        // why it is void or failed
}

// Summary is one booted kernel's results.
type Summary struct {
	Release  Release
	Kernel   string // the guest's `uname -r`
	Profile  string // the model profile the guest compared against
	Accel    string // "KVM" or "TCG", with why TCG when KVM was tried
	Outcomes []Outcome
	Took     time.Duration
}

// Matched counts the scenarios whose model and kernel agreed.
func (s *Summary) Matched() int {
	n := 0
	for _, o := range s.Outcomes {
		if o.Verdict == "match" {
			n++
		}
	}
	return n
}

// MostLate is the worst lateness of the runs that counted.
func (s *Summary) MostLate() time.Duration {
	var late time.Duration
	for _, o := range s.Outcomes {
		if o.Verdict != "void" {
			late = max(late, o.Late)
		}
	}
	return late
}

// Line is the summary line: how many scenarios matched, on which kernel, and how it ran.
func (s *Summary) Line() string {
	line := fmt.Sprintf("conformance: %d/%d scenarios match the kernel (%s, %s)", s.Matched(), len(s.Outcomes), s.Kernel, s.Release.Title)
	extra := fmt.Sprintf("profile %s, %s, %s; the runs kept to their schedules within %s", s.Profile, s.Accel,
		s.Took.Round(time.Second), s.MostLate().Round(100*time.Microsecond))
	var void, failed []string
	for _, o := range s.Outcomes {
		switch o.Verdict {
		case "void":
			void = append(void, o.Name)
		case "error":
			failed = append(failed, o.Name)
		}
	}
	if len(void) > 0 {
		extra += fmt.Sprintf("; void (fell behind twice): %s", strings.Join(void, ", "))
	}
	if len(failed) > 0 {
		extra += fmt.Sprintf("; failed to run: %s", strings.Join(failed, ", "))
	}
	return line + " [" + extra + "]"
}

// Options say what to boot and where to write.
type Options struct {
	Cache   string        // where downloaded kernels are kept
	Synq    string        // a statically linked synq for the guest; empty: this program
	Busybox string        // a statically linked busybox; empty: the busybox-static package's
	Accel   string        // "auto" (KVM if it boots, else TCG), "kvm" or "tcg"
	MaxLate time.Duration // the cap on each scenario's Margin; 0: LateCap
	Out     io.Writer     // each scenario's comparison, as `synq compare` prints it
	// OnlyDiffering leaves out the comparisons of scenarios that matched.
	OnlyDiffering bool
	Say           func(string) // progress: what the lab is doing now
}
