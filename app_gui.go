//go:build gui

package main

import (
	"flag"
	"fmt"
	"io"

	"synq/model"
	"synq/render"
)

// appCmd opens the desktop app on a scenario file or a built-in scenario.
func appCmd(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("scenario", "", "scenario `FILE` to show")
	builtin := fs.String("builtin", "flood", "built-in scenario `NAME` to show (see `synq scenarios`)")
	compareFile := fs.String("compare", "", "a second scenario `FILE` to run beside the first, on the same clock")
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "synq: unexpected argument %q\n\n%s", fs.Arg(0), usage)
		return 2
	}
	sc, err := loadScenario(*file, *builtin)
	if err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return 2
	}
	var compare *model.Scenario
	if *compareFile != "" {
		if compare, err = loadScenario(*compareFile, ""); err != nil {
			fmt.Fprintf(stderr, "synq: --compare: %v\n", err)
			return 2
		}
	}
	if err := render.RunApp(sc, compare); err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return 1
	}
	return 0
}
