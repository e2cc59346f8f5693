// Command synq shows how an operating system accepts TCP connections: a kernel-accurate model
// of a Linux listening socket, as a desktop app or from the command line.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `synq: how an operating system accepts TCP connections

Usage:
  synq                                      open the desktop app with the lesson menu
  synq [--scenario FILE | --builtin NAME] [--compare FILE2]   open the desktop app on a scenario
  synq --lesson ID [--step N]               open the desktop app at a lesson's step (from 1)
  synq run FILE [--json] [--pcap FILE]      run a scenario on the model and print its report
  synq kernel FILE [--json] [--pcap FILE]   run it on this machine's Linux kernel (root)
  synq compare FILE                         run it on both and show every difference
  synq kernel --boot debian-12 FILE…        boot a Debian release's kernel under qemu and compare there
  synq shot --scenario FILE --at T --out PNG [--size WxH] [--compare FILE2] [--presenter] [--knobs]
                                            render the app at simulated time T to a PNG file
  synq scenarios                            list the built-in scenarios
  synq lessons [--check]                    list the lessons; --check plays them and checks every claim
  synq help                                 this text

Scenario files are described in the README (section "Scenario files").
`

func main() { os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr)) }

// dispatch runs one subcommand and returns the process's exit code: 0 success, 1 a failed
// run, 2 bad input or usage.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runCmd(args[1:], stdout, stderr)
		case "kernel":
			return kernelCmd(args[1:], stdout, stderr)
		case "compare":
			return compareCmd(args[1:], stdout, stderr)
		case "lab-guest": // what the kernel lab's guest runs; not for users
			return labGuestCmd(args[1:], stdout, stderr)
		case "shot":
			return shotCmd(args[1:], stderr)
		case "scenarios":
			return scenariosCmd(stdout)
		case "lessons":
			return lessonsCmd(args[1:], stdout, stderr)
		case "help", "-h", "--help", "-help":
			fmt.Fprint(stdout, usage)
			return 0
		}
		if args[0] != "" && args[0][0] != '-' {
			fmt.Fprintf(stderr, "synq: unknown command %q\n\n%s", args[0], usage)
			return 2
		}
	}
	return appCmd(args, stderr)
}
