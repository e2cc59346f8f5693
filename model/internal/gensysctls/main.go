// Command gensysctls writes docs/sysctls.md from the model's sysctl table: every sysctl a
// scenario may set, what the kernel does with it, and its default and allowed values on each
// profile. Run it from the module's root after changing the table:
//
//	go run ./model/internal/gensysctls
//
// (or `go generate ./model/`). A test fails while the committed file is out of step.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"

	"synq/model"
)

// Command is how to regenerate the file, as the test's message says it.
const Command = "go run ./model/internal/gensysctls"

func main() {
	out := flag.String("o", "docs/sysctls.md", "the file to write")
	flag.Parse()
	b, err := Render()
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gensysctls:", err)
		os.Exit(1)
	}
}

// span is a run of consecutive profiles on which a sysctl is the same.
type span struct {
	first, last string
	present     bool
	def         int
	allowed     string
}

// Render is the text of docs/sysctls.md.
func Render() ([]byte, error) {
	profiles := model.KnownProfiles()
	byName := map[string]*model.Profile{}
	for _, name := range profiles {
		p, err := model.LookupProfile(name)
		if err != nil {
			return nil, err
		}
		byName[name] = p
	}
	newest := byName[model.Newest]
	var b bytes.Buffer
	b.WriteString("# Sysctls\n\n")
	fmt.Fprintf(&b, "<!-- Generated from the model's sysctl table (model/sysctl.go) by `%s`; do not edit. -->\n\n", Command)
	b.WriteString("These are the sysctls a scenario may set, under `server.sysctl` and `client.sysctl`. Only\n" +
		"these keys are accepted; a key left out takes the profile's default, and a value the profile's\n" +
		"kernel would refuse is an error that says what that kernel allows. The lesson checks read each\n" +
		"server sysctl as `sysctl.<name>` (`sysctl.tcp_syncookies`), and the knob panel steps it as the\n" +
		"last column says. The first table is `" + model.Newest + "`, the default profile; the sections after it\n" +
		"give every profile's default and range.\n\n")
	b.WriteString("| side | key | default | allowed | knob steps | what the kernel does with it |\n")
	b.WriteString("|------|-----|---------|---------|------------|------------------------------|\n")
	all := model.AllSysctls()
	for _, s := range all {
		def, allowed := "—", "—"
		for _, n := range newest.Sysctls() {
			if n.Key == s.Key && n.Client == s.Client {
				def, allowed = fmt.Sprint(n.Default), n.Allowed
			}
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", side(s.Client), s.Key, def, allowed, s.Step, s.Doc)
	}
	for _, s := range all {
		fmt.Fprintf(&b, "\n## %s `%s`\n\n%s.", side(s.Client), s.Key, capital(s.Doc))
		if s.Since != "" {
			fmt.Fprintf(&b, " Linux has it from %s.", s.Since)
		}
		b.WriteString("\n\n| profiles | default | allowed |\n|----------|---------|---------|\n")
		var spans []span
		for _, name := range profiles {
			sp := span{first: name, last: name}
			for _, n := range byName[name].Sysctls() {
				if n.Key == s.Key && n.Client == s.Client {
					sp.present, sp.def, sp.allowed = true, n.Default, n.Allowed
				}
			}
			// A span stays within the mainline releases or within the others.
			if k := len(spans) - 1; k >= 0 && mainline(spans[k].last) == mainline(name) && spans[k].present == sp.present && spans[k].def == sp.def && spans[k].allowed == sp.allowed {
				spans[k].last = name
				continue
			}
			spans = append(spans, sp)
		}
		for _, sp := range spans {
			names := "`" + sp.first + "`"
			if sp.last != sp.first {
				names += " … `" + sp.last + "`"
			}
			if !sp.present {
				fmt.Fprintf(&b, "| %s | — | not there |\n", names)
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %s |\n", names, sp.def, sp.allowed)
		}
	}
	return b.Bytes(), nil
}

func mainline(name string) bool { return strings.HasPrefix(name, "linux-") }

func side(client bool) string {
	if client {
		return "client"
	}
	return "server"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
