//go:build linux

package kernel

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"synq/model"
)

type sysctl struct {
	key   string
	value int
}

// serverSysctls are the scenario's server settings as sysctl writes: all of them, so that the
// namespace's own defaults never decide a result the model computes from the profile.
func serverSysctls(s model.ServerSysctl) []sysctl {
	return []sysctl{
		{"net.core.somaxconn", s.Somaxconn},
		{"net.ipv4.tcp_max_syn_backlog", s.MaxSynBacklog},
		{"net.ipv4.tcp_syncookies", s.Syncookies},
		{"net.ipv4.tcp_abort_on_overflow", s.AbortOnOverflow},
		{"net.ipv4.tcp_synack_retries", s.SynackRetries},
		{"net.ipv4.tcp_timestamps", s.Timestamps},
	}
}

// clientSysctls are the genuine clients' namespace settings.
func clientSysctls(c model.ClientSysctl, linear bool) []sysctl {
	out := []sysctl{
		{"net.ipv4.tcp_syn_retries", c.SynRetries},
		{"net.ipv4.tcp_timestamps", c.Timestamps},
	}
	if linear {
		out = append(out, sysctl{"net.ipv4.tcp_syn_linear_timeouts", c.SynLinearTimeouts})
	}
	return out
}

// quietSysctls keep the namespaces from sending anything the scenario did not ask for.
var quietSysctls = []sysctl{
	{"net.ipv6.conf.all.disable_ipv6", 1},
	{"net.ipv6.conf.default.disable_ipv6", 1},
}

func sysctlPath(key string) string {
	return "/proc/sys/" + strings.ReplaceAll(key, ".", "/")
}

// writeSysctls sets each value in the calling thread's namespace and reads it back: a kernel
// that clamps or refuses a value must not leave the run on a setting the scenario did not ask
// for. It must run on a namespace's thread.
func writeSysctls(list []sysctl) error {
	for _, s := range list {
		p := sysctlPath(s.key)
		if err := os.WriteFile(p, []byte(strconv.Itoa(s.value)), 0); err != nil {
			return fmt.Errorf("setting %s = %d: %w", s.key, s.value, err)
		}
		got, err := readSysctl(s.key)
		if err != nil {
			return err
		}
		if got != s.value {
			return fmt.Errorf("setting %s = %d: the kernel keeps %d", s.key, s.value, got)
		}
	}
	return nil
}

func readSysctl(key string) (int, error) {
	b, err := os.ReadFile(sysctlPath(key))
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", key, err)
	}
	v, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("reading %s: %q is not a number", key, b)
	}
	return v, nil
}

// hasSysctl reports whether the calling thread's namespace has the key.
func hasSysctl(key string) bool {
	_, err := os.Stat(sysctlPath(key))
	return err == nil
}
