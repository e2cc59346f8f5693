// Command synq shows how an operating system accepts TCP connections: a kernel-accurate model
// of a Linux listening socket, as a desktop app or from the command line. The commands live in
// synq/cli; the desktop app is cmd/synq-app, which `synq` with no command starts.
package main

import (
	"os"

	"synq/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
