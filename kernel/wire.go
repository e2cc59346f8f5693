//go:build linux

package kernel

import (
	"os"
	"time"

	"synq/model"
	"synq/packet"
)

// The wire carries packets between the two namespaces' TUN devices in user space: what the
// clients' kernel sends reaches the server's after the scenario's delay, and the other way
// round; SYN-ACKs and everything else for flood sources are swallowed, as a spoofed address
// has no host to answer. Flood SYNs are written into the server's side at their time.

// frame is one packet read from a TUN device.
type frame struct {
	fromServer bool
	at         time.Time
	data       []byte
}

// readTun sends every IPv4 packet the device yields to out, until the device is closed.
func readTun(f *os.File, fromServer bool, out chan<- frame) {
	buf := make([]byte, 65536)
	for {
		n, err := f.Read(buf)
		if err != nil {
			return
		}
		if n < 20 || buf[0]>>4 != 4 {
			continue // not IPv4: nothing a scenario sends
		}
		out <- frame{fromServer: fromServer, at: time.Now(), data: append([]byte(nil), buf[:n]...)}
	}
}

// dst is a packet's IPv4 destination address.
func dst(b []byte) [4]byte { return [4]byte{b[16], b[17], b[18], b[19]} }

// floodSYN appends the IPv4 packet of a flood SYN the model sent to b.
func floodSYN(b []byte, p *model.Packet, port uint16) []byte {
	t := packet.FromModel(p, port)
	return t.AppendTo(b)
}
