package model_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"synq/model"
)

func TestProfileForRelease(t *testing.T) {
	for _, tc := range []struct{ release, want, err string }{
		{"6.18.44-fc-v445", "linux-6.18", ""},
		{"6.13.0", "linux-6.13", ""},
		{"6.15-rc1", "linux-6.15", ""},
		{"1.2.3", "", "has no profile"},
		{"garbage", "", "not of the form"},
	} {
		got, err := model.ProfileForRelease(tc.release)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.release)
			continue
		}
		require.NoError(t, err, tc.release)
		assert.Equal(t, tc.want, got, tc.release)
	}
}

func TestDiff(t *testing.T) {
	cp := func(overflows uint64, log ...string) model.Checkpoint {
		return model.Checkpoint{At: model.Second, Listener: model.ListenerView{RecvQ: 2, SendQ: 1},
			Nstat: model.Nstat{{Name: "TcpExtListenOverflows", Value: overflows}}, Log: log}
	}
	m := &model.Report{Checkpoints: []model.Checkpoint{cp(3, "line")}}

	assert.Empty(t, model.Diff(m, &model.Report{Checkpoints: []model.Checkpoint{cp(3, "line")}}), "equal reports")

	got := model.Diff(m, &model.Report{Checkpoints: []model.Checkpoint{cp(4)}})
	assert.Equal(t, []model.Difference{
		{At: model.Second, Field: "nstat.TcpExtListenOverflows", Model: "3", Kernel: "4"},
		{At: model.Second, Field: "log[0]", Model: "line", Kernel: "absent"},
	}, got)

	got = model.Diff(m, &model.Report{})
	assert.Equal(t, []model.Difference{{At: model.Second, Field: "checkpoint", Model: "present", Kernel: "missing"}}, got)
}
