package scene

import (
	"slices"
	"testing"
)

// ss's table, marked A and B side by side, is lined up in columns that fit the evidence's
// column: the peer column goes first, then the local column's head is shortened (issue 16:
// the header took two lines and run B's line was cut).
func TestFitEvidenceLinesUpSS(t *testing.T) {
	in := []string{"$ ss -ltn", "State   Recv-Q  Send-Q  Local Address:Port  Peer Address:Port",
		"A LISTEN  6       5       198.18.0.1:80       0.0.0.0:*", "B LISTEN  8       5       198.18.0.1:80       0.0.0.0:*", "512"}
	for _, c := range []struct {
		chars int
		want  []string
	}{
		{80, []string{"$ ss -ltn",
			"  State  Recv-Q Send-Q Local Address:Port Peer Address:Port",
			"A LISTEN 6      5      198.18.0.1:80      0.0.0.0:*",
			"B LISTEN 8      5      198.18.0.1:80      0.0.0.0:*", "512"}},
		{45, []string{"$ ss -ltn",
			"  State  Recv-Q Send-Q Local Address:Port",
			"A LISTEN 6      5      198.18.0.1:80",
			"B LISTEN 8      5      198.18.0.1:80", "512"}},
		{32, []string{"$ ss -ltn",
			"  State  Recv-Q Send-Q Local",
			"A LISTEN 6      5      198.18.0.1:80",
			"B LISTEN 8      5      198.18.0.1:80", "512"}},
	} {
		got := fitEvidence(in, c.chars)
		if !slices.Equal(got, c.want) {
			t.Errorf("fitEvidence(%d chars):\n%q\nwant\n%q", c.chars, got, c.want)
		}
		for _, l := range got[:4] {
			if c.chars >= 40 && len([]rune(l)) > c.chars {
				t.Errorf("fitEvidence(%d chars): %q is longer", c.chars, l)
			}
		}
	}
}
