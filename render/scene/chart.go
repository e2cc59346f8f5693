package scene

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"synq/model"
)

// metricColor is the colour of a chart's line: the colour of what it counts.
func (b *builder) metricColor(m Metric) color.RGBA {
	switch m {
	case MetricAcceptQueue:
		return ColorDone
	case MetricDrops:
		return ColorDrop
	case MetricCookies:
		return ColorCookie
	case MetricLatency:
		return ColorGenuine
	}
	return b.pal.Text
}

// ChartSpan is the simulated time the charts cover at time now of a run of the given
// duration: from 0 to now, at least the first 10 s (or the whole run when it is shorter).
func ChartSpan(now, duration model.Time) model.Time {
	return max(now, min(duration, 10*model.Second), 1)
}

// SpanLabel formats a chart's time span: whole seconds from 10 s, else three digits.
func SpanLabel(t model.Time) string {
	if t >= 10*model.Second {
		return strconv.FormatInt(int64((t+model.Second/2)/model.Second), 10) + " s"
	}
	return strconv.FormatFloat(t.Seconds(), 'g', 3, 64) + " s"
}

// NiceCeil rounds v up to 1, 2 or 5 times a power of ten: a chart's top.
func NiceCeil(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// formatMetric formats a chart's value for its title.
func formatMetric(m Metric, p Point) string {
	if !p.OK {
		return "–"
	}
	switch m {
	case MetricSynQueue, MetricAcceptQueue:
		return Thousands(int64(p.V))
	case MetricLatency:
		if p.V >= 10 {
			return Thousands(int64(p.V + 0.5))
		}
		return strconv.FormatFloat(p.V, 'f', 1, 64)
	}
	return Compact(uint64(p.V + 0.5))
}

// charts draws the small line charts: each over simulated time from 0 to now, one line per
// run (the second run's dashed), its current value in the title.
func (b *builder) charts() {
	small := b.font(SizeSmall)
	f := b.v.Runs[0].Frame
	to := ChartSpan(f.Now, f.Duration)
	var pts [2][]Point
	for m := range NumMetrics {
		r := b.g.Charts[m]
		if r.Empty() {
			continue
		}
		b.d.rect(r, b.pal.Panel)
		b.d.hit(Hit{R: r, Tip: chartTip(m)})
		in := r.Inset(b.g.Pad / 2)
		c := b.metricColor(m)
		name := m.String()
		if len([]rune(name)) > small.Chars(in.Dx()) {
			name = metricShort[m]
		}
		// The value now goes beside the title (the short title, where the whole one leaves it
		// no room), else at the plot's top right.
		value, valueW, valueInTitle := "", 0, false
		if !b.hiddenMetric(m) && !b.g.Mode.Compare && b.v.Runs[0].Series != nil {
			value = formatMetric(m, b.v.Runs[0].Series.Now(m, f.Now))
			valueW = small.Width(len([]rune(value)))
			fits := func(n string) bool { return small.Width(len([]rune(n))+1)+valueW <= in.Dx() }
			if !fits(name) && fits(metricShort[m]) {
				name = metricShort[m]
			}
			valueInTitle = fits(name)
		}
		b.textIn(name, in, 0, SizeSmall, b.pal.Dim)
		if b.hiddenMetric(m) { // a lesson hides it until its question is answered
			b.textRight("?", in, 0, SizeSmall, c)
			continue
		}
		titleLines := 1
		nruns := 0
		for i, run := range b.v.Runs {
			if run.Series != nil && run.Frame != nil && (i == 0 || b.g.Mode.Compare) {
				nruns = i + 1
			}
		}
		if nruns == 2 {
			titleLines = 2
			v := "A " + formatMetric(m, b.v.Runs[0].Series.Now(m, b.v.Runs[0].Frame.Now)) +
				"  B " + formatMetric(m, b.v.Runs[1].Series.Now(m, b.v.Runs[1].Frame.Now))
			b.textIn(v, in, small.LineH, SizeSmall, c)
		}
		plot := in
		plot.Min.Y += titleLines*small.LineH + 2
		if plot.Dy() < 8 || plot.Dx() < 8 || nruns == 0 {
			continue
		}
		n := max(2, plot.Dx()/3)
		top := 0.0
		for i := range nruns {
			run := b.v.Runs[i]
			pts[i] = run.Series.Columns(pts[i][:0], m, 0, to, run.Frame.Now, n)
			for _, p := range pts[i] {
				if p.OK {
					top = max(top, p.V)
				}
			}
			switch m {
			case MetricSynQueue:
				top = max(top, float64(run.Frame.Limits.SynQueueCap))
			case MetricAcceptQueue:
				top = max(top, float64(run.Frame.Limits.AcceptQueueCap))
			}
		}
		if m != MetricSynQueue && m != MetricAcceptQueue {
			top = NiceCeil(top) // a queue's chart tops out at its capacity: full is the top
		}
		b.d.rect(image.Rect(plot.Min.X, plot.Max.Y-1, plot.Max.X, plot.Max.Y), b.pal.Box)
		b.d.rect(image.Rect(plot.Min.X, plot.Min.Y, plot.Max.X, plot.Min.Y+1), b.pal.Box)
		w := float32(max(2, b.g.Pad/4))
		for i := range nruns {
			b.plot(plot, pts[i], top, w, i == 1, c)
		}
		label := Compact(uint64(top))
		if (m == MetricSynQueue || m == MetricAcceptQueue) && b.v.Conceal.Has(ConcealLimits) {
			label = "?" // a queue chart tops out at the queue's capacity: hidden with the limits
		}
		lw := small.Width(len(label))
		single := nruns == 1 && value != ""
		// The axis' top figure, unless the value now takes the plot's top right and the two
		// would run together ("5,0002,012"): then the value alone.
		if !single || valueInTitle || lw+small.Width(2)+valueW+4 <= plot.Dx() {
			at := image.Pt(plot.Min.X+2, plot.Min.Y+1)
			b.d.overlay(image.Rect(at.X-2, at.Y, at.X+lw+2, at.Y+small.LineH), withAlpha(b.pal.Panel, 200))
			b.d.text(label, at, SizeSmall, b.pal.Dim)
		}
		if single {
			if valueInTitle {
				b.textRight(value, in, 0, SizeSmall, c)
			} else {
				at := image.Pt(plot.Max.X-valueW-2, plot.Min.Y+1)
				b.d.overlay(image.Rect(at.X-2, at.Y, at.X+valueW+2, at.Y+small.LineH), withAlpha(b.pal.Panel, 200))
				b.d.text(value, at, SizeSmall, c)
			}
		}
		if m == 0 && plot.Dy() >= 2*small.LineH+2 {
			end := SpanLabel(to)
			ew := small.Width(len([]rune(end)))
			at := image.Pt(plot.Max.X-ew-2, plot.Max.Y-small.LineH-1)
			b.d.overlay(image.Rect(at.X-2, at.Y, at.X+ew+2, at.Y+small.LineH), withAlpha(b.pal.Panel, 200))
			b.d.text(end, at, SizeSmall, b.pal.Dim)
		}
	}
}

// plot draws one run's columns as a line in r, scaled to top; isolated points are dots.
func (b *builder) plot(r image.Rectangle, pts []Point, top float64, w float32, dashed bool, c color.RGBA) {
	n := len(pts)
	if n == 0 {
		return
	}
	x := func(i int) float32 { return float32(r.Min.X) + (float32(i)+0.5)*float32(r.Dx())/float32(n) }
	y := func(v float64) float32 {
		return float32(r.Max.Y) - 1 - w/2 - float32(min(v/top, 1))*(float32(r.Dy())-1-w)
	}
	open := false
	for i, p := range pts {
		if !p.OK {
			if open {
				b.d.endLine()
				open = false
			}
			continue
		}
		isolated := (i == 0 || !pts[i-1].OK) && (i == n-1 || !pts[i+1].OK)
		if isolated {
			b.d.sprite(x(i), y(p.V), 2*w+2, ShapeCircle, dashed, c)
			continue
		}
		if !open {
			b.d.line(w, dashed, c)
			open = true
		}
		b.d.point(x(i), y(p.V))
	}
	if open {
		b.d.endLine()
	}
}

// hiddenMetric says whether the view conceals what chart m shows: the queues' lengths, or
// the drops the counters count.
func (b *builder) hiddenMetric(m Metric) bool {
	switch m {
	case MetricSynQueue, MetricAcceptQueue:
		return b.v.Conceal.Has(ConcealLengths)
	case MetricDrops:
		return b.v.Conceal.Has(ConcealCounters)
	}
	return false
}

// metricShort are the charts' titles where the whole one does not fit.
var metricShort = [NumMetrics]string{MetricSynQueue: "SYN q", MetricAcceptQueue: "accept q", MetricDrops: "drops",
	MetricCookies: "cookies", MetricLatency: "conn ms"}
