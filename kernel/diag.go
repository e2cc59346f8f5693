//go:build linux

package kernel

import (
	"encoding/binary"
	"fmt"
	"net/netip"
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
// sock_diag reports a request socket (TCP_NEW_SYN_RECV inside the kernel) as SYN_RECV.
func (d *diag) synRecv(port uint16) (int, error) {
	socks, err := d.dump(unix.AF_INET, 1<<tcpSynRecv|1<<tcpNewSynRecv)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range socks {
		if s.state == tcpSynRecv && s.port == port {
			n++
		}
	}
	return n, nil
}

// sockInfo is what is read from one struct inet_diag_msg.
type sockInfo struct {
	state          uint8
	addr           netip.Addr
	port           uint16
	rqueue, wqueue uint32
	inode          uint32
}

func (s sockInfo) addrPort() string { return netip.AddrPortFrom(s.addr, s.port).String() }

// dump lists the TCP sockets of one family in the given states, as `ss` does.
func (d *diag) dump(family uint8, states uint32) ([]sockInfo, error) {
	const reqLen = 16 + 8 + 48 // nlmsghdr, inet_diag_req_v2 with an all-zero sockid
	req := make([]byte, reqLen)
	ne := binary.NativeEndian
	ne.PutUint32(req[0:], reqLen)
	ne.PutUint16(req[4:], unix.SOCK_DIAG_BY_FAMILY)
	ne.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	ne.PutUint32(req[8:], 1)
	req[16] = family
	req[17] = unix.IPPROTO_TCP
	ne.PutUint32(req[20:], states)
	if err := unix.Sendto(d.fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return nil, fmt.Errorf("asking sock_diag: %w", err)
	}
	var out []sockInfo
	buf := make([]byte, 1<<16)
	for {
		m, _, err := unix.Recvfrom(d.fd, buf, 0)
		if err != nil {
			return nil, fmt.Errorf("reading sock_diag: %w", err)
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:m])
		if err != nil {
			return nil, fmt.Errorf("reading sock_diag: %w", err)
		}
		for _, msg := range msgs {
			switch msg.Header.Type {
			case unix.NLMSG_DONE:
				return out, nil
			case unix.NLMSG_ERROR:
				return nil, fmt.Errorf("sock_diag refused the query for address family %d", family)
			case unix.SOCK_DIAG_BY_FAMILY:
				// struct inet_diag_msg: family, state, timer, retrans; sockid (sport, dport
				// big-endian, src[16], dst[16], if, cookie[2]); expires, rqueue, wqueue, uid, inode.
				b := msg.Data
				if len(b) < 72 {
					continue
				}
				s := sockInfo{state: b[1], port: binary.BigEndian.Uint16(b[4:]),
					rqueue: ne.Uint32(b[56:]), wqueue: ne.Uint32(b[60:]), inode: ne.Uint32(b[68:])}
				if b[0] == unix.AF_INET {
					s.addr = netip.AddrFrom4([4]byte(b[8:12]))
				} else {
					s.addr = netip.AddrFrom16([16]byte(b[8:24]))
				}
				out = append(out, s)
			}
		}
	}
}
