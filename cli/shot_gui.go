//go:build gui

package cli

import (
	"fmt"
	"io"

	"synq/render"
)

// shotCmd is `synq shot`: render the app at one simulated time to a PNG, then exit.
func shotCmd(args []string, stdout, stderr io.Writer) int {
	a, code := parseShotArgs(args, stdout, stderr)
	if code != carryOn {
		return code
	}
	sc, err := loadScenario(a.file, a.builtin)
	if err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return 2
	}
	o := render.ShotOptions{Scenario: sc, At: a.at, W: a.w, H: a.h, Presenter: a.presenter, Knobs: a.knobs, Path: a.out}
	end := sc.Duration
	if a.compare != "" {
		if o.Compare, err = loadScenario(a.compare, ""); err != nil {
			fmt.Fprintf(stderr, "synq shot: --compare: %v\n", err)
			return 2
		}
		end = max(end, o.Compare.Duration)
	}
	if a.at > end {
		fmt.Fprintf(stderr, "synq shot: --at %s is after the scenario's end (%s)\n", a.at, end)
		return 2
	}
	if err := render.RunShot(o); err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return 1
	}
	return 0
}
