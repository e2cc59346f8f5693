package model_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"synq/model"
)

// TestProofTable: docs/kernels.md has a row for every profile proven on a real kernel, with
// the same mark as Profile.Proof, and claims no proof the model does not.
func TestProofTable(t *testing.T) {
	data, err := os.ReadFile("../docs/kernels.md")
	if err != nil {
		t.Fatal(err)
	}
	// Rows such as "| `linux-6.1` | 6.1.170 | … | proven on 6.1.0-50-cloud-amd64, Debian 12 |".
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9.-]+)` \\|.*\\| ((?:proven on|from the specification)[^|]*?) *\\|$")
	inDoc := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		inDoc[m[1]] = m[2]
	}
	for _, name := range model.KnownProfiles() {
		p, err := model.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		mark, listed := inDoc[name]
		switch {
		case strings.HasPrefix(p.Proof(), "proven on") && !listed:
			t.Errorf("%s is %s, but docs/kernels.md has no row for it", name, p.Proof())
		case listed && mark != p.Proof():
			t.Errorf("docs/kernels.md says %s is %q; the model says %q", name, mark, p.Proof())
		}
	}
	for name := range inDoc {
		if _, err := model.LookupProfile(name); err != nil {
			t.Errorf("docs/kernels.md lists %s, which is no profile", name)
		}
	}
}

// TestReportSaysProof: the model's text report says under its first line whether its profile
// was proven on a real kernel; the kernel engine's report, which names `uname -r`, does not.
func TestReportSaysProof(t *testing.T) {
	for _, tc := range []struct{ engine, kernel, want string }{
		{"model", "linux-6.18", "scenario s on the model (linux-6.18)\nprofile linux-6.18: proven on 6.18.44, the reference machine\n"},
		{"model", "debian-12", "scenario s on the model (debian-12)\nprofile debian-12: proven on 6.1.0-50-cloud-amd64, Debian 12\n"},
		{"model", "centos-7", "scenario s on the model (centos-7)\nprofile centos-7: from the specification only\n"},
		{"kernel", "6.18.44-fc-v1272", "scenario s on the kernel (6.18.44-fc-v1272)\n"},
	} {
		var b strings.Builder
		r := &model.Report{Scenario: "s", Engine: tc.engine, Kernel: tc.kernel}
		if err := r.WriteText(&b, 80); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s on %s: the report begins\n%q\nwant\n%q", tc.engine, tc.kernel, b.String(), tc.want)
		}
	}
}
