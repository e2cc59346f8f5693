package cli

import (
	"bytes"
	"strings"
	"testing"
)

// usageCase is a command line that must exit 2 with want in its error.
type usageCase struct {
	args []string
	want string
}

// checkUsageErrors runs each command line and requires exit status 2 and its message.
func checkUsageErrors(t *testing.T, tests []usageCase) {
	t.Helper()
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := dispatch(tt.args, &stdout, &stderr); code != 2 {
			t.Errorf("synq %s: exit %d, want 2", strings.Join(tt.args, " "), code)
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("synq %s: stderr %q, want it to say %q", strings.Join(tt.args, " "), stderr.String(), tt.want)
		}
	}
}

// --lesson and --step are checked before any window opens: a bad one exits 2 and says what
// is allowed, with or without a display.
func TestAppLessonArguments(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	tests := []usageCase{
		{[]string{"--lesson", "nope"}, `no lesson "nope"; the lessons are: handshake, bsd-vs-linux, somaxconn, accept-overflow`},
		{[]string{"--lesson", "accept-overflow", "--step", "99"}, "--step 99: lesson accept-overflow has steps 1 to "},
		{[]string{"--lesson", "accept-overflow", "--step", "0"}, "--step 0: lesson accept-overflow has steps 1 to "},
		{[]string{"--step", "2"}, "--step needs --lesson ID"},
		{[]string{"--lesson", "accept-overflow", "--step", "2"}, "no display"}, // valid: on to the display check
	}
	checkUsageErrors(t, tests)
}

func TestAppArgsOpenWhat(t *testing.T) {
	tests := []struct {
		args   []string
		menu   bool
		lesson string
		step   int
	}{
		{nil, true, "", -1},
		{[]string{"--builtin", "flood"}, false, "", -1},
		{[]string{"--scenario", "x.yaml"}, false, "", -1},
		{[]string{"--lesson", "syn-flood"}, false, "syn-flood", -1},
		{[]string{"--lesson", "syn-flood", "--step", "2"}, false, "syn-flood", 1},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		a, code := parseAppArgs(tt.args, &stderr, &stderr)
		if code != carryOn {
			t.Fatalf("synq %v: %s", tt.args, stderr.String())
		}
		id := ""
		if a.lesson != nil {
			id = a.lesson.ID
		}
		if a.menu != tt.menu || id != tt.lesson || a.step != tt.step {
			t.Errorf("synq %v: menu %t, lesson %q, step %d; want %t, %q, %d", tt.args, a.menu, id, a.step, tt.menu, tt.lesson, tt.step)
		}
	}
}
