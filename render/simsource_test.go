package render_test

import (
	"strings"
	"testing"

	"synq/model"
	"synq/model/scenario"
	"synq/render"
)

const demo = `
name: demo
duration: 3s
server:
  listen: {backlog: 4}
  app: [{at: 0s, accept: none}]
traffic:
  - {kind: connect, at: 0s, count: 8, rate: 100/s}
`

// The status window's source shows the model's numbers and stops at the scenario's end.
func TestSimSourceShowsStateAndStopsAtEnd(t *testing.T) {
	sc, err := scenario.Parse("demo.yaml", []byte(demo))
	if err != nil {
		t.Fatal(err)
	}
	sim, err := model.New(sc, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := render.NewSimSource(sim)
	for range 10 {
		src.Advance(model.Second)
	}
	if sim.Now() != 3*model.Second {
		t.Fatalf("advanced to %v, want to stop at the scenario's end (3s)", sim.Now())
	}
	text := strings.Join(src.Lines(), "\n")
	for _, want := range []string{"LISTEN  5       4", "accept queue      5 / 5", "(end of the scenario)", "TcpExtListenOverflows"} {
		if !strings.Contains(text, want) {
			t.Errorf("lines lack %q:\n%s", want, text)
		}
	}
}
