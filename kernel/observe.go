package kernel

import "time"

// ObserveOptions tune how synq doctor looks at the machine.
type ObserveOptions struct {
	Interval time.Duration                   // how long to sample the counters and queues; 0: one reading
	Step     time.Duration                   // time between samples; default 1 s
	Progress func(done, total time.Duration) // called after each sample
}
