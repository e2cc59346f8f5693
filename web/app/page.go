//go:build js

package main

import (
	"encoding/json"
	"slices"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/model"
	"synq/render"
	"synq/session"
	"synq/session/lesson"
	"synq/web/params"
)

// page is the app as the training page runs it: render.App plus what only a page has, a link
// to copy, the first-frame flag, and a read-only view of its state for scripts and tests.
type page struct {
	*render.App
	sc       *model.Scenario // what the link opened
	link     params.Link     // the link's parameters that were applied
	problems []string
	player   *lesson.Player

	frames          int
	ticks           int    // Updates so far (window.synqTicks)
	outside, screen [2]int // the last Layout: CSS pixels in, device pixels out

	follow  follow // the address bar and the title on the learner's place (follow.go)
	seeking seek   // a link's moment, reached over several frames (follow.go)

	panelGen  uint64 // the session's generation when the panel was last looked at (panel.go)
	panelSent bool
	lastPanel panel
}

var _ ebiten.Game = (*page)(nil)

// Update copies a link on L, then runs the app. A page has nowhere to quit to, so the app's
// quit keys (Q, Esc) do nothing here.
func (p *page) Update() error {
	// The page holds back the release of a key tapped between two updates until one has seen
	// it pressed (loader.js); this count is how it knows.
	p.ticks++
	js.Global().Set("synqTicks", p.ticks)
	if p.seekUpdate() {
		return nil
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyL) && !modifier() {
		p.copyLink()
	}
	if err := p.App.Update(); err != ebiten.Termination && err != nil {
		return err
	}
	p.followUpdate()
	p.panelUpdate()
	return nil
}

// modifier says whether Ctrl, Alt or Meta is held: such a key is the browser's, not the app's.
// (The page stops those keys before the app sees them; this is the second line.)
func modifier() bool {
	return ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyAlt) || ebiten.IsKeyPressed(ebiten.KeyMeta)
}

// Draw draws the app and, the first time it shows what the link asked for (after a seek to a
// moment), tells the page (window.synqFirstFrame).
func (p *page) Draw(screen *ebiten.Image) {
	if p.seeking.active {
		return // the page shows the progress; the frame's time goes to the model
	}
	p.App.Draw(screen)
	p.frames++
	if p.frames == 1 {
		js.Global().Set("synqFirstFrame", js.Global().Get("performance").Call("now"))
	}
}

// Layout is the app's (device pixels, for sharp text on high-density screens), remembered
// for the state.
func (p *page) Layout(w, h int) (int, int) {
	sw, sh := p.App.Layout(w, h)
	p.outside, p.screen = [2]int{w, h}, [2]int{sw, sh}
	return sw, sh
}

// linkQuery is the query string of a link to what the app shows now: the parameters the page
// was opened with, the knobs turned since (the changes made while it ran, and a kernel chosen
// on the knob panel), the comparison shown side by side (V), and the moment, paused or playing.
func (p *page) linkQuery() string {
	var presenter *bool // presenter mode, as it is now
	if p.Session().Presenter() {
		presenter = new(true)
	}
	switch pl := p.where(); {
	case pl.lesson != "":
		// A lesson step: the lesson and the step, which reopens it; the trainer's option.
		return params.Link{Lesson: pl.lesson, Step: pl.step, Presenter: presenter}.Query()
	case pl.menu:
		return params.Link{Presenter: presenter}.Query() // a bare page opens the menu
	}
	l := p.link
	l.Presenter = presenter
	sim := p.Session().Sim()
	sc := sim.Scenario()
	v := p.Session().Variant()
	l.Compare = p.compareKey()
	// A comparison of kernels puts the newest in run A whatever the link's kernel was; the
	// link keeps its own.
	if sc.Profile.Name != p.sc.Profile.Name && (v == nil || !v.Kernels) {
		l.Kernel = sc.Profile.Name
	}
	// The run's changes are its scenario's (the built-in's and the link's), then those made
	// while it ran.
	if all := sim.Changes(); len(all) > len(sc.Changes) {
		l.Changes = append(slices.Clone(l.Changes), all[len(sc.Changes):]...)
	}
	return l.WithView(p.Session().Now(), p.Session().Paused()).Query()
}

