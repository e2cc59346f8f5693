package scenario

import (
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

const (
	appAllowed   = "a list of steps like {at: 0s, accept: all}"
	delayAllowed = "from 0s up to 10s"
	maxDelay     = 10 * model.Second
	maxAppSteps  = 1000
)

// acceptAllowed says what an app step's accept may be.
var acceptAllowed = "none, all, or " + rateAllowed("connections")

// server reads the server section: sysctls, listen() and the accept() loop.
func (p *parser) server(n *yaml.Node) model.Server {
	s := model.Server{Port: 80, Backlog: 511, App: []model.AppStep{{At: 0, Mode: model.AcceptAll}}}
	if p.profile != nil {
		s.Sysctl = p.profile.ServerDefaults
	}
	f := p.Fields(n, "server", "sysctl", "listen", "app")
	if f == nil {
		return s
	}
	p.sysctls(f["sysctl"].Val, "server.sysctl", false, func(key string, v int) error {
		return p.profile.SetServerSysctl(&s.Sysctl, key, v)
	})
	if l := p.Fields(f["listen"].Val, "server.listen", "port", "backlog"); l != nil {
		if n := l["port"].Val; n != nil {
			if v, ok := p.intRange(n, "server.listen.port", 1, math.MaxUint16); ok {
				s.Port = uint16(v)
			}
		}
		if n := l["backlog"].Val; n != nil {
			if v, ok := p.intRange(n, "server.listen.backlog", math.MinInt32, math.MaxInt32); ok {
				s.Backlog = int(v)
			}
		}
	}
	if n := resolve(f["app"].Val); !isNull(n) {
		s.App = p.app(n)
	}
	return s
}

// client reads the genuine clients' section.
func (p *parser) client(n *yaml.Node) model.Client {
	var c model.Client
	if p.profile != nil {
		c.Sysctl = p.profile.ClientDefaults
	}
	if f := p.Fields(n, "client", "sysctl"); f != nil {
		p.sysctls(f["sysctl"].Val, "client.sysctl", true, func(key string, v int) error {
			return p.profile.SetClientSysctl(&c.Sysctl, key, v)
		})
	}
	return c
}

// network reads the wire's settings.
func (p *parser) network(n *yaml.Node) model.Network {
	nw := model.Network{Delay: model.Millisecond}
	if f := p.Fields(n, "network", "delay"); f != nil && f["delay"].Val != nil {
		if d, ok := p.durationRange(f["delay"].Val, "network.delay", 0, maxDelay, true, delayAllowed); ok {
			nw.Delay = d
		}
	}
	return nw
}

// sysctls reads a sysctl mapping and applies each value with set, which says why the profile
// would reject it. Without a profile (an unknown kernel) only the values' types are checked.
func (p *parser) sysctls(n *yaml.Node, path string, client bool, set func(key string, v int) error) {
	var keys []string
	allowed := "sysctl keys of the kernel profile"
	if p.profile != nil {
		keys = p.profile.SysctlKeys(client)
		allowed = "keys " + strings.Join(keys, ", ")
	}
	for _, kv := range p.Pairs(n, path, allowed) {
		key := kv.Key.Value
		if p.profile != nil && !slices.Contains(keys, key) {
			p.errorf(kv.Key, path, "%s is not a %s sysctl the model knows for %s; allowed: %s", clipKey(key), side(client), p.profile.Name, strings.Join(keys, ", "))
			continue
		}
		values := "a whole number"
		if p.profile != nil {
			values = p.profile.SysctlAllowed(client, key)
		}
		v, ok, inRange := wholeNumber(kv.Val)
		switch {
		case !ok:
			p.errorf(kv.Val, path, "%s = %s is not a whole number; allowed: %s", clipKey(key), describe(kv.Val), values)
			continue
		case !inRange || int64(int(v)) != v:
			p.errorf(kv.Val, path, "%s = %s is out of range; allowed: %s", clipKey(key), describe(kv.Val), values)
			continue
		}
		if p.profile == nil {
			continue
		}
		if err := set(key, int(v)); err != nil {
			p.errorf(kv.Val, path, "%v", err)
		}
	}
}

// side names the sysctls of one side.
func side(client bool) string {
	if client {
		return "client"
	}
	return "server"
}

// app reads the accept() loop's steps. Before the first step the application does not accept,
// so a list that starts after 0s (or is empty) gets a leading {at: 0s, accept: none}.
func (p *parser) app(n *yaml.Node) []model.AppStep {
	items, ok := p.List(n, "server.app", appAllowed, maxAppSteps)
	if !ok {
		return nil
	}
	var steps []model.AppStep
	var last *yaml.Node // the latest step's at, to keep the steps in order
	var lastAt model.Time
	for i, item := range items {
		path := index("server.app", i)
		f := p.Fields(item, path, "at", "accept")
		if f == nil {
			continue
		}
		var step model.AppStep
		atOK, modeOK := false, false
		if n := p.required(item, f, path, "at", "a time from 0s up to the duration"); n != nil {
			step.At, atOK = p.at(n, join(path, "at"))
		}
		if n := p.required(item, f, path, "accept", acceptAllowed); n != nil {
			step.Mode, step.Rate, modeOK = p.accept(n, join(path, "accept"))
		}
		if !atOK {
			continue
		}
		if last != nil && step.At <= lastAt {
			p.errorf(f["at"].Val, join(path, "at"), "%s is not after the previous step's %s (line %d); allowed: steps in strictly increasing time",
				short(step.At), short(lastAt), last.Line)
			continue
		}
		last, lastAt = f["at"].Val, step.At
		if modeOK {
			steps = append(steps, step)
		}
	}
	if len(steps) == 0 || steps[0].At > 0 {
		steps = append([]model.AppStep{{At: 0, Mode: model.AcceptNone}}, steps...)
	}
	return steps
}

// accept reads an app step's accept mode: none, all or a rate.
func (p *parser) accept(n *yaml.Node, path string) (model.AcceptMode, model.Rate, bool) {
	s, ok := p.Scalar(n, path, acceptAllowed)
	if !ok {
		return 0, 0, false
	}
	switch strings.TrimSpace(s) {
	case "none":
		return model.AcceptNone, 0, true
	case "all":
		return model.AcceptAll, 0, true
	}
	r, ok, wellFormed := ParseRate(s)
	switch {
	case ok:
		return model.AcceptRate, r, true
	case wellFormed:
		p.errorf(n, path, "%s is not a valid rate; allowed: %s", describe(n), rateAllowed("connections"))
	default:
		p.errorf(n, path, "%s is not an accept mode; allowed: %s", describe(n), acceptAllowed)
	}
	return 0, 0, false
}
