//go:build linux

package kernel

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
)

// kmsg reads the kernel log from /dev/kmsg, from the moment it was opened on.
type kmsg struct{ fd int }

func openKmsg() (*kmsg, error) {
	fd, err := syscall.Open("/dev/kmsg", syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("opening the kernel log /dev/kmsg: %w", err)
	}
	if _, err := syscall.Seek(fd, 0, io.SeekEnd); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("opening the kernel log /dev/kmsg: %w", err)
	}
	return &kmsg{fd: fd}, nil
}

func (k *kmsg) Close() { syscall.Close(k.fd) }

// lines returns the messages logged since the last call. Each /dev/kmsg read returns one
// record: "priority,sequence,microseconds,flags;message", then continuation lines.
func (k *kmsg) lines() ([]string, error) {
	var out []string
	buf := make([]byte, 8192)
	for {
		n, err := syscall.Read(k.fd, buf)
		switch {
		case errors.Is(err, syscall.EAGAIN):
			return out, nil
		case errors.Is(err, syscall.EPIPE):
			continue // records were overwritten before they were read; go on with the next
		case err != nil:
			return out, fmt.Errorf("reading the kernel log: %w", err)
		}
		rec := string(buf[:n])
		if i := strings.IndexByte(rec, '\n'); i >= 0 {
			rec = rec[:i]
		}
		if i := strings.IndexByte(rec, ';'); i >= 0 {
			out = append(out, rec[i+1:])
		}
	}
}
