//go:build linux

package kernel

import (
	"reflect"
	"slices"
	"testing"

	"synq/model"
)

// The engine writes every sysctl of the model's table, with the scenario's values; one that
// not every release has only where the running kernel has it.
func TestSysctlWritesFollowTheTable(t *testing.T) {
	var s model.ServerSysctl
	var c model.ClientSysctl
	for i, v := range []reflect.Value{reflect.ValueOf(&s).Elem(), reflect.ValueOf(&c).Elem()} {
		for f := range v.NumField() {
			v.Field(f).SetInt(int64(100*i + f + 1))
		}
	}
	var server, client, always []sysctl
	for _, sc := range model.AllSysctls() {
		if sc.Client {
			v, _ := c.Value(sc.Key)
			client = append(client, sysctl{sc.Key, v})
			if sc.Since == "" {
				always = append(always, sysctl{sc.Key, v})
			}
		} else {
			v, _ := s.Value(sc.Key)
			server = append(server, sysctl{sc.Key, v})
		}
	}
	if len(server) < 6 || server[0] != (sysctl{"net.core.somaxconn", 1}) || server[2] != (sysctl{"net.ipv4.tcp_syncookies", 3}) {
		t.Fatalf("the table's server sysctls %v: want somaxconn first and tcp_syncookies third, with ServerSysctl's values", server)
	}
	if got := serverSysctls(s, func(string) bool { return true }); !slices.Equal(got, server) {
		t.Errorf("serverSysctls = %v, want %v", got, server)
	}
	if got := clientSysctls(c, func(string) bool { return true }); !slices.Equal(got, client) {
		t.Errorf("clientSysctls on a kernel with every key = %v, want %v", got, client)
	}
	if got := clientSysctls(c, func(string) bool { return false }); !slices.Equal(got, always) || slices.ContainsFunc(got, func(x sysctl) bool {
		return x.key == "net.ipv4.tcp_syn_linear_timeouts"
	}) {
		t.Errorf("clientSysctls on a kernel without tcp_syn_linear_timeouts = %v, want %v", got, always)
	}
}
