package cli

import (
	"fmt"
	"io"
	"strings"
)

// shotCmd is `synq shot` in the command-line binary: it checks the arguments, then hands over
// to the desktop app (bin/synq-app), which draws with Ebiten and so needs a display, if only
// a virtual one.
func shotCmd(args []string, stdout, stderr io.Writer) int {
	if _, code := parseShotArgs(args, stdout, stderr); code != carryOn {
		return code
	}
	if !hasDisplay() {
		fmt.Fprintf(stderr, "synq shot: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), and drawing needs one.\n"+
			"  Run it under a virtual display instead (Debian packages xvfb and xauth):\n"+
			"    xvfb-run -a synq shot %s\n", shellArgs(args))
		return 2
	}
	return launchApp(append([]string{"shot"}, args...), stderr)
}

// shellArgs joins args for a command line to copy, quoting those that are empty or hold spaces.
func shellArgs(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t") {
			a = "'" + a + "'"
		}
		quoted[i] = a
	}
	return strings.Join(quoted, " ")
}
