package scenario

// Scenario transformations: a scenario on another kernel, with a sysctl set, as a run stands
// now, and the side-by-side comparisons (Variants) built from them, with what differs between
// two scenarios. They are the model's, so the app, its session and the page's links share them.

import (
	"fmt"
	"slices"
	"strings"

	"synq/model"
)

// copyScenario returns a copy of sc that shares nothing that a change to it could alter.
func copyScenario(sc *model.Scenario) *model.Scenario {
	c := *sc
	c.Server.App = slices.Clone(sc.Server.App)
	c.Traffic = slices.Clone(sc.Traffic)
	c.Changes = slices.Clone(sc.Changes)
	c.Observe = slices.Clone(sc.Observe)
	return &c
}

// WithProfile is sc on profile p: the same file, as far as p's kernel accepts it. A sysctl the
// scenario set away from its old profile's default keeps its value when p accepts it; the others
// take p's defaults. It returns what p refuses (sysctls and scenario changes), which are left out.
func WithProfile(sc *model.Scenario, p *model.Profile) (*model.Scenario, []string) {
	out := copyScenario(sc)
	out.Profile, out.ProfileGiven = p, true
	old := sc.Profile
	var refused []string
	out.Server.Sysctl = p.ServerDefaults
	for _, key := range old.SysctlKeys(false) {
		v, _ := old.ServerSysctlValue(&sc.Server.Sysctl, key)
		if def, _ := old.ServerSysctlValue(&old.ServerDefaults, key); v == def {
			continue
		}
		if err := p.SetServerSysctl(&out.Server.Sysctl, key, v); err != nil {
			refused = append(refused, fmt.Sprintf("%s=%d", key, v))
		}
	}
	out.Client.Sysctl = p.ClientDefaults
	for _, key := range old.SysctlKeys(true) {
		v, _ := old.ClientSysctlValue(&sc.Client.Sysctl, key)
		if def, _ := old.ClientSysctlValue(&old.ClientDefaults, key); v == def {
			continue
		}
		if err := p.SetClientSysctl(&out.Client.Sysctl, key, v); err != nil {
			refused = append(refused, fmt.Sprintf("client %s=%d", key, v))
		}
	}
	out.Changes = out.Changes[:0]
	for _, c := range sc.Changes {
		if err := p.Check(c); err != nil {
			refused = append(refused, "change at "+c.At.String()+": "+c.String())
			continue
		}
		out.Changes = append(out.Changes, c)
	}
	return out, refused
}

// WithSysctl is sc with server sysctl key set to v, or why its profile refuses that.
func WithSysctl(sc *model.Scenario, key string, v int) (*model.Scenario, error) {
	out := copyScenario(sc)
	if err := sc.Profile.SetServerSysctl(&out.Server.Sysctl, key, v); err != nil {
		return nil, err
	}
	return out, nil
}

// Variant is a way to show a scenario beside a changed copy of itself.
type Variant struct {
	Key  string // its name in page links: ?compare=cookies
	Name string
	// Kernels is set for a comparison of kernels, whose run A is always the newest kernel,
	// whatever the scenario loaded ran on.
	Kernels bool
	// Make builds the two runs from base, or says why it cannot (a profile the model lacks).
	// The note, if any, says what the second run had to leave out.
	Make func(base *model.Scenario) (a, b *model.Scenario, note string, err error)
}

// Variants are what the V key cycles through: Linux against BSD, syncookies 1 against 2,
// tcp_abort_on_overflow 0 against 1, and the newest kernel against the oldest other one.
var Variants = []Variant{
	{Key: "bsd", Name: "Linux vs bsd-4.4", Kernels: true, Make: func(base *model.Scenario) (*model.Scenario, *model.Scenario, string, error) {
		return profilePair(base, model.Newest, "bsd-4.4")
	}},
	{Key: "cookies", Name: "tcp_syncookies 1 vs 2", Make: func(base *model.Scenario) (*model.Scenario, *model.Scenario, string, error) {
		if !base.Profile.CookieMode2 {
			return nil, nil, "", fmt.Errorf("net.ipv4.tcp_syncookies 2 asks for a cookie for every SYN only from Linux 3.12; on %s it acts as 1", base.Profile.Name)
		}
		return sysctlPair(base, "net.ipv4.tcp_syncookies", 1, 2)
	}},
	{Key: "abort", Name: "tcp_abort_on_overflow 0 vs 1", Make: func(base *model.Scenario) (*model.Scenario, *model.Scenario, string, error) {
		return sysctlPair(base, "net.ipv4.tcp_abort_on_overflow", 0, 1)
	}},
	{Key: "older", Name: "newest vs an older kernel", Kernels: true, Make: func(base *model.Scenario) (*model.Scenario, *model.Scenario, string, error) {
		older := OlderProfile(model.KnownProfiles(), model.Newest)
		if older == "" {
			return nil, nil, "", fmt.Errorf("the model knows no kernel older than %s", model.Newest)
		}
		return profilePair(base, model.Newest, older)
	}},
}

// VariantKeys lists the variants' keys, in V's order.
func VariantKeys() []string {
	keys := make([]string, len(Variants))
	for i, v := range Variants {
		keys[i] = v.Key
	}
	return keys
}

// OlderProfile picks the kernel to set against newest: the oldest Linux profile in known
// other than newest, or any other profile when there is no other Linux one; "" if none.
func OlderProfile(known []string, newest string) string {
	var linux, other []string
	for _, n := range known {
		switch {
		case n == newest:
		case strings.HasPrefix(n, "linux-"):
			linux = append(linux, n)
		default:
			other = append(other, n)
		}
	}
	if len(linux) > 0 {
		slices.SortFunc(linux, func(a, b string) int { return compareVersions(a[6:], b[6:]) })
		return linux[0]
	}
	if len(other) > 0 {
		return other[0]
	}
	return ""
}

