package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// carryOn is the code an argument check returns when the command is to go on; any other code
// is the exit status to end with.
const carryOn = -1

// parseFlags parses a subcommand's flags, which may stand before, between or after its
// operands, and returns the operands. -h or --help prints the usage and the flags on stdout and
// ends with 0; a bad flag is reported on stderr, with the usage, and ends with 2 (usage
// errors). Otherwise the code is carryOn.
func parseFlags(fs *flag.FlagSet, usage string, args []string, stdout, stderr io.Writer) ([]string, int) {
	fs.SetOutput(stderr)
	fs.Usage = func() {} // printed below, on the stream that fits
	var operands []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			printHelp(fs, usage, stdout)
			return nil, 0
		case err != nil: // the flag package has said what was wrong
			fmt.Fprint(stderr, usage)
			return nil, 2
		}
		args = fs.Args()
		if len(args) == 0 {
			return operands, carryOn
		}
		operands, args = append(operands, args[0]), args[1:]
	}
}

// printHelp writes the usage and the flags' descriptions.
func printHelp(fs *flag.FlagSet, usage string, w io.Writer) {
	fmt.Fprint(w, usage)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflags:")
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}

// usageError reports a usage error of a subcommand, with its usage, and returns exit status 2.
func usageError(stderr io.Writer, who, usage, format string, v ...any) int {
	fmt.Fprintf(stderr, "%s: %s\n%s", who, fmt.Sprintf(format, v...), usage)
	return 2
}

// oneFile is a command's one scenario FILE among its operands.
func oneFile(operands []string, stderr io.Writer, who, usage string) (string, int) {
	if len(operands) != 1 {
		return "", usageError(stderr, who, usage, "want exactly one scenario file, got %d", len(operands))
	}
	return operands[0], carryOn
}

// byteUnits are the units a size may be written in: SI multiples of 1000 and binary ones of
// 1024, as `ls`, `df` and disk makers write them.
var byteUnits = []struct {
	name string
	size int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// parseBytes reads a size like 500MB, 2GiB or 1000000 (bytes); it must be at least one byte.
func parseBytes(s string) (int64, error) {
	num, unit := strings.TrimSpace(s), int64(1)
	for _, u := range byteUnits {
		if len(num) > len(u.name) && strings.EqualFold(num[len(num)-len(u.name):], u.name) {
			num, unit = strings.TrimSpace(num[:len(num)-len(u.name)]), u.size
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 || n > (1<<62)/unit {
		return 0, fmt.Errorf("%q is not a size; write a whole number of bytes, or one with a unit: B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of 1024), like 500MB or 2GiB", s)
	}
	return n * unit, nil
}

// formatBytes writes a size in the largest binary unit that keeps it at least 1, with one
// decimal, and the exact bytes below 1 KiB.
func formatBytes(n int64) string {
	for i := 3; i >= 0; i-- {
		u := byteUnits[i]
		if n >= u.size {
			return strconv.FormatFloat(float64(n)/float64(u.size), 'f', 1, 64) + " " + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
