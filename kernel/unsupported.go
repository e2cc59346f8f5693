package kernel

import "errors"

// ErrUnsupported is returned where the engine cannot run: anywhere but Linux.
var ErrUnsupported = errors.New("the kernel engine runs only on Linux")
