package render

import (
	"fmt"
	"image"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"synq/model"
	"synq/render/scene"
)

// appHelp is the footer: every shortcut the app knows.
const appHelp = "Space play/pause   → next event   ← back   ↑↓ speed   1 real time   T frame time   F fullscreen   Q quit"

// App is the animated app: the scene of clients, wire and server for one run of the model,
// with panels and a clock the keyboard controls. Update advances the model; Draw only reads it.
type App struct {
	sc      *model.Scenario
	sim     *model.Sim
	clock   clock
	hist    scene.History
	painter *painter

	// What Draw builds each frame, kept to reuse its memory.
	frame  scene.Frame
	list   scene.DrawList
	layout scene.Layout

	showFrameTime bool
	frameTime     time.Duration // building and painting the last frame
}

var _ ebiten.Game = (*App)(nil)

// NewApp starts a run of sc at simulated time 0, playing at real-time speed.
func NewApp(sc *model.Scenario) (*App, error) {
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		return nil, err
	}
	p, err := newPainter()
	if err != nil {
		return nil, err
	}
	a := &App{sc: sc, sim: sim, clock: newClock(), painter: p}
	a.hist.Record(0, sim.Counters())
	return a, nil
}

// RunApp opens a resizable 1280x720 window on sc and runs it until it is closed or the person quits.
func RunApp(sc *model.Scenario) error {
	a, err := NewApp(sc)
	if err != nil {
		return err
	}
	ebiten.SetWindowTitle(fmt.Sprintf("synq — %s on %s", sc.Name, sc.Profile.Name))
	ebiten.SetWindowSize(1280, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	return ebiten.RunGame(a)
}

// Now is the simulated time the app shows.
func (a *App) Now() model.Time { return a.sim.Now() }

// Update applies the keyboard's actions and advances the model by this tick's share of
// simulated time.
func (a *App) Update() error {
	for _, act := range pollActions() {
		if err := a.apply(act); err != nil {
			return err
		}
	}
	tps := ebiten.TPS()
	if tps <= 0 {
		tps = ebiten.DefaultTPS
	}
	a.advance(a.clock.tick(tps))
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
		a.seek(a.sim.Now() - backSpan(a.clock.speed))
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
	case actionQuit:
		return ebiten.Termination
	}
	return nil
}

// backSpan is how far ← goes back: one second of viewing at the current speed, at least 1 ms.
func backSpan(speed float64) model.Time {
	return max(model.Millisecond, model.Time(speed*float64(model.Second)))
}

// advance moves the model forward by dt, stopping at the end of the scenario.
func (a *App) advance(dt model.Time) {
	if dt <= 0 {
		return
	}
	a.runTo(a.sim.Now() + dt)
}

func (a *App) runTo(t model.Time) {
	t = min(t, a.sc.Duration)
	if t <= a.sim.Now() {
		return
	}
	a.sim.RunUntil(t)
	a.hist.Record(a.sim.Now(), a.sim.Counters())
}

// stepEvent runs the model to its next event (all the events of that instant).
func (a *App) stepEvent() {
	if t, ok := a.sim.NextAt(); ok {
		a.runTo(t)
	}
}

// seek goes to simulated time t. Going back re-runs the deterministic model from the start,
// which gives exactly the state it had then.
func (a *App) seek(t model.Time) {
	t = max(0, min(t, a.sc.Duration))
	if t >= a.sim.Now() {
		a.runTo(t)
		return
	}
	sim, err := model.New(a.sc, model.Options{})
	if err != nil {
		return // the scenario ran before, so it cannot fail now
	}
	a.sim = sim
	a.hist = scene.History{}
	a.hist.Record(0, sim.Counters())
	a.replayTo(t)
}

// replayTo runs the model forward to t as playing would have: the last two seconds frame by
// frame at 60 frames a second, so that the panel's recent counter changes are right.
func (a *App) replayTo(t model.Time) {
	const frame = model.Second / 60
	if t > a.Now()+2*model.Second {
		a.runTo(t - 2*model.Second)
	}
	for a.Now() < t && a.Now() < a.sc.Duration {
		a.runTo(min(t, a.Now()+frame))
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

// render draws the app on dst at its own size.
func (a *App) render(dst *ebiten.Image) {
	b := dst.Bounds()
	if a.layout.Bounds != b {
		a.layout = scene.NewLayout(b, scene.GoMonoFonts(scene.Scale(b.Dx(), b.Dy())))
	}
	a.frame.Capture(a.sim, window(a.clock.speed), &a.hist)
	v := scene.View{Speed: a.clock.speed, Paused: a.clock.paused, Help: appHelp}
	if a.showFrameTime {
		v.FrameTime = fmt.Sprintf("%.1f ms", float64(a.frameTime.Microseconds())/1000)
	}
	scene.Build(&a.list, &a.layout, &a.frame, v)
	a.painter.paint(dst, &a.list, a.layout.Fonts)
}

// Layout makes the screen as many device pixels as the window has, so text stays sharp on
// high-density displays; the scene scales its sizes to match.
func (a *App) Layout(outsideWidth, outsideHeight int) (int, int) {
	scale := ebiten.Monitor().DeviceScaleFactor()
	return int(float64(outsideWidth) * scale), int(float64(outsideHeight) * scale)
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
