package params

import (
	"fmt"
	"strconv"
	"strings"

	"synq/model"
	"synq/model/scenario"
)

// maxChangeLen bounds what one change parameter may hold after its time: the longest change
// (a flood with every option) takes under 60 characters.
const maxChangeLen = 200

// A change parameter is one model.Change, a knob turned while the scenario runs:
//
//	change=5s,net.ipv4.tcp_syncookies=0     a server sysctl
//	change=5s,backlog=128                   listen() again
//	change=5s,accept=none                   the accept() loop: none, all, or N/s
//	change=5s,clients=20/s,send=100         genuine clients from now on (off: none)
//	change=5s,flood=5000/s,mss=1460,sack    flood SYNs from now on (off: none), with options
//
// A flood without option words carries model.DefaultFloodOptions; options=none sends SYNs
// without options. The time is simulated time in Go syntax, to the nanosecond.

// formatChange writes c as a change parameter's value.
func formatChange(c model.Change) string {
	var b strings.Builder
	b.WriteString(c.At.String())
	b.WriteByte(',')
	switch c.Kind {
	case model.ChangeSysctl:
		fmt.Fprintf(&b, "%s=%d", c.Key, c.Value)
	case model.ChangeBacklog:
		fmt.Fprintf(&b, "backlog=%d", c.Value)
	case model.ChangeAccept:
		b.WriteString("accept=")
		if c.Mode == model.AcceptRate {
			b.WriteString(c.Rate.String())
		} else {
			b.WriteString(c.Mode.String())
		}
	case model.ChangeClients:
		b.WriteString("clients=" + rateOrOff(c.Rate))
		if c.Send != 0 && c.Rate > 0 {
			fmt.Fprintf(&b, ",send=%d", c.Send)
		}
	case model.ChangeFlood:
		b.WriteString("flood=" + rateOrOff(c.Rate))
		if c.Rate > 0 && c.Options != model.DefaultFloodOptions {
			b.WriteString(formatOptions(c.Options))
		}
	}
	return b.String()
}

func rateOrOff(r model.Rate) string {
	if r == 0 {
		return "off"
	}
	return r.String()
}

// formatOptions writes flood SYN options as ",mss=N,wscale=N,sack,ts", or ",options=none".
func formatOptions(o model.SynOptions) string {
	var s string
	if o.MSS != 0 {
		s += fmt.Sprintf(",mss=%d", o.MSS)
	}
	if o.WScale >= 0 {
		s += fmt.Sprintf(",wscale=%d", o.WScale)
	}
	if o.SACK {
		s += ",sack"
	}
	if o.TS {
		s += ",ts"
	}
	if s == "" {
		return ",options=none"
	}
	return s
}

// parseChange reads a change parameter's value. Whether the scenario's kernel accepts the
// change is Open's business.
func parseChange(s string) (model.Change, error) {
	at, rest, ok := strings.Cut(s, ",")
	t, err := model.ParseTime(at)
	if ok && scenario.TooLarge(at) {
		return model.Change{}, fmt.Errorf("its time %s is too large; allowed: a simulated time within the run, like 5s", scenario.Clip(at))
	}
	if !ok || err != nil || t < 0 {
		return model.Change{}, fmt.Errorf("it does not start with a simulated time, like 5s,")
	}
	if len(rest) > maxChangeLen {
		return model.Change{}, fmt.Errorf("%d characters after the time; allowed: at most %d", len(rest), maxChangeLen)
	}
	parts := strings.Split(rest, ",")
	key, value, _ := strings.Cut(parts[0], "=")
	kind, ok := model.ChangeSysctl, true
	switch {
	case strings.HasPrefix(key, sysctlPrefix):
	case key == "backlog":
		kind = model.ChangeBacklog
	case key == "accept":
		kind = model.ChangeAccept
	case key == "clients":
		kind = model.ChangeClients
	case key == "flood":
		kind = model.ChangeFlood
	default:
		ok = false
	}
	if !ok {
		return model.Change{At: t}, fmt.Errorf("%s is not a change; allowed: a server sysctl, backlog, accept, clients, flood", scenario.Clip(parts[0]))
	}
	// The value is read as lesson steps read theirs; the words after it are the link's own.
	c, err := scenario.ParseChange(kind, key, value)
	c.At = t
	extra := parts[1:]
	switch {
	case err != nil:
	case kind == model.ChangeClients && len(extra) > 0:
		send, found := strings.CutPrefix(extra[0], "send=")
		if c.Send, err = strconv.Atoi(send); !found || err != nil {
			err = fmt.Errorf("%s is not send=BYTES", scenario.Clip(extra[0]))
		}
		extra = extra[1:]
	case kind == model.ChangeFlood:
		c.Options = model.DefaultFloodOptions
		if len(extra) > 0 {
			c.Options, err = parseOptions(extra)
			extra = nil
		}
	}
	if err == nil && len(extra) > 0 {
		err = fmt.Errorf("unexpected %s", scenario.Clip(strings.Join(extra, ",")))
	}
	if err != nil {
		return c, fmt.Errorf("%s: %v", clipKey(parts[0]), err)
	}
	return c, nil
}

// parseOptions reads flood SYN options: mss=N, wscale=N, sack, ts, each at most once, as a
// scenario file's options list takes them; or options=none alone.
func parseOptions(words []string) (model.SynOptions, error) {
	if len(words) == 1 && words[0] == "options=none" {
		return model.SynOptions{WScale: -1}, nil
	}
	return scenario.ParseSynOptions(words)
}
