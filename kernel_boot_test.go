package main

import (
	"strings"
	"testing"
)

// TestBootBadInput: `synq kernel --boot` refuses what it cannot boot or run before it fetches
// or boots anything, says what is allowed, and exits 2.
func TestBootBadInput(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"unknown release", []string{"kernel", "--boot", "debian-10", "conformance/backlog-zero.yaml"},
			[]string{`unknown release "debian-10"`, "debian-11, debian-12, debian-13, debian-unstable"}},
		{"one unknown among several", []string{"kernel", "--boot=debian-12,centos-7", "conformance/backlog-zero.yaml"},
			[]string{`unknown release "centos-7"`}},
		{"no files", []string{"kernel", "--boot", "debian-12"},
			[]string{"no scenario files given", "usage: synq kernel --boot RELEASE"}},
		{"bad accelerator", []string{"kernel", "--boot", "debian-12", "--accel", "hvf", "conformance/backlog-zero.yaml"},
			[]string{`--accel "hvf"`, "auto, kvm, tcg"}},
		{"missing file", []string{"kernel", "conformance/backlog-zero.yaml", "--boot", "debian-12", "testdata/no-such-scenario.yaml"},
			[]string{"testdata/no-such-scenario.yaml", "no such file or directory"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := run(tc.args...)
			if code != 2 {
				t.Errorf("synq %s: exit %d, want 2", strings.Join(tc.args, " "), code)
			}
			if out != "" {
				t.Errorf("synq %s: printed on stdout:\n%s", strings.Join(tc.args, " "), out)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errs, want) {
					t.Errorf("synq %s: stderr does not contain %q:\n%s", strings.Join(tc.args, " "), want, errs)
				}
			}
		})
	}
}
