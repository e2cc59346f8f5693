//go:build !linux

package kernel

import (
	"context"

	"synq/model"
)

// Release is the running kernel's release; off Linux there is none.
func Release() string { return "none" }

// Run fails off Linux.
func Run(context.Context, *model.Scenario, Options) (*Result, error) { return nil, ErrUnsupported }