// compareKey is the key of the comparison shown side by side, "" for none.
func (p *page) compareKey() string {
	if v := p.Session().Variant(); v != nil {
		return v.Key
	}
	return ""
}

// copyLink hands a link to the current moment to the page, which puts it in the address bar
// and on the clipboard.
func (p *page) copyLink() string {
	q := p.linkQuery()
	pageCall("copyLink", q)
	return q
}

// state is what window.synqState() returns: enough for a test or a curious person to see
// what the app shows, without changing it.
type state struct {
	Scenario   string           `json:"scenario"`
	Kernel     string           `json:"kernel"`
	Seed       int64            `json:"seed"`
	Now        model.Time       `json:"now"`    // "3s"
	NowNS      int64            `json:"now_ns"` // the same, in nanoseconds
	Paused     bool             `json:"paused"`
	Link       string           `json:"link"` // the query string "copy link" would write now
	Problems   []string         `json:"problems"`
	Frames     int              `json:"frames"`
	Outside    [2]int           `json:"outside"` // the window in CSS pixels
	Screen     [2]int           `json:"screen"`  // what the app draws, in device pixels
	Checkpoint model.Checkpoint `json:"checkpoint"`
	Compare    string           `json:"compare"` // the comparison side by side (scenario.Variants' key), "" for none
	Lesson     string           `json:"lesson"`  // the lesson open, "" for none
	Step       int              `json:"step"`    // its step, from 1
	Menu       bool             `json:"menu"`    // the lesson menu is open
	Seeking    bool             `json:"seeking"` // still going to the link's moment
	Presenter  bool             `json:"presenter"`
}

func (p *page) state() state {
	s := p.Session()
	sim := s.Sim()
	sc := sim.Scenario()
	lesson, step, menu := p.player.Current()
	return state{
		Compare: p.compareKey(),
		Lesson:  lesson, Step: step + 1, Menu: menu, Seeking: p.seeking.active, Presenter: p.Session().Presenter(),
		Scenario: sc.Name, Kernel: sc.Profile.Name, Seed: sc.Seed,
		Now: s.Now(), NowNS: int64(s.Now()), Paused: s.Paused(),
		Link: p.linkQuery(), Problems: append([]string{}, p.problems...),
		Frames: p.frames, Outside: p.outside, Screen: p.screen,
		Checkpoint: sim.Checkpoint(),
	}
}

// expose sets the app's functions on window (see the package comment).
func (p *page) expose() {
	g := js.Global()
	g.Set("synqState", js.FuncOf(func(js.Value, []js.Value) any {
		b, err := json.Marshal(p.state())
		if err != nil {
			return js.Null()
		}
		return g.Get("JSON").Call("parse", string(b))
	}))
	g.Set("synqCopyLink", js.FuncOf(func(js.Value, []js.Value) any { return p.copyLink() }))
	// synqIntent(name, n) does what a key or a click would (session.Intent: "toggle-pause",
	// "step", "lesson-next", "answer" with n the choice, …); it returns an error's text or "".
	g.Set("synqIntent", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 {
			return "synqIntent(name, n): no name"
		}
		d, err := session.ParseDo(args[0].String())
		if err != nil {
			return err.Error()
		}
		in := session.Intent{Do: d}
		if len(args) > 1 && args[1].Type() == js.TypeNumber {
			in.N = args[1].Int()
		}
		if err := p.Session().Do(in); err != nil && err != session.ErrQuit {
			return err.Error()
		}
		return ""
	}))
	g.Set("synqBench", js.FuncOf(func(js.Value, []js.Value) any {
		r, err := bench()
		if err != nil {
			return js.Global().Get("Error").New(err.Error())
		}
		return map[string]any{"syns": r.syns, "seconds": r.seconds, "syn_per_s": r.synPerSec(), "cookies": r.cookies}
	}))
}
