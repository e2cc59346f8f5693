// Command synq-app is synq's desktop app: the window with the queues, the lessons and the knobs,
// and `synq shot`'s pictures. It is a program of its own because Ebiten needs a display from its
// first instruction, while the command line (synq, package synq/cli) must work without one;
// `synq` with no command, and `synq shot`, start this binary from beside their own.
//
//	synq-app [--scenario FILE | --builtin NAME] [--compare FILE2] [--lesson ID [--step N]]
//	synq-app shot --scenario FILE --at T --out PNG …
//
// Any other command (run, kernel, …) is synq's own.
package main

import (
	"fmt"
	"io"
	"os"

	"synq/cli"
	"synq/lessons"
	"synq/render"
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) > 0 && args[0] == "shot":
		os.Exit(shotCmd(args[1:], os.Stdout, os.Stderr))
	case len(args) > 0 && args[0] != "" && args[0][0] != '-':
		os.Exit(cli.Main(args, os.Stdout, os.Stderr))
	}
	os.Exit(appCmd(args, os.Stdout, os.Stderr))
}

// appCmd opens the desktop app on a scenario file, a built-in scenario, a lesson, or (with no
// flags) the lesson menu.
func appCmd(args []string, stdout, stderr io.Writer) int {
	a, code, ok := cli.ParseApp(args, stdout, stderr)
	if !ok {
		return code
	}
	o := render.LessonStart{Lessons: a.Lessons, ID: a.Lesson, Step: a.Step, Menu: a.Menu}
	if store, err := lessons.DefaultStore(); err == nil {
		o.Store = store
	} else {
		fmt.Fprintf(stderr, "synq: lesson progress will not be saved: %v\n", err)
	}
	if err := render.RunLessons(a.Scenario, a.Compare, o); err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return 1
	}
	return 0
}

// shotCmd is `synq shot`: render the app at one simulated time to a PNG, then exit.
func shotCmd(args []string, stdout, stderr io.Writer) int {
	a, code, ok := cli.ParseShot(args, stdout, stderr)
	if !ok {
		return code
	}
	o := render.ShotOptions{Scenario: a.Scenario, Compare: a.Compare, At: a.At, W: a.W, H: a.H,
		Presenter: a.Presenter, Knobs: a.Knobs, Hover: a.Hover, Path: a.Path}
	if err := render.RunShot(o); err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return 1
	}
	return 0
}
