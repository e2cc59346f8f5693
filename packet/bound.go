package packet

import "synq/model"

// maxRecordLen is the longest record of a segment without payload: the record header, an IPv4
// header without options (this package writes none) and a TCP header with the most options
// TCP allows (40 bytes).
const maxRecordLen = pcapRecordLen + 20 + 60

// PcapBound is the most bytes a pcap file of a model run of sc can take (ModelCapture, and the
// kernel engine's wire, which records the same segments): the file header, then a record for
// every packet of sc.Bound(), each as long as the longest of its kind: a flood's SYNs and first
// answers as long as its options make them, any other segment with the most options TCP allows.
func PcapBound(sc *model.Scenario) int64 {
	b := sc.Bound()
	n := int64(pcapHeaderLen) + b.Clients*maxRecordLen + b.DataBytes
	for _, f := range b.Flood {
		n += f.Packets * floodRecordLen(f.Options)
	}
	return n + b.Resends*maxRecordLen
}

// floodRecordLen is the longest record a flood stream with SYN options opt can cause: its SYN,
// or a SYN-ACK with the MSS and the options the SYN offered (a RST is shorter than both).
func floodRecordLen(opt model.SynOptions) int64 {
	syn := model.Packet{Peer: model.FloodPeer, Attr: model.AttrToServer, Flags: model.SYN, Opt: opt}
	synAck := model.Packet{Peer: model.FloodPeer, Flags: model.SYN | model.ACK, Opt: opt}
	synAck.Opt.MSS = 1460
	n := 0
	for _, p := range []model.Packet{syn, synAck} {
		t := FromModel(&p, 80)
		n = max(n, len(t.AppendTo(nil)))
	}
	return int64(pcapRecordLen + n)
}
