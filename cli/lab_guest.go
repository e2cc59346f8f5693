package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"synq/kernel"
	"synq/lab"
	"synq/model"
	"synq/model/scenario"
)

// labGuestCmd is what the lab's guest runs as `synq lab-guest [--profile P] [--max-late D]
// FILE…` on the kernel it booted: each scenario as `synq compare` runs it, its comparison and
// its outcome on the console between the lab's markers. A run that fell further behind its
// schedule than the scenario's margin (lab.Margin, at most --max-late) is run again once,
// and is void if it falls behind again: lateness says nothing about the model.
func labGuestCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq lab-guest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profileFlag := fs.String("profile", "auto", "the model profile to compare against; auto: the running kernel's")
	maxLate := fs.Duration("max-late", 0, "the most a run may fall behind its schedule, whatever its margin (default: lab.LateCap)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// Fewer garbage collections while a run keeps time on the emulated CPU, as in the host's
	// suite; the guest has memory to spare.
	debug.SetGCPercent(800)
	release := kernel.Release()
	profile, profileErr := *profileFlag, error(nil)
	if profile == "auto" {
		profile, profileErr = model.ProfileForRelease(release)
	} else if _, err := model.LookupProfile(profile); err != nil {
		fmt.Fprintln(stdout, lab.ErrorLine(err.Error()))
		return 2
	}
	shown := profile
	if shown == "" {
		shown = "none"
	}
	fmt.Fprintln(stdout, lab.KernelLine(release, shown))
	for _, file := range fs.Args() {
		fmt.Fprintln(stdout, lab.BeginLine(file))
		o := guestScenario(file, profile, profileErr, *maxLate, stdout)
		fmt.Fprintln(stdout, lab.ResultLine(o))
	}
	return 0
}

// guestScenario runs one scenario on the kernel and on the model, and prints the comparison.
func guestScenario(file, profile string, profileErr error, maxLate time.Duration, stdout io.Writer) lab.Outcome {
	o := lab.Outcome{Name: file, Verdict: "error"}
	sc, err := scenario.LoadFor(file, profile)
	if err != nil {
		o.Detail = err.Error()
		return o
	}
	o.Name = sc.Name
	if profileErr != nil && !sc.ProfileGiven {
		o.Detail = profileErr.Error()
		return o
	}
	budget, err := lab.Budget(sc, maxLate)
	if err != nil {
		o.Detail = err.Error()
		return o
	}
	var res *kernel.Result
	var lates []string
	for try := 0; try < 2; try++ {
		if res, err = kernel.Run(context.Background(), sc, kernel.Options{}); err != nil {
			o.Detail = err.Error()
			return o
		}
		o.Late = time.Duration(res.Late)
		if o.Late < budget {
			break
		}
		lates = append(lates, fmt.Sprintf("%s behind at %s", o.Late.Round(100*time.Microsecond), res.LateAt))
		fmt.Fprintf(stdout, "kernel run %d fell %s behind its schedule (at %s); this scenario allows less than %s: not counted\n",
			try+1, o.Late.Round(100*time.Microsecond), res.LateAt, budget)
	}
	if len(lates) == 2 {
		o.Verdict = "void"
		o.Detail = fmt.Sprintf("both runs fell behind their schedule by %s or more, the margin this scenario allows (%s; %s); the machine was too busy to keep time", budget, lates[0], lates[1])
		return o
	}
	rep, err := model.RunWith(sc, model.Options{StartJiffies: res.StartJiffies})
	if err != nil {
		o.Detail = err.Error()
		return o
	}
	diffs := model.Diff(rep, res.Report)
	writeComparison(stdout, sc, rep, res.Report, diffs)
	fmt.Fprintf(stdout, "kernel run: started at jiffies %d; at worst %s behind its schedule, at %s (this scenario allows less than %s)\n",
		res.StartJiffies, res.Late, res.LateAt, budget)
	o.Verdict = "match"
	if len(diffs) > 0 {
		o.Verdict = "differ"
	}
	return o
}
