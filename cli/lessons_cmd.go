package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"synq/lessons"
	"synq/model"
)

const lessonsUsage = `usage: synq lessons [--lang LANG]                list the lessons
       synq lessons --check [-v] [--lang LANG] [ID...]  play every lesson (or those named), check each claim and the fairness of its text
       synq lessons --show ID [--lang LANG]        print a lesson's text, with its evidence at each step's end
       synq lessons --names                        the names a lesson's check may read`

// lessonsCmd is `synq lessons`: list the lessons, check them, or print one.
func lessonsCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq lessons", flag.ContinueOnError)
	check := fs.Bool("check", false, "play every lesson headlessly and check every claim")
	show := fs.String("show", "", "print the lesson with this id")
	lang := fs.String("lang", "", "the language of the lessons' text (default English)")
	namesFlag := fs.Bool("names", false, "list the names a check may read")
	verbose := fs.Bool("v", false, "with --check: print the values each check read, passed or not")
	ids, code := parseFlags(fs, lessonsUsage+"\n", args, stdout, stderr)
	if code != carryOn {
		return code
	}
	if (*namesFlag || *show != "") && len(ids) > 0 {
		fmt.Fprintf(stderr, "synq lessons: unexpected argument %q (lesson ids are given with --check)\n%s\n", ids[0], lessonsUsage)
		return 2
	}
	if *namesFlag {
		printNames(stdout)
		return 0
	}
	all, loadErr := lessons.Load(*lang)
	if loadErr != nil {
		fmt.Fprintf(stderr, "synq lessons: the lesson files have problems:\n%v\n", loadErr)
		if len(all) == 0 || !*check {
			return 1
		}
	}
	switch {
	case *show != "":
		l := lessons.Find(all, *show)
		if l == nil {
			fmt.Fprintf(stderr, "synq lessons: no lesson %q; `synq lessons` lists them\n", *show)
			return 2
		}
		return showLesson(l, stdout, stderr)
	case *check:
		sel := all
		if len(ids) > 0 {
			sel = nil
			for _, id := range ids {
				l := lessons.Find(all, id)
				if l == nil {
					fmt.Fprintf(stderr, "synq lessons: no lesson %q; `synq lessons` lists them\n", id)
					return 2
				}
				sel = append(sel, l)
			}
		}
		code := checkLessons(sel, stdout, *verbose)
		if loadErr != nil {
			fmt.Fprintln(stdout, "lessons: some lesson files could not be read (see above)")
			code = 1
		}
		return code
	}
	if len(ids) > 0 {
		fmt.Fprintf(stderr, "synq lessons: lesson ids are given with --check\n%s\n", lessonsUsage)
		return 2
	}
	for _, l := range all {
		fmt.Fprintf(stdout, "%2d  %-20s %s (%d steps)\n", l.Number, l.ID, l.Title, len(l.Steps))
	}
	return 0
}

// checkLessons plays each lesson and prints every check with PASS or FAIL, then checks its text
// (Lesson.TextProblems); 1 if anything fails.
func checkLessons(ls []*lessons.Lesson, w io.Writer, verbose bool) int {
	total, questions := 0, 0
	var failed []string
	for _, l := range ls {
		fmt.Fprintf(w, "lesson %d %s: %s\n", l.Number, l.ID, l.Title)
		var step *lessons.Step
		l.Check(func(r lessons.Result) {
			if r.Step != step {
				step = r.Step
				fmt.Fprintf(w, "  step %d: %s\n", step.Index()+1, step.Title)
			}
			total++
			verdict := "PASS"
			if !r.Pass {
				verdict = "FAIL"
			}
			fmt.Fprintf(w, "    %s  at %-7s %s\n", verdict, r.At, r.Check.Claim)
			if r.Pass && !verbose {
				return
			}
			why := "  " + r.Check.Expect
			if len(r.Values) > 0 {
				var vs []string
				for _, v := range r.Values {
					vs = append(vs, v.Name+" = "+v.Value)
				}
				why += "  [" + strings.Join(vs, ", ") + "]"
			}
			if r.Err != nil {
				why += "  error: " + r.Err.Error()
			}
			fmt.Fprintf(w, "          %s:%d:%s\n", l.File, r.Check.Line, why)
			if r.Pass {
				return
			}
			failed = append(failed, fmt.Sprintf("%s step %d (%s:%d)", l.ID, step.Index()+1, l.File, r.Check.Line))
		})
		// The text: no question gives its answer away, no run is placed where it is not drawn.
		questions += l.Questions()
		probs := l.TextProblems()
		if len(probs) == 0 {
			fmt.Fprintf(w, "  text: PASS  %d questions keep their answers until answered; the runs are placed as drawn\n", l.Questions())
			continue
		}
		for _, p := range probs {
			fmt.Fprintf(w, "  text: FAIL  %s\n          %s:%d: step %d %s\n", p.Msg, l.File, p.Step.Line, p.Step.Index()+1, p.Field)
			failed = append(failed, fmt.Sprintf("%s step %d text, %s (%s:%d)", l.ID, p.Step.Index()+1, p.Field, l.File, p.Step.Line))
		}
	}
	if len(failed) == 0 {
		fmt.Fprintf(w, "lessons: %d lessons, %d checks, %d questions, all pass\n", len(ls), total, questions)
		return 0
	}
	fmt.Fprintf(w, "failed:\n")
	for _, f := range failed {
		fmt.Fprintf(w, "  %s\n", f)
	}
	fmt.Fprintf(w, "lessons: %d lessons, %d checks, %d questions, %d failed\n", len(ls), total, questions, len(failed))
	return 1
}

