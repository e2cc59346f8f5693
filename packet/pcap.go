package packet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The pcap file format (draft-ietf-opsawg-pcap): a
// 24-byte file header, then for each packet a 16-byte record header and the captured bytes.
const (
	pcapMagicMicro   = 0xa1b2c3d4 // record timestamps in microseconds
	pcapMagicNano    = 0xa1b23c4d // record timestamps in nanoseconds
	pcapHeaderLen    = 24
	pcapRecordLen    = 16
	pcapSnapLen      = 65535
	linkTypeRaw      = 101     // LINKTYPE_RAW: each packet starts with an IPv4 or IPv6 header
	pcapMaxRecordLen = 1 << 18 // libpcap's largest snaplen; a sanity bound for reading
)

// PcapWriter writes a pcap file of raw IPv4 packets (LINKTYPE_RAW), little-endian, with
// nanosecond timestamps and a snaplen of 65535. It does no buffering of its own: wrap a file in
// a bufio.Writer (and flush it) when writing many packets.
type PcapWriter struct {
	w   io.Writer
	buf []byte
}

// NewPcapWriter writes the pcap file header to w and returns a writer for the records.
func NewPcapWriter(w io.Writer) (*PcapWriter, error) {
	h := make([]byte, 0, pcapHeaderLen)
	h = binary.LittleEndian.AppendUint32(h, pcapMagicNano)
	h = binary.LittleEndian.AppendUint16(h, 2) // version 2.4
	h = binary.LittleEndian.AppendUint16(h, 4)
	h = binary.LittleEndian.AppendUint32(h, 0) // thiszone: timestamps are UTC
	h = binary.LittleEndian.AppendUint32(h, 0) // sigfigs
	h = binary.LittleEndian.AppendUint32(h, pcapSnapLen)
	h = binary.LittleEndian.AppendUint32(h, linkTypeRaw)
	if _, err := w.Write(h); err != nil {
		return nil, fmt.Errorf("packet: writing pcap header: %w", err)
	}
	return &PcapWriter{w: w}, nil
}

// WritePacket writes one record: pkt, an IPv4 packet, captured at unixNano nanoseconds since
// the Unix epoch (time.Time.UnixNano, or a simulated clock plus a base). Bytes past the snaplen
// are cut off, with the original length kept in the record. A timestamp before 1970 or past
// 2106 (which pcap's 32-bit seconds cannot hold) is an error.
func (p *PcapWriter) WritePacket(unixNano int64, pkt []byte) error {
	const second = 1_000_000_000
	sec := unixNano / second
	if unixNano < 0 || sec > 0xffffffff {
		return fmt.Errorf("packet: pcap timestamp %d ns since the Unix epoch is out of range", unixNano)
	}
	capLen := min(len(pkt), pcapSnapLen)
	b := p.buf[:0]
	b = binary.LittleEndian.AppendUint32(b, uint32(sec))
	b = binary.LittleEndian.AppendUint32(b, uint32(unixNano%second))
	b = binary.LittleEndian.AppendUint32(b, uint32(capLen))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(pkt)))
	b = append(b, pkt[:capLen]...)
	p.buf = b
	if _, err := p.w.Write(b); err != nil {
		return fmt.Errorf("packet: writing pcap record: %w", err)
	}
	return nil
}

// PcapRecord is one packet read from a pcap file.
type PcapRecord struct {
	Time int64  // nanoseconds since the Unix epoch
	Data []byte // the captured bytes
}

// ReadPcap reads a whole pcap file: either byte order, with microsecond (0xa1b2c3d4) or
// nanosecond (0xa1b23c4d) timestamps. It does not interpret the link type, so Data is whatever
// the file's link layer is. A file cut off in the middle of a record is an error.
func ReadPcap(r io.Reader) ([]PcapRecord, error) {
	var h [pcapHeaderLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil, fmt.Errorf("packet: reading pcap header: %w", err)
	}
	var order binary.ByteOrder = binary.LittleEndian
	magic := order.Uint32(h[:])
	if magic != pcapMagicMicro && magic != pcapMagicNano {
		order = binary.BigEndian
		magic = order.Uint32(h[:])
	}
	var unit int64
	switch magic {
	case pcapMagicMicro:
		unit = 1000
	case pcapMagicNano:
		unit = 1
	default:
		return nil, fmt.Errorf("packet: not a pcap file: magic % x", h[:4])
	}
	limit := max(order.Uint32(h[16:]), pcapMaxRecordLen)

	var recs []PcapRecord
	for {
		var rh [pcapRecordLen]byte
		if _, err := io.ReadFull(r, rh[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return recs, nil
			}
			return recs, fmt.Errorf("packet: reading pcap record %d header: %w", len(recs), err)
		}
		capLen := order.Uint32(rh[8:])
		if capLen > limit {
			return recs, fmt.Errorf("packet: pcap record %d claims %d captured bytes, more than %d", len(recs), capLen, limit)
		}
		data := make([]byte, capLen)
		if _, err := io.ReadFull(r, data); err != nil {
			return recs, fmt.Errorf("packet: reading pcap record %d data: %w", len(recs), noEOF(err))
		}
		sec, frac := int64(order.Uint32(rh[0:])), int64(order.Uint32(rh[4:]))
		recs = append(recs, PcapRecord{Time: sec*1_000_000_000 + frac*unit, Data: data})
	}
}

// noEOF turns a plain EOF, which io.ReadFull returns when nothing at all was read, into
// io.ErrUnexpectedEOF: inside a record, running out is always unexpected.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
