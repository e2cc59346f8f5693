//go:build linux

package kernel

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// tunName is the device each namespace's half of the wire uses; namespaces are private, so
// every run can use the same name.
const tunName = "synq0"

// openTun creates the TUN device in the calling thread's namespace, gives it addr with a /15
// prefix (198.18.0.0/15 holds the server, the genuine clients and the flood sources in
// 198.19/16, so the connected route sends all of them through the device), and brings it up.
// side names the namespace in messages.
// It must run on a namespace's thread.
func openTun(addr [4]byte, side string) (*os.File, error) {
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("opening /dev/net/tun: %w", err)
	}
	ifr, err := unix.NewIfreq(tunName)
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
	if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("creating TUN device %s: %w", tunName, err)
	}
	if err := configure(addr); err != nil {
		unix.Close(fd)
		return nil, err
	}
	// Non-blocking, so that the file goes through Go's poller and Close ends a pending Read.
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "the "+side+"'s "+tunName), nil
}

// configure sets the device's address and netmask and brings it (and lo) up.
func configure(addr [4]byte) error {
	s, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(s)
	set := func(req uint, what string, f func(*unix.Ifreq) error) error {
		ifr, err := unix.NewIfreq(tunName)
		if err != nil {
			return err
		}
		if err := f(ifr); err != nil {
			return err
		}
		if err := unix.IoctlIfreq(s, req, ifr); err != nil {
			return fmt.Errorf("setting the %s of %s: %w", what, tunName, err)
		}
		return nil
	}
	if err := set(unix.SIOCSIFADDR, "address", func(r *unix.Ifreq) error { return r.SetInet4Addr(addr[:]) }); err != nil {
		return err
	}
	if err := set(unix.SIOCSIFNETMASK, "netmask", func(r *unix.Ifreq) error { return r.SetInet4Addr([]byte{255, 254, 0, 0}) }); err != nil {
		return err
	}
	for _, name := range []string{tunName, "lo"} {
		ifr, err := unix.NewIfreq(name)
		if err != nil {
			return err
		}
		ifr.SetUint16(unix.IFF_UP | unix.IFF_RUNNING)
		if err := unix.IoctlIfreq(s, unix.SIOCSIFFLAGS, ifr); err != nil {
			return fmt.Errorf("bringing %s up: %w", name, err)
		}
	}
	return nil
}
