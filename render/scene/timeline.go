package scene

import (
	"image"

	"synq/model"
)

// tickSteps are the spacings the timeline's ticks may have.
var tickSteps = []model.Time{
	model.Millisecond, 2 * model.Millisecond, 5 * model.Millisecond, 10 * model.Millisecond,
	20 * model.Millisecond, 50 * model.Millisecond, 100 * model.Millisecond, 200 * model.Millisecond,
	500 * model.Millisecond, model.Second, 2 * model.Second, 5 * model.Second, 10 * model.Second,
	15 * model.Second, 30 * model.Second, model.Minute, 2 * model.Minute, 5 * model.Minute,
	10 * model.Minute, 15 * model.Minute, 30 * model.Minute, model.Hour,
}

// TickStep is the spacing of the timeline's ticks for a run of the given duration: the
// smallest round step that gives at most 20 ticks.
func TickStep(duration model.Time) model.Time {
	for _, s := range tickSteps {
		if duration/s <= 20 {
			return s
		}
	}
	return tickSteps[len(tickSteps)-1]
}

// timeline draws the whole run as a bar: the part played, ticks, the changes made (diamonds
// above the bar) and the current time (a knob on the bar).
func (b *builder) timeline() {
	l, f, d := b.g, b.f, b.d
	tr := l.Track
	if tr.Empty() {
		return
	}
	d.rect(tr, b.pal.Slot)
	done := tr
	done.Max.X = l.TimeX(f.Now, f.Duration)
	d.rect(done, b.pal.Dim)
	step := TickStep(f.Duration)
	for t := step; t < f.Duration; t += step {
		x := l.TimeX(t, f.Duration)
		d.rect(image.Rect(x, tr.Max.Y, x+1, tr.Max.Y+max(3, tr.Dy()/2)), b.pal.Dim)
	}
	size := float32(max(6, tr.Dy()+2))
	for _, m := range b.v.Marks {
		x := l.TimeX(m.At, f.Duration)
		d.sprite(float32(x), float32(tr.Min.Y)-size/2, size, ShapeDiamond, false, ColorCookie)
	}
	knob := float32(l.Timeline.Dy()) * 0.55
	d.sprite(float32(l.TimeX(f.Now, f.Duration)), float32(tr.Min.Y+tr.Dy()/2), knob, ShapeCircle, false, b.pal.Text)
}
