//go:build !unix

package scenario

import "os"

// openFile opens path for reading; Stat has said it is a regular file.
func openFile(path string) (*os.File, error) { return os.Open(path) }
