// Package cli is synq's command line: `synq run`, `synq kernel`, `synq compare`, `synq doctor`,
// `synq shot`, `synq scenarios`, `synq lessons` and `synq help`, and the checks of the desktop
// app's flags before the app (bin/synq-app) opens. It imports no Ebiten: every command but the
// app and `shot` works on a machine without a display.
package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

const usage = `synq: how an operating system accepts TCP connections

Usage:
  synq                                      open the desktop app with the lesson menu
  synq [--scenario FILE | --builtin NAME] [--compare FILE2]   open the desktop app on a scenario
  synq --lesson ID [--step N]               open the desktop app at a lesson's step (from 1)
  synq run FILE [--json] [--pcap FILE [--pcap-limit SIZE]]
                                            run a scenario on the model and print its report
  synq kernel FILE [--json] [--pcap FILE [--pcap-limit SIZE]]
                                            run it on this machine's Linux kernel (root)
  synq compare FILE [--force]               run it on both and show every difference
  synq doctor [--from DIR|FILE|-] [--json] [--scenario OUT.yaml]   explain this machine's (or a paste's) listeners and counters
  synq kernel --boot debian-12 FILE…        boot a Debian release's kernel under qemu and compare there
  synq shot --scenario FILE --at T --out PNG [--size WxH] [--compare FILE2] [--presenter] [--knobs]
                                            render the app at simulated time T to a PNG file
  synq scenarios                            list the built-in scenarios
  synq lessons [--check]                    list the lessons; --check plays them and checks every claim
  synq help [COMMAND]                       this text, or a command's flags (also: synq COMMAND -h)

Exit status: 0 success, 1 a run failed (or compare found differences), 2 bad input or usage,
130 interrupted (Ctrl-C).

Scenario files are described in docs/scenario-format.md.
`

// Main runs synq's command line on args (without the program's name) and returns the
// process's exit code; main.go calls it.
func Main(args []string, stdout, stderr io.Writer) int { return dispatch(args, stdout, stderr) }

// dispatch runs one subcommand and returns the process's exit code: 0 success, 1 a failed
// run, 2 bad input or usage, 130 interrupted (Ctrl-C, SIGTERM).
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runCmd(args[1:], stdout, stderr)
		case "kernel":
			return kernelCmd(args[1:], stdout, stderr)
		case "compare":
			return compareCmd(args[1:], stdout, stderr)
		case "doctor":
			return doctorCmd(args[1:], os.Stdin, stdout, stderr)
		case "lab-guest": // what the kernel lab's guest runs; not for users
			return labGuestCmd(args[1:], stdout, stderr)
		case "shot":
			return shotCmd(args[1:], stdout, stderr)
		case "scenarios":
			return scenariosCmd(args[1:], stdout, stderr)
		case "lessons":
			return lessonsCmd(args[1:], stdout, stderr)
		case "help", "-h", "--help", "-help":
			return helpCmd(args[1:], stdout, stderr)
		}
		if args[0] != "" && args[0][0] != '-' {
			fmt.Fprintf(stderr, "synq: unknown command %q\n\n%s", args[0], usage)
			return 2
		}
	}
	return appCmd(args, stdout, stderr)
}

// subcommands are the commands `synq help COMMAND` explains.
var subcommands = []string{"run", "kernel", "compare", "doctor", "shot", "scenarios", "lessons"}

// helpCmd is `synq help [COMMAND]` (and `synq --help`): the usage of synq, or of one command.
func helpCmd(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) == 1 && slices.Contains(subcommands, args[0]):
		return dispatch([]string{args[0], "--help"}, stdout, stderr)
	}
	fmt.Fprintf(stderr, "synq help: want nothing or one command (%s), got %q\n\n%s",
		strings.Join(subcommands, ", "), strings.Join(args, " "), usage)
	return 2
}
