//go:build !gui

package main

import (
	"fmt"
	"io"
	"os"
)

// shotCmd is `synq shot` in the command-line binary: it checks the arguments, then hands over
// to the desktop app (bin/synq-app), which draws with Ebiten and so needs a display, if only
// a virtual one.
func shotCmd(args []string, stderr io.Writer) int {
	if _, ok := parseShotArgs(args, stderr); !ok {
		return 2
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintf(stderr, "synq shot: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), and drawing needs one.\n"+
			"  Run it under a virtual display instead (Debian packages xvfb and xauth):\n"+
			"    xvfb-run -a synq shot %s\n", shellArgs(args))
		return 2
	}
	return appCmd(append([]string{"shot"}, args...), stderr)
}

// shellArgs joins args for a command line to copy, quoting those with spaces.
func shellArgs(args []string) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		if a == "" || containsSpace(a) {
			a = "'" + a + "'"
		}
		s += a
	}
	return s
}

func containsSpace(s string) bool {
	for _, r := range s {
		if r == ' ' || r == '\t' {
			return true
		}
	}
	return false
}
