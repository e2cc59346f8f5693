package params

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
)

// DefaultScenario is the built-in scenario a link opens when it names none, or one that does
// not exist.
const DefaultScenario = "flood"

// maxChanges bounds the changes one link may carry.
const maxChanges = 1000

// LessonFunc is the hook where ?lesson=ID&step=N plugs in: it returns the scenario that step
// N (from 1; 0 when the link gives no step) of lesson id runs, or an error that says why there
// is none (an unknown lesson, a step out of range). With nil, every lesson link is reported as
// unknown and opens the default scenario.
type LessonFunc func(id string, step int) (*model.Scenario, error)

// Opened is what a link opens: the scenario to run, with the link's knobs applied; where to
// look; and what the link got wrong.
type Opened struct {
	Scenario *model.Scenario
	At       model.Time // the simulated time to open at (0: the start)
	Paused   bool       // whether to open paused
	Compare  string     // the key of a scenario.Variants comparison to show; "" for one run

	// Menu says to open the lesson menu: the link asked for a lesson step that is not there
	// (and no lesson is near enough to its name), or for a step without a lesson.
	Menu bool
	// Presenter says to turn presenter mode on (?presenter=1).
	Presenter bool

	// Link holds only the parameters that were applied: its Query reopens this same state,
	// and "copy link" starts from it.
	Link Link

	// Problems says, one line each, which parameters were unknown or bad and so were ignored;
	// the page shows them. Empty for a good link.
	Problems []string
}

// Open reads a URL query string and builds what it asks for. A bad link does not make it fail:
// each parameter that is unknown, malformed or not allowed for the scenario becomes a problem,
// and what it would have set keeps its default. It fails only when a built-in scenario does not
// parse, which is a bug of the build. lessons may be nil (see LessonFunc).
func Open(query string, lessons LessonFunc) (Opened, error) {
	return OpenIn(query, lessons, nil)
}

// OpenIn is Open with the lessons listed, so that a lesson link that names a lesson another
// way (?lesson=Handshake, a typo, its number) opens the nearest one, and a step past the end
// opens the last, each with a note (see FindLesson). A lesson link opens only the lesson: the
// parameters that would choose or change a run are ignored, and the note names them. A
// lesson that is not there, even near, opens the lesson menu (Opened.Menu), never a run.
func OpenIn(query string, lessons LessonFunc, index []LessonInfo) (Opened, error) {
	l, problems := parse(query)
	if l.Lesson != "" || l.Step != 0 {
		return openLessonLink(l, problems, lessons, index)
	}
	o := Opened{}
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if l.Presenter != nil {
		o.Presenter, o.Link.Presenter = *l.Presenter, l.Presenter
		// Presenter mode alone asks for no run: the page opens as a bare one does, on the menu.
		o.Menu = l.Query() == (Link{Presenter: l.Presenter}).Query()
	}
	if o.Scenario == nil {
		name := l.Scenario
		if name != "" {
			if _, ok := assets.Scenario(name); !ok {
				add("scenario: no built-in scenario %s; built-in: %s", scenario.Clip(name), strings.Join(assets.ScenarioNames(), ", "))
				name = ""
			}
		}
		sc, err := builtin(scenarioOrDefault(name))
		if err != nil {
			return Opened{}, err
		}
		o.Scenario, o.Link.Scenario = sc, name
	}
	sc := o.Scenario

	if l.Kernel != "" {
		if p, err := model.LookupProfile(l.Kernel); err != nil {
			_, known, _ := strings.Cut(err.Error(), "; ") // the message without the name, which may be long
			add("kernel: unknown kernel profile %s; %s", scenario.Clip(l.Kernel), known)
		} else {
			// The same scenario on p, as the app's kernel knob makes it.
			var refused []string
			sc, refused = scenario.WithProfile(sc, p)
			o.Scenario, o.Link.Kernel = sc, l.Kernel
			for _, r := range refused {
				add("kernel: %s refuses the scenario's %s, which was left out", p.Name, r)
			}
		}
	}
	if l.Seed != nil {
		sc.Seed, o.Link.Seed = *l.Seed, l.Seed
	}
	// What the knobs below start from, to go back to if the link's settings need more memory
	// than the page has.
	base := *sc
	base.Changes = slices.Clone(sc.Changes)
	if l.Backlog != nil {
		sc.Server.Backlog, o.Link.Backlog = *l.Backlog, l.Backlog
	}
	for _, s := range l.Sysctls {
		if sc.Profile.SysctlAllowed(false, s.Key) == "" {
			add("%s is not a server sysctl the model knows for %s; allowed: %s", clipKey(s.Key), sc.Profile.Name, strings.Join(sc.Profile.SysctlKeys(false), ", "))
			continue
		}
		if err := sc.Profile.SetServerSysctl(&sc.Server.Sysctl, s.Key, s.Value); err != nil {
			add("%v", err)
			continue
		}
		o.Link.Sysctls = append(o.Link.Sysctls, s)
	}
	var changes []model.Change
	for _, c := range l.Changes {
		if c.Kind == model.ChangeSysctl && sc.Profile.SysctlAllowed(false, c.Key) == "" {
			add("change: %s: %s is not a server sysctl the model knows for %s; allowed: %s", scenario.Clip(formatChange(c)), clipKey(c.Key), sc.Profile.Name,
				strings.Join(sc.Profile.SysctlKeys(false), ", "))
			continue
		}
		err := sc.Profile.Check(c)
		if err == nil && c.At > sc.Duration {
			err = fmt.Errorf("it is after the end of %s at %v", sc.Name, sc.Duration)
		}
		if err == nil && len(changes) >= maxChanges {
			err = fmt.Errorf("a link may carry at most %d changes", maxChanges)
		}
		if err != nil {
			add("change: %s: %v", formatChange(c), err)
			continue
		}
		changes = append(changes, c)
	}
	if len(changes) > 0 {
		// The scenario's own changes and the link's, in time order; at the same instant, the
		// scenario's first, then the link's as given.
		sc.Changes = append(slices.Clone(sc.Changes), changes...)
		slices.SortStableFunc(sc.Changes, func(a, b model.Change) int { return cmp.Compare(a.At, b.At) })
		o.Link.Changes = changes
	}
	if l.Compare != "" {
		if err := checkCompare(l.Compare, o); err != nil {
			add("compare: %v", err)
		} else {
			o.Compare, o.Link.Compare = l.Compare, l.Compare
		}
	}
	if m := checkPageMemory(sc, o.Compare); m != nil {
		// The link's settings are what made it too large: open without them.
		var dropped []string
		if o.Link.Backlog != nil {
			dropped = append(dropped, "backlog")
		}
		if len(o.Link.Sysctls) > 0 {
			dropped = append(dropped, "the sysctls")
		}
		if len(o.Link.Changes) > 0 {
			dropped = append(dropped, "the changes")
		}
		if len(dropped) == 0 {
			add("%s", m.Msg) // the scenario itself: a built-in one fits (TestPageLimitLeavesRoomForBuiltins)
		} else {
			add("%s; opened without the link's %s", m.Msg, strings.Join(dropped, ", "))
			*sc = base
			o.Link.Backlog, o.Link.Sysctls, o.Link.Changes = nil, nil, nil
		}
	}
	if l.At != nil {
		if *l.At > sc.Duration {
			add("t: %v is after the end of %s at %v", *l.At, sc.Name, sc.Duration)
		} else {
			o.At, o.Link.At = *l.At, l.At
			o.Paused = true // a link to a moment opens paused there
		}
	}
	if l.Paused != nil {
		o.Paused, o.Link.Paused = *l.Paused, l.Paused
	}
	o.Problems = Screenful(problems)
	return o, nil
}

