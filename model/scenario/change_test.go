package scenario_test

import (
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

// A rate is "N/s" with N from 1 to model.MaxRate, wherever it is written.
func TestParseRate(t *testing.T) {
	tests := []struct {
		s          string
		want       model.Rate
		ok, formed bool
	}{
		{"1000/s", 1000, true, true},
		{" 5 / s ", 5, true, true},
		{"10000000/s", model.MaxRate, true, true},
		{"10000001/s", 0, false, true},
		{"0/s", 0, false, true},
		{"1.5/s", 0, false, true},
		{"fast", 0, false, false},
		{"5/m", 0, false, false},
	}
	for _, tt := range tests {
		r, ok, formed := scenario.ParseRate(tt.s)
		if r != tt.want || ok != tt.ok || formed != tt.formed {
			t.Errorf("ParseRate(%q) = %v, %v, %v; want %v, %v, %v", tt.s, r, ok, formed, tt.want, tt.ok, tt.formed)
		}
	}
}

// One reading of a change's value for lesson steps and page links; the errors say what was
// wrong and what is allowed.
func TestParseChange(t *testing.T) {
	tests := []struct {
		kind       model.ChangeKind
		key, value string
		want       model.Change
		err        string
	}{
		{model.ChangeSysctl, "net.ipv4.tcp_syncookies", "2", model.Change{Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_syncookies", Value: 2}, ""},
		{model.ChangeSysctl, "net.ipv4.tcp_syncookies", "yes", model.Change{}, `"yes" is not a whole number; allowed: 0 to 255`},
		{model.ChangeSysctl, "net.core.somaxconn", "99999999999999999999", model.Change{}, `"99999999999999999999" is out of range; allowed: 0 to 2147483647`},
		{model.ChangeBacklog, "backlog", "-3", model.Change{Kind: model.ChangeBacklog, Value: -3}, ""},
		{model.ChangeBacklog, "backlog", "2147483648", model.Change{}, `"2147483648" is not a whole number from -2147483648 to 2147483647`},
		{model.ChangeAccept, "accept", "all", model.Change{Kind: model.ChangeAccept, Mode: model.AcceptAll}, ""},
		{model.ChangeAccept, "accept", "20/s", model.Change{Kind: model.ChangeAccept, Mode: model.AcceptRate, Rate: 20}, ""},
		{model.ChangeAccept, "accept", "sometimes", model.Change{}, `"sometimes" is not a rate from 1/s to 10000000/s; allowed: all, none, or a rate`},
		{model.ChangeClients, "clients", "off", model.Change{Kind: model.ChangeClients}, ""},
		{model.ChangeFlood, "flood", "5000/s", model.Change{Kind: model.ChangeFlood, Rate: 5000}, ""},
		{model.ChangeFlood, "flood", "20000000/s", model.Change{}, `"20000000/s" is not a rate from 1/s to 10000000/s; allowed: a rate like 100/s, or off`},
	}
	for _, tt := range tests {
		got, err := scenario.ParseChange(tt.kind, tt.key, tt.value)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("ParseChange(%v, %q, %q) = %+v, %v; want %+v", tt.kind, tt.key, tt.value, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseChange(%v, %q, %q): error %v, want one containing %q", tt.kind, tt.key, tt.value, err, tt.err)
		}
	}
}

// SYN options: each of mss, wscale, sack and ts at most once; the error names the word.
func TestParseSynOptions(t *testing.T) {
	o, err := scenario.ParseSynOptions([]string{"mss=1460", "wscale=7", "sack", "ts"})
	if err != nil || o != (model.SynOptions{MSS: 1460, WScale: 7, SACK: true, TS: true}) {
		t.Errorf("ParseSynOptions(all four) = %+v, %v", o, err)
	}
	_, err = scenario.ParseSynOptions([]string{"sack", "mss=1", "mss=2"})
	oe, ok := err.(*scenario.SynOptionError)
	if !ok || oe.Index != 2 || !strings.Contains(oe.Msg, `mss given twice (first as "mss=1")`) {
		t.Errorf("a second mss: error %#v, want the third word refused as given twice", err)
	}
}
