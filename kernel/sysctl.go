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

// serverSysctls are the scenario's server settings as sysctl writes: every server sysctl of
// the model's table, so that the namespace's own defaults never decide a result the model
// computes from the profile. A sysctl that not every release has is written only where the
// running kernel has it (has).
func serverSysctls(s model.ServerSysctl, has func(key string) bool) []sysctl {
	return tableSysctls(false, has, s.Value)
}

// clientSysctls are the genuine clients' namespace settings, chosen the same way.
func clientSysctls(c model.ClientSysctl, has func(key string) bool) []sysctl {
	return tableSysctls(true, has, c.Value)
}

func tableSysctls(client bool, has func(key string) bool, value func(key string) (int, bool)) []sysctl {
	var out []sysctl
	for _, sc := range model.AllSysctls() {
		if sc.Client != client || sc.Since != "" && !has(sc.Key) {
			continue
		}
		v, _ := value(sc.Key)
		out = append(out, sysctl{sc.Key, v})
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
