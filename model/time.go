package model

import (
	"fmt"
	"time"
)

// Time is simulated time in nanoseconds since the start of a run. It is never wall-clock time.
type Time int64

// Units of simulated time.
const (
	Nanosecond  Time = 1
	Microsecond Time = 1000 * Nanosecond
	Millisecond Time = 1000 * Microsecond
	Second      Time = 1000 * Millisecond
	Minute      Time = 60 * Second
	Hour        Time = 60 * Minute
)

// String formats t in Go duration syntax ("1.5s", "250ms"), the syntax scenario files use.
func (t Time) String() string { return time.Duration(t).String() }

// Seconds returns t as floating-point seconds, for display.
func (t Time) Seconds() float64 { return float64(t) / float64(Second) }

// ParseTime reads a Go duration ("10s", "1.5s", "250ms") as simulated time.
func ParseTime(s string) (Time, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (write it like 10s, 1.5s or 250ms)", s)
	}
	return Time(d), nil
}

// Rate is a number of events per second. The i-th event of a stream starting at t0 happens at
// t0 + i*1s/Rate, computed exactly so that long streams do not drift.
type Rate int64

// Offset returns the time of the i-th event (from 0) after the start of a stream at this rate.
func (r Rate) Offset(i int64) Time {
	if r <= 0 {
		return 0
	}
	// i*1e9 overflows int64 only past 9.2e9 events, far beyond the model's limits.
	return Time(i * int64(Second) / int64(r))
}

// String formats the rate as scenario files write it ("1000/s").
func (r Rate) String() string { return fmt.Sprintf("%d/s", int64(r)) }
