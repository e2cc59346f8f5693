package render

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/render/scene"
	"synq/session"
	"synq/session/lesson"
)

// button is a control the footer can draw, with the key that asks for the same.
type button struct {
	key ebiten.Key
	b   scene.Button
}

// allButtons are the footer's buttons, leftmost first: the clock's, then the lesson's. Each is
// drawn only where its key gives the intent its click gives (buttonsFor).
var allButtons = []button{
	{ebiten.KeyArrowLeft, scene.Button{Control: scene.CtrlBack, Key: "←", What: "back"}},
	{ebiten.KeySpace, scene.Button{Control: scene.CtrlPlay, Key: "Space", What: "play"}},
	{ebiten.KeyArrowRight, scene.Button{Control: scene.CtrlStep, Key: "→", What: "step"}},
	{ebiten.KeyMinus, scene.Button{Control: scene.CtrlSlower, Key: "-", What: "slower"}},
	{ebiten.KeyEqual, scene.Button{Control: scene.CtrlFaster, Key: "+", What: "faster"}},
	{ebiten.KeyB, scene.Button{Control: scene.CtrlLessonBack, Key: "B", What: "back"}},
	{ebiten.KeyN, scene.Button{Control: scene.CtrlLessonNext, Key: "N", What: "next"}},
	{ebiten.KeyEnter, scene.Button{Control: scene.CtrlAnswer, Key: "Enter", What: "answer"}},
	{ebiten.KeyM, scene.Button{Control: scene.CtrlLessonMenu, Key: "M", What: "lessons"}},
}

// buttonsFor are the buttons to draw in context c: those whose key asks for what their click
// does there (so a button never lies about its key), appended to out[:0].
func buttonsFor(out []scene.Button, c session.Context) []scene.Button {
	out = out[:0]
	for _, bt := range allButtons {
		in, ok := intentFor(bt.key, c)
		clicks := controlIntents(bt.b.Control, 0, c)
		if !ok || len(clicks) != 1 || clicks[0] != in {
			continue
		}
		b := bt.b
		switch {
		case b.Control == scene.CtrlPlay && !c.Paused:
			b.What = "pause"
		case b.Control == scene.CtrlAnswer && c.Selected < 0:
			continue // nothing chosen yet: a click on a choice chooses it
		}
		out = append(out, b)
	}
	return out
}

// choiceControl is what a click on one of the narration's lines asks for in context c.
func choiceControl(c session.Context) scene.Control {
	switch {
	case c.Mode == lesson.Menu:
		return scene.CtrlMenuEntry
	case c.Choices > 0:
		return scene.CtrlChoice
	}
	return scene.CtrlNone
}

// controlIntents are the intents a click on control ctrl (with its line n) asks for in
// context c: the same as its key's. A lesson menu line selects that lesson and opens it; a
// choice already chosen is answered with.
func controlIntents(ctrl scene.Control, n int, c session.Context) []session.Intent {
	one := func(d session.Do, n int) []session.Intent { return []session.Intent{{Do: d, N: n}} }
	switch ctrl {
	case scene.CtrlPlay:
		return one(session.TogglePause, 0)
	case scene.CtrlBack:
		return one(session.Back, 0)
	case scene.CtrlStep:
		return one(session.Step, 0)
	case scene.CtrlSlower:
		return one(session.Slower, 0)
	case scene.CtrlFaster:
		return one(session.Faster, 0)
	case scene.CtrlLessonBack:
		return one(session.LessonBack, 0)
	case scene.CtrlLessonNext:
		return one(session.LessonNext, 0)
	case scene.CtrlLessonMenu:
		return one(session.LessonMenu, 0)
	case scene.CtrlAnswer:
		return one(session.Answer, c.Selected)
	case scene.CtrlChoice:
		if n == c.Selected {
			return one(session.Answer, n)
		}
		return one(session.Choose, n)
	case scene.CtrlMenuEntry:
		return []session.Intent{{Do: session.MenuMove, N: n - c.MenuSelected}, {Do: session.MenuOpen}}
	}
	return nil
}

// hover sets the tooltip for the pointer at p: the explanation of what the last frame drew
// there, or none. A tap (touch) toggles it instead, as a finger does not hover.
func (a *App) hover(p image.Point, touch, tap bool) {
	h, ok := a.list.HitAt(p)
	var tip *scene.Tooltip
	if ok && h.Tip != "" && scene.TipText(h.Tip) != "" {
		tip = &scene.Tooltip{At: p, Key: h.Tip}
	}
	switch {
	case !touch:
		a.tip = tip
	case tap && a.tip != nil && tip != nil && a.tip.Key == tip.Key:
		a.tip = nil // a second tap on it closes it
	case tap:
		a.tip = tip
	}
}
