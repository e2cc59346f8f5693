package cli

import (
	"flag"
	"image"
	"io"
	"strconv"
	"strings"

	"synq/model"
)

// shotUsage is `synq shot`'s usage line.
const shotUsage = "usage: synq shot --scenario FILE | --builtin NAME  --at TIME  --out FILE.png  [--size WxH] [--compare FILE2] [--presenter] [--knobs] [--hover X,Y]\n"

// shotArgs are the arguments of `synq shot`.
type shotArgs struct {
	file, builtin string
	at            model.Time
	out           string
	w, h          int
	compare       string // a second scenario beside the first
	presenter     bool
	knobs         bool
	hover         *image.Point // the pointer's place: its tooltip shows
}

// parseShotArgs reads `synq shot`'s flags; it reports problems on stderr, and prints the usage
// on stdout for -h. The code is carryOn when the picture is to be drawn, else the exit status.
func parseShotArgs(args []string, stdout, stderr io.Writer) (shotArgs, int) {
	var a shotArgs
	fs := flag.NewFlagSet("synq shot", flag.ContinueOnError)
	fs.StringVar(&a.file, "scenario", "", "scenario `FILE` to render")
	fs.StringVar(&a.builtin, "builtin", "", "built-in scenario `NAME` to render (see `synq scenarios`)")
	at := fs.String("at", "", "the simulated `TIME` to show, like 2s or 1500ms")
	fs.StringVar(&a.out, "out", "", "the PNG `FILE` to write")
	size := fs.String("size", "1280x720", "the picture's size in pixels, `WxH`")
	fs.StringVar(&a.compare, "compare", "", "a second scenario `FILE2` to show beside the first, on the same clock")
	fs.BoolVar(&a.presenter, "presenter", false, "presenter mode: large text, high contrast")
	fs.BoolVar(&a.knobs, "knobs", false, "show the knob panel open")
	hover := fs.String("hover", "", "the pointer at `X,Y` (pixels): the tooltip of what is there shows")
	operands, code := parseFlags(fs, shotUsage, args, stdout, stderr)
	if code != carryOn {
		return a, code
	}
	fail := func(format string, v ...any) (shotArgs, int) {
		return a, usageError(stderr, "synq shot", shotUsage, format, v...)
	}
	if len(operands) > 0 {
		return fail("unexpected argument %q", operands[0])
	}
	if (a.file == "") == (a.builtin == "") {
		return fail("name one scenario: --scenario FILE or --builtin NAME")
	}
	if *at == "" || a.out == "" {
		return fail("--at and --out are required")
	}
	t, err := model.ParseTime(*at)
	if err != nil || t < 0 {
		return fail("--at %s is not a time (write it like 2s or 1500ms)", *at)
	}
	a.at = t
	w, h, ok := parseSize(*size)
	if !ok {
		return fail("--size %s is not a size like 1280x720 (each side from 64 to 8192)", *size)
	}
	a.w, a.h = w, h
	if *hover != "" {
		xs, ys, _ := strings.Cut(*hover, ",")
		x, err1 := strconv.Atoi(xs)
		y, err2 := strconv.Atoi(ys)
		if err1 != nil || err2 != nil || x < 0 || y < 0 || x >= w || y >= h {
			return fail("--hover %s is not a point like 640,360 inside the %dx%d picture", *hover, w, h)
		}
		a.hover = &image.Point{X: x, Y: y}
	}
	return a, carryOn
}

// parseSize reads "WxH".
func parseSize(s string) (w, h int, ok bool) {
	ws, hs, found := strings.Cut(strings.ToLower(s), "x")
	if !found {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < 64 || h < 64 || w > 8192 || h > 8192 {
		return 0, 0, false
	}
	return w, h, true
}
