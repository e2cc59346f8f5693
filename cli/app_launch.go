package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// appBinary is the desktop app, built from cmd/synq-app. It is a separate
// binary because Ebiten needs a display from the moment the program starts, and the
// command-line tools (`synq run`, `synq kernel`) must work on servers that have none.
const appBinary = "synq-app"

// appCmd checks the app's arguments, then starts the desktop app, which lives in synq-app
// next to this binary.
func appCmd(args []string, stdout, stderr io.Writer) int {
	if _, code := parseAppArgs(args, stdout, stderr); code != carryOn {
		return code
	}
	return launchApp(args, stderr)
}

// launchApp hands args over to the desktop app, synq-app, when there is a display.
func launchApp(args []string, stderr io.Writer) int {
	if !hasDisplay() {
		fmt.Fprintf(stderr, "synq: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot open.\n"+
			"  Command-line use works anywhere: synq run FILE\n"+
			"  To try the app without a screen: xvfb-run -a synq\n")
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "synq: cannot find the desktop app: %v\n", err)
		return 1
	}
	app := filepath.Join(filepath.Dir(self), appBinary)
	if _, err := os.Stat(app); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "synq: the desktop app %s is missing; build it with `make build` (go build -o %s ./cmd/synq-app)\n", app, app)
		return 1
	}
	err = syscall.Exec(app, append([]string{app}, args...), os.Environ())
	fmt.Fprintf(stderr, "synq: starting %s: %v\n", app, err)
	return 1
}

// hasDisplay reports whether a window could open: an X or a Wayland display is set.
func hasDisplay() bool { return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" }
