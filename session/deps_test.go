package session

import (
	"os/exec"
	"strings"
	"testing"
)

// The session and its lesson player import no Ebiten, directly or through another package,
// so they build for any target and are tested without a display.
func TestNoEbiten(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command("go", "list", "-deps", "synq/session", "synq/session/lesson").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/hajimehoshi/ebiten") {
			t.Errorf("the session depends on %s", dep)
		}
	}
	if !strings.Contains(string(out), "synq/render/timeline") {
		t.Errorf("go list -deps printed no synq/render/timeline; the list is not the session's:\n%s", out)
	}
}
