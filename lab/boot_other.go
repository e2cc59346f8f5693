//go:build !linux

package lab

import (
	"context"
	"errors"
)

// Boot needs a Linux host: qemu, apt and the engine's guest are Linux's.
func Boot(context.Context, Release, []string, Options) (*Summary, error) {
	return nil, errors.New("the kernel lab runs only on a Linux host")
}
