package render

import (
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"synq/model"
	"synq/render/scene"
	"synq/session"
)

// App is the animated app's window on a session (package session): Update turns keys and
// the mouse into intents for the session and gives it the wall-clock time that passed; Draw
// paints what the session shows, and only when it changed or time runs.
type App struct {
	s       *session.Session
	painter *painter

	screen   image.Rectangle
	dragging bool // the mouse (or a finger) is dragging the timeline
	touches  []ebiten.TouchID
	tip      *scene.Tooltip // the explanation shown under the pointer (or where a finger tapped)
	tipDrawn scene.Tooltip  // the one last drawn (zero: none)
	buttons  []scene.Button
	keys     []scene.Key // the footer's keys, without the buttons'
	last     time.Time   // the last Update, to give the session the time that passed
	full     bool        // full screen as last set
	titled   string      // the window's title as last set

	// What Draw builds each frame, kept to reuse its memory.
	frames [2]scene.Frame
	list   scene.DrawList
	layout scene.Layout
	view   scene.View

	folded    bool            // the narration strip folded to its title line (a click on it)
	drawn     uint64          // the session's generation last drawn
	drawnOn   image.Rectangle // the screen it was drawn on
	frameTime time.Duration   // building and painting the last frame
}

var _ ebiten.Game = (*App)(nil)

// NewApp starts a run of sc at simulated time 0, playing at real-time speed.
func NewApp(sc *model.Scenario) (*App, error) {
	return NewCompareApp(sc, nil)
}

// NewCompareApp starts sc and, when compare is not nil, compare beside it, at simulated time 0.
func NewCompareApp(sc, compare *model.Scenario) (*App, error) {
	s, err := session.New(sc, compare)
	if err != nil {
		return nil, err
	}
	p, err := newPainter()
	if err != nil {
		return nil, err
	}
	return &App{s: s, painter: p}, nil
}

// Session is the session the app shows.
func (a *App) Session() *session.Session { return a.s }

// runWindow opens a resizable 1280x720 window on a and runs it until it is closed.
func runWindow(a *App) error {
	a.titled = a.title()
	ebiten.SetWindowTitle(a.titled)
	ebiten.SetWindowSize(1280, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false) // Draw skips frames where nothing changed
	return ebiten.RunGame(a)
}

// title is the window's title.
func (a *App) title() string {
	return "synq — " + a.s.Title()
}

// Update turns this tick's keys and mouse into intents, then advances the session by the
// wall-clock time since the last Update. Quitting returns ebiten.Termination.
func (a *App) Update() error {
	now := time.Now()
	elapsed := time.Duration(0)
	if !a.last.IsZero() {
		elapsed = now.Sub(a.last)
	}
	a.last = now
	if err := a.input(); err != nil {
		return err
	}
	a.s.Update(elapsed)
	if t := a.title(); t != a.titled && a.titled != "" { // a lesson's step names the window
		ebiten.SetWindowTitle(t)
		a.titled = t
	}
	if full := a.s.Fullscreen(); full != a.full {
		ebiten.SetFullscreen(full)
		a.full = full
	}
	return nil
}

// input carries out what the keys and the mouse ask for this tick.
func (a *App) input() error {
	c := a.s.Context()
	ins := append(pollIntents(c), a.mouse(c)...)
	for _, in := range ins {
		if err := a.s.Do(in); errors.Is(err, session.ErrQuit) {
			return ebiten.Termination
		} else if err != nil {
			return err
		}
	}
	return nil
}

// pointer is where the first finger touches, or else the mouse: whether it is down, and
// whether it went down this tick. Touch and mouse give the same intents.
func (a *App) pointer() (p image.Point, down, just, touch bool) {
	if a.touches = ebiten.AppendTouchIDs(a.touches[:0]); len(a.touches) > 0 {
		id := a.touches[0]
		x, y := ebiten.TouchPosition(id)
		return image.Pt(x, y), true, inpututil.TouchPressDuration(id) == 1, true
	}
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y), ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft), inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft), false
}

// mouse turns clicks and taps into intents in context c: on a drawn button or a lesson's line,
// what its key asks for (controlIntents); on the timeline (and dragging along it) to go to a
// time; on a knob's value to choose a smaller or larger one, on its name to choose it or
// apply its value. The pointer's place sets the tooltip (hover).
func (a *App) mouse(c session.Context) []session.Intent {
	l := a.layoutFor(a.screen)
	p, down, just, touch := a.pointer()
	a.hover(p, touch, just)
	var out []session.Intent
	if h, ok := a.list.HitAt(p); just && ok && h.Control != scene.CtrlNone {
		return controlIntents(h.Control, h.N, c)
	}
	if c.TakesInput() {
		return nil
	}
	if just && a.fold(l, p) {
		return out
	}
	if just {
		if p.In(l.Timeline) {
			a.dragging = true
		} else if row, side, ok := l.KnobAt(p); ok && a.s.KnobsOpen() {
			row += scene.KnobFirst(a.s.KnobSelected(), a.s.KnobCount(), l.KnobVisible)
			out = append(out, session.Intent{Do: session.KnobRow, N: row, Side: side})
		}
	}
	if !a.dragging {
		return out
	}
	if !down {
		a.dragging = false
		return out
	}
	return append(out, session.Intent{Do: session.GoTo, At: l.TimeAt(p.X, a.s.Duration())})
}

