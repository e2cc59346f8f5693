//go:build linux

package kernel

import (
	"slices"
	"testing"

	"synq/model"
)

// The engine writes every sysctl of the model's table, with the scenario's values; one that
// not every release has only where the running kernel has it.
func TestSysctlWritesFollowTheTable(t *testing.T) {
	s := model.ServerSysctl{Somaxconn: 1, MaxSynBacklog: 2, Syncookies: 3, AbortOnOverflow: 4, SynackRetries: 5, Timestamps: 6}
	want := []sysctl{
		{"net.core.somaxconn", 1}, {"net.ipv4.tcp_max_syn_backlog", 2}, {"net.ipv4.tcp_syncookies", 3},
		{"net.ipv4.tcp_abort_on_overflow", 4}, {"net.ipv4.tcp_synack_retries", 5}, {"net.ipv4.tcp_timestamps", 6},
	}
	if got := serverSysctls(s, func(string) bool { return false }); !slices.Equal(got, want) {
		t.Errorf("serverSysctls = %v, want %v", got, want)
	}
	c := model.ClientSysctl{SynRetries: 7, SynLinearTimeouts: 8, Timestamps: 9}
	without := []sysctl{{"net.ipv4.tcp_syn_retries", 7}, {"net.ipv4.tcp_timestamps", 9}}
	if got := clientSysctls(c, func(string) bool { return false }); !slices.Equal(got, without) {
		t.Errorf("clientSysctls on a kernel without tcp_syn_linear_timeouts = %v, want %v", got, without)
	}
	with := append(without, sysctl{"net.ipv4.tcp_syn_linear_timeouts", 8})
	if got := clientSysctls(c, func(string) bool { return true }); !slices.Equal(got, with) {
		t.Errorf("clientSysctls on a kernel with it = %v, want %v", got, with)
	}
}
