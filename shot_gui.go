//go:build gui

package main

import (
	"fmt"
	"io"

	"synq/render"
)

// shotCmd is `synq shot`: render the app at one simulated time to a PNG, then exit.
func shotCmd(args []string, stderr io.Writer) int {
	a, ok := parseShotArgs(args, stderr)
	if !ok {
		return 2
	}
	sc, err := loadScenario(a.file, a.builtin)
	if err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return 2
	}
	if a.at > sc.Duration {
		fmt.Fprintf(stderr, "synq shot: --at %s is after the scenario's end (%s)\n", a.at, sc.Duration)
		return 2
	}
	if err := render.RunShot(sc, a.at, a.w, a.h, a.out); err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return 1
	}
	return 0
}
