package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"synq/kernel"
	"synq/model"
	"synq/model/scenario"
)

// kernelCmd is `synq kernel FILE [--json] [--pcap FILE]`: the scenario on the running kernel;
// with --boot, on other kernels (kernel_boot.go).
func kernelCmd(args []string, stdout, stderr io.Writer) int {
	if bootRequested(args) {
		return bootCmd(args, stdout, stderr)
	}
	fs := flag.NewFlagSet("synq kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	pcapFile := fs.String("pcap", "", "record every packet on the wire to `FILE` (pcap, raw IPv4)")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: synq kernel FILE [--json] [--pcap FILE]") }
	file, err := parseWithFile(fs, args)
	if err != nil {
		return 2
	}
	sc, err := scenario.Load(file)
	if err != nil {
		fmt.Fprintf(stderr, "synq kernel: %v\n", err)
		return 2
	}
	opt := kernel.Options{Progress: progressLine(stderr, "kernel")}
	if *pcapFile != "" {
		f, err := os.Create(*pcapFile)
		if err != nil {
			fmt.Fprintf(stderr, "synq kernel: %v\n", err)
			return 2
		}
		defer f.Close()
		opt.Pcap = f
	}
	res, code := runKernel(sc, opt, stderr, "synq kernel")
	if res == nil {
		return code
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

// runKernel runs the kernel engine until it ends or the user interrupts it; the engine removes
// everything it made in both cases. A nil result comes with the exit code to use.
func runKernel(sc *model.Scenario, opt kernel.Options, stderr io.Writer, who string) (*kernel.Result, int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	res, err := kernel.Run(ctx, sc, opt)
	clearProgress(stderr)
	switch {
	case errors.Is(err, kernel.ErrNotRoot), errors.Is(err, kernel.ErrUnsupported):
		fmt.Fprintf(stderr, "%s: %v\n", who, err)
		return nil, 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "%s: interrupted; the namespaces and devices of the run are gone\n", who)
		return nil, 130
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", who, err)
		return nil, 1
	}
	return res, 0
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
