package render

import (
	"fmt"
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
	"synq/render/scene"
	"synq/render/timeline"
)

// App is the animated app: the scene of clients, wire and server for one run of the model,
// or two side by side on one clock, with panels, charts, a timeline and knobs. Update
// advances the model and handles input; Draw only reads.
type App struct {
	runs    []*timeline.Run // one run, or two side by side
	labels  [2]string       // what each run is; when two, what differs
	differs []string        // the knobs (scene.Knob.ID) that differ between the two runs
	sim     *model.Sim      // the first run's model as it stands (it changes on a seek)
	t       model.Time      // the clock's simulated time

	start   [2]*model.Scenario // what Restart loaded: V's first entry
	variant int                // 0: start; i: scene.Variants[i-1]

	clock     clock
	effective float64 // the speed the model managed lately, when it could not keep up
	painter   *painter

	knobs      knobPanel
	knobsOpen  bool
	help       bool
	presenter  bool
	fullBefore bool // fullscreen before presenter mode
	highlight  []string
	overlay    *scene.Narration
	inputHook  func() bool
	message    string
	msgTicks   int        // ticks the message stays
	dragging   bool       // the mouse is dragging the timeline
	goingTo    model.Time // a seek forward spread over frames; -1 when none
	stopAt     model.Time // playing pauses on reaching it (a lesson step's end); 0 for none
	screen     image.Rectangle

	// What Draw builds each frame, kept to reuse its memory.
	frames [2]scene.Frame
	list   scene.DrawList
	layout scene.Layout
	view   scene.View

	showFrameTime bool
	frameTime     time.Duration // building and painting the last frame
}

var _ ebiten.Game = (*App)(nil)

// NewApp starts a run of sc at simulated time 0, playing at real-time speed.
func NewApp(sc *model.Scenario) (*App, error) {
	return NewCompareApp(sc, nil)
}

// NewCompareApp starts sc and, when compare is not nil, compare beside it, at simulated time 0.
func NewCompareApp(sc, compare *model.Scenario) (*App, error) {
	p, err := newPainter()
	if err != nil {
		return nil, err
	}
	a := &App{clock: newClock(), painter: p, goingTo: -1}
	if err := a.Restart(sc, compare); err != nil {
		return nil, err
	}
	return a, nil
}

