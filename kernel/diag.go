//go:build linux

package kernel

import (
	"encoding/binary"
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// TCP states as the kernel numbers them (include/net/tcp_states.h).
const (
	tcpEstablished = 1
	tcpSynSent     = 2
	tcpSynRecv     = 3
	tcpClose       = 7
	tcpListen      = 10
	tcpNewSynRecv  = 12
)

// diag counts sockets through the sock_diag netlink interface, as ss does. The netlink socket
// belongs to the namespace it was opened in.
type diag struct{ fd int }

func openDiag() (*diag, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, unix.NETLINK_SOCK_DIAG)
	if err != nil {
		return nil, fmt.Errorf("opening sock_diag: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("binding sock_diag: %w", err)
	}
	return &diag{fd: fd}, nil
}

func (d *diag) Close() { unix.Close(d.fd) }

// synRecv counts the half-open requests on local port port, as `ss -tn state syn-recv` does.
func (d *diag) synRecv(port uint16) (int, error) {
	// struct nlmsghdr, then struct inet_diag_req_v2: family, protocol, ext, pad, states, and
	// an inet_diag_sockid of 48 bytes left zero (no filter on addresses).
	const reqLen = 16 + 8 + 48
	req := make([]byte, reqLen)
	ne := binary.NativeEndian
	ne.PutUint32(req[0:], reqLen)
	ne.PutUint16(req[4:], unix.SOCK_DIAG_BY_FAMILY)
	ne.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	ne.PutUint32(req[8:], 1)
	req[16] = unix.AF_INET
	req[17] = unix.IPPROTO_TCP
	ne.PutUint32(req[20:], 1<<tcpSynRecv|1<<tcpNewSynRecv)
	if err := unix.Sendto(d.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return 0, fmt.Errorf("asking sock_diag: %w", err)
	}
	n := 0
	buf := make([]byte, 1<<16)
	for {
		m, _, err := unix.Recvfrom(d.fd, buf, 0)
		if err != nil {
			return 0, fmt.Errorf("reading sock_diag: %w", err)
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:m])
		if err != nil {
			return 0, fmt.Errorf("reading sock_diag: %w", err)
		}
		for _, msg := range msgs {
			switch msg.Header.Type {
			case unix.NLMSG_DONE:
				return n, nil
			case unix.NLMSG_ERROR:
				return 0, fmt.Errorf("sock_diag refused the query")
			case unix.SOCK_DIAG_BY_FAMILY:
				// struct inet_diag_msg: family, state, timer, retrans, then the sockid,
				// whose first field is the local port in network order.
				if len(msg.Data) >= 6 && msg.Data[1] == tcpSynRecv && binary.BigEndian.Uint16(msg.Data[4:]) == port {
					n++
				}
			}
		}
	}
}