// fold folds or unfolds the narration strip when p is on its title line, and says whether
// it was.
func (a *App) fold(l *scene.Layout, p image.Point) bool {
	r := l.Narration
	if a.s.Drawn() == nil || !p.In(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+l.Fonts[scene.SizeBody].LineH+l.Pad)) {
		return false
	}
	a.folded = !a.folded
	a.drawnOn = image.Rectangle{} // draw again: the session has not changed
	return true
}

// Draw paints the session on screen. It only reads it, and paints nothing when nothing
// shown has changed since the last frame (the screen keeps it: runWindow turns clearing off).
func (a *App) Draw(screen *ebiten.Image) {
	if !ebiten.IsScreenClearedEveryFrame() && a.drawn == a.s.Generation() && a.drawnOn == screen.Bounds() && !a.s.FrameTime() && a.tipShown() == a.tipDrawn {
		return
	}
	start := time.Now()
	a.render(screen)
	a.frameTime = time.Since(start)
	a.drawn, a.drawnOn, a.tipDrawn = a.s.Generation(), screen.Bounds(), a.tipShown()
}

// tipShown is the tooltip to show, the zero Tooltip for none.
func (a *App) tipShown() scene.Tooltip {
	if a.tip == nil {
		return scene.Tooltip{}
	}
	return *a.tip
}

// mode is what the layout must make room for.
func (a *App) mode() scene.Mode {
	s := a.s
	ov := s.Drawn() // nil where the page shows the panel in HTML
	return scene.Mode{Compare: len(s.Runs()) > 1, Knobs: s.KnobsOpen(), KnobRows: s.KnobCount(), Narration: ov != nil, Presenter: s.Presenter(),
		NarrationCollapsed: a.folded, NarrationQuestion: ov != nil && len(ov.Choices) > 0 && !ov.Answered}
}

// layoutFor returns the layout for a screen of bounds b, reusing the last one when nothing
// it depends on has changed.
func (a *App) layoutFor(b image.Rectangle) *scene.Layout {
	scale := scene.Scale(b.Dx(), b.Dy())
	if a.s.Presenter() {
		scale *= scene.PresenterTextScale
	}
	fonts := scene.GoMonoFonts(scale)
	if m := a.mode(); a.layout.Bounds != b || a.layout.Mode != m || a.layout.Fonts != fonts {
		a.layout = scene.NewLayout(b, fonts, m)
	}
	return &a.layout
}

// render draws the session on dst at its own size.
func (a *App) render(dst *ebiten.Image) {
	s := a.s
	l := a.layoutFor(dst.Bounds())
	v := &a.view
	*v = scene.View{
		Speed: s.Speed(), Effective: s.Effective(), Paused: s.Paused(), Keys: keysPlaying,
		Palette: &scene.DefaultPalette, Runs: v.Runs[:0], Marks: v.Marks[:0], Highlight: s.Highlight(),
		Narration: s.Drawn(), Message: s.Message(), Presenter: s.Presenter(),
	}
	v.InLesson = s.InLesson()
	if v.Message == "" {
		v.Message = s.Caption()
	}
	v.Conceal = s.Conceal()
	v.Help, v.AllKeys = s.Help(), keysAll
	c := s.Context()
	a.buttons = buttonsFor(a.buttons, c)
	v.Buttons, v.ChoiceControl, v.Tooltip = a.buttons, choiceControl(c), a.tip
	switch {
	case s.KnobsOpen():
		v.Keys = keysKnobs
	case s.Presenter():
		v.Keys = keysPresenter
	}
	a.keys = footerKeys(a.keys, v.Keys, a.buttons)
	v.Keys = a.keys
	if s.Presenter() {
		v.Palette = &scene.PresenterPalette
	}
	if s.FrameTime() {
		v.FrameTime = fmt.Sprintf("%.1f ms  %.0f fps", float64(a.frameTime.Microseconds())/1000, ebiten.ActualFPS())
	}
	w := s.Window()
	for i, r := range s.Runs() {
		f := &a.frames[i]
		f.Capture(r.Sim(), w, r.Series())
		v.Runs = append(v.Runs, scene.Run{Frame: f, Series: r.Series(), Label: s.Label(i)})
		for _, c := range r.Changes() {
			if c.At <= s.Duration() && (len(v.Marks) == 0 || v.Marks[len(v.Marks)-1].At != c.At) {
				v.Marks = append(v.Marks, scene.Mark{At: c.At, Label: c.String()})
			}
		}
	}
	if s.KnobsOpen() {
		v.Knobs = s.KnobView()
	}
	scene.Build(&a.list, l, v)
	a.painter.paint(dst, &a.list, l.Fonts)
}

// Layout makes the screen as many device pixels as the window has, so text stays sharp on
// high-density displays; the scene scales its sizes to match.
func (a *App) Layout(outsideWidth, outsideHeight int) (int, int) {
	scale := ebiten.Monitor().DeviceScaleFactor()
	w, h := int(float64(outsideWidth)*scale), int(float64(outsideHeight)*scale)
	a.screen = image.Rect(0, 0, w, h)
	return w, h
}

// Snapshot renders the app as it stands to a new w×h image. It needs a running Ebiten game.
func (a *App) Snapshot(w, h int) *image.RGBA {
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	a.render(img)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out
}
