//go:build js

package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"syscall/js"

	"synq/session/lesson"
)

// panel is the lesson's panel as the page shows it in HTML (synqPage.panel): the same
// narration the desktop draws beside the scene (the session's overlay), as plain text that
// zooms, reads aloud, copies and takes taps. Built from what the session holds, never kept.
type panel struct {
	Shown     bool     `json:"shown"` // a lesson or the menu is open
	Menu      bool     `json:"menu"`  // the lesson menu: Choices are the lessons
	Title     string   `json:"title"` // the lesson's title ("Lessons" for the menu)
	Progress  string   `json:"progress"`
	Step      string   `json:"step"`     // the step's title
	Text      string   `json:"text"`     // the narration (the menu: the selected lesson's summary)
	Question  string   `json:"question"` // while it waits for an answer (then Choices are its choices)
	Asked     string   `json:"asked"`    // once answered: the question, and the answer given
	Answered  string   `json:"answered"`
	Choices   []string `json:"choices"`
	Summaries []string `json:"summaries"` // the menu: each lesson's summary
	Selected  int      `json:"selected"`
	Hint      string   `json:"hint"`    // what to do (Enter with no choice made)
	Verdict   string   `json:"verdict"` // once answered: what was chosen, right or not
	Right     bool     `json:"right"`
	Feedback  string   `json:"feedback"`
	After     string   `json:"after"` // the explanation shown once answered
	Score     string   `json:"score"` // the lesson's score, on its last step
	Evidence  []string `json:"evidence"`
	EvidenceB []string `json:"evidenceB"`
	First     bool     `json:"first"`   // the first step: no Back
	Last      bool     `json:"last"`    // the last step: Next finishes the lesson
	Ended     bool     `json:"ended"`   // the step has played to its end
	Caption   string   `json:"caption"` // what the last step of the clock went over (for the live region)
}

// currentPanel is the panel for what the session shows now.
func (p *page) currentPanel() panel {
	s := p.Session()
	pl := panel{Selected: -1, Caption: s.Caption()}
	n := s.Overlay()
	if n == nil {
		return pl
	}
	pl.Shown = true
	pl.Title, pl.Progress, pl.Text, pl.Question = n.Title, n.Progress, n.Text, n.Question
	pl.Choices, pl.Selected, pl.Feedback = n.Choices, n.Selected, n.Feedback
	pl.Hint, pl.Verdict, pl.Right, pl.After, pl.Score = n.Hint, n.Verdict, n.Right, n.After, n.Score
	if p.player.Mode() == lesson.Lesson && p.player.Question() == nil {
		// Answered (or no question): the choices are no longer buttons; the question and the
		// answer given stay in view above the feedback.
		pl.Question, pl.Choices = "", nil
		if plan := p.player.Plan(); plan != nil && plan.Step != nil && plan.Step.Predict != nil && p.player.Answered() {
			q, i := plan.Step.Predict, p.player.Selected()
			pl.Asked = q.Text
			if i >= 0 && i < len(q.Choices) {
				pl.Answered = q.Choices[i]
			}
		}
	}
	pl.Evidence, pl.EvidenceB = n.Evidence, n.EvidenceB
	if p.player.Mode() == lesson.Menu {
		pl.Menu, pl.Title, pl.Progress = true, "Lessons", ""
		for range n.Unnumbered { // the Continue line first
			pl.Summaries = append(pl.Summaries, "")
		}
		for _, l := range p.player.All() {
			pl.Summaries = append(pl.Summaries, l.Summary)
		}
		return pl
	}
	if plan := p.player.Plan(); plan != nil && plan.Step != nil {
		// The desktop's strip starts the text with the step's title; here it is a heading.
		pl.Step = plan.Step.Title
		pl.Text = strings.TrimPrefix(pl.Text, plan.Step.Title+" — ")
	}
	if l := p.player.Lesson(); l != nil {
		pl.First, pl.Last = p.player.Step() == 0, p.player.Step() == len(l.Steps)-1
	}
	pl.Ended = p.player.Ended()
	return pl
}

// panelUpdate, called every Update, hands the page the panel when the session has changed
// (its generation) and what the panel shows with it.
func (p *page) panelUpdate() {
	g := p.Session().Generation()
	if p.panelSent && g == p.panelGen {
		return
	}
	p.panelGen = g
	now := p.currentPanel()
	if p.panelSent && reflect.DeepEqual(now, p.lastPanel) {
		return
	}
	p.panelSent, p.lastPanel = true, now
	b, err := json.Marshal(now)
	if err != nil {
		return
	}
	pageCall("panel", js.Global().Get("JSON").Call("parse", string(b)))
}
