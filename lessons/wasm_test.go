//go:build !js

package lessons_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestPureForWasm: the package builds for the browser and pulls in neither Ebiten nor the
// kernel engine.
func TestPureForWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package for js/wasm")
	}
	goBin := runtime.GOROOT() + "/bin/go"
	cmd := exec.Command(goBin, "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list for js/wasm: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "ebiten") || dep == "synq/kernel" || dep == "synq/render" {
			t.Errorf("lessons depends on %s", dep)
		}
	}
	if !strings.Contains(string(out), "syscall/js") {
		t.Errorf("the js build does not use syscall/js (progress_js.go not built?):\n%s", out)
	}
}
