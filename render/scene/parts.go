package scene

import "image"

// The parts of the scene a lesson can point at (App.SetHighlight). When two runs are shown,
// a run's part names both runs' rectangles.
const (
	PartClients     = "clients"      // the genuine clients
	PartFlood       = "flood"        // the flood sources
	PartWire        = "wire"         // the wire and the packets on it
	PartServer      = "server"       // the whole server box
	PartCookies     = "cookies"      // the cookie path above the SYN queue
	PartSynQueue    = "syn-queue"    // the SYN queue, its label and its note
	PartAcceptQueue = "accept-queue" // the accept queue and its label
	PartApp         = "app"          // the application calling accept()
	PartSS          = "ss"           // `ss -ltn` and the SYN-RECV count
	PartCounters    = "counters"     // `nstat -az`
	PartOutcomes    = "outcomes"     // the clients by state
	PartDrops       = "drops"        // the recent drops with their reasons
	PartLog         = "log"          // dmesg
	PartCharts      = "charts"       // every chart
	PartTimeline    = "timeline"     // the timeline bar
	PartKnobs       = "knobs"        // the knob panel (when open)
	PartNarration   = "narration"    // the lesson's own panel

	PartChartSynQueue    = "chart-syn-queue"
	PartChartAcceptQueue = "chart-accept-queue"
	PartChartDrops       = "chart-drops"
	PartChartCookies     = "chart-cookies"
	PartChartLatency     = "chart-latency"
)

var partNames = []string{
	PartClients, PartFlood, PartWire, PartServer, PartCookies, PartSynQueue, PartAcceptQueue, PartApp,
	PartSS, PartCounters, PartOutcomes, PartDrops, PartLog, PartCharts, PartTimeline, PartKnobs, PartNarration,
	PartChartSynQueue, PartChartAcceptQueue, PartChartDrops, PartChartCookies, PartChartLatency,
}

// chartParts name each chart, in Metric order.
var chartParts = [NumMetrics]string{PartChartSynQueue, PartChartAcceptQueue, PartChartDrops, PartChartCookies, PartChartLatency}

// Parts lists every part name SetHighlight accepts.
func Parts() []string { return append([]string(nil), partNames...) }

// IsPart reports whether name is one of Parts.
func IsPart(name string) bool {
	for _, p := range partNames {
		if p == name {
			return true
		}
	}
	return false
}

// Part returns where the named part is on the screen: one rectangle, or one per run for a
// run's part when two are shown, or none when the part is not on screen (the knob panel
// closed, the drops list when comparing) or the name is unknown.
func (l *Layout) Part(name string) []image.Rectangle {
	var out []image.Rectangle
	add := func(r image.Rectangle) {
		if !r.Empty() {
			out = append(out, r)
		}
	}
	switch name {
	case PartTimeline:
		add(l.Timeline)
	case PartKnobs:
		add(l.Knobs)
	case PartNarration:
		add(l.Narration)
	case PartCharts:
		add(l.Charts[0].Union(l.Charts[NumMetrics-1]))
	}
	for m, p := range chartParts {
		if p == name {
			add(l.Charts[m])
		}
	}
	n := 1
	if l.Mode.Compare {
		n = 2
	}
	for i := range n {
		r := &l.Runs[i]
		switch name {
		case PartClients:
			add(r.Clients)
		case PartFlood:
			add(r.Flood)
		case PartWire:
			add(r.Wire)
		case PartServer:
			add(r.Server)
		case PartCookies:
			add(r.CookieLane)
		case PartSynQueue:
			add(r.SynLabel.Union(r.SynQueue).Union(r.SynNote))
		case PartAcceptQueue:
			add(r.AcceptLabel.Union(r.AcceptQueue))
		case PartApp:
			add(r.App)
		case PartSS:
			add(r.SS.Union(r.SynRecv))
		case PartCounters:
			add(r.Counters)
		case PartOutcomes:
			add(r.Outcomes)
		case PartDrops:
			add(r.Drops)
		case PartLog:
			add(r.Log)
		}
	}
	return out
}

// highlights outlines the parts the view names: a thick line in the mark colour with a
// fainter glow outside it, over everything else.
func (b *builder) highlights() {
	w := max(3, b.g.Pad/3)
	var boxes []image.Rectangle
	for _, name := range b.v.Highlight {
		for _, r := range b.g.Part(name) {
			boxes = append(boxes, r.Inset(-w).Intersect(b.g.Bounds))
		}
	}
	boxes = mergeTouching(boxes, w)
	apart(boxes, w)
	for _, r := range boxes {
		b.d.topOutline(r, w, b.pal.Mark)
		glow := r.Inset(-w).Intersect(b.g.Bounds)
		b.d.topOutline(glow, w, withAlpha(b.pal.Mark, 90))
	}
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }

// mergeTouching joins the boxes whose outlines (with their glow, gap wide) would touch or
// cross, and lie in line, into one box around both: two parts side by side ("cookies" over "syn-queue") get
// one outline, not two crossing each other.
func mergeTouching(boxes []image.Rectangle, gap int) []image.Rectangle {
	out := append([]image.Rectangle(nil), boxes...)
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(out) && !merged; i++ {
			for j := i + 1; j < len(out); j++ {
				// Only boxes in line (one over the other, or side by side) are joined: the
				// box around an L would cover parts no one pointed at.
				u := out[i].Union(out[j])
				inLine := area(u)*10 <= (area(out[i])+area(out[j]))*12
				if inLine && out[i].Inset(-gap).Overlaps(out[j].Inset(-gap)) {
					out[i] = out[i].Union(out[j])
					out = append(out[:j], out[j+1:]...)
					merged = true
					break
				}
			}
		}
	}
	return out
}

// apart keeps boxes that lie side by side (or one over the other) but were not joined from
// crossing: each stops, with its glow (gap wide), short of the middle of the space between
// them.
func apart(boxes []image.Rectangle, gap int) {
	for i := range boxes {
		for j := range boxes {
			a, b := &boxes[i], &boxes[j]
			if i == j || !a.Inset(-gap).Overlaps(b.Inset(-gap)) {
				continue
			}
			// Split along the axis where they overlap the least.
			ox := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
			oy := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
			switch {
			case ox <= oy && a.Min.X < b.Min.X:
				mid := (a.Max.X + b.Min.X) / 2
				if mid-gap > a.Min.X && mid+gap < b.Max.X {
					a.Max.X, b.Min.X = min(a.Max.X, mid-gap), max(b.Min.X, mid+gap)
				}
			case oy < ox && a.Min.Y < b.Min.Y:
				mid := (a.Max.Y + b.Min.Y) / 2
				if mid-gap > a.Min.Y && mid+gap < b.Max.Y {
					a.Max.Y, b.Min.Y = min(a.Max.Y, mid-gap), max(b.Min.Y, mid+gap)
				}
			}
		}
	}
}
