package scenario

import (
	"fmt"
	"strconv"
	"strings"

	"synq/model"
)

// ParseChange reads the value of one change of the given kind, written as text: for a server
// sysctl (key names it) a whole number; for backlog a whole number from -2147483648 to
// 2147483647; for accept none, all or a rate; for clients and flood a rate or off. It is the
// one reading of a change's value, for lesson steps and page links, which differ only in how
// they write a change down. The bytes a clients change sends and a flood's SYN options are
// the caller's to add. Whether the scenario's kernel takes the change is Profile.Check's to say.
func ParseChange(kind model.ChangeKind, key, value string) (model.Change, error) {
	value = strings.TrimSpace(value)
	c := model.Change{Kind: kind}
	switch kind {
	case model.ChangeSysctl:
		c.Key = key
		v, err := strconv.Atoi(value)
		if err != nil {
			return c, sysctlValueError(key, value, err)
		}
		c.Value = v
	case model.ChangeBacklog:
		n, err := strconv.ParseInt(value, 10, 32)
		if err != nil {
			return c, fmt.Errorf("%s is not a whole number from -2147483648 to 2147483647", Clip(value))
		}
		c.Value = int(n)
	case model.ChangeAccept:
		switch value {
		case "none":
			c.Mode = model.AcceptNone
		case "all":
			c.Mode = model.AcceptAll
		default:
			r, ok, _ := ParseRate(value)
			if !ok {
				return c, fmt.Errorf("%s is not a rate from 1/s to %d/s; allowed: all, none, or a rate like 10/s", Clip(value), model.MaxRate)
			}
			c.Mode, c.Rate = model.AcceptRate, r
		}
	case model.ChangeClients, model.ChangeFlood:
		if value == "off" {
			return c, nil
		}
		r, ok, _ := ParseRate(value)
		if !ok {
			return c, fmt.Errorf("%s is not a rate from 1/s to %d/s; allowed: a rate like 100/s, or off", Clip(value), model.MaxRate)
		}
		c.Rate = r
	default:
		return c, fmt.Errorf("%s is not a change; allowed: a server sysctl, backlog, accept, clients, flood", Clip(key))
	}
	return c, nil
}

// sysctlValueError says why a sysctl's value is not a number the kernel could take, with the
// values the newest profile allows (older ones are checked when the scenario is known).
func sysctlValueError(key, value string, err error) error {
	allowed := "a whole number"
	if p, perr := model.LookupProfile(model.Newest); perr == nil {
		if a := p.SysctlAllowed(false, key); a != "" {
			allowed = a
		}
	}
	if numErr, ok := err.(*strconv.NumError); ok && numErr.Err == strconv.ErrRange {
		return fmt.Errorf("%s is out of range; allowed: %s", Clip(value), allowed)
	}
	return fmt.Errorf("%s is not a whole number; allowed: %s", Clip(value), allowed)
}
