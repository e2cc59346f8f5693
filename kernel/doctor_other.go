//go:build !linux

package kernel

import (
	"context"

	"synq/doctor"
)

// Observe fails off Linux: there is no Linux kernel to look at.
func Observe(context.Context, ObserveOptions) (*doctor.Observation, error) {
	return nil, ErrUnsupported
}