// compareVersions orders "3.10" before "6.2" before "6.13".
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			fmt.Sscan(pa[i], &x)
		}
		if i < len(pb) {
			fmt.Sscan(pb[i], &y)
		}
		if x != y {
			return x - y
		}
	}
	return 0
}

func profilePair(base *model.Scenario, a, b string) (*model.Scenario, *model.Scenario, string, error) {
	pa, err := model.LookupProfile(a)
	if err != nil {
		return nil, nil, "", err
	}
	pb, err := model.LookupProfile(b)
	if err != nil {
		return nil, nil, "", fmt.Errorf("the model has no %s profile yet", b)
	}
	sa, ra := WithProfile(base, pa)
	sb, rb := WithProfile(base, pb)
	var notes []string
	if len(ra) > 0 {
		notes = append(notes, a+" refuses "+strings.Join(ra, ", "))
	}
	if len(rb) > 0 {
		notes = append(notes, b+" refuses "+strings.Join(rb, ", "))
	}
	return sa, sb, strings.Join(notes, "; "), nil
}

func sysctlPair(base *model.Scenario, key string, a, b int) (*model.Scenario, *model.Scenario, string, error) {
	sa, err := WithSysctl(base, key, a)
	if err != nil {
		return nil, nil, "", err
	}
	sb, err := WithSysctl(base, key, b)
	if err != nil {
		return nil, nil, "", err
	}
	return sa, sb, "", nil
}

// Differences says what differs between two scenarios, as a label for each run ("linux-6.18",
// "tcp_syncookies=2") and as the IDs of the knobs concerned (render/scene.Knob.ID: the sysctl's key, "profile", "backlog", "accept").
func Differences(a, b *model.Scenario) (la, lb string, knobs []string) {
	var da, db []string
	add := func(id, x, y string) {
		da, db = append(da, x), append(db, y)
		if id != "" {
			knobs = append(knobs, id)
		}
	}
	if a.Profile.Name != b.Profile.Name {
		add("profile", a.Profile.Name, b.Profile.Name)
	}
	bKeys := b.Profile.SysctlKeys(false)
	for _, key := range a.Profile.SysctlKeys(false) { // those both kernels have
		if !slices.Contains(bKeys, key) {
			continue
		}
		x, okA := a.Profile.ServerSysctlValue(&a.Server.Sysctl, key)
		y, okB := b.Profile.ServerSysctlValue(&b.Server.Sysctl, key)
		if okA && okB && x != y {
			add(key, fmt.Sprintf("%s=%d", shortKey(key), x), fmt.Sprintf("%s=%d", shortKey(key), y))
		}
	}
	if a.Client.Sysctl != b.Client.Sysctl {
		add("", "client sysctls", "client sysctls")
	}
	if a.Server.Backlog != b.Server.Backlog {
		add("backlog", fmt.Sprintf("backlog %d", a.Server.Backlog), fmt.Sprintf("backlog %d", b.Server.Backlog))
	}
	if !slices.Equal(a.Server.App, b.Server.App) {
		add("accept", "accept() "+appText(a.Server.App), "accept() "+appText(b.Server.App))
	}
	if a.Network.Delay != b.Network.Delay {
		add("", "delay "+model.Span(a.Network.Delay), "delay "+model.Span(b.Network.Delay))
	}
	if !slices.Equal(a.Traffic, b.Traffic) {
		add("", trafficText(a.Traffic), trafficText(b.Traffic))
	}
	if a.Seed != b.Seed {
		add("", fmt.Sprintf("seed %d", a.Seed), fmt.Sprintf("seed %d", b.Seed))
	}
	if a.Duration != b.Duration {
		add("", model.Span(a.Duration), model.Span(b.Duration))
	}
	if len(da) == 0 {
		return a.Profile.Name + " (the same)", b.Profile.Name + " (the same)", nil
	}
	return strings.Join(da, " · "), strings.Join(db, " · "), knobs
}

func appText(steps []model.AppStep) string {
	if len(steps) == 0 {
		return "never"
	}
	s := steps[0]
	out := s.Mode.String()
	if s.Mode == model.AcceptRate {
		out = model.RateText(float64(s.Rate))
	}
	if len(steps) > 1 {
		out += " …"
	}
	return out
}

func trafficText(tr []model.Traffic) string {
	var flood, conn int
	for _, t := range tr {
		if t.Kind == model.Flood {
			flood += t.Count
		} else {
			conn += t.Count
		}
	}
	return fmt.Sprintf("%s clients, %s flood SYNs", model.Thousands(int64(conn)), model.Thousands(int64(flood)))
}

// AsItStands is the run's scenario with the server sysctls as they stand now: the
// scenario's, then the sysctl changes made up to now.
func AsItStands(sim *model.Sim) *model.Scenario {
	sc := sim.Scenario()
	out := copyScenario(sc)
	for _, c := range sim.Changes() {
		if c.At <= sim.Now() && c.Kind == model.ChangeSysctl {
			_ = sc.Profile.SetServerSysctl(&out.Server.Sysctl, c.Key, c.Value) // accepted when made
		}
	}
	return out
}

// The labels' formats, as the app's scene writes them (render/scene's ShortKey, Span,
// RateText and Thousands: the same output, kept here so the model imports nothing of render).

// shortKey is a sysctl's name without its path: "tcp_syncookies".
func shortKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}
