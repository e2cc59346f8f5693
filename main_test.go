package main

import (
	"os/exec"
	"strings"
	"testing"
)

// synq itself, and its command line, must run on a machine without a display: neither may
// link Ebiten, which needs one from the first instruction. Only cmd/synq-app draws.
func TestCommandLineHasNoEbiten(t *testing.T) {
	for _, pkg := range []string{"synq", "synq/cli"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 {
			t.Fatalf("go list -deps %s lists %d packages, want its whole tree:\n%s", pkg, len(deps), out)
		}
		for _, d := range deps {
			if strings.Contains(d, "ebiten") || d == "synq/render" {
				t.Errorf("%s imports %s; the desktop app's packages belong in cmd/synq-app", pkg, d)
			}
		}
	}
	out, err := exec.Command("go", "list", "-deps", "synq/cmd/synq-app").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "github.com/hajimehoshi/ebiten") {
		t.Errorf("go list -deps synq/cmd/synq-app does not list Ebiten (%v): the check above looks for the wrong name\n%s", err, out)
	}
}
