package session

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"synq/model"
)

// Simulated time follows the wall clock at the chosen speed whatever the frame rate: 13
// frames a second for 4 s at 1x reach 4 s, as 60 and 144 do (the old clock counted ticks
// and reached 4.7 s in 11 s at 13 fps).
func TestUpdateFollowsTheWallClock(t *testing.T) {
	for _, fps := range []int{13, 60, 144} {
		a := newTestApp(t, loadFloodShot(t), nil)
		a.budget = time.Hour // the machine's load is not what is measured here
		frame := time.Second / time.Duration(fps)
		for range 4 * fps {
			a.Update(frame)
		}
		want := model.Time(4 * fps * int(frame))
		if d := a.Now() - want; d < -model.Millisecond || d > model.Millisecond {
			t.Errorf("%d fps for 4 s at 1x: at %v, want %v", fps, a.Now(), want)
		}
		if e := a.Effective(); e != 0 {
			t.Errorf("%d fps: effective speed %g, want 0 (kept up)", fps, e)
		}
	}
}

// Frames further apart than MaxCatchUp lose the rest, and the session says how fast it went.
func TestUpdateReportsTheSpeedReached(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.budget = time.Hour
	for range 20 {
		a.Update(time.Second) // one frame a second
	}
	if want := model.Time(20 * MaxCatchUp); a.Now() != want {
		t.Errorf("20 frames 1 s apart at 1x: at %v, want %v (MaxCatchUp each)", a.Now(), want)
	}
	if e, want := a.Effective(), float64(MaxCatchUp)/float64(time.Second); e < want*0.9 || e > want*1.1 {
		t.Errorf("effective speed %g, want about %g", e, want)
	}
}

// A message lasts MessageTime of wall-clock time, whatever the frame rate.
func TestMessageLastsWallClockTime(t *testing.T) {
	for _, fps := range []int{13, 60} {
		a := newTestApp(t, loadFloodShot(t), nil)
		a.Say("hello")
		frame := time.Second / time.Duration(fps)
		for range 4 * fps {
			a.Update(frame)
		}
		if a.Message() != "hello" {
			t.Errorf("%d fps: the message went before %v", fps, MessageTime)
		}
		for range 2 * fps {
			a.Update(frame)
		}
		if a.Message() != "" {
			t.Errorf("%d fps: the message %q stayed after 6 s", fps, a.Message())
		}
	}
}

// → at 0 runs the events due at 0 (they do not block it) and says what they were; each → then
// goes to the next event with a caption; ← goes back one event, to exactly the state a
// straight run has there.
func TestStepForwardAndBackOneEvent(t *testing.T) {
	sc := loadFloodShot(t)
	a := newTestApp(t, sc, nil)
	a.SetPaused(true)
	a.Do(Intent{Do: Step})
	if a.Caption() == "" || a.Sim().Trace().Total() == 0 {
		t.Fatalf("→ at 0: caption %q, %d events; want the events of 0 run and said", a.Caption(), a.Sim().Trace().Total())
	}
	var times []model.Time
	for range 5 {
		before := a.Now()
		a.Do(Intent{Do: Step})
		if a.Now() <= before || !strings.HasPrefix(a.Caption(), "at "+a.Now().String()+": ") {
			t.Fatalf("→ from %v: at %v, caption %q; want a later event, said", before, a.Now(), a.Caption())
		}
		times = append(times, a.Now())
	}
	for i := len(times) - 2; i >= 0; i-- {
		a.Do(Intent{Do: Back})
		if a.Now() != times[i] || !strings.HasPrefix(a.Caption(), "back to "+times[i].String()+": ") {
			t.Fatalf("← from %v: at %v, caption %q; want the event before, at %v", times[i+1], a.Now(), a.Caption(), times[i])
		}
		fresh, err := model.New(sc, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fresh.RunUntil(times[i])
		if got, want := a.Sim().Checkpoint(), fresh.Checkpoint(); !reflect.DeepEqual(got, want) {
			t.Fatalf("after ← to %v:\n got %+v\nwant %+v (a straight run)", times[i], got, want)
		}
	}
	// Stepping at 0 and back leaves the run as a straight one: play on to 3 s and compare.
	a.Seek(0)
	a.Do(Intent{Do: Step})
	a.runTo(3 * model.Second)
	fresh, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fresh.RunUntil(3 * model.Second)
	if got, want := a.Sim().Checkpoint(), fresh.Checkpoint(); !reflect.DeepEqual(got, want) {
		t.Errorf("stepped at 0, then played to 3 s:\n got %+v\nwant %+v (a straight run)", got, want)
	}
}

// Stepping through an accept queue that overflows says which packet was dropped, why, and
// the counter it moved.
func TestStepCaptionSaysWhatWasDropped(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.SetPaused(true)
	a.Seek(2500 * model.Millisecond)
	for range 2000 {
		a.Do(Intent{Do: Step})
		if strings.Contains(a.Caption(), "dropped") {
			break
		}
	}
	c := a.Caption()
	if !strings.Contains(c, "dropped: ") || !strings.Contains(c, "+1") || !strings.Contains(c, "'s ") {
		t.Errorf("caption of a drop %q, want whose packet, why, and the counter", c)
	}
}

// The generation changes when anything shown changes, and not otherwise: a paused session
// with nothing to say keeps it, so render can skip drawing.
func TestGenerationIdlesWhilePaused(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	g := a.Generation()
	a.Update(time.Second / 60)
	if a.Generation() == g {
		t.Fatal("playing did not change the generation")
	}
	a.SetPaused(true)
	g = a.Generation()
	for range 120 {
		a.Update(time.Second / 60)
	}
	if a.Generation() != g {
		t.Errorf("a paused session changed its generation over 2 s of Updates")
	}
	for _, in := range []Intent{{Do: Knobs}, {Do: Faster}, {Do: Help}, {Do: Step}} {
		g = a.Generation()
		a.Do(in)
		if a.Generation() == g {
			t.Errorf("intent %d did not change the generation", in.Do)
		}
	}
	a.Say("x")
	g = a.Generation()
	for range 6 * 60 {
		a.Update(time.Second / 60)
	}
	if a.Generation() == g {
		t.Error("a message running out did not change the generation")
	}
}

// A drop's caption names whose packet it was and why, without saying "dropped" twice; a drop
// of no packet keeps the reason's words.
func TestDropText(t *testing.T) {
	tests := []struct {
		e    model.Event
		why  string
		want string
	}{
		{model.Event{Peer: 3, Flags: model.ACK}, "accept queue full: ACK dropped, request kept, ListenOverflows+1",
			"client 3's ACK dropped: accept queue full, request kept, ListenOverflows+1"},
		{model.Event{Peer: 2}, "SYN-ACK retries exhausted: request dropped",
			"client 2: SYN-ACK retries exhausted: request dropped"},
		{model.Event{Peer: 1, Flags: model.SYN}, "segment ignored", "client 1: segment ignored"},
	}
	for _, tt := range tests {
		if got := dropText(tt.e, tt.why); got != tt.want {
			t.Errorf("dropText(%s of %s, %q) = %q, want %q", tt.e.Flags, tt.e.Peer, tt.why, got, tt.want)
		}
	}
}
