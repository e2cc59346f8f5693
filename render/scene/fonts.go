package scene

import "math"

// TextSize names one of the draw list's font sizes.
type TextSize uint8

// Font sizes: the small print, the body, and the header.
const (
	SizeSmall TextSize = iota
	SizeBody
	SizeLarge
	numSizes
)

// Font is the measure of a monospaced face at one size, in pixels.
type Font struct {
	Size  float64 // the face's size (em at 72 DPI: pixels), as the painter makes its faces
	CharW float64 // advance of one character
	LineH int     // distance between lines
}

// Fonts are the measures of every size.
type Fonts [numSizes]Font

// Design sizes at the reference screen of 1280x720, in pixels. They are large on purpose:
// the picture must read from the back of a classroom.
var designSizes = [numSizes]float64{SizeSmall: 17, SizeBody: 20, SizeLarge: 30}

// goMonoAdvance is Go Mono's advance width per em (1229 of 2048 units).
const goMonoAdvance = 1229.0 / 2048

// Scale is how much larger than the 1280x720 reference the screen is (never below 0.6); an
// upright screen (a phone) is measured against 720x1280, so its type follows its width.
func Scale(w, h int) float64 {
	if Portrait(w, h) {
		return max(0.6, min(float64(w)/720, float64(h)/1280))
	}
	return max(0.6, min(float64(w)/1280, float64(h)/720))
}

// Portrait reports whether a screen is upright (taller than wide by a quarter): it gets a
// layout of its own, everything stacked.
func Portrait(w, h int) bool { return h*4 > w*5 }

// GoMonoFonts returns the measures of Go Mono at the design sizes times scale.
func GoMonoFonts(scale float64) Fonts {
	var f Fonts
	for i, s := range designSizes {
		size := math.Round(s * scale)
		f[i] = Font{Size: size, CharW: size * goMonoAdvance, LineH: int(math.Ceil(size * 1.3))}
	}
	return f
}

// Chars is how many characters of this font fit in w pixels.
func (f Font) Chars(w int) int {
	if f.CharW <= 0 {
		return 0
	}
	return int(float64(w) / f.CharW)
}

// Width is the width of n characters.
func (f Font) Width(n int) int { return int(math.Ceil(float64(n) * f.CharW)) }
