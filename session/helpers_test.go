package session

import (
	"testing"

	"synq/model"
	"synq/model/scenario"
)

func loadFloodShot(t testing.TB) *model.Scenario {
	t.Helper()
	sc, err := scenario.Load("testdata/flood-shot.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
