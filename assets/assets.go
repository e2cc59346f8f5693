// Package assets holds what synq embeds: the built-in scenarios (and, later, fonts and images).
package assets

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed scenarios/*.yaml
var scenarioFiles embed.FS

// Scenario returns the YAML of the built-in scenario with that name.
func Scenario(name string) ([]byte, bool) {
	b, err := scenarioFiles.ReadFile("scenarios/" + name + ".yaml")
	return b, err == nil
}

// ScenarioNames lists the built-in scenarios, sorted.
func ScenarioNames() []string {
	entries, _ := fs.ReadDir(scenarioFiles, "scenarios")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}
