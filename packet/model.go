package packet

import "synq/model"

// Base of the capture clock: simulated time 0 is written as this Unix time (2026-01-01 UTC),
// so that a capture of the same run is the same file, byte for byte.
const captureEpoch = 1_767_225_600 * 1_000_000_000

// FromModel is the real segment for a packet of the model crossing the wire between the
// listener on port and its peer: addresses from the model's fixed plan (scenario-format.md),
// the options as Linux lays them out (MSS, SACK-permitted and window scale on SYNs only), a payload of p.Len zero bytes, and the window a Linux
// stack would advertise (64240 in a SYN, 65160 in a SYN-ACK, scaled by 7 after).
func FromModel(p *model.Packet, port uint16) TCP {
	t := TCP{Seq: p.Seq, Ack: p.Ack, Flags: uint8(p.Flags),
		Opt: Options{WScale: -1, TS: p.Opt.TS, TSval: p.TSval, TSecr: p.TSecr}}
	if p.Flags&model.SYN != 0 { // MSS, SACK-permitted and window scale belong to SYNs only
		t.Opt.MSS, t.Opt.WScale, t.Opt.SACKPermitted = p.Opt.MSS, p.Opt.WScale, p.Opt.SACK
	}
	if p.ToServer() {
		t.Src, t.SrcPort, t.Dst, t.DstPort = p.Peer.Addr(), p.PeerPort, model.ServerAddr, port
	} else {
		t.Src, t.SrcPort, t.Dst, t.DstPort = model.ServerAddr, port, p.Peer.Addr(), p.PeerPort
	}
	switch {
	case p.Flags&model.RST != 0:
	case p.Flags == model.SYN:
		t.Window = 64240
	case p.Flags&model.SYN != 0:
		t.Window = 65160
	default:
		t.Window = 502
	}
	if p.Len > 0 {
		t.Payload = make([]byte, p.Len)
	}
	return t
}

// ModelCapture writes the packets of a model run to a pcap file as they are sent.
type ModelCapture struct {
	w    *PcapWriter
	port uint16
	buf  []byte
	err  error
}

// NewModelCapture starts a pcap of a run whose listener is on port.
func NewModelCapture(w *PcapWriter, port uint16) *ModelCapture {
	return &ModelCapture{w: w, port: port}
}

// Sent records one packet; it fits model.Options.Sent. The first write error stops the
// capture and is kept for Err.
func (c *ModelCapture) Sent(p model.Packet) {
	if c.err != nil {
		return
	}
	t := FromModel(&p, c.port)
	c.buf = t.AppendTo(c.buf[:0])
	c.err = c.w.WritePacket(captureEpoch+int64(p.At), c.buf)
}

// Err is the first error writing the capture, if any.
func (c *ModelCapture) Err() error { return c.err }
