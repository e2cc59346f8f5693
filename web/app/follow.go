//go:build js

package main

import (
	"sync"
	"syscall/js"
	"time"

	"synq/lessons"
	"synq/model"
	"synq/web/params"
)

// follow is what keeps the page's address and title on what the learner sees, and what takes
// the browser's Back and Forward back into the app: a lesson step or the menu is an entry of
// the tab's history (Back goes to the previous step), a moment of free play is one entry.
type follow struct {
	index []params.LessonInfo
	seen  bool // an entry was written: the next change of place pushes a new one
	last  place

	mu      sync.Mutex
	pending []string // query strings from popstate, for the next Update
}

// place is where the learner is, as far as links go.
type place struct {
	lesson string
	step   int // from 1
	menu   bool
}

// lessonIndex lists the lessons for links (params.FindLesson, titles).
func lessonIndex(all []*lessons.Lesson) []params.LessonInfo {
	ix := make([]params.LessonInfo, len(all))
	for i, l := range all {
		ix[i] = params.LessonInfo{ID: l.ID, Number: l.Number, Title: l.Title, Steps: len(l.Steps)}
	}
	return ix
}

// where says where the page's player is.
func (p *page) where() place {
	id, step, menu := p.player.Current()
	if id == "" {
		return place{menu: menu}
	}
	return place{lesson: id, step: step + 1}
}

// title is the browser's title for a place.
func (p *page) title(pl place) string {
	switch {
	case pl.lesson != "":
		for _, l := range p.follow.index {
			if l.ID == pl.lesson {
				return l.PageTitle(pl.step)
			}
		}
	case pl.menu:
		return params.MenuTitle
	}
	sc := p.Session().Sim().Scenario()
	return "synq — " + sc.Name + " on " + sc.Profile.Name
}

// followUpdate, called every Update, opens what Back or Forward asked for, then writes the
// address and the title when the learner has moved to another lesson step, the menu, or free
// play: a new history entry for a move the learner made, the same entry at the start and for
// a move that Back made.
func (p *page) followUpdate() {
	f := &p.follow
	f.mu.Lock()
	pending := f.pending
	f.pending = nil
	f.mu.Unlock()
	back := len(pending) > 0
	for _, q := range pending {
		l, _ := params.Parse(q)
		if l.Lesson == "" {
			p.player.OpenMenu()
			continue
		}
		if err := p.player.Open(l.Lesson, max(l.Step, 1)-1); err != nil {
			pageCall("problems", []any{"lesson: " + err.Error()})
		}
	}
	now := p.where()
	if f.seen && now == f.last && !back {
		return
	}
	push := f.seen && !back
	first := !f.seen
	f.seen, f.last = true, now
	var query any = p.linkQuery()
	if first && now == (place{}) {
		query = nil // free play as the link opened it: its address stays as it was given
	}
	pageCall("follow", query, p.title(now), push)
}

// exposeFollow sets window.synqOpenLink(query), which the page calls on popstate: it returns
// true when the app goes there itself (a lesson step, the menu), false when the page must
// load the link afresh (a moment of free play).
func (p *page) exposeFollow() {
	js.Global().Set("synqOpenLink", js.FuncOf(func(_ js.Value, args []js.Value) any {
		q := ""
		if len(args) > 0 {
			q = args[0].String()
		}
		if l, _ := params.Parse(q); q != "" && l.Lesson == "" {
			return false
		}
		p.follow.mu.Lock()
		p.follow.pending = append(p.follow.pending, q)
		p.follow.mu.Unlock()
		return true
	}))
}

// seek is a link's moment reached over several frames, so that a heavy link shows its
// progress rather than a frozen tab.
type seek struct {
	active bool
	to     model.Time
	paused bool          // how to be once there
	chunk  model.Time    // simulated time run at a go, adapted to take about budget/10
	budget time.Duration // of wall-clock time per frame
}

// seekUpdate runs the model a frame's share towards the link's moment and tells the page how
// far it is (synqPage.seeking(fraction), then seeking(-1) when there). It returns whether the
// seek is still under way (the app then neither plays nor takes keys).
func (p *page) seekUpdate() bool {
	s := &p.seeking
	if !s.active {
		return false
	}
	// Chunks of simulated time, each sized to take about a tenth of the budget, until the
	// frame's budget is spent: the browser gets the rest of the frame (and draws the progress).
	start := time.Now()
	for time.Since(start) < s.budget {
		t0 := time.Now()
		next := min(s.to, p.Session().Now()+s.chunk)
		p.Session().Seek(next)
		if took := time.Since(t0); took < s.budget/20 {
			s.chunk *= 2
		} else if took > s.budget/5 && s.chunk > model.Millisecond {
			s.chunk /= 2
		}
		if p.Session().Now() >= s.to || next >= p.Session().Duration() {
			s.active = false
			p.Session().SetPaused(s.paused)
			pageCall("seeking", -1)
			return false
		}
	}
	pageCall("seeking", float64(p.Session().Now())/float64(max(s.to, 1)))
	return true
}
