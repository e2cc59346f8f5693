package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"synq/model"
)

// docs/sysctls.md is what the table says now.
func TestDocsInStep(t *testing.T) {
	want, err := Render()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../docs/sysctls.md")
	if err != nil {
		t.Fatalf("%v; write it with `%s` from the module's root", err, Command)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/sysctls.md is out of step with the sysctl table in model/sysctl.go; regenerate it with `%s` from the module's root", Command)
	}
	for _, w := range []string{"`net.ipv4.tcp_syncookies`", "`linux-2.6.32` | 0 |", "`bsd-4.4` | — | not there |", "Linux has it from 6.5"} {
		if !bytes.Contains(want, []byte(w)) {
			t.Errorf("the generated text lacks %q", w)
		}
	}
	if n := len(model.AllSysctls()); strings.Count(string(want), "\n## ") != n {
		t.Errorf("want a section for each of the %d sysctls:\n%s", n, want)
	}
}