// showLesson prints a lesson as a learner would go through it, with the evidence read from the
// model at the end of each step.
func showLesson(l *lessons.Lesson, w, stderr io.Writer) int {
	fmt.Fprintf(w, "%s (%s)\n%s\n", l.Title, l.ID, l.Summary)
	code := 0
	for i, st := range l.Steps {
		fmt.Fprintf(w, "\n--- step %d: %s (%s to %s)\n%s\n", i+1, st.Title, st.Start(), st.End(), st.Narration)
		for _, c := range st.Changes {
			fmt.Fprintf(w, "  change at +%s: %s\n", c.At, c)
		}
		if q := st.Predict; q != nil {
			if len(st.Conceal) > 0 {
				names := make([]string, len(st.Conceal))
				for j, c := range st.Conceal {
					names[j] = string(c)
				}
				fmt.Fprintf(w, "  hidden until answered: %s\n", strings.Join(names, ", "))
			}
			fmt.Fprintf(w, "  predict: %s\n", q.Text)
			for j, c := range q.Choices {
				mark := " "
				if q.Correct(j) {
					mark = "*"
				}
				fmt.Fprintf(w, "   %s%d. %s\n", mark, j+1, c)
			}
			if q.After != "" {
				fmt.Fprintf(w, "  after answering: %s\n", q.After)
			}
		}
		if st.Source != "" {
			fmt.Fprintf(w, "  source: %s\n", st.Source)
		}
		if !st.Evidence.Empty() {
			p, err := l.Plan(i)
			var a, b map[model.Time]*lessons.Snapshot
			if err == nil {
				a, b, err = p.Snapshots([]model.Time{st.Play})
			}
			if err != nil {
				fmt.Fprintf(stderr, "synq lessons: %v\n", err)
				code = 1
			} else {
				label := ""
				if b != nil {
					label = " (" + a[st.Play].Profile + ")"
				}
				fmt.Fprintf(w, "  evidence at %s%s:\n", st.End(), label)
				for _, line := range st.Evidence.Lines(a[st.Play]) {
					fmt.Fprintf(w, "    %s\n", line)
				}
				if b != nil {
					fmt.Fprintf(w, "  evidence at %s (%s, side by side):\n", st.End(), p.Side.Label)
					for _, line := range st.Evidence.Lines(b[st.Play]) {
						fmt.Fprintf(w, "    %s\n", line)
					}
				}
			}
		}
		for _, c := range st.Checks {
			fmt.Fprintf(w, "  check at +%s: %s\n", c.At, c.Claim)
		}
	}
	return code
}

func printNames(w io.Writer) {
	fmt.Fprintln(w, "A check's expect: reads these names (b.NAME: the side-by-side run), any nstat counter")
	fmt.Fprintln(w, "(TcpExtListenOverflows, ...), log contains \"TEXT\", delta(NAME, FROM, TO), at(NAME, T), has(COUNTER).")
	for _, n := range lessons.Names() {
		fmt.Fprintf(w, "  %-28s %s\n", n[0], n[1])
	}
}
