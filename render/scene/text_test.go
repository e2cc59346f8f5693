package scene_test

import (
	"reflect"
	"testing"

	"synq/model"
	"synq/render/scene"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  []string
	}{
		{"accept queue full: SYN dropped", 40, []string{"accept queue full: SYN dropped"}},
		{"accept queue full: SYN dropped", 18, []string{"accept queue full:", "SYN dropped"}},
		{"TcpExtTCPReqQFullDoCookies+1", 10, []string{"TcpExtTCPR", "eqQFullDoC", "ookies+1"}},
		{"", 10, nil},
		{"a b", 0, nil},
	}
	for _, tt := range tests {
		if got := scene.Wrap(tt.s, tt.width); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{scene.Thousands(0), "0"},
		{scene.Thousands(999), "999"},
		{scene.Thousands(40000), "40,000"},
		{scene.Thousands(1234567), "1,234,567"},
		{scene.Thousands(-1500), "-1,500"},
		{scene.RateText(2000), "2,000/s"},
		{scene.RateText(0.5), "0.5/s"},
		{scene.Seconds(2257 * model.Millisecond), "2.257 s"},
		{scene.Span(model.Millisecond), "1 ms"},
		{scene.Span(2 * model.Second), "2 s"},
		{scene.Span(250 * model.Microsecond), "250 µs"},
		{scene.SpeedText(1.0 / 1000), "1/1000x"},
		{scene.SpeedText(30), "30x"},
		{scene.Clip("héllo wörld", 6), "héllo…"},
		{scene.Compact(99999), "99,999"},
		{scene.Compact(195795), "196k"},
		{scene.Compact(12_345_678), "12.3M"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
