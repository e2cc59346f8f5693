package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"synq/doctor"
	"synq/kernel"
	"synq/model/scenario"
)

const doctorUsage = "usage: synq doctor [--from DIR|FILE|-] [--interval 10s] [--json] [--scenario OUT.yaml [--force] [--listener ADDR]]\n"

// doctorCmd is `synq doctor`: this machine's listeners, queues and counters (or those of a
// pasted set of outputs) explained in the kernel's terms. It only reads.
func doctorCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "read saved command output from `DIR`, FILE or - (standard input) instead of this machine")
	interval := fs.Duration("interval", 10*time.Second, "how long to sample the counters and queues (live only)")
	asJSON := fs.Bool("json", false, "print the diagnosis as one JSON object")
	out := fs.String("scenario", "", "also write a scenario reproducing what was observed to `OUT.yaml`")
	force := fs.Bool("force", false, "let --scenario replace an existing file")
	which := fs.String("listener", "", "the listener --scenario reproduces (address:port or port); default: the one in most trouble")
	operands, code := parseFlags(fs, doctorUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	if len(operands) > 0 {
		return usageError(stderr, "synq doctor", doctorUsage, "unexpected argument %q; give saved output with --from", operands[0])
	}
	if *interval < 0 || *interval > time.Hour {
		fmt.Fprintf(stderr, "synq doctor: --interval %s is out of range; allowed: 0s (one reading) to 1h\n", *interval)
		return 2
	}
	if *out != "" && !*force {
		if _, err := os.Lstat(*out); err == nil {
			fmt.Fprintf(stderr, "synq doctor: %s exists; give --force to replace it, or another name\n", *out)
			return 2
		}
	}
	var obs *doctor.Observation
	var err error
	if *from != "" {
		obs, err = readPasted(*from, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "synq doctor: %v\n", err)
			return 2
		}
	} else {
		obs, err = observeLive(*interval, stderr)
		switch {
		case errors.Is(err, kernel.ErrUnsupported):
			fmt.Fprintf(stderr, "synq doctor: this is not Linux: there is no Linux kernel to look at; give saved output with --from\n")
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stderr, "synq doctor: interrupted")
			return 130
		case err != nil:
			fmt.Fprintf(stderr, "synq doctor: %v\n", err)
			return 1
		}
	}
	d := doctor.Diagnose(obs)
	if *out != "" {
		if code := writeDoctorScenario(d, *out, *which, *force, stderr); code != 0 {
			return code
		}
	}
	if *asJSON {
		err = d.WriteJSON(stdout)
	} else {
		err = d.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "synq doctor: %v\n", err)
		return 1
	}
	return 0
}

// observeLive samples this machine, with a progress line on a terminal.
func observeLive(interval time.Duration, stderr io.Writer) (*doctor.Observation, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	opt := kernel.ObserveOptions{Interval: interval}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		opt.Progress = func(done, total time.Duration) {
			fmt.Fprintf(stderr, "\rsynq doctor: sampling counters and queues, %.0fs of %.0fs", done.Seconds(), total.Seconds())
		}
	}
	obs, err := kernel.Observe(ctx, opt)
	clearProgress(stderr)
	return obs, err
}

// pasteWhat is what --from expects, for messages.
const pasteWhat = "saved command output (a file, or a directory of them)"

// readPasted reads saved output: every regular file of a directory, one file, or standard
// input, each of at most doctor.MaxPasteBytes. Like a scenario file, a device or a named pipe is
// refused before anything is read from it.
func readPasted(from string, stdin io.Reader) (*doctor.Observation, error) {
	if from == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, doctor.MaxPasteBytes+1))
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		if len(b) > doctor.MaxPasteBytes {
			return nil, fmt.Errorf("standard input: is more than %d bytes; allowed: at most %d bytes (16 MiB)", doctor.MaxPasteBytes, doctor.MaxPasteBytes)
		}
		return doctor.Parse("standard input", string(b))
	}
	st, err := os.Stat(from)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	if !st.IsDir() {
		b, err := scenario.ReadInput(from, doctor.MaxPasteBytes, pasteWhat)
		if err != nil {
			return nil, fmt.Errorf("--from %s: %w", from, err)
		}
		return doctor.Parse(from, string(b))
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	var files []doctor.File
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(from, e.Name())
		b, err := scenario.ReadInput(path, doctor.MaxPasteBytes, pasteWhat)
		if err != nil {
			return nil, fmt.Errorf("--from %s: %w", path, err)
		}
		files = append(files, doctor.File{Name: e.Name(), Text: string(b)})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	if len(files) == 0 {
		return nil, fmt.Errorf("--from %s: the directory has no files", from)
	}
	return doctor.ParseFiles(from, files)
}

// writeDoctorScenario writes the scenario after checking that synq run would accept it, and
// says on stderr how it was estimated.
func writeDoctorScenario(d *doctor.Diagnosis, out, which string, force bool, stderr io.Writer) int {
	sf, err := d.Scenario(which)
	if err != nil {
		fmt.Fprintf(stderr, "synq doctor: --scenario: %v\n", err)
		return 1
	}
	if _, err := scenario.Parse(out, []byte(sf.YAML)); err != nil {
		fmt.Fprintf(stderr, "synq doctor: --scenario: the scenario written would not load (%v); nothing was written\n", err)
		return 1
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(out, flags, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "synq doctor: --scenario: %v\n", err)
		return 2
	}
	_, werr := io.WriteString(f, sf.YAML)
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		fmt.Fprintf(stderr, "synq doctor: --scenario: %v\n", werr)
		return 1
	}
	fmt.Fprintf(stderr, "synq doctor: wrote %s for %s (run it with `synq run %s`); how it was estimated:\n", out, sf.Listener, out)
	for _, h := range sf.How {
		fmt.Fprintf(stderr, "  - %s\n", h)
	}
	return 0
}
