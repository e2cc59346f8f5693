// Package lessons holds synq's guided lessons and the engine that plays them. A lesson is data:
// one YAML file a lesson, embedded from lessons/<lang>/NN-id.yaml, with every piece of human
// text in it, so that a translation is one more file (see Load). A lesson is a series of steps;
// each step loads a scenario (in the scenario-file format, parsed by model/scenario) or changes
// the running one, plays it for a while, and makes claims about what happens that are checked
// on the model (see Check), so that no lesson can say something the model does not do.
//
// The package is pure: it imports the model and the scenario parser, never Ebiten or the
// kernel engine, and builds for js/wasm.
//
// A user interface drives it like this:
//
//	ls, err := lessons.Load(lang)            // every lesson, text in lang or English
//	l := lessons.Find(ls, id)
//	st := l.Steps[n]                         // Title, Narration, Highlight, Conceal, Predict, Evidence, Source, Checks
//	plan, err := l.Plan(n)                   // or the step's ScenarioErr
//	sim, _ := model.New(plan.Scenario, opts) // the step's changes are in plan.Scenario.Changes
//	sim.RunUntil(plan.Start)                 // silently; then play to plan.End
//	// plan.Side, if not nil, is a second run to show beside it, driven the same way;
//	// plan.Begin() does both and puts a Watch on each (the queues' peaks for peak.* names).
//	lines := st.Evidence.Lines(lessons.Take(sim)) // the evidence as the tools print it
//
// Next and back load the next plan afresh, so a step looks the same however the learner got
// there; Progress (with DefaultStore) remembers where they were. `synq lessons --check` drives
// the same plans headlessly through Lesson.Check.
package lessons

import (
	"synq/model"
)

// Lesson is one lesson in one language.
type Lesson struct {
	ID      string // as in the file name and `synq --lesson ID`: lowercase letters, digits, '-'
	Number  int    // NN of the file name: the lesson's place in the menu
	Title   string
	Summary string
	Lang    string // the language the text is in ("en" when a translation lacks it)
	File    string // the file it was read from, for messages
	Steps   []*Step
}

// Step is one step of a lesson: what to load or change, what to say, what to show, what to ask,
// and what must be true.
type Step struct {
	Title     string
	Narration string
	Highlight []Part // the parts of the scene to draw attention to
	// Conceal names the scene labels kept hidden while Predict waits for its answer, because
	// they would give the answer away (the accept queue's "0 / 5" under "how many wait?").
	// Only a step that asks a question conceals anything; see Label and Step.Hidden.
	Conceal  []Label
	Play     model.Time // how long the step plays, from its start
	Speed    float64    // the playback speed the app starts the step at: 1 is real time, 0.1 slower, 20 faster
	Predict  *Question  // asked before the step plays; nil when the step asks nothing
	Evidence Evidence   // what proves the point: counters, `ss` and log lines
	Source   string     // the kernel function and version range: "tcp_conn_request, 4.10+: spec 2.1 C"
	Checks   []*Check   // the step's claims, each checked on the model

	// Setup: a step either loads a scenario (Scenario non-nil; the run restarts at time 0) or
	// changes the running one (Changes, with At counted from the step's start).
	Scenario *model.Scenario
	Side     *Side // a second run shown side by side, nil for none; kept by the steps that follow
	Changes  []model.Change
	// ScenarioErr is why the step's scenario (or its side's) could not be read: an unknown
	// kernel profile, say. The lesson still loads and lists, Scenario is then only a
	// placeholder, and Plan and Check report the problem.
	ScenarioErr error

	Line  int // the line of the step in its file, for messages
	index int // from 0
	start model.Time
	run   *model.Scenario // the scenario this step runs on (its own, or the one loaded before)
	side  *Side
	first int // index of the step that loaded run
}

// Side is the second run of a side-by-side step: the same experiment on another kernel, or
// another scenario, under a label of its own.
type Side struct {
	Label    string
	Scenario *model.Scenario
	err      error // why its scenario could not be read
}

// Question is a "predict first" question, asked before the step plays. What the learner sees
// before answering is the step's narration, Text and Choices (and the scene, less the step's
// Conceal labels); Right or Wrong, then After, only once a choice is made.
type Question struct {
	Text    string
	Choices []string
	Answer  int    // index of the right choice, from 0
	Right   string // feedback for the right answer
	Wrong   string // feedback for a wrong one
	// After is the explanation, shown after the answer whichever choice was made (with the
	// choices still on screen); "" when the feedback says it all.
	After string
	// Allow lists the key numbers of the right choice that the text before the answer may
	// state all the same, each one reviewed: the setup cannot be posed without it. See
	// Lesson.TextProblems.
	Allow []string
}

