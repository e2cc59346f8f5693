package doctor

import (
	"fmt"
	"sort"

	"synq/model"
)

// Diagnosis is what the doctor concludes from an observation: the kernel and its profile, the
// settings in force, each listener with what its numbers mean, the counters, the findings with
// their evidence, the kernel log lines explained, and what could not be told.
type Diagnosis struct {
	Kernel    Kernel         `json:"kernel"`
	Sysctls   []Sysctl       `json:"sysctls"`
	Listeners []ListenerView `json:"listeners"`
	Sampled   bool           `json:"sampled"`       // counters were read over an interval: the values are changes, with rates
	Span      Seconds        `json:"span,omitzero"` // the interval
	Counters  []CounterView  `json:"counters"`
	Findings  []Finding      `json:"findings"`
	Log       []LogLine      `json:"log"`
	Unknown   []string       `json:"unknown"` // what the diagnosis could not tell, and what would tell it

	Observation *Observation `json:"observation"`
}

// Sysctl is one listener sysctl in force; Seen is false when the observation lacked it and the
// profile's default is assumed.
type Sysctl struct {
	Key   string `json:"key"`
	Value int    `json:"value"`
	Seen  bool   `json:"seen"`
}

// ListenerView is a listener with what its numbers mean on this kernel.
type ListenerView struct {
	Listener
	AcceptFull    bool   `json:"accept_full"`     // Recv-Q > Send-Q: AQ > B (spec 2.0)
	SynQueueLimit int    `json:"syn_queue_limit"` // requests before the SYN queue counts as full (spec 2.0); -1 unknown
	SynQueueRule  string `json:"syn_queue_rule"`
	SynQueueFull  bool   `json:"syn_queue_full"` // SYN-RECV at the limit now (or in any sample)
	Clamped       bool   `json:"clamped"`        // Send-Q equals somaxconn: the backlog may have been cut (spec 2.6)
}

// CounterView is one counter: its value (the change over the interval when sampled, else the
// total since boot) and, when sampled, its rate.
type CounterView struct {
	Name  string  `json:"name"`
	Value uint64  `json:"value"`
	Rate  float64 `json:"rate,omitempty"` // per second, when sampled
	Total uint64  `json:"total"`          // the last absolute value
}

// Finding is one conclusion: its rule, the numbers behind it, what to change and what that would
// do on this kernel, and the popular advice that would not help here.
type Finding struct {
	ID       string   `json:"id"`
	Listener string   `json:"listener,omitempty"`
	Title    string   `json:"title"`
	Rule     string   `json:"rule"`
	Evidence []string `json:"evidence"`
	Change   []string `json:"change"`
	NotHelp  []string `json:"not_help"`
}

// LogLine is a kernel log line about a listener, explained.
type LogLine struct {
	Line        string   `json:"line"`
	Count       int      `json:"count"`              // times it was seen
	Listener    string   `json:"listener,omitempty"` // the listener it names, as printed
	Action      string   `json:"action"`             // "Sending cookies" or "Dropping request"
	Explanation []string `json:"explanation"`
}

// facts is what the findings read: the profile, the sysctls in force and the counters.
type facts struct {
	obs     *Observation
	p       *model.Profile
	sys     map[string]int
	seen    map[string]bool
	sampled bool
	span    Seconds
	delta   map[string]uint64 // change over the interval, or the total when not sampled
	has     map[string]bool   // the counter was seen
}

func (f *facts) c(name string) (uint64, bool) { return f.delta[name], f.has[name] }

// amount describes a counter's value for evidence: "+21 in 10 s (2.1/s)" or "21 since boot".
func (f *facts) amount(name string) string {
	v := f.delta[name]
	if !f.has[name] {
		return fmt.Sprintf("%s not seen", name)
	}
	if f.sampled && f.span > 0 {
		return fmt.Sprintf("%s +%d in %.1f s (%.1f/s)", name, v, f.span.Seconds(), float64(v)/f.span.Seconds())
	}
	return fmt.Sprintf("%s %d since boot (or since the counters were last reset)", name, v)
}

