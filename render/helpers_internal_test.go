package render

import (
	"os"
	"testing"

	"synq/model"
	"synq/model/scenario"
)

func loadFloodShot(t *testing.T) *model.Scenario {
	t.Helper()
	data, err := os.ReadFile("testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("flood-shot.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
