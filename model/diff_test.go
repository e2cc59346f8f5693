package model_test

import (
	"slices"
	"strings"
	"testing"

	"synq/model"
)

func TestProfileForRelease(t *testing.T) {
	for _, tc := range []struct{ release, want, err string }{
		{"6.18.44-fc-v445", "linux-6.18", ""},
		{"6.13.0", "linux-6.13", ""},
		{"6.15-rc1", "linux-6.15", ""},
		{"3.10.0-1160.el7.x86_64", "centos-7", ""},
		{"2.6.32-642.6.2.el6.x86_64", "centos-6", ""},
		{"3.10.0-1160.x86_64", "linux-3.10", ""},
		{"1.2.3", "", "has no profile"},
		{"garbage", "", "not of the form"},
	} {
		got, err := model.ProfileForRelease(tc.release)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ProfileForRelease(%q): error %v, want one containing %q", tc.release, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ProfileForRelease(%q): %v", tc.release, err)
		}
		if got != tc.want {
			t.Errorf("ProfileForRelease(%q) = %q, want %q", tc.release, got, tc.want)
		}
	}
}

// A profile may be compared with the running kernel only if it models it: the release's own
// profile, or one whose every rule is the same.
func TestMatchRelease(t *testing.T) {
	for _, tc := range []struct{ profile, release, err string }{
		{"linux-6.18", "6.18.44-fc-v445", ""},
		{"linux-6.13", "6.18.44-fc-v445", ""}, // 6.13 to 6.18 share every rule the model has
		{"linux-6.12", "6.18.44-fc-v445", ""}, // the point release it models has 6.13's SYN-queue rule (docs/kernels.md)
		{"linux-6.6", "6.18.44-fc-v445", "linux-6.6 differs from linux-6.18, the profile of the running kernel 6.18.44-fc-v445, in SynQueue"},
		{"linux-5.10", "6.18.44-fc-v445", "in SynQueue, Log"},
		{"bsd-4.4", "6.18.44-fc-v445", "bsd-4.4 is not a Linux profile, and the running kernel is Linux 6.18.44-fc-v445 (profile linux-6.18)"},
		{"linux-6.18", "7.2.13+deb14-cloud-amd64", ""}, // 7.2 follows every rule of 6.18
		{"linux-6.18", "9.1.0", "the running kernel 9.1.0 has no profile"},
		{"centos-7", "3.10.0-1160.el7.x86_64", ""},
		{"linux-3.10", "3.10.0-1160.el7.x86_64", "linux-3.10 differs from centos-7"},
	} {
		p, err := model.LookupProfile(tc.profile)
		if err != nil {
			t.Fatal(err)
		}
		err = p.MatchRelease(tc.release)
		if tc.err == "" && err != nil {
			t.Errorf("%s on %s: %v", tc.profile, tc.release, err)
		} else if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s on %s: error %v, want one containing %q", tc.profile, tc.release, err, tc.err)
		}
	}
}

func TestDiff(t *testing.T) {
	cp := func(overflows uint64, log ...string) model.Checkpoint {
		return model.Checkpoint{At: model.Second, Listener: model.ListenerView{RecvQ: 2, SendQ: 1},
			Nstat: model.Nstat{{Name: "TcpExtListenOverflows", Value: overflows}}, Log: log}
	}
	m := &model.Report{Checkpoints: []model.Checkpoint{cp(3, "line")}}

	if got := model.Diff(m, &model.Report{Checkpoints: []model.Checkpoint{cp(3, "line")}}); len(got) != 0 {
		t.Errorf("equal reports: Diff = %+v, want none", got)
	}

	got := model.Diff(m, &model.Report{Checkpoints: []model.Checkpoint{cp(4)}})
	want := []model.Difference{
		{At: model.Second, Field: "nstat.TcpExtListenOverflows", Model: "3", Kernel: "4"},
		{At: model.Second, Field: "log[0]", Model: "line", Kernel: "absent"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Diff = %+v, want %+v", got, want)
	}

	got = model.Diff(m, &model.Report{})
	want = []model.Difference{{At: model.Second, Field: "checkpoint", Model: "present", Kernel: "missing"}}
	if !slices.Equal(got, want) {
		t.Errorf("Diff against an empty report = %+v, want %+v", got, want)
	}
}
