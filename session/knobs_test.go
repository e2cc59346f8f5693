package session

import (
	"strings"
	"testing"

	"synq/model"
	"synq/render/scene"
)

// choose selects the knob of kind kind (and sysctl key) and sets its chosen value to v.
func choose(t *testing.T, a *Session, kind scene.KnobKind, key string, v int) {
	t.Helper()
	for i, k := range a.knobs.knobs {
		if k.Kind == kind && k.Key == key {
			a.knobs.selected = i
			a.knobs.pending[i] = v
			return
		}
	}
	t.Fatalf("no knob %d %q", kind, key)
}

// A knob change says when it takes effect and what clamped it, as the model does it: somaxconn
// counts from the next listen() (B stays), and listen()'s backlog is clamped by somaxconn.
func TestKnobsSayWhenAndWhatClamps(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil) // listen(fd, 63) on linux-6.18, somaxconn 4096
	a.runTo(model.Second)
	a.Do(Intent{Do: Knobs})
	choose(t, a, scene.KnobSysctl, "net.core.somaxconn", 32)
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Limits().Backlog; got != 63 {
		t.Fatalf("B = %d after somaxconn 32, want 63 until the next listen()", got)
	}
	want := "counts from the next listen(); B stays 63 until the server listens again (then min(63, 32) = 32)"
	if !strings.Contains(a.knobs.message, want) || a.knobs.bad {
		t.Errorf("after somaxconn 32: %q (bad %v), want it to say %q", a.knobs.message, a.knobs.bad, want)
	}
	if a.Message() != a.knobs.message {
		t.Errorf("the message %q is not the panel's %q", a.Message(), a.knobs.message)
	}

	choose(t, a, scene.KnobBacklog, "", 1024)
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Limits().Backlog; got != 32 {
		t.Fatalf("B = %d after listen(fd, 1024) with somaxconn 32, want 32", got)
	}
	if want := "gives B = 32: clamped by somaxconn 32"; !strings.Contains(a.knobs.message, want) {
		t.Errorf("after listen(fd, 1024): %q, want it to say %q", a.knobs.message, want)
	}

	choose(t, a, scene.KnobBacklog, "", 16)
	a.Do(Intent{Do: KnobApply})
	if want := "B = 16 now (was 32)"; !strings.Contains(a.knobs.message, want) {
		t.Errorf("after listen(fd, 16): %q, want it to say %q", a.knobs.message, want)
	}
	choose(t, a, scene.KnobSysctl, "net.core.somaxconn", 4096)
	a.Do(Intent{Do: KnobApply})
	if want := "B = 16 either way"; !strings.Contains(a.knobs.message, want) {
		t.Errorf("after somaxconn 4096 with listen(fd, 16): %q, want it to say %q", a.knobs.message, want)
	}
}

// Switching the kernel asks first when it would discard knob changes; a second press
// confirms, anything else in between forgets the question.
func TestSwitchingKernelAsksFirst(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.runTo(model.Second)
	a.Do(Intent{Do: Knobs})
	choose(t, a, scene.KnobBacklog, "", 16)
	a.Do(Intent{Do: KnobApply})
	choose(t, a, scene.KnobSysctl, "net.ipv4.tcp_synack_retries", 2)
	a.Do(Intent{Do: KnobApply})
	other := -1
	for i, p := range a.knobs.knobs[0].Choices {
		if p == "linux-6.13" {
			other = i
		}
	}
	choose(t, a, scene.KnobProfile, "", other)
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Profile().Name; got == "linux-6.13" {
		t.Fatal("the kernel switched without asking, discarding 2 knob changes")
	}
	if want := "This discards 2 knob changes"; !strings.Contains(a.Message(), want) || !strings.Contains(a.knobs.message, want) {
		t.Errorf("message %q, panel %q: want %q", a.Message(), a.knobs.message, want)
	}
	a.Do(Intent{Do: TogglePause}) // something else: the question is forgotten
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Profile().Name; got == "linux-6.13" {
		t.Fatal("a press after another intent switched the kernel without asking again")
	}
	a.Do(Intent{Do: KnobApply})
	if got := a.Sim().Profile().Name; got != "linux-6.13" {
		t.Fatalf("pressed twice in a row: on %s, want linux-6.13", got)
	}
}

// V asks first when the comparison it shows would discard knob changes; without any it does
// not ask.
func TestVariantAsksFirst(t *testing.T) {
	a := newTestApp(t, loadFloodShot(t), nil)
	a.Do(Intent{Do: Variant})
	if a.variant == 0 {
		t.Fatal("V with no knob changes asked instead of comparing")
	}
	a.runTo(model.Second)
	if err := a.Apply(model.Change{Kind: model.ChangeBacklog, Value: 16}); err != nil {
		t.Fatal(err)
	}
	v := a.variant
	a.Do(Intent{Do: Variant})
	if a.variant != v {
		t.Fatal("V discarded a knob change without asking")
	}
	if want := "This discards 1 knob change (another comparison (or leaving side by side)"; !strings.Contains(a.Message(), want) {
		t.Errorf("message %q, want %q", a.Message(), want)
	}
	a.Do(Intent{Do: Variant})
	if a.variant == v {
		t.Fatal("V pressed twice did not go on")
	}
}
