package cli

import (
	"fmt"
	"image"
	"io"

	"synq/lessons"
	"synq/model"
)

// AppRequest is what the desktop app is asked to open, its flags checked and its scenarios
// loaded: cmd/synq-app opens it.
type AppRequest struct {
	Scenario, Compare *model.Scenario // Compare is nil without --compare
	Lessons           []*lessons.Lesson
	Lesson            string // --lesson's ID, "" for none
	Step              int    // --step from 0, -1 to resume where the learner left off
	Menu              bool   // no scenario or lesson was named: open the lesson menu
}

// ParseApp reads the desktop app's flags (those of `synq` with no command) and loads the
// scenarios they name. ok is false when the app is not to open; code is then the exit status,
// and the reason has been written to stderr (or the usage to stdout, for -h).
func ParseApp(args []string, stdout, stderr io.Writer) (r AppRequest, code int, ok bool) {
	a, code := parseAppArgs(args, stdout, stderr)
	if code != carryOn {
		return r, code, false
	}
	r = AppRequest{Lessons: a.all, Step: a.step, Menu: a.menu}
	if a.lesson != nil {
		r.Lesson = a.lesson.ID
	}
	var err error
	if r.Scenario, err = loadScenario(a.file, a.builtin); err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return r, 2, false
	}
	if a.compare != "" {
		if r.Compare, err = loadScenario(a.compare, ""); err != nil {
			fmt.Fprintf(stderr, "synq: --compare: %v\n", err)
			return r, 2, false
		}
	}
	return r, 0, true
}

// ShotRequest is a picture `synq shot` asks for, its flags checked and its scenarios loaded:
// cmd/synq-app draws it.
type ShotRequest struct {
	Scenario, Compare *model.Scenario // Compare is nil without --compare
	At                model.Time
	W, H              int
	Presenter, Knobs  bool
	Hover             *image.Point // the pointer there: the tooltip of what is under it shows
	Path              string       // the PNG file to write
}

// ParseShot reads `synq shot`'s flags (args after the word shot) and loads the scenarios they
// name. ok is false when no picture is to be drawn; code is then the exit status, and the
// reason has been written to stderr (or the usage to stdout, for -h).
func ParseShot(args []string, stdout, stderr io.Writer) (r ShotRequest, code int, ok bool) {
	a, code := parseShotArgs(args, stdout, stderr)
	if code != carryOn {
		return r, code, false
	}
	r = ShotRequest{At: a.at, W: a.w, H: a.h, Presenter: a.presenter, Knobs: a.knobs, Hover: a.hover, Path: a.out}
	var err error
	if r.Scenario, err = loadScenario(a.file, a.builtin); err != nil {
		fmt.Fprintf(stderr, "synq shot: %v\n", err)
		return r, 2, false
	}
	end := r.Scenario.Duration
	if a.compare != "" {
		if r.Compare, err = loadScenario(a.compare, ""); err != nil {
			fmt.Fprintf(stderr, "synq shot: --compare: %v\n", err)
			return r, 2, false
		}
		end = max(end, r.Compare.Duration)
	}
	if a.at > end {
		fmt.Fprintf(stderr, "synq shot: --at %s is after the scenario's end (%s)\n", a.at, end)
		return r, 2, false
	}
	return r, 0, true
}