// Correct reports whether choice (from 0) is the right answer.
func (q *Question) Correct(choice int) bool { return choice == q.Answer }

// Feedback is what to tell the learner after choosing.
func (q *Question) Feedback(choice int) string {
	if q.Correct(choice) {
		return q.Right
	}
	return q.Wrong
}

// Check is one claim a step makes, as an expression that must hold on the model At after the
// step starts (see the package's expression syntax in expr.go).
type Check struct {
	At     model.Time // after the step's start; the step's end when the file gives none
	Expect string     // the expression, as written
	Claim  string     // the claim in words, as the narration makes it
	Line   int        // the check's line in its file
	expr   *Expr
	// evidence marks a check made from the step's evidence (a log line it shows).
	evidence bool
}

// Expr is the parsed expression.
func (c *Check) Expr() *Expr { return c.expr }

// Part is a part of the scene a step can highlight. The renderer maps each to what it draws
// (render/scene's part names; a test keeps the two lists the same). When two runs are shown
// side by side, a part names it in both.
type Part string

// The parts of the scene. This list is the one place in the package that names them.
const (
	PartClients          Part = "clients"            // the genuine clients and their states
	PartFlood            Part = "flood"              // the flood sources
	PartWire             Part = "wire"               // the wire and the packets on it
	PartServer           Part = "server"             // the whole server
	PartCookies          Part = "cookies"            // cookie SYN-ACKs going past the SYN queue
	PartSynQueue         Part = "syn-queue"          // the SYN queue (half-open requests)
	PartAcceptQueue      Part = "accept-queue"       // the accept queue
	PartApp              Part = "app"                // the application's accept() loop
	PartSS               Part = "ss"                 // `ss -ltn` and the SYN-RECV count
	PartCounters         Part = "counters"           // `nstat -az`
	PartOutcomes         Part = "outcomes"           // the clients by state
	PartDrops            Part = "drops"              // the recent drops with their reasons
	PartLog              Part = "log"                // dmesg
	PartCharts           Part = "charts"             // every chart
	PartTimeline         Part = "timeline"           // the time line
	PartKnobs            Part = "knobs"              // the sysctl and traffic knobs
	PartNarration        Part = "narration"          // the lesson's own panel
	PartChartSynQueue    Part = "chart-syn-queue"    // the SYN queue over time
	PartChartAcceptQueue Part = "chart-accept-queue" // the accept queue over time
	PartChartDrops       Part = "chart-drops"        // drops over time
	PartChartCookies     Part = "chart-cookies"      // cookies over time
	PartChartLatency     Part = "chart-latency"      // connection latency over time
)

// Parts lists every part a step may highlight.
var Parts = []Part{
	PartClients, PartFlood, PartWire, PartServer, PartCookies, PartSynQueue, PartAcceptQueue, PartApp,
	PartSS, PartCounters, PartOutcomes, PartDrops, PartLog, PartCharts, PartTimeline, PartKnobs, PartNarration,
	PartChartSynQueue, PartChartAcceptQueue, PartChartDrops, PartChartCookies, PartChartLatency,
}

func knownPart(s string) bool {
	for _, p := range Parts {
		if string(p) == s {
			return true
		}
	}
	return false
}

// Label is a kind of label in the scene that a step can keep hidden until its question is
// answered. The renderer decides which of its texts each covers (a test in the root package
// keeps the lists in step).
type Label string

// The labels a step may conceal.
const (
	LabelQueueLimits  Label = "queue-limits"  // the queues' capacities: "0 / 5", "(B+1)", the SYN queue's size, ss's Send-Q
	LabelQueueLengths Label = "queue-lengths" // how many each queue holds, in figures: the "3" of "3 / 5", ss's Recv-Q, SYN-RECV
	LabelCounters     Label = "counters"      // nstat counters, the outcomes (clients by state) and the recent drops
	LabelEvidence     Label = "evidence"      // the step's evidence: ss, netstat -s, dmesg and cookie lines
)

// Labels lists every label a step may conceal.
var Labels = []Label{LabelQueueLimits, LabelQueueLengths, LabelCounters, LabelEvidence}

// Hidden reports whether the scene keeps label l hidden now: the step conceals it and its
// question is not answered yet.
func (s *Step) Hidden(l Label, answered bool) bool {
	if answered || s.Predict == nil {
		return false
	}
	for _, c := range s.Conceal {
		if c == l {
			return true
		}
	}
	return false
}

// Index is the step's place in its lesson, from 0.
func (s *Step) Index() int { return s.index }

// Start is the simulated time at which the step starts: 0 for a step that loads a scenario,
// the end of the step before for one that changes the running scenario.
func (s *Step) Start() model.Time { return s.start }

// End is the simulated time at which the step has played Play.
func (s *Step) End() model.Time { return s.start + s.Play }
