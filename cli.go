package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"synq/assets"
	"synq/model"
	"synq/model/scenario"
	"synq/packet"
)

// runCmd is `synq run FILE [--json]`.
func runCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	pcap := fs.String("pcap", "", "write every simulated packet to `FILE` (pcap, raw IPv4)")
	fs.Usage = func() { fmt.Fprintln(stderr, "usage: synq run FILE [--json] [--pcap OUT.pcap]") }
	file, err := parseWithFile(fs, args)
	if err != nil {
		return 2
	}
	sc, err := scenario.Load(file)
	if err != nil {
		fmt.Fprintf(stderr, "synq run: %v\n", err)
		return 2
	}
	rep, err := runModel(sc, *pcap)
	if err != nil {
		fmt.Fprintf(stderr, "synq run: %v\n", err)
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

// runModel runs the scenario on the model, writing its packets to a pcap file when one is named.
func runModel(sc *model.Scenario, pcap string) (*model.Report, error) {
	if pcap == "" {
		return model.Run(sc)
	}
	f, err := os.Create(pcap)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	pw, err := packet.NewPcapWriter(w)
	if err != nil {
		f.Close()
		return nil, err
	}
	capture := packet.NewModelCapture(pw, sc.Server.Port)
	rep, err := model.RunWith(sc, model.Options{Sent: capture.Sent})
	err = errors.Join(err, capture.Err(), w.Flush(), f.Close())
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", pcap, err)
	}
	return rep, nil
}

// parseWithFile parses flags that may stand before or after the one FILE argument.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(fs.Output(), "%s: want exactly one scenario file, got %d\n", fs.Name(), len(files))
		fs.Usage()
		return "", fmt.Errorf("want one file")
	}
	return files[0], nil
}

// scenariosCmd lists the built-in scenarios.
func scenariosCmd(stdout io.Writer) int {
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
