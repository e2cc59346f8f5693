//go:build !linux

package kernel

import (
	"context"
	"io"

	"synq/model"
)

// ErrNotRoot is returned when the engine lacks the privileges to create namespaces.
var ErrNotRoot = ErrUnsupported

// Options tune a kernel run.
type Options struct {
	Pcap     io.Writer
	Progress func(at, total model.Time)
}

// Result is a kernel run's report and the jiffies at its start.
type Result struct {
	Report       *model.Report
	StartJiffies uint64
	Late         model.Time
	LateAt       model.Time
}

// Release is the running kernel's release; off Linux there is none.
func Release() string { return "none" }

// Run fails off Linux.
func Run(context.Context, *model.Scenario, Options) (*Result, error) { return nil, ErrUnsupported }
