package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"synq/kernel"
	"synq/model"
	"synq/model/scenario"
	"synq/packet"
)

const kernelUsage = "usage: synq kernel FILE [--json] [--pcap FILE [--pcap-limit SIZE]]\n       synq kernel --boot RELEASE[,RELEASE…] FILE… (see synq kernel --boot --help)\n"

// kernelCmd is `synq kernel FILE [--json] [--pcap FILE [--pcap-limit SIZE]]`: the scenario on
// the running kernel; with --boot, on other kernels (kernel_boot.go).
func kernelCmd(args []string, stdout, stderr io.Writer) int {
	if bootRequested(args) {
		return bootCmd(args, stdout, stderr)
	}
	fs := flag.NewFlagSet("synq kernel", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	// --boot is read by bootRequested before these flags; it is defined here so that
	// `synq kernel --help` lists it.
	fs.String("boot", "", "run the FILEs on other kernels instead: each Debian `RELEASE` named (comma-separated: "+
		releaseNames()+") booted under qemu; see synq kernel --boot --help")
	var pf pcapFlags
	pf.define(fs, "record every packet on the wire")
	operands, code := parseFlags(fs, kernelUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	file, code := oneFile(operands, stderr, "synq kernel", kernelUsage)
	if code != carryOn {
		return code
	}
	limit, err := pf.check(fs, file)
	if err != nil {
		return usageError(stderr, "synq kernel", kernelUsage, "%v", err)
	}
	sc, err := scenario.Load(file)
	if err != nil {
		fmt.Fprintf(stderr, "synq kernel: %v\n", err)
		return 2
	}
	// The capture file is made only once the run can start: a refused run touches nothing.
	if err := kernelReady(); err != nil {
		fmt.Fprintf(stderr, "synq kernel: %v\n", err)
		return 2
	}
	opt := kernel.Options{Progress: progressLine(stderr, "kernel")}
	var out *pcapOut
	if pf.path != "" {
		if err := checkPcapSize(packet.PcapBound(sc), limit); err != nil {
			fmt.Fprintf(stderr, "synq kernel: %v\n", err)
			return 2
		}
		if out, err = createPcap(pf.path); err != nil {
			fmt.Fprintf(stderr, "synq kernel: %v\n", err)
			return 2
		}
		opt.Pcap = out.f
	}
	res, code := runKernel(sc, opt, stderr, "synq kernel", out)
	if res == nil {
		return code
	}
	if out != nil {
		if err := out.commit(); err != nil {
			fmt.Fprintf(stderr, "synq kernel: %v\n", err)
			return 1
		}
	}
	if *asJSON {
		err = res.Report.WriteJSON(stdout)
	} else {
		err = res.Report.WriteText(stdout, sc.Server.Port)
	}
	if err != nil {
		fmt.Fprintf(stderr, "synq kernel: %v\n", err)
		return 1
	}
	return 0
}

// geteuid is os.Geteuid; tests replace it to see a refused run.
var geteuid = os.Geteuid

// kernelReady is the kernel engine's own first check, made before anything is created: Linux,
// and root.
func kernelReady() error {
	switch {
	case runtime.GOOS != "linux":
		return kernel.ErrUnsupported
	case geteuid() != 0:
		return kernel.ErrNotRoot
	}
	return nil
}

// runKernel runs the kernel engine until it ends or the user interrupts it; the engine removes
// everything it made in both cases, and a capture being written (out, if any) is discarded
// unless the run succeeds. A nil result comes with the exit code to use.
func runKernel(sc *model.Scenario, opt kernel.Options, stderr io.Writer, who string, out *pcapOut) (*kernel.Result, int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	res, err := kernel.Run(ctx, sc, opt)
	clearProgress(stderr)
	if err == nil {
		return res, 0
	}
	note := ""
	if out != nil {
		out.discard()
		note = "; " + out.notKept()
	}
	switch {
	case errors.Is(err, kernel.ErrNotRoot), errors.Is(err, kernel.ErrUnsupported):
		fmt.Fprintf(stderr, "%s: %v%s\n", who, err, note)
		return nil, 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%s: interrupted; the namespaces and devices of the run are gone%s\n", who, note)
		return nil, 130
	}
	fmt.Fprintf(stderr, "%s: %v%s\n", who, err, note)
	return nil, 1
}

// progressLine shows how far a real-time run has come, on one line of a terminal.
func progressLine(w io.Writer, what string) func(at, total model.Time) {
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		return nil
	}
	return func(at, total model.Time) {
		const width = 30
		done := int(int64(width) * int64(min(at, total)) / int64(max(total, 1)))
		bar := make([]byte, width)
		for i := range bar {
			bar[i] = '.'
			if i < done {
				bar[i] = '#'
			}
		}
		fmt.Fprintf(w, "\r%s: [%s] %5.1fs of %.1fs", what, bar, at.Seconds(), total.Seconds())
	}
}

func clearProgress(w io.Writer) {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(w, "\r\033[K")
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
