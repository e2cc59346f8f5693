package model_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"synq/model"
)

// Every profile describes its sysctls from the one table: the keys a scenario may set, in
// order, each with the profile's default inside the range it allows.
func TestSysctlsDescribeEveryProfile(t *testing.T) {
	for _, name := range model.KnownProfiles() {
		p, err := model.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		var server, client []string
		for _, s := range p.Sysctls() {
			var def int
			var ok bool
			if s.Client {
				client = append(client, s.Key)
				def, ok = p.ClientSysctlValue(&p.ClientDefaults, s.Key)
			} else {
				server = append(server, s.Key)
				def, ok = p.ServerSysctlValue(&p.ServerDefaults, s.Key)
			}
			if !ok || def != s.Default {
				t.Errorf("%s %s: Default %d, the profile's defaults hold %d (%v)", name, s.Key, s.Default, def, ok)
			}
			if s.Default < s.Min || s.Default > s.Max || s.Allowed == "" || s.Doc == "" {
				t.Errorf("%s %s: default %d outside %d…%d, or no words (allowed %q, doc %q)", name, s.Key, s.Default, s.Min, s.Max, s.Allowed, s.Doc)
			}
			if got := p.SysctlAllowed(s.Client, s.Key); got != s.Allowed {
				t.Errorf("%s %s: SysctlAllowed %q, Sysctls says %q", name, s.Key, got, s.Allowed)
			}
		}
		if !slices.Equal(server, p.SysctlKeys(false)) || !slices.Equal(client, p.SysctlKeys(true)) {
			t.Errorf("%s: Sysctls lists %v and %v, SysctlKeys %v and %v", name, server, client, p.SysctlKeys(false), p.SysctlKeys(true))
		}
	}
}

// The table's defaults and ranges per release (spec 1.1), as a distribution may override them.
func TestSysctlDefaultsByRelease(t *testing.T) {
	tests := []struct {
		profile, key string
		client       bool
		def, max     int
		present      bool
	}{
		{"linux-6.18", "net.core.somaxconn", false, 4096, 1<<31 - 1, true},
		{"linux-5.3", "net.core.somaxconn", false, 128, 1<<31 - 1, true},
		{"linux-3.10", "net.core.somaxconn", false, 128, 65535, true},
		{"linux-2.6.32", "net.ipv4.tcp_syncookies", false, 0, 1<<31 - 1, true},
		{"centos-6", "net.ipv4.tcp_syncookies", false, 1, 1<<31 - 1, true},
		{"linux-6.18", "net.ipv4.tcp_syncookies", false, 1, 255, true},
		{"linux-6.18", "net.ipv4.tcp_max_syn_backlog", false, 2048, 1<<31 - 1, true},
		{"linux-3.6", "net.ipv4.tcp_syn_retries", true, 5, 127, true},
		{"linux-6.5", "net.ipv4.tcp_syn_linear_timeouts", true, 4, 127, true},
		{"linux-6.4", "net.ipv4.tcp_syn_linear_timeouts", true, 0, 0, false},
		{"bsd-4.4", "net.core.somaxconn", false, 0, 0, false},
	}
	for _, tt := range tests {
		p, err := model.LookupProfile(tt.profile)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(p.Sysctls(), func(s model.Sysctl) bool { return s.Key == tt.key && s.Client == tt.client })
		if (i >= 0) != tt.present {
			t.Errorf("%s has %s: %v, want %v", tt.profile, tt.key, i >= 0, tt.present)
			continue
		}
		if i < 0 {
			continue
		}
		if s := p.Sysctls()[i]; s.Default != tt.def || s.Max != tt.max {
			t.Errorf("%s %s: default %d, max %d; want %d, %d", tt.profile, tt.key, s.Default, s.Max, tt.def, tt.max)
		}
	}
}

// Every field of ServerSysctl and ClientSysctl has its row in the table, and Value reads it.
func TestSysctlTableCoversEveryField(t *testing.T) {
	var srv model.ServerSysctl
	var cli model.ClientSysctl
	for _, v := range []reflect.Value{reflect.ValueOf(&srv).Elem(), reflect.ValueOf(&cli).Elem()} {
		for i := range v.NumField() {
			v.Field(i).SetInt(int64(100 + i))
		}
	}
	seen := map[bool]map[int]bool{false: {}, true: {}}
	for _, s := range model.AllSysctls() {
		var v int
		var ok bool
		if s.Client {
			v, ok = cli.Value(s.Key)
		} else {
			v, ok = srv.Value(s.Key)
		}
		if !ok {
			t.Errorf("%s: Value does not know it", s.Key)
		}
		seen[s.Client][v] = true
	}
	if n := reflect.TypeOf(srv).NumField(); len(seen[false]) != n {
		t.Errorf("the table reads %d of ServerSysctl's %d fields", len(seen[false]), n)
	}
	if n := reflect.TypeOf(cli).NumField(); len(seen[true]) != n {
		t.Errorf("the table reads %d of ClientSysctl's %d fields", len(seen[true]), n)
	}
	if _, ok := srv.Value("net.ipv4.tcp_nonexistent"); ok {
		t.Error("Value knows a key the table lacks")
	}
}

// CentOS 7 reads tcp_syncookies=2 as a cookie for every SYN (the 3.12 change backported), so
// its range must not say that mode 2 arrives only with 3.12, as plain 3.10's does.
func TestCentos7SyncookiesWording(t *testing.T) {
	for _, name := range []string{"centos-7", "linux-3.10"} {
		p, err := model.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.Sysctls() {
			if s.Key != "net.ipv4.tcp_syncookies" {
				continue
			}
			says := !strings.Contains(s.Allowed, "from Linux 3.12")
			if want := p.CookieMode2; says != want {
				t.Errorf("%s: tcp_syncookies allowed %q, but CookieMode2 is %v", name, s.Allowed, p.CookieMode2)
			}
		}
	}
}
