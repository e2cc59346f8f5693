package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"synq/lessons"
)

// appArgs are the arguments of the desktop app.
type appArgs struct {
	file, builtin, compare string
	// lesson is --lesson's lesson, nil for none; step is --step from 0, -1 to resume.
	lesson *lessons.Lesson
	step   int
	all    []*lessons.Lesson // every lesson, for the menu
	menu   bool              // no scenario or lesson was named: open the lesson menu
}

// parseAppArgs reads the app's flags and checks --lesson and --step against the lessons; it
// reports problems on stderr, and prints the usage on stdout for -h. The code is carryOn when
// the app is to open, else the exit status.
func parseAppArgs(args []string, stdout, stderr io.Writer) (appArgs, int) {
	a := appArgs{step: -1}
	fs := flag.NewFlagSet("synq", flag.ContinueOnError)
	fs.StringVar(&a.file, "scenario", "", "scenario `FILE` to show")
	fs.StringVar(&a.builtin, "builtin", "flood", "built-in scenario `NAME` to show (see `synq scenarios`)")
	fs.StringVar(&a.compare, "compare", "", "a second scenario `FILE` to run beside the first, on the same clock")
	id := fs.String("lesson", "", "open the lesson `ID` (see `synq lessons`)")
	step := fs.Int("step", 0, "with --lesson: start at step `N`, from 1 (default: where the learner left off)")
	operands, code := parseFlags(fs, usage, args, stdout, stderr)
	if code != carryOn {
		return a, code
	}
	if len(operands) > 0 {
		fmt.Fprintf(stderr, "synq: unexpected argument %q\n\n%s", operands[0], usage)
		return a, 2
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	all, err := lessons.Load("")
	if err != nil && len(all) == 0 {
		fmt.Fprintf(stderr, "synq: the lessons cannot be read: %v\n", err)
	}
	a.all = all
	a.menu = !set["scenario"] && !set["builtin"] && !set["compare"] && !set["lesson"] && len(all) > 0
	if set["step"] && *id == "" {
		fmt.Fprintf(stderr, "synq: --step needs --lesson ID\n")
		return a, 2
	}
	if *id == "" {
		return a, carryOn
	}
	if a.lesson, a.step, err = lessonStep(all, *id, *step, set["step"]); err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return a, 2
	}
	return a, carryOn
}

// lessonStep finds lesson id and checks step (from 1) against its steps; it returns the step
// from 0, or -1 (resume) when no step was given.
func lessonStep(all []*lessons.Lesson, id string, step int, given bool) (*lessons.Lesson, int, error) {
	l := lessons.Find(all, id)
	if l == nil {
		ids := make([]string, len(all))
		for i, x := range all {
			ids[i] = x.ID
		}
		return nil, 0, fmt.Errorf("--lesson: no lesson %q; the lessons are: %s", id, strings.Join(ids, ", "))
	}
	if !given {
		return l, -1, nil
	}
	if step < 1 || step > len(l.Steps) {
		return nil, 0, fmt.Errorf("--step %d: lesson %s has steps 1 to %d", step, l.ID, len(l.Steps))
	}
	return l, step - 1, nil
}
