// Package scene is the animated app's picture as data: where everything goes (pure layout
// over image.Rectangle), what the model looks like at one instant (a Frame read from the
// run and its trace), and the draw list built from the two. It imports no Ebiten, so its
// tests and benchmarks run without a display; package render paints the draw list.
package scene

import "image/color"

// Colours. The roles that tell things apart use the Okabe-Ito palette, which stays distinct
// for the common kinds of colour blindness; shapes tell the same things apart a second way.
var (
	ColorBackground = color.RGBA{0x12, 0x14, 0x18, 0xff}
	ColorPanel      = color.RGBA{0x1d, 0x21, 0x28, 0xff}
	ColorBox        = color.RGBA{0x2a, 0x2f, 0x38, 0xff} // outlines and boxes
	ColorSlot       = color.RGBA{0x34, 0x3a, 0x45, 0xff} // an empty queue slot
	ColorText       = color.RGBA{0xf4, 0xf4, 0xf4, 0xff}
	ColorDim        = color.RGBA{0xb0, 0xb6, 0xc0, 0xff}

	ColorGenuine = color.RGBA{0x56, 0xb4, 0xe9, 0xff} // Okabe-Ito sky blue: genuine clients, their packets
	ColorFlood   = color.RGBA{0xe6, 0x9f, 0x00, 0xff} // Okabe-Ito orange: flood sources, their SYNs
	ColorCookie  = color.RGBA{0xf0, 0xe4, 0x42, 0xff} // Okabe-Ito yellow: cookie SYN-ACKs
	ColorDone    = color.RGBA{0x00, 0x9e, 0x73, 0xff} // Okabe-Ito bluish green: established, accepted
	ColorDrop    = color.RGBA{0xd5, 0x5e, 0x00, 0xff} // Okabe-Ito vermillion: drops, timeouts
	ColorReset   = color.RGBA{0xcc, 0x79, 0xa7, 0xff} // Okabe-Ito reddish purple: RSTs
	ColorHeld    = color.RGBA{0x00, 0x72, 0xb2, 0xff} // Okabe-Ito blue: a request whose ACK met a full accept queue

	ColorHighlight = color.RGBA{0x4a, 0x42, 0x0a, 0xff} // behind a counter that just changed
	ColorPaused    = color.RGBA{0xf0, 0xe4, 0x42, 0xff}
	ColorMark      = color.RGBA{0xf0, 0xe4, 0x42, 0xff} // the outline around a highlighted part
)

// Palette holds the neutral colours: grounds, boxes, text. The colours that tell things apart
// (genuine, flood, cookie, done, drop, reset, held) are the same in every palette, so that
// they stay distinct for colour-blind viewers; presenter mode only raises the contrast around
// them.
type Palette struct {
	Background, Panel, Box, Slot color.RGBA
	Text, Dim                    color.RGBA
	Highlight, HighlightText     color.RGBA // a counter that just changed: its ground and text
	Paused, Mark                 color.RGBA
}

// DefaultPalette is the desktop's: dark grey grounds, light text.
var DefaultPalette = Palette{
	Background: ColorBackground, Panel: ColorPanel, Box: ColorBox, Slot: ColorSlot,
	Text: ColorText, Dim: ColorDim, Highlight: ColorHighlight, HighlightText: ColorCookie,
	Paused: ColorPaused, Mark: ColorMark,
}

// PresenterPalette is for projectors: a black ground, white text, brighter outlines and empty
// slots, and a stronger ground behind changed counters.
var PresenterPalette = Palette{
	Background: color.RGBA{0x00, 0x00, 0x00, 0xff}, Panel: color.RGBA{0x0e, 0x10, 0x14, 0xff},
	Box: color.RGBA{0x8a, 0x93, 0xa3, 0xff}, Slot: color.RGBA{0x4a, 0x52, 0x60, 0xff},
	Text: color.RGBA{0xff, 0xff, 0xff, 0xff}, Dim: color.RGBA{0xe4, 0xe7, 0xec, 0xff},
	Highlight: color.RGBA{0x6e, 0x62, 0x00, 0xff}, HighlightText: color.RGBA{0xff, 0xf4, 0x60, 0xff},
	Paused: ColorPaused, Mark: ColorMark,
}

// PresenterTextScale is how much larger text is in presenter mode.
const PresenterTextScale = 1.2

// withAlpha returns c at opacity a (0–255), premultiplied as Ebiten expects.
func withAlpha(c color.RGBA, a uint8) color.RGBA {
	return color.RGBA{
		R: uint8(uint16(c.R) * uint16(a) / 255),
		G: uint8(uint16(c.G) * uint16(a) / 255),
		B: uint8(uint16(c.B) * uint16(a) / 255),
		A: a,
	}
}
