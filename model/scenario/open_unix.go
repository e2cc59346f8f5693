//go:build unix

package scenario

import (
	"os"
	"syscall"
)

// openFile opens path for reading without waiting: a named pipe swapped in after Stat would
// otherwise block the open until a writer came.
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
