package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"synq/render/scene"
)

// `synq shot` of a flood scenario, end to end: bin/synq hands over to bin/synq-app, which
// draws with Ebiten (under xvfb-run in make test) and writes the PNG. The picture is the size
// asked for, not blank, and has the queues where the layout puts them, in their colours.
func TestShotCommand(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		t.Skip("no display: run under xvfb-run (make test does)")
	}
	if testing.Short() {
		t.Skip("builds both binaries")
	}
	dir := t.TempDir()
	for _, b := range [][]string{
		{"build", "-o", filepath.Join(dir, "synq"), "."},
		{"build", "-o", filepath.Join(dir, "synq-app"), "./cmd/synq-app"},
	} {
		if out, err := exec.Command("go", b...).CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(b, " "), err, out)
		}
	}
	t.Run("queues", func(t *testing.T) { shotDrawsTheQueues(t, dir) })
	t.Run("compare", func(t *testing.T) { shotCompare(t, dir) })
}

func shotDrawsTheQueues(t *testing.T, dir string) {
	img := shotPNG(t, dir, "shot.png", image.Pt(1280, 720), "--scenario", "render/testdata/flood-shot.yaml", "--at", "3s")
	colours := map[color.RGBA]bool{}
	for y := 0; y < 720; y += 3 {
		for x := 0; x < 1280; x += 3 {
			colours[rgba(img.At(x, y))] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("the shot has %d colours, want a picture (at least 50)", len(colours))
	}
	l := scene.NewLayout(img.Bounds(), scene.GoMonoFonts(scene.Scale(1280, 720)), scene.Mode{})
	run := l.Runs[0]
	for _, c := range []struct {
		where string
		r     image.Rectangle
		c     color.RGBA
		min   int
	}{
		{"flood requests in the SYN queue", run.SynQueue, scene.ColorFlood, 500},
		{"connections in the accept queue", run.AcceptQueue, scene.ColorDone, 1000},
		{"empty background outside the queues", run.Server, scene.ColorPanel, 1000},
	} {
		if got := count(img, c.r, c.c); got < c.min {
			t.Errorf("%s: %d pixels of %v in %v, want at least %d", c.where, got, c.c, c.r, c.min)
		}
	}
}

// `synq shot --compare FILE2 --presenter --knobs` draws two runs, large, with the knob panel.
func shotCompare(t *testing.T, dir string) {
	shotPNG(t, dir, "compare.png", image.Pt(960, 540), "--scenario", "render/testdata/flood-shot.yaml",
		"--compare", "testdata/synq-overflow-cookies2.yaml", "--presenter", "--knobs", "--at", "1s")
	out := filepath.Join(dir, "compare.png")
	bad := exec.Command(filepath.Join(dir, "synq"), "shot", "--builtin", "flood", "--compare", "no-such.yaml", "--at", "1s", "--out", out)
	msg, err := bad.CombinedOutput()
	if code := bad.ProcessState.ExitCode(); err == nil || code != 2 || !strings.Contains(string(msg), "--compare") {
		t.Errorf("--compare with a missing file: exit %d, %q; want 2 and a message naming --compare", code, msg)
	}
}

func TestShotCommandArguments(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	tests := []usageCase{
		{[]string{"shot"}, "name one scenario"},
		{[]string{"shot", "--builtin", "flood", "--out", "x.png"}, "--at and --out are required"},
		{[]string{"shot", "--builtin", "flood", "--at", "soon", "--out", "x.png"}, "--at soon is not a time"},
		{[]string{"shot", "--builtin", "flood", "--at", "2s", "--out", "x.png", "--size", "big"}, "--size big is not a size"},
		{[]string{"shot", "--builtin", "flood", "--at", "2s", "--out", "x.png"}, "xvfb-run -a synq shot --builtin flood --at 2s --out x.png"},
	}
	checkUsageErrors(t, tests)
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func count(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	d := func(x, y uint8) int { return max(int(x)-int(y), int(y)-int(x)) }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := rgba(img.At(x, y))
			if d(p.R, c.R) <= 6 && d(p.G, c.G) <= 6 && d(p.B, c.B) <= 6 {
				n++
			}
		}
	}
	return n
}

// shotPNG runs `synq shot ARGS --out DIR/NAME --size WxH` with the binary built in dir and
// returns the PNG it wrote, failing unless it is a PNG of that size.
func shotPNG(t *testing.T, dir, name string, size image.Point, args ...string) image.Image {
	t.Helper()
	out := filepath.Join(dir, name)
	args = append(append([]string{"shot"}, args...), "--out", out, "--size", fmt.Sprintf("%dx%d", size.X, size.Y))
	cmd := exec.Command(filepath.Join(dir, "synq"), args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("synq %v: %v\n%s", args, err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the shot is not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got != size {
		t.Fatalf("the shot is %v, want %v", got, size)
	}
	return img
}
