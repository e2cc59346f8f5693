// Package kernel runs a scenario on the running Linux kernel: two private network namespaces
// (server and genuine clients), the scenario's sysctls inside them, a real listener and
// accept() loop, real client sockets, and a wire between the namespaces run in user space that
// applies the delay, injects the flood SYNs and swallows what is sent to flood sources. It
// returns the same report as the model, so that the two can be compared field by field.
package kernel

import (
	"errors"
	"io"

	"synq/model"
)

// Errors that say the engine cannot run here at all.
var (
	ErrNotRoot     = errors.New("the kernel engine needs root (it creates network namespaces and TUN devices)")
	ErrUnsupported = errors.New("the kernel engine runs only on Linux")
)

// Options tune a kernel run.
type Options struct {
	Pcap     io.Writer                  // when set, every packet on the wire is recorded here
	Progress func(at, total model.Time) // called a few times a second with the run's time
}

// Result is a kernel run's report and the jiffies at its start, which the model needs to put
// its timers on the same timer-wheel grid.
type Result struct {
	Report       *model.Report
	StartJiffies uint64
	// Late is the most any packet, connect() or checkpoint fell behind its time: what a
	// scenario must leave as margin around its timing.
	Late   model.Time
	LateAt model.Time // the step or packet that was most late was due then
}
