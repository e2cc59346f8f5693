package session

import (
	"strings"
	"testing"
)

// Every intent has a name the page can send, and the name leads back to it.
func TestIntentNames(t *testing.T) {
	seen := map[string]bool{}
	for d := None; d < numDo; d++ {
		name := d.String()
		if name == "" || name == "?" || seen[name] {
			t.Errorf("intent %d is named %q (empty or twice)", d, name)
		}
		seen[name] = true
		if got, err := ParseDo(name); err != nil || got != d {
			t.Errorf("ParseDo(%q) = %d, %v; want %d", name, got, err, d)
		}
	}
	if _, err := ParseDo("dance"); err == nil || !strings.Contains(err.Error(), `no intent "dance"; there are toggle-pause, step`) {
		t.Errorf("ParseDo(dance) = %v", err)
	}
}
