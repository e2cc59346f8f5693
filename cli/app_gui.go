//go:build gui

package cli

import (
	"fmt"
	"io"

	"synq/lessons"
	"synq/model"
	"synq/render"
)

// appCmd opens the desktop app on a scenario file, a built-in scenario, a lesson, or (with no
// flags) the lesson menu.
func appCmd(args []string, stdout, stderr io.Writer) int {
	a, code := parseAppArgs(args, stdout, stderr)
	if code != carryOn {
		return code
	}
	sc, err := loadScenario(a.file, a.builtin)
	if err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return 2
	}
	var compare *model.Scenario
	if a.compare != "" {
		if compare, err = loadScenario(a.compare, ""); err != nil {
			fmt.Fprintf(stderr, "synq: --compare: %v\n", err)
			return 2
		}
	}
	o := render.LessonStart{Lessons: a.all, Step: a.step, Menu: a.menu}
	if a.lesson != nil {
		o.ID = a.lesson.ID
	}
	if store, err := lessons.DefaultStore(); err == nil {
		o.Store = store
	} else {
		fmt.Fprintf(stderr, "synq: lesson progress will not be saved: %v\n", err)
	}
	if err := render.RunLessons(sc, compare, o); err != nil {
		fmt.Fprintf(stderr, "synq: %v\n", err)
		return 1
	}
	return 0
}