// checkCompare says why the comparison key cannot be shown beside what o opens, if it cannot.
func checkCompare(key string, o Opened) error {
	if o.Link.Lesson != "" {
		return fmt.Errorf("not with a lesson, whose steps choose their own runs")
	}
	var allowed []string
	for _, v := range scenario.Variants {
		if v.Key == key {
			_, _, _, err := v.Make(o.Scenario)
			return err
		}
		allowed = append(allowed, fmt.Sprintf("%s (%s)", v.Key, v.Name))
	}
	return fmt.Errorf("%q is not a comparison; allowed: %s", key, strings.Join(allowed, ", "))
}

// openLessonLink opens what a link with lesson= or step= asks for: that step of that lesson
// (or the nearest, with a note), else the lesson menu over the default scenario.
func openLessonLink(l Link, problems []string, lessons LessonFunc, index []LessonInfo) (Opened, error) {
	o := Opened{}
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if ignored := runParams(l); len(ignored) > 0 {
		add("lesson links ignore %s: a lesson's steps choose their own runs (leave out lesson= and step= to use them)", strings.Join(ignored, ", "))
	}
	id, step := l.Lesson, l.Step
	if index != nil && id != "" && utf8.RuneCountInString(id) <= scenario.MaxEcho {
		i, exact := FindLesson(id, index)
		if i >= 0 {
			if !exact {
				add("lesson: no lesson %s; opening the nearest, %s (%s)", scenario.Clip(id), index[i].ID, index[i].Title)
			}
			id = index[i].ID
			if n := index[i].Steps; step > n {
				add("step: %s has steps 1 to %d, not %d; opening step %d", id, n, step, n)
				step = n
			}
		}
	}
	sc, err := openLesson(Link{Lesson: id, Step: step}, lessons)
	if err != nil {
		add("%v; opening the lesson menu", err)
		o.Menu = true
		if sc, err = builtin(DefaultScenario); err != nil {
			return Opened{}, err
		}
	} else {
		o.Link.Lesson, o.Link.Step = id, step
	}
	o.Scenario = sc
	if l.Paused != nil {
		o.Paused, o.Link.Paused = *l.Paused, l.Paused
	}
	if l.Presenter != nil {
		o.Presenter, o.Link.Presenter = *l.Presenter, l.Presenter
	}
	o.Problems = Screenful(problems)
	return o, nil
}

// openLesson asks the lessons hook for the link's lesson step.
func openLesson(l Link, lessons LessonFunc) (*model.Scenario, error) {
	if l.Lesson == "" {
		return nil, fmt.Errorf("step: given without a lesson")
	}
	if lessons == nil {
		return nil, fmt.Errorf("lesson: unknown lesson %s (no lessons are available)", scenario.Clip(l.Lesson))
	}
	if utf8.RuneCountInString(l.Lesson) > scenario.MaxEcho {
		// Longer than any lesson's id: said here, cut, rather than echoed whole by the hook.
		return nil, fmt.Errorf("lesson: unknown lesson %s", scenario.Clip(l.Lesson))
	}
	sc, err := lessons(l.Lesson, l.Step)
	if err != nil {
		return nil, fmt.Errorf("lesson: %w", err)
	}
	return sc, nil
}

func scenarioOrDefault(name string) string {
	if name == "" {
		return DefaultScenario
	}
	return name
}

// builtin parses a built-in scenario by name.
func builtin(name string) (*model.Scenario, error) {
	data, ok := assets.Scenario(name)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q", name)
	}
	return scenario.Parse(name+".yaml", data)
}
