package render_test

import (
	"testing"

	"synq/lessons"
	"synq/render/scene"
)

// Every label a lesson step may conceal is one the scene knows how to hide.
func TestConcealNames(t *testing.T) {
	for _, l := range lessons.Labels {
		c, err := scene.ParseConceal([]string{string(l)})
		if err != nil || c == 0 {
			t.Errorf("lesson label %q: the scene gives %v, %v", l, c, err)
		}
	}
}
