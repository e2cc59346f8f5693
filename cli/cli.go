package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
	"synq/packet"
)

const runUsage = "usage: synq run FILE [--json] [--pcap FILE [--pcap-limit SIZE]]\n"

// runCmd is `synq run FILE [--json] [--pcap FILE [--pcap-limit SIZE]]`.
func runCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq run", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	var pf pcapFlags
	pf.define(fs, "write every simulated packet")
	operands, code := parseFlags(fs, runUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	file, code := oneFile(operands, stderr, "synq run", runUsage)
	if code != carryOn {
		return code
	}
	limit, err := pf.check(fs, file)
	if err != nil {
		return usageError(stderr, "synq run", runUsage, "%v", err)
	}
	sc, err := scenario.Load(file)
	if err != nil {
		fmt.Fprintf(stderr, "synq run: %v\n", err)
		return 2
	}
	var out *pcapOut
	if pf.path != "" {
		if err := checkPcapSize(packet.PcapBound(sc), limit); err != nil {
			fmt.Fprintf(stderr, "synq run: %v\n", err)
			return 2
		}
		if out, err = createPcap(pf.path); err != nil {
			fmt.Fprintf(stderr, "synq run: %v\n", err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := runModel(ctx, sc, out)
	if err == nil && out != nil {
		err = out.commit()
	}
	if err != nil {
		msg := err.Error()
		if out != nil {
			out.discard()
			msg += "; " + out.notKept()
		}
		fmt.Fprintf(stderr, "synq run: %s\n", msg)
		if errors.Is(err, errInterrupted) {
			return 130 // as a shell reports a program that SIGINT ended
		}
		return 1
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteText(stdout, sc.Server.Port)
	}
	if err != nil {
		fmt.Fprintf(stderr, "synq run: %v\n", err)
		return 1
	}
	return 0
}

// errInterrupted is a run that the user stopped (Ctrl-C, SIGTERM).
var errInterrupted = errors.New("interrupted")

// runModel runs the scenario on the model, writing its packets to out when there is one. The
// run stops early, with errInterrupted, when ctx is cancelled, and at the first failure to
// write the capture, with that failure.
func runModel(ctx context.Context, sc *model.Scenario, out *pcapOut) (*model.Report, error) {
	opt := model.Options{Stop: func() bool { return ctx.Err() != nil }}
	var w *bufio.Writer
	var capture *packet.ModelCapture
	if out != nil {
		w = bufio.NewWriterSize(out.f, 1<<16)
		pw, err := packet.NewPcapWriter(w)
		if err != nil {
			return nil, err
		}
		capture = packet.NewModelCapture(pw, sc.Server.Port)
		opt.Sent = capture.Sent
		opt.Stop = func() bool { return ctx.Err() != nil || capture.Err() != nil }
	}
	rep, err := model.RunWith(sc, opt)
	if capture != nil {
		if cerr := capture.Err(); cerr != nil {
			return nil, fmt.Errorf("writing the capture to %s: %w", out.path, bare(cerr))
		}
		if ferr := w.Flush(); ferr != nil && err == nil {
			return nil, fmt.Errorf("writing the capture to %s: %w", out.path, bare(ferr))
		}
	}
	if errors.Is(err, model.ErrStopped) && ctx.Err() != nil {
		return nil, errInterrupted
	}
	return rep, err
}

const scenariosUsage = "usage: synq scenarios\n"

// scenariosCmd is `synq scenarios`: the built-in scenarios.
func scenariosCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq scenarios", flag.ContinueOnError)
	operands, code := parseFlags(fs, scenariosUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	if len(operands) > 0 {
		return usageError(stderr, "synq scenarios", scenariosUsage, "takes no arguments, got %q", strings.Join(operands, " "))
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, n := range assets.ScenarioNames() {
		sc, err := loadScenario("", n)
		if err != nil {
			fmt.Fprintf(tw, "%s\t(broken: %v)\n", n, err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s (%s)\t%s\t%s\n", n, sc.Profile.Name, sc.Profile.Proof(), sc.Duration, firstSentence(sc.Description))
	}
	tw.Flush()
	return 0
}

// firstSentence is the text up to and including its first full stop that is followed by a
// space and not inside double quotes.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	quoted := false
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == '.' && s[i+1] == ' ' && !quoted:
			return s[:i+1]
		}
	}
	return s
}

// loadScenario reads a scenario file, or a built-in one by name.
func loadScenario(file, builtin string) (*model.Scenario, error) {
	if file != "" {
		return scenario.Load(file)
	}
	data, ok := assets.Scenario(builtin)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q; built-in: %v", builtin, assets.ScenarioNames())
	}
	return scenario.Parse(builtin+".yaml", data)
}