// runWindow opens a resizable 1280x720 window on a and runs it until it is closed.
func runWindow(a *App) error {
	ebiten.SetWindowTitle(a.title())
	ebiten.SetWindowSize(1280, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	return ebiten.RunGame(a)
}

// title is the window's title.
func (a *App) title() string {
	sc := a.runs[0].Scenario()
	if len(a.runs) > 1 {
		return fmt.Sprintf("synq — %s: %s | %s", sc.Name, a.labels[0], a.labels[1])
	}
	return fmt.Sprintf("synq — %s on %s (%s)", sc.Name, sc.Profile.Name, sc.Profile.Proof())
}

// Restart loads sc, and compare beside it when not nil, at simulated time 0, dropping the
// changes made so far. The clock keeps its speed and its pause. It is the lesson engine's way
// to set a scene up; V's variants start from what it loaded.
func (a *App) Restart(sc, compare *model.Scenario) error {
	if err := a.load(sc, compare); err != nil {
		return err
	}
	a.start = [2]*model.Scenario{sc, compare}
	a.variant = 0
	return nil
}

// load replaces the runs with new ones at time 0.
func (a *App) load(sc, compare *model.Scenario) error {
	if sc == nil {
		return fmt.Errorf("render: no scenario")
	}
	first, err := timeline.New(sc)
	if err != nil {
		return err
	}
	runs := []*timeline.Run{first}
	if compare != nil {
		second, err := timeline.New(compare)
		if err != nil {
			return fmt.Errorf("the second scenario: %w", err)
		}
		runs = append(runs, second)
	}
	a.runs, a.t, a.goingTo = runs, 0, -1
	a.labels = [2]string{sc.Profile.Name, ""}
	a.differs = nil
	if compare != nil {
		a.labels[0], a.labels[1], a.differs = scene.Differences(sc, compare)
	}
	a.knobs.reset(sc.Profile)
	a.sync()
	return nil
}

// sync notes the first run's model after anything that may replace it.
func (a *App) sync() { a.sim = a.runs[0].Sim() }

// Sim is the first run's model as it stands. It is for reading only (change it with Apply),
// and it is replaced when the app seeks back, restarts or switches the kernel: ask again
// after those rather than keeping it.
func (a *App) Sim() *model.Sim { return a.sim }

// SideSim is the second run's model when two are shown side by side, else nil.
func (a *App) SideSim() *model.Sim {
	if len(a.runs) > 1 {
		return a.runs[1].Sim()
	}
	return nil
}

// Now is the simulated time the app shows.
func (a *App) Now() model.Time { return a.t }

// SetPaused pauses or resumes the clock.
func (a *App) SetPaused(p bool) { a.clock.paused = p }

// Duration is the run's length (the longer one's, side by side).
func (a *App) Duration() model.Time {
	d := model.Time(0)
	for _, r := range a.runs {
		d = max(d, r.Scenario().Duration)
	}
	return d
}

// Seek goes to simulated time t (clamped to the run). Going back restores the latest
// snapshot before t and runs the model forward from it, replaying the changes recorded on the
// timeline, so the state is exactly what playing to t gives.
func (a *App) Seek(t model.Time) {
	a.goingTo = -1
	t = max(0, min(t, a.Duration()))
	for _, r := range a.runs {
		r.Seek(t)
	}
	a.t = t
	a.sync()
}

// goTo is a seek the person asked for: going back, or forward to where an earlier pass went,
// happens at once; going forward into time the model has not run yet runs it there over the
// next frames, each within the frame's budget, so the window stays responsive.
func (a *App) goTo(t model.Time) {
	t = max(0, min(t, a.Duration()))
	if t <= a.t {
		a.Seek(t)
		return
	}
	for _, r := range a.runs {
		r.Skip(t)
	}
	a.t = a.runs[0].Now()
	for _, r := range a.runs[1:] {
		a.t = min(a.t, r.Now())
	}
	a.sync()
	a.goingTo = t
}

// Apply makes change c now, in every run that has the knob it turns (side by side, a change
// of what differs between the runs goes to the first run only), and records it on the
// timeline: seeking back and playing forward replays it. Changes recorded for later than now
// are dropped first (the timeline branches). It returns an error, and changes nothing, when
// every run's kernel refuses the change; when only some refuse, it applies it to the others
// and the error says which refused.
func (a *App) Apply(c model.Change) error {
	id := changeKnob(c)
	var refused []string
	applied := 0
	for i, r := range a.runs {
		if i > 0 && a.differ(id) {
			continue
		}
		if err := r.Apply(c); err != nil {
			refused = append(refused, fmt.Sprintf("%s: %v", r.Scenario().Profile.Name, err))
			continue
		}
		applied++
	}
	a.t = a.runs[0].Now()
	a.sync()
	switch {
	case len(refused) > 0 && applied == 0:
		return fmt.Errorf("%s refused: %s", c, refused[0])
	case len(refused) > 0:
		return fmt.Errorf("%s applied to one run only; %s", c, refused[0])
	}
	return nil
}

// changeKnob is the knob (scene.Knob.ID) a change turns.
func changeKnob(c model.Change) string {
	switch c.Kind {
	case model.ChangeSysctl:
		return c.Key
	case model.ChangeBacklog:
		return "backlog"
	case model.ChangeAccept:
		return "accept"
	case model.ChangeClients:
		return "clients"
	}
	return "flood"
}

// differ reports whether knob id is what differs between two runs shown side by side.
func (a *App) differ(id string) bool {
	for _, d := range a.differs {
		if d == id {
			return true
		}
	}
	return false
}

// SetHighlight outlines the named parts of the scene (scene.Parts lists them; unknown names
// are ignored) until the next call; nil or empty clears it.
func (a *App) SetHighlight(parts []string) { a.highlight = append(a.highlight[:0], parts...) }

// SetOverlay shows a lesson's narration in a panel the layout reserves for it; nil removes it.
func (a *App) SetOverlay(o *scene.Narration) { a.overlay = o }

// SetStop makes playing pause when the run reaches simulated time t (a lesson step's end);
// 0 removes it. Playing on from there does not stop again; going back before t and playing
// stops there again.
func (a *App) SetStop(t model.Time) { a.stopAt = t }

// SetInputHook sets a function Update calls first, every tick; when it returns true the app
// leaves the keyboard and the mouse alone that tick (the hook has handled them). nil removes it.
func (a *App) SetInputHook(f func() bool) { a.inputHook = f }

// say shows a message for a few seconds.
func (a *App) say(format string, v ...any) {
	a.message = fmt.Sprintf(format, v...)
	a.msgTicks = 5 * ebiten.DefaultTPS
}

// Update handles input and advances the model by this tick's share of simulated time.
func (a *App) Update() error {
	if a.inputHook == nil || !a.inputHook() {
		for _, act := range pollActions(a.knobsOpen) {
			if err := a.apply(act); err != nil {
				return err
			}
		}
		a.mouse()
	}
	if a.msgTicks > 0 {
		if a.msgTicks--; a.msgTicks == 0 {
			a.message = ""
		}
	}
	tps := ebiten.TPS()
	if tps <= 0 {
		tps = ebiten.DefaultTPS
	}
	if a.goingTo >= 0 {
		a.runFor(a.goingTo, 12*time.Millisecond)
		if a.t >= a.goingTo {
			a.goingTo = -1
		}
		return nil
	}
	a.advance(a.clock.tick(tps), 12*time.Millisecond)
	return nil
}

// apply carries out one action; quitting returns ebiten.Termination.
func (a *App) apply(act action) error {
	switch act {
	case actionTogglePause:
		a.clock.paused = !a.clock.paused
	case actionStep:
		if a.clock.paused {
			a.stepEvent()
		}
	case actionBack:
		a.goTo(a.t - backSpan(a.clock.speed))
	case actionFaster:
		a.clock.faster()
	case actionSlower:
		a.clock.slower()
	case actionRealTime:
		a.clock.speed = 1
	case actionFrameTime:
		a.showFrameTime = !a.showFrameTime
	case actionToggleFullscreen:
		ebiten.SetFullscreen(!ebiten.IsFullscreen())
	case actionStart:
		a.goTo(0)
	case actionEnd:
		a.goTo(a.Duration())
	case actionBackPart:
		a.goTo(a.t - a.Duration()/10)
	case actionAheadPart:
		a.goTo(a.t + a.Duration()/10)
	case actionKnobs:
		a.knobsOpen = !a.knobsOpen
	case actionVariant:
		a.nextVariant()
	case actionPresenter:
		a.setPresenter(!a.presenter)
	case actionHelp:
		a.help = !a.help
	case actionClose:
		switch {
		case a.help:
			a.help = false
		case a.knobsOpen:
			a.knobsOpen = false
		case a.presenter:
			a.setPresenter(false)
		default:
			return ebiten.Termination
		}
	case actionQuit:
		return ebiten.Termination
	case actionKnobUp:
		a.knobs.move(-1)
	case actionKnobDown:
		a.knobs.move(1)
	case actionKnobLess:
		a.knobs.step(a.sim, -1)
	case actionKnobMore:
		a.knobs.step(a.sim, 1)
	case actionKnobApply:
		a.applyKnob()
	}
	return nil
}

// setPresenter turns presenter mode on (fullscreen, large text, high contrast) or off.
func (a *App) setPresenter(on bool) {
	if on == a.presenter {
		return
	}
	a.presenter = on
	if on {
		a.fullBefore = ebiten.IsFullscreen()
		ebiten.SetFullscreen(true)
	} else {
		ebiten.SetFullscreen(a.fullBefore)
	}
}

// backSpan is how far ← goes back: one second of viewing at the current speed, at least 1 ms.
func backSpan(speed float64) model.Time {
	return max(model.Millisecond, model.Time(speed*float64(model.Second)))
}

// advance moves the model forward by dt, stopping at the end. When the model cannot keep up
// within budget of wall-clock time, the rest of dt is dropped (the clock slows) and the
// header says how fast the model went.
func (a *App) advance(dt model.Time, budget time.Duration) {
	if dt <= 0 {
		a.effective = 0
		return
	}
	from := a.t
	target := min(a.t+dt, a.Duration())
	stop := a.stopAt > a.t && target >= a.stopAt
	if stop {
		target = a.stopAt
	}
	a.runFor(target, budget)
	if stop && a.t >= target {
		a.clock.paused = true
	}
	if a.t < target && dt > 0 {
		got := a.clock.speed * float64(a.t-from) / float64(dt)
		if a.effective == 0 {
			a.effective = got
		}
		a.effective = 0.9*a.effective + 0.1*got
	} else {
		a.effective = 0
	}
}

// runFor runs forward towards target for at most about budget of wall-clock time: in small
// slices first, growing while they are quick, so the budget is checked often enough under a
// heavy flood and seldom when the model is fast.
func (a *App) runFor(target model.Time, budget time.Duration) {
	start := time.Now()
	target = min(target, a.Duration())
	slice := max((target-a.t)/64, 1)
	for a.t < target {
		t0 := time.Now()
		a.runTo(min(target, a.t+slice))
		if time.Since(start) > budget {
			return
		}
		if time.Since(t0) < budget/16 {
			slice *= 2
		}
	}
}

// runTo runs every run forward to t.
func (a *App) runTo(t model.Time) {
	t = min(t, a.Duration())
	if t <= a.t {
		return
	}
	for _, r := range a.runs {
		r.RunTo(t)
	}
	a.t = t
	a.sync()
}

// stepEvent runs to the next event of either run (all the events of that instant).
func (a *App) stepEvent() {
	next, ok := model.Time(0), false
	for _, r := range a.runs {
		if t, has := r.Sim().NextAt(); has && t > a.t && (!ok || t < next) {
			next, ok = t, true
		}
	}
	if ok {
		a.runTo(next)
	}
}

// window is the span of simulated time over which recent drops and counter changes show:
// two seconds of viewing at the current speed.
func window(speed float64) model.Time {
	return min(10*model.Second, max(model.Millisecond, model.Time(speed*2*float64(model.Second))))
}

// Draw builds the frame's draw list from the model and paints it. It only reads the model.
func (a *App) Draw(screen *ebiten.Image) {
	start := time.Now()
	a.render(screen)
	a.frameTime = time.Since(start)
}

// mode is what the layout must make room for.
func (a *App) mode() scene.Mode {
	return scene.Mode{Compare: len(a.runs) > 1, Knobs: a.knobsOpen, KnobRows: len(a.knobs.knobs), Narration: a.overlay != nil, Presenter: a.presenter}
}

// layoutFor returns the layout for a screen of bounds b, reusing the last one when nothing
// it depends on has changed.
func (a *App) layoutFor(b image.Rectangle) *scene.Layout {
	scale := scene.Scale(b.Dx(), b.Dy())
	if a.presenter {
		scale *= scene.PresenterTextScale
	}
	fonts := scene.GoMonoFonts(scale)
	if m := a.mode(); a.layout.Bounds != b || a.layout.Mode != m || a.layout.Fonts != fonts {
		a.layout = scene.NewLayout(b, fonts, m)
	}
	return &a.layout
}

// render draws the app on dst at its own size.
func (a *App) render(dst *ebiten.Image) {
	l := a.layoutFor(dst.Bounds())
	v := &a.view
	*v = scene.View{
		Speed: a.clock.speed, Effective: a.effective, Paused: a.clock.paused, Keys: keysPlaying,
		Palette: &scene.DefaultPalette, Runs: v.Runs[:0], Marks: v.Marks[:0], Highlight: a.highlight,
		Narration: a.overlay, Message: a.message, Presenter: a.presenter,
	}
	if a.goingTo >= 0 {
		v.Message = "going to " + scene.Seconds(a.goingTo) + " …"
	}
	v.Help, v.AllKeys = a.help, keysAll
	switch {
	case a.knobsOpen:
		v.Keys = keysKnobs
	case a.presenter:
		v.Keys = keysPresenter
	}
	if a.presenter {
		v.Palette = &scene.PresenterPalette
	}
	if a.showFrameTime {
		v.FrameTime = fmt.Sprintf("%.1f ms  %.0f fps", float64(a.frameTime.Microseconds())/1000, ebiten.ActualFPS())
	}
	w := window(a.clock.speed)
	for i, r := range a.runs {
		f := &a.frames[i]
		f.Capture(r.Sim(), w, r.Series())
		v.Runs = append(v.Runs, scene.Run{Frame: f, Series: r.Series(), Label: a.labels[i]})
		for _, c := range r.Changes() {
			if c.At <= a.Duration() && (len(v.Marks) == 0 || v.Marks[len(v.Marks)-1].At != c.At) {
				v.Marks = append(v.Marks, scene.Mark{At: c.At, Label: c.String()})
			}
		}
	}
	if a.knobsOpen {
		v.Knobs = a.knobs.view(a)
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
