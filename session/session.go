// Package session is what the app does between frames, without Ebiten: the runs of the model
// (one, or two side by side on one clock), the clock (speed, pause, seeking), knob changes,
// the side-by-side comparisons, the knob panel's state, passing messages, presenter mode and
// the lesson player. render turns keys and the mouse into Intents for it and paints what it
// exposes; the training page does the same with its controls. It is tested without a display.
package session

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"synq/lessons"
	"synq/model"
	"synq/model/scenario"
	"synq/render/scene"
	"synq/render/timeline"
	"synq/session/lesson"
)

// Session is the app's state and behaviour between frames. Update advances it by the
// wall-clock time that passed; Do carries out what a person asked for; the rest reads it.
type Session struct {
	runs    []*timeline.Run // one run, or two side by side
	labels  [2]string       // what each run is; when two, what differs
	differs []string        // the knobs (scene.Knob.ID) that differ between the two runs
	sim     *model.Sim      // the first run's model as it stands (it changes on a seek)
	t       model.Time      // the clock's simulated time

	start   [2]*model.Scenario // what Restart loaded: V's first entry
	variant int                // 0: start; i: scenario.Variants[i-1]

	clock     clock
	effective float64 // the speed reached lately, smoothed (simulated per wall-clock second)

	knobs      knobPanel
	knobsOpen  bool
	help       bool
	presenter  bool
	fullscreen bool // full screen wanted (render makes it so)
	fullBefore bool // fullscreen before presenter mode
	frameTime  bool // show the time each frame takes
	highlight  []string
	overlay    *scene.Narration
	shown      scene.Narration // a copy of what overlay showed when it last changed
	external   bool            // the page shows the overlay in HTML; the canvas leaves it out
	message    string
	quitAsk    bool          // Esc with nothing to close asked whether to quit; a second Esc quits
	noQuit     bool          // nowhere to quit to (the page): Esc with nothing to close does nothing
	msgLeft    time.Duration // wall-clock time the message stays
	caption    string        // what the last step (→ or ← while paused) went over
	goingTo    model.Time    // a seek forward spread over frames; -1 when none
	stopAt     model.Time    // playing pauses on reaching it (a lesson step's end); 0 for none

	// confirm names the change that waits for a second press because it would discard knob
	// changes ("variant", "profile NAME"); any other intent forgets it. asked is what was
	// waiting when the intent being carried out came.
	confirm, asked string

	budget time.Duration  // Budget; tests that measure simulated time lift it
	player *lesson.Player // the lesson player, nil when none is attached
	gen    uint64         // changes whenever anything shown changes
}

// MessageTime is how long a message stays, in wall-clock time.
const MessageTime = 5 * time.Second

// Budget is the wall-clock time one Update may spend running the model, so the window stays
// responsive however heavy the run.
const Budget = 12 * time.Millisecond

// New starts sc and, when compare is not nil, compare beside it, at simulated time 0, playing
// at real-time speed.
func New(sc, compare *model.Scenario) (*Session, error) {
	s := &Session{clock: newClock(), goingTo: -1, budget: Budget}
	if err := s.Restart(sc, compare); err != nil {
		return nil, err
	}
	return s, nil
}

// Restart loads sc, and compare beside it when not nil, at simulated time 0, dropping the
// changes made so far. The clock keeps its speed and its pause. It is the lesson player's way
// to set a scene up; V's variants start from what it loaded.
func (s *Session) Restart(sc, compare *model.Scenario) error {
	if err := s.load(sc, compare); err != nil {
		return err
	}
	s.start = [2]*model.Scenario{sc, compare}
	s.variant = 0
	return nil
}

