//go:build js

// Command app is synq's training page: the animated app compiled to WebAssembly, opened on
// what the page's URL asks for (see package web/params). web/static/loader.js downloads and
// starts it; `make web` builds both into web/dist.
//
// The page and this program talk through a few names on window:
//
//	synqPage.problems(lines)  (page) shows what was wrong with the link
//	synqPage.copyLink(query)  (page) puts ?query in the address bar and on the clipboard
//	synqPage.follow(query, title, push)  (page) the address and title follow the learner
//	synqPage.seeking(f)       (page) shows how far a link's moment is reached (-1: there)
//	synqPage.panel(obj)       (page) shows the lesson's panel in HTML (see panel.go)
//	synqOpenLink(query)       (app) goes to a lesson step or the menu on Back (see follow.go)
//	synqFirstFrame            (app) performance.now() when the first frame was drawn
//	synqTicks                 (app) how many times the app has updated
//	synqState()               (app) the state as a plain object (see state)
//	synqCopyLink()            (app) copies a link to the current moment, as the L key does
//	synqIntent(name, n)       (app) does what a key or click would (session.Intent by name)
//	synqBench()               (app) runs the model's flood benchmark in the page (see bench)
//	synqDoctor(text)          (app) synq doctor's report on pasted command output (see explain)
package main

import (
	"fmt"
	"strings"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/lessons"
	"synq/model"
	"synq/render"
	"synq/web/params"
)

// lessonStep checks a ?lesson=ID&step=N link against the lessons: it gives the scenario of
// that step (N from 1; 0: the first), or an error that names the lessons or the steps there are.
// params puts "lesson: " before the error, so it does not say so itself.
func lessonStep(all []*lessons.Lesson) params.LessonFunc {
	return func(id string, step int) (*model.Scenario, error) {
		l := lessons.Find(all, id)
		if l == nil {
			ids := make([]string, len(all))
			for i, x := range all {
				ids[i] = x.ID
			}
			return nil, fmt.Errorf("unknown lesson %q; the lessons are %s", id, strings.Join(ids, ", "))
		}
		if step < 0 || step > len(l.Steps) {
			return nil, fmt.Errorf("%s has steps 1 to %d, not %d", id, len(l.Steps), step)
		}
		plan, err := l.Plan(max(step, 1) - 1)
		if err != nil {
			return nil, err
		}
		return plan.Scenario, nil
	}
}

func main() {
	if err := run(); err != nil {
		js.Global().Get("console").Call("error", "synq: "+err.Error())
		pageCall("fatal", err.Error())
	}
}

func run() error {
	js.Global().Get("performance").Call("mark", "synq:main")
	query := strings.TrimPrefix(js.Global().Get("location").Get("search").String(), "?")
	all, err := lessons.LoadFS(packedLessons(), js.Global().Get("navigator").Get("language").String())
	if err != nil {
		return err
	}
	js.Global().Get("performance").Call("mark", "synq:lessons")
	index := lessonIndex(all)
	o, err := params.OpenIn(query, lessonStep(all), index)
	if err != nil {
		return err
	}
	if len(o.Problems) > 0 {
		lines := make([]any, len(o.Problems))
		for i, p := range o.Problems {
			lines[i] = p
		}
		pageCall("problems", lines)
	}
	a, err := render.NewApp(o.Scenario)
	if err != nil {
		return fmt.Errorf("cannot run %s: %w", o.Scenario.Name, err)
	}
	store, err := lessons.DefaultStore()
	if err != nil {
		// The player keeps the progress in memory (a nil store) for as long as the tab is open.
		pageCall("notice", "Lesson progress is kept only until this tab closes: "+err.Error()+".")
	}
	a.Session().SetNoQuit() // a page has nowhere to quit to: Esc does not ask
	player := a.Session().AttachLessons(all, store)
	// The page shows the lesson's panel in HTML beside or above the canvas (panel.go,
	// loader.js): the canvas gives the scene all its room.
	a.Session().SetExternalPanel(true)
	p := &page{App: a, sc: o.Scenario, link: o.Link, problems: o.Problems, player: player}
	p.follow.index = index
	switch {
	case o.Link.Lesson != "":
		// ?lesson=ID&step=N opens the lesson player at that step (N from 1; none: resume).
		if err := player.Open(o.Link.Lesson, o.Link.Step-1); err != nil {
			pageCall("problems", []any{err.Error()})
		}
		if o.Link.Paused != nil {
			a.Session().SetPaused(o.Paused)
		}
	case query == "" || o.Menu:
		// A bare page opens on the lesson menu, as the desktop app does; so does a lesson
		// link that names no lesson there is.
		player.OpenMenu()
	default:
		if o.Compare != "" {
			if _, err := a.Session().ShowVariant(o.Compare); err != nil {
				pageCall("problems", []any{"compare: " + err.Error()})
			}
		}
		// The moment is reached over the first frames (follow.go), a heavy link showing
		// its progress.
		a.Session().SetPaused(true)
		p.seeking = seek{active: o.At > 0, to: o.At, paused: o.Paused, chunk: 100 * model.Millisecond, budget: 250 * time.Millisecond}
		if !p.seeking.active {
			a.Session().SetPaused(o.Paused)
		}
	}
	if o.Presenter {
		a.Session().SetPresenterLook(true) // the trainer's option; F or P later for full screen
	}
	js.Global().Get("performance").Call("mark", "synq:app")
	p.expose()
	p.exposeFollow()
	exposeDoctor()
	js.Global().Get("document").Set("title", p.title(p.where()))
	ebiten.SetScreenClearedEveryFrame(false) // the app skips drawing frames where nothing changed
	return ebiten.RunGame(p)
}

// pageCall calls synqPage.name(args...), the page's side of the interface, if it is there.
func pageCall(name string, args ...any) {
	if sp := js.Global().Get("synqPage"); sp.Truthy() && sp.Get(name).Truthy() {
		sp.Call(name, args...)
	}
}
