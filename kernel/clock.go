//go:build linux

package kernel

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// tickStart waits for the kernel's next jiffy to begin and returns the moment it began, with
// the value jiffies took then. A run starts there, so that the model, told the same jiffies,
// puts every timer into the same timer-wheel bucket as the kernel does.
//
// The coarse monotonic clock moves only when the tick that advances jiffies runs, so a change
// of it marks a jiffy's start. The value itself comes from /proc/timer_list, read within the
// same jiffy (checked, and retried otherwise).
func tickStart() (time.Time, uint64, error) {
	var err error
	for try := 0; try < 20; try++ {
		coarse := coarseNow()
		var start time.Time
		for {
			start = time.Now()
			if c := coarseNow(); c != coarse {
				coarse = c
				break
			}
		}
		var j uint64
		j, err = readJiffies()
		if err != nil {
			return time.Time{}, 0, err
		}
		if coarseNow() == coarse {
			return start, j, nil
		}
	}
	return time.Time{}, 0, fmt.Errorf("could not read jiffies within one tick: %v", err)
}

func coarseNow() int64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC_COARSE, &ts)
	return ts.Nano()
}

// readJiffies reads the kernel's 64-bit jiffies from /proc/timer_list (root only).
func readJiffies() (uint64, error) {
	f, err := os.Open("/proc/timer_list")
	if err != nil {
		return 0, fmt.Errorf("reading jiffies: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "jiffies: "); ok {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, fmt.Errorf("reading jiffies: no \"jiffies:\" line in /proc/timer_list")
}
