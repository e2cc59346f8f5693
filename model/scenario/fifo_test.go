//go:build linux

package scenario_test

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadRefusesFIFO checks that a named pipe with no writer is refused at once: opening it
// for reading would block until a writer came.
func TestLoadRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.yaml")
	require.NoError(t, syscall.Mkfifo(path, 0o600))
	_, err := loadWithin(t, path)
	require.Error(t, err)
	assert.Equal(t, path+": is a named pipe (FIFO), not a regular file; allowed: a scenario file, or - for standard input", err.Error())
}
