package params_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"synq/web/params"
)

// TestBadLinkTable opens every link of the "Page links" table in docs/bad-input.md and checks
// that the page opens something and shows each line the table promises. The command-line
// table of the same page is run by the root package's tests.
func TestBadLinkTable(t *testing.T) {
	data, err := os.ReadFile("../../docs/bad-input.md")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile("`([^`]*)`")
	fragment := regexp.MustCompile("\"([^\"]*)\"|`([^`]*)`")
	in, rows := false, 0
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "## ") {
			in = line == "## Page links"
			continue
		}
		if !in || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "|---") || strings.HasPrefix(line, "| what") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) != 3 {
			t.Fatalf("bad-input.md:%d: want 3 cells, got %d", i+1, len(cells))
		}
		m := code.FindStringSubmatch(cells[1])
		if m == nil || !strings.HasPrefix(m[1], "?") {
			t.Fatalf("bad-input.md:%d: the link must be `?…`, got %q", i+1, cells[1])
		}
		rows++
		o, err := params.Open(m[1][1:], nil)
		if err != nil {
			t.Fatalf("bad-input.md:%d: %s: %v", i+1, m[1], err)
		}
		if o.Scenario == nil {
			t.Errorf("bad-input.md:%d: %s opens no scenario", i+1, m[1])
		}
		shown := strings.Join(o.Problems, "\n")
		wants := fragment.FindAllStringSubmatch(cells[2], -1)
		if len(wants) == 0 {
			t.Fatalf("bad-input.md:%d: the last cell names nothing the page must say", i+1)
		}
		for _, w := range wants {
			if want := w[1] + w[2]; !strings.Contains(shown, want) {
				t.Errorf("bad-input.md:%d: %s: the page does not say %q; it says:\n%s", i+1, m[1], want, shown)
			}
		}
	}
	if rows == 0 {
		t.Fatal(`bad-input.md: no rows under "## Page links"`)
	}
}
