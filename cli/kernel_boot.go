package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"synq/lab"
	"synq/model/scenario"
)

// bootRequested reports whether `synq kernel` was asked to boot another kernel.
func bootRequested(args []string) bool {
	for _, a := range args {
		if a == "--boot" || a == "-boot" || strings.HasPrefix(a, "--boot=") || strings.HasPrefix(a, "-boot=") {
			return true
		}
	}
	return false
}

const bootUsage = "usage: synq kernel --boot RELEASE[,RELEASE…] [--cache DIR] [--accel auto|kvm|tcg] [--max-late D] [--only-differences] FILE…\n"

// bootCmd is `synq kernel --boot RELEASE[,RELEASE…] FILE…`: the scenarios on a Debian
// release's kernel, booted under qemu, each compared with the model as `synq compare` does,
// and one summary line per kernel.
func bootCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq kernel --boot", flag.ContinueOnError)
	boot := fs.String("boot", "", "the Debian releases to boot, comma-separated: "+releaseNames())
	cache := fs.String("cache", "bin/kernels", "where the downloaded kernels are kept")
	accel := fs.String("accel", "auto", "qemu's accelerator: auto (KVM if it boots, else TCG), kvm or tcg")
	maxLate := fs.Duration("max-late", 0, "the most a run may fall behind its schedule before it is void and runs again (default 20ms; less where the scenario's margin, half the smallest gap between a checkpoint and another event, is smaller)")
	onlyDiff := fs.Bool("only-differences", false, "print the comparisons of the scenarios that did not match only")
	guest := fs.String("synq", "", "the statically linked synq the guest runs (default: this one)")
	// `synq kernel --boot --help`, as kernelUsage suggests: the flag package would take the
	// --help for --boot's value.
	for i := 1; i < len(args); i++ {
		if a, prev := args[i], args[i-1]; (prev == "--boot" || prev == "-boot") && (a == "-h" || a == "-help" || a == "--help") {
			printHelp(fs, bootUsage, stdout)
			return 0
		}
	}
	files, code := parseFlags(fs, bootUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	if len(files) == 0 {
		return usageError(stderr, "synq kernel --boot", bootUsage, "no scenario files given")
	}
	switch *accel {
	case "auto", "kvm", "tcg":
	default:
		fmt.Fprintf(stderr, "synq kernel --boot: --accel %q: allowed: auto, kvm, tcg\n", *accel)
		return 2
	}
	// Bad files are found before anything is fetched or booted.
	for _, f := range files {
		if _, err := scenario.Load(f); err != nil {
			fmt.Fprintf(stderr, "synq kernel --boot: %v\n", err)
			return 2
		}
	}
	var releases []lab.Release
	for _, name := range strings.Split(*boot, ",") {
		r, err := lab.LookupRelease(strings.TrimSpace(name))
		if err != nil {
			fmt.Fprintf(stderr, "synq kernel --boot: %v\n", err)
			return 2
		}
		releases = append(releases, r)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	progress := progressText(stderr)
	var lines []string
	code = 0
	for _, r := range releases {
		sum, err := lab.Boot(ctx, r, files, lab.Options{
			Cache: *cache, Synq: *guest, Accel: *accel, MaxLate: *maxLate, Out: stdout, OnlyDiffering: *onlyDiff,
			Say: func(s string) { progress(r.Name + ": " + s) },
		})
		progress("")
		switch {
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "synq kernel --boot: interrupted; the virtual machine and its files are gone")
			return 130
		case err != nil:
			fmt.Fprintf(stderr, "synq kernel --boot %s: %v\n", r.Name, err)
			lines = append(lines, fmt.Sprintf("conformance: %s did not run: %s", r.Title, firstLine(err.Error())))
			code = 1
			continue
		}
		fmt.Fprintln(stdout, sum.Line())
		lines = append(lines, sum.Line())
		if sum.Matched() != len(sum.Outcomes) {
			code = 1
		}
	}
	if len(releases) > 1 {
		fmt.Fprintln(stdout)
		for _, l := range lines {
			fmt.Fprintln(stdout, l)
		}
	}
	return code
}

func releaseNames() string {
	var names []string
	for _, r := range lab.Releases {
		names = append(names, r.Name)
	}
	return strings.Join(names, ", ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// progressText shows what the lab is doing: on a terminal on one line that each report
// replaces, elsewhere one line per report. An empty text clears the terminal's line.
func progressText(w io.Writer) func(string) {
	f, ok := w.(*os.File)
	tty := ok && isTerminal(f)
	return func(s string) {
		switch {
		case tty && s == "":
			fmt.Fprint(w, "\r\033[K")
		case tty:
			fmt.Fprintf(w, "\r\033[K%s", s)
		case s != "":
			fmt.Fprintln(w, s)
		}
	}
}