// load replaces the runs with new ones at time 0.
func (s *Session) load(sc, compare *model.Scenario) error {
	if sc == nil {
		return fmt.Errorf("session: no scenario")
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
	s.runs, s.t, s.goingTo, s.caption = runs, 0, -1, ""
	s.labels = [2]string{sc.Profile.Name, ""}
	s.differs = nil
	if compare != nil {
		s.labels[0], s.labels[1], s.differs = scenario.Differences(sc, compare)
	}
	s.knobs.reset(sc.Profile)
	s.sync()
	return nil
}

// sync notes the first run's model after anything that may replace it, and that the picture
// changed.
func (s *Session) sync() {
	s.sim = s.runs[0].Sim()
	s.caption = ""
	s.gen++
}

// Sim is the first run's model as it stands. It is for reading only (change it with Apply),
// and it is replaced when the session seeks back, restarts or switches the kernel: ask again
// after those rather than keeping it.
func (s *Session) Sim() *model.Sim { return s.sim }

// SideSim is the second run's model when two are shown side by side, else nil; for reading.
func (s *Session) SideSim() *model.Sim {
	if len(s.runs) > 1 {
		return s.runs[1].Sim()
	}
	return nil
}

// Runs are the runs shown: one, or two side by side. They are for reading only.
func (s *Session) Runs() []*timeline.Run { return s.runs }

// Label is what run i is; side by side, what differs from the other.
func (s *Session) Label(i int) string { return s.labels[i] }

// Now is the simulated time shown.
func (s *Session) Now() model.Time { return s.t }

// Paused reports whether the clock is paused.
func (s *Session) Paused() bool { return s.clock.paused }

// SetPaused pauses or resumes the clock.
func (s *Session) SetPaused(p bool) {
	if s.clock.paused != p {
		s.clock.paused, s.effective = p, 0
		s.gen++
	}
}

// Speed is the speed asked for: simulated seconds per wall-clock second.
func (s *Session) Speed() float64 { return s.clock.speed }

// SetSpeed sets the speed, held within [MinSpeed, MaxSpeed].
func (s *Session) SetSpeed(v float64) {
	s.clock.speed, s.effective = max(MinSpeed, min(MaxSpeed, v)), 0
	s.gen++
}

// Effective is the speed actually reached lately when it fell short of the speed asked for
// (the model could not keep up, or the frames came too far apart to catch up), else 0.
func (s *Session) Effective() float64 {
	if s.clock.paused || s.effective == 0 || s.effective >= 0.97*s.clock.speed {
		return 0
	}
	return s.effective
}

// Duration is the run's length (the longer one's, side by side).
func (s *Session) Duration() model.Time {
	d := model.Time(0)
	for _, r := range s.runs {
		d = max(d, r.Scenario().Duration)
	}
	return d
}

// Seek goes to simulated time t (clamped to the run). Going back restores the latest
// snapshot before t and runs the model forward from it, replaying the changes recorded on the
// timeline, so the state is exactly what playing to t gives.
func (s *Session) Seek(t model.Time) {
	s.goingTo = -1
	t = max(0, min(t, s.Duration()))
	for _, r := range s.runs {
		r.Seek(t)
	}
	s.t = t
	s.sync()
}

// GoTo is a seek a person asked for: going back, or forward to where an earlier pass went,
// happens at once; going forward into time the model has not run yet runs it there over the
// next Updates, each within its budget, so the window stays responsive.
func (s *Session) GoTo(t model.Time) {
	t = max(0, min(t, s.Duration()))
	if t <= s.t {
		s.Seek(t)
		return
	}
	for _, r := range s.runs {
		r.Skip(t)
	}
	s.t = s.runs[0].Now()
	for _, r := range s.runs[1:] {
		s.t = min(s.t, r.Now())
	}
	s.sync()
	s.goingTo = t
}

// GoingTo is the time a seek forward is on its way to, or -1 for none.
func (s *Session) GoingTo() model.Time { return s.goingTo }

// Apply makes change c now, in every run that has the knob it turns (side by side, a change
// of what differs between the runs goes to the first run only), and records it on the
// timeline: seeking back and playing forward replays it. Changes recorded for later than now
// are dropped first (the timeline branches). It returns an error, and changes nothing, when
// every run's kernel refuses the change; when only some refuse, it applies it to the others
// and the error says which refused.
func (s *Session) Apply(c model.Change) error {
	id := changeKnob(c)
	var refused []string
	applied := 0
	for i, r := range s.runs {
		if i > 0 && s.differ(id) {
			continue
		}
		if err := r.Apply(c); err != nil {
			refused = append(refused, fmt.Sprintf("%s: %v", r.Scenario().Profile.Name, err))
			continue
		}
		applied++
	}
	s.t = s.runs[0].Now()
	s.sync()
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
func (s *Session) differ(id string) bool { return slices.Contains(s.differs, id) }

// SetHighlight outlines the named parts of the scene (scene.Parts lists them; unknown names
// are ignored) until the next call; nil or empty clears it.
func (s *Session) SetHighlight(parts []string) {
	if !slices.Equal(s.highlight, parts) {
		s.highlight = append(s.highlight[:0], parts...)
		s.gen++
	}
}

// Highlight is the parts outlined.
func (s *Session) Highlight() []string { return s.highlight }

// SetOverlay shows a lesson's narration in a panel the layout reserves for it; nil removes
// it. The session notices when what it shows changes, even through the same pointer.
func (s *Session) SetOverlay(o *scene.Narration) {
	switch {
	case o == nil && s.overlay == nil:
		return
	case o != nil && s.overlay != nil && reflect.DeepEqual(*o, s.shown):
		s.overlay = o
		return
	}
	s.overlay = o
	if o != nil {
		s.shown = *o
		s.shown.Choices = slices.Clone(o.Choices)
		s.shown.Evidence = slices.Clone(o.Evidence)
	}
	s.gen++
}

// Title is what the window's title names: in a lesson, the lesson and its step ("Lesson 4:
// Accept-queue overflow (2/6)"); else the scenario and its kernel, or, side by side, what
// differs between the runs.
func (s *Session) Title() string {
	if p := s.player; p != nil && p.Mode() == lesson.Lesson {
		return p.Heading()
	}
	sc := s.runs[0].Scenario()
	if len(s.runs) > 1 {
		return fmt.Sprintf("%s: %s | %s", sc.Name, s.labels[0], s.labels[1])
	}
	return fmt.Sprintf("%s on %s (%s)", sc.Name, sc.Profile.Name, sc.Profile.Proof())
}

// Conceal is what the scene keeps hidden now: the labels of the lesson step shown while its
// question waits (lessons.Step.Conceal), none once it is answered or outside a lesson.
func (s *Session) Conceal() scene.Concealed {
	p := s.player
	if p == nil || p.Mode() != lesson.Lesson || p.Plan() == nil {
		return 0
	}
	var names []string
	for _, l := range lessons.Labels {
		if p.Plan().Step.Hidden(l, p.Answered()) {
			names = append(names, string(l))
		}
	}
	c, _ := scene.ParseConceal(names) // the two lists of names are the same (render's TestConcealNames)
	return c
}

// Overlay is the lesson's narration shown, nil for none.
func (s *Session) Overlay() *scene.Narration { return s.overlay }

// InLesson says whether a lesson is open (not the menu), wherever its panel is drawn.
func (s *Session) InLesson() bool { return s.player != nil && s.player.Mode() == lesson.Lesson }

// SetExternalPanel says that the page shows the lesson's panel itself (the training page's
// HTML panel): the canvas then leaves the narration out and gives the scene its room.
func (s *Session) SetExternalPanel(on bool) {
	if s.external != on {
		s.external = on
		s.gen++
	}
}

// ExternalPanel says whether the lesson's panel is shown outside the canvas (SetExternalPanel).
func (s *Session) ExternalPanel() bool { return s.external }

// Drawn is the lesson's narration the canvas draws: Overlay, or nil while the page shows it.
func (s *Session) Drawn() *scene.Narration {
	if s.external {
		return nil
	}
	return s.overlay
}

// SetStop makes playing pause when the run reaches simulated time t (a lesson step's end);
// 0 removes it. Playing on from there does not stop again; going back before t and playing
// stops there again.
func (s *Session) SetStop(t model.Time) { s.stopAt = t }

// Stop is the time playing pauses at, 0 for none.
func (s *Session) Stop() model.Time { return s.stopAt }

// Say shows a message for MessageTime of wall-clock time.
func (s *Session) Say(format string, v ...any) {
	s.message = fmt.Sprintf(format, v...)
	s.msgLeft = MessageTime
	s.gen++
}

// Message is the passing message shown, "" for none; while a seek forward runs, it says so.
func (s *Session) Message() string {
	if s.goingTo >= 0 {
		return "going to " + scene.Seconds(s.goingTo) + " …"
	}
	return s.message
}

// Caption says what the last step (→ or ← while paused) went over; "" when the clock has
// moved otherwise since.
func (s *Session) Caption() string { return s.caption }

// KnobsOpen, Help, Presenter, Fullscreen and FrameTime say which of the app's panels and
// modes are on. Fullscreen is the state wanted: render makes the window so.
func (s *Session) KnobsOpen() bool  { return s.knobsOpen }
func (s *Session) Help() bool       { return s.help }
func (s *Session) Presenter() bool  { return s.presenter }
func (s *Session) Fullscreen() bool { return s.fullscreen }
func (s *Session) FrameTime() bool  { return s.frameTime }

// Generation changes whenever anything shown changes: render need not draw again while it
// stays the same.
func (s *Session) Generation() uint64 { return s.gen }

// Update advances the session by elapsed wall-clock time: a message's time runs out, a seek
// forward goes on, and, while playing, the model runs speed × elapsed further (at most
// MaxCatchUp of elapsed; and at most Budget of wall-clock time running the model, the rest
// dropped, so that the speed reached falls and Effective says so).
func (s *Session) Update(elapsed time.Duration) {
	if s.player != nil {
		s.player.Tick()
	}
	if s.msgLeft > 0 {
		if s.msgLeft -= elapsed; s.msgLeft <= 0 {
			s.message, s.msgLeft, s.quitAsk = "", 0, false
			s.gen++
		}
	}
	if s.goingTo >= 0 {
		s.runFor(s.goingTo, s.budget)
		if s.t >= s.goingTo {
			s.goingTo = -1
			s.gen++
		}
		return
	}
	s.advance(s.clock.advance(elapsed), elapsed, s.budget)
}

// advance moves the model forward by dt, stopping at the end and at the stop time; elapsed
// is the wall-clock time dt stands for, to measure the speed reached. When the model cannot
// keep up within budget of wall-clock time, the rest of dt is dropped.
func (s *Session) advance(dt model.Time, elapsed, budget time.Duration) {
	if dt <= 0 {
		return
	}
	from := s.t
	target := min(s.t+dt, s.Duration())
	clamped := target < s.t+dt
	if s.stopAt > s.t && target >= s.stopAt {
		target, clamped = s.stopAt, true
		defer func() {
			if s.t >= s.stopAt {
				s.SetPaused(true)
			}
		}()
	}
	s.runFor(target, budget)
	if clamped && s.t >= target {
		return // the end, or the stop: not a measure of speed
	}
	if elapsed > 0 {
		got := float64(s.t-from) / float64(elapsed)
		if s.effective == 0 {
			s.effective = got
		}
		s.effective = 0.9*s.effective + 0.1*got
	}
}

// runFor runs forward towards target for at most about budget of wall-clock time: in small
// slices first, growing while they are quick, so the budget is checked often enough under a
// heavy flood and seldom when the model is fast.
func (s *Session) runFor(target model.Time, budget time.Duration) {
	start := time.Now()
	target = min(target, s.Duration())
	slice := max((target-s.t)/64, 1)
	for s.t < target {
		t0 := time.Now()
		s.runTo(min(target, s.t+slice))
		if time.Since(start) > budget {
			return
		}
		if time.Since(t0) < budget/16 {
			slice *= 2
		}
	}
}

// runTo runs every run forward to t.
func (s *Session) runTo(t model.Time) {
	t = min(t, s.Duration())
	if t <= s.t {
		return
	}
	for _, r := range s.runs {
		r.RunTo(t)
	}
	s.t = t
	s.sync()
}

// Window is the span of simulated time over which recent drops and counter changes show:
// two seconds of viewing at the current speed.
func (s *Session) Window() model.Time {
	return min(10*model.Second, max(model.Millisecond, model.Time(s.clock.speed*2*float64(model.Second))))
}

// backSpan is how far ← goes back while playing: one second of viewing at the current speed,
// at least 1 ms.
func backSpan(speed float64) model.Time {
	return max(model.Millisecond, model.Time(speed*float64(model.Second)))
}