// Diagnose explains an observation.
func Diagnose(obs *Observation) *Diagnosis {
	k, p := kernelFor(obs.Release, obs.Log)
	f := &facts{obs: obs, p: p, sys: map[string]int{}, seen: map[string]bool{}, delta: map[string]uint64{}, has: map[string]bool{}}
	d := &Diagnosis{Kernel: k, Observation: obs}
	for _, key := range SysctlKeys {
		v, ok := obs.Sysctls[key]
		if !ok {
			v, _ = p.ServerSysctlValue(&p.ServerDefaults, key)
		}
		f.sys[key], f.seen[key] = v, ok
		d.Sysctls = append(d.Sysctls, Sysctl{Key: key, Value: v, Seen: ok})
	}
	if n := len(obs.Counters); n > 0 {
		first, last := obs.Counters[0], obs.Counters[n-1]
		f.sampled = n >= 2
		f.span = last.At - first.At
		for _, name := range CounterNames {
			lv, ok := last.Values[name]
			if c, known := model.CounterByName(name); !ok || (known && !p.HasCounter(c)) {
				continue // not seen, or a counter this kernel does not have (spec 4.2)
			}
			f.has[name] = true
			v := lv
			if f.sampled {
				v = lv - min(lv, first.Values[name])
			}
			f.delta[name] = v
			cv := CounterView{Name: name, Value: v, Total: lv}
			if f.sampled && f.span > 0 {
				cv.Rate = float64(v) / f.span.Seconds()
			}
			d.Counters = append(d.Counters, cv)
		}
	}
	d.Sampled, d.Span = f.sampled, f.span
	d.Listeners = f.listeners()
	for _, rule := range findingRules {
		d.Findings = append(d.Findings, rule(f, d.Listeners)...)
	}
	d.Log = f.explainLog(d.Listeners)
	d.Unknown = f.unknown()
	return d
}

// listeners works out, for each listener, whether its queues are full on this kernel.
func (f *facts) listeners() []ListenerView {
	var out []ListenerView
	somax, msb := f.sys["net.core.somaxconn"], f.sys["net.ipv4.tcp_max_syn_backlog"]
	for _, l := range f.obs.Listeners {
		v := ListenerView{Listener: l, SynQueueLimit: -1}
		if l.SendQ >= 0 {
			v.AcceptFull = l.RecvQ > l.SendQ // spec 2.0: AQ > B
			for _, s := range l.Samples {
				v.AcceptFull = v.AcceptFull || s.RecvQ > l.SendQ
			}
			v.SynQueueLimit, v.SynQueueRule = synQueueLimit(f.p, l.SendQ, msb)
			v.Clamped = l.SendQ == somax // spec 2.6 step 1
			if l.SynRecv >= 0 {
				v.SynQueueFull = l.SynRecv >= v.SynQueueLimit
			}
			for _, s := range l.Samples {
				v.SynQueueFull = v.SynQueueFull || s.SynRecv >= v.SynQueueLimit
			}
		}
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Port < out[j].Port })
	return out
}

// unknown lists what the observation lacked and what that hides.
func (f *facts) unknown() []string {
	var u []string
	o := f.obs
	if o.Release == "" {
		u = append(u, "the kernel release (`uname -r`): the profile "+f.p.Name+" was assumed, and every version-dependent rule follows from it")
	}
	var missing []string
	for _, key := range SysctlKeys {
		if !f.seen[key] {
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		u = append(u, fmt.Sprintf("the sysctls %v (`sysctl -a`): %s's defaults were assumed for them", missing, f.p.Name))
	}
	if !o.ListenersKnown {
		u = append(u, "the listeners (`ss -ltn`): which listener overflows, its backlog and whether its accept queue is full now")
	}
	if o.ListenersKnown && !o.SynRecvKnown {
		u = append(u, "the half-open requests per listener (`ss -tn state syn-recv`): whether a SYN queue is at its limit, and so whether requests are expiring there")
	}
	if len(o.Counters) == 0 {
		u = append(u, "the counters (`nstat -az` or `netstat -s`): whether queues overflowed, whether cookies were sent and came back")
	} else if !f.sampled {
		u = append(u, "rates: the counters are one reading, totals since boot; they cannot say whether it is happening now (run `synq doctor` on the machine, or paste two `nstat -az` a few seconds apart)")
	}
	if !o.LogKnown {
		u = append(u, "the kernel log (`dmesg`, or `journalctl -k`): whether and how the kernel reported a SYN flood")
	}
	return append(u, o.Notes...)
}
