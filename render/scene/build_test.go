package scene_test

import (
	"image"
	"image/color"
	"reflect"
	"strings"
	"testing"

	"synq/model"
	"synq/render/scene"
)

var testKeys = []scene.Key{{Keys: "Space", What: "play/pause"}, {Keys: "?", What: "all keys"}}

func build(f *scene.Frame, screen image.Rectangle) (*scene.DrawList, scene.Layout) {
	l := layoutFor(screen)
	d := &scene.DrawList{}
	scene.Build(d, &l, &scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f}}})
	return d, l
}

// spritesIn counts the sprites of colour c centred in r.
func spritesIn(d *scene.DrawList, r image.Rectangle, c color.RGBA) int {
	n := 0
	for _, s := range d.Sprites {
		if s.C == c && image.Pt(int(s.X), int(s.Y)).In(r) {
			n++
		}
	}
	return n
}

func allText(d *scene.DrawList) string {
	var b strings.Builder
	for _, t := range d.Texts {
		b.WriteString(t.S + "\n")
	}
	return b.String()
}

func TestBuildShowsQueuesCountersAndDrops(t *testing.T) {
	f := capture(t, floodShot(t), 3*model.Second)
	d, l := build(f, image.Rect(0, 0, 1280, 720))

	flood := 0
	for _, r := range f.Requests {
		if r.Peer.IsFlood() {
			flood++
		}
	}
	if got := spritesIn(d, l.Runs[0].SynQueue, scene.ColorFlood); got != flood {
		t.Errorf("flood requests drawn in the SYN queue = %d, want %d", got, flood)
	}
	if got := spritesIn(d, l.Runs[0].AcceptQueue, scene.ColorDone); got != f.AcceptQLen {
		t.Errorf("connections drawn in the accept queue = %d, want %d", got, f.AcceptQLen)
	}
	text := allText(d)
	for _, want := range []string{
		"SYN queue 63 / 64 (B+1)",
		"accept queue 64 / 64 (B+1)  FULL",
		// Free play folds the panel to the counters that moved (issue 16: the picture first).
		"Recv-Q 64  Send-Q 63  SYN-RECV 63",
		"TCPReqQFullDrop        2,019",
		"SYN queue full and syncookies off: SYN",
		"+2 more reasons (8,161 drops)",
		"\nTCP: request_sock_TCP: Possible", // dmesg's line from its start
		"5,000/s",
		"t = 3.000 s of 10 s",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the draw list's text lacks %q:\n%s", want, text)
		}
	}
	// Drops are marked where they happen: a cross at the SYN queue's entrance.
	crosses := 0
	for _, s := range d.Sprites {
		if s.Shape == scene.ShapeCross && image.Pt(int(s.X), int(s.Y)).In(l.Runs[0].Server.Inset(-1)) {
			crosses++
		}
	}
	if crosses < 2 {
		t.Errorf("%d drop marks on the server, want at least 2 (SYN queue and accept queue)", crosses)
	}
}

// Building is a function of the frame: the same frame gives the same list.
func TestBuildIsDeterministic(t *testing.T) {
	f := capture(t, floodShot(t), 2*model.Second)
	a, _ := build(f, image.Rect(0, 0, 1280, 720))
	b, _ := build(f, image.Rect(0, 0, 1280, 720))
	if !reflect.DeepEqual(a.Rects, b.Rects) || !reflect.DeepEqual(a.Sprites, b.Sprites) || !reflect.DeepEqual(a.Texts, b.Texts) {
		t.Error("two builds of the same frame differ")
	}
}

// A packet is drawn where simulated time puts it: a SYN sent half a delay ago is half way
// across its lane; a SYN-ACK travels the other way.
func TestBuildInterpolatesPackets(t *testing.T) {
	f := synthetic(0)
	f.Packets = []scene.Packet{
		{Sent: f.Now - f.Delay/2, Lane: scene.LaneToServerGenuine, Flags: model.SYN, Attr: model.AttrToServer, Peer: 1},
		{Sent: f.Now - f.Delay/4, Lane: scene.LaneFromServerGenuine, Flags: model.SYN | model.ACK, Peer: 1},
	}
	f.Lanes[scene.LaneToServerGenuine].InFlight, f.Lanes[scene.LaneFromServerGenuine].InFlight = 1, 1
	d, l := build(f, image.Rect(0, 0, 1280, 720))
	var got []scene.Sprite
	for _, s := range d.Sprites {
		if s.C == scene.ColorGenuine && image.Pt(int(s.X), int(s.Y)).In(l.Runs[0].Wire) {
			got = append(got, s)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d genuine packets on the wire, want 2: %+v", len(got), got)
	}
	syn, ack := l.Runs[0].Lanes[scene.LaneToServerGenuine], l.Runs[0].Lanes[scene.LaneFromServerGenuine]
	mid := float32(syn.Min.X+syn.Max.X) / 2
	if d := got[0].X - mid; d < -2 || d > 2 {
		t.Errorf("SYN half way: x = %.1f, want the lane's middle %.1f", got[0].X, mid)
	}
	if want := float32(ack.Min.X) + float32(ack.Dx())*0.75; got[1].X < want-got[1].Size || got[1].X > want+got[1].Size {
		t.Errorf("SYN-ACK a quarter way from the server: x = %.1f, want about %.1f", got[1].X, want)
	}
}

// Under a heavy flood a lane draws a sample of its packets and a stream with its rate.
func TestBuildCapsSpritesAndShowsStream(t *testing.T) {
	f := synthetic(10000)
	d, l := build(f, image.Rect(0, 0, 1280, 720))
	onWire := 0
	for _, s := range d.Sprites {
		if image.Pt(int(s.X), int(s.Y)).In(l.Runs[0].Wire) {
			onWire++
		}
	}
	if onWire == 0 || onWire > 2000 {
		t.Errorf("%d sprites on the wire for 10,000 packets, want a sample of at most 2,000", onWire)
	}
	if text := allText(d); !strings.Contains(text, "100,000/s") {
		t.Errorf("no stream rate 100,000/s in the text:\n%s", text)
	}
}

// synthetic is a frame of a flood at 100,000 SYN/s on a 100 ms wire with n packets in flight
// (flood SYNs and cookie SYN-ACKs), full queues of 512 and 13 counters.
func synthetic(n int) *scene.Frame {
	p, _ := model.LookupProfile("linux-6.18")
	f := &scene.Frame{
		Name: "bench", Kernel: p.Name, Port: 80, Now: 5 * model.Second, Duration: 60 * model.Second,
		Delay: 100 * model.Millisecond, TimeoutInit: model.Second, RTOMax: 120 * model.Second,
		Limits:  model.Limits{Backlog: 511, SynQueueCap: 512, AcceptQueueCap: 512, Syncookies: 1, SynackRetries: 5, MaxSynBacklog: 4096},
		SynQLen: 512, AcceptQLen: 300, Accepted: 1234, FloodRate: 100000, FloodSent: 300000,
		Window: 2 * model.Second, Span: 2 * model.Second, Cookies: 99000,
		CounterList: p.Counters(), HaveDelta: true,
	}
	for i := range 512 {
		f.Requests = append(f.Requests, model.RequestView{Slot: i, Peer: model.FloodPeer | model.Peer(i), Retries: i % 3,
			NextTimer: f.Now + model.Time(i)*model.Millisecond})
	}
	for i := range 300 {
		f.AcceptQueue = append(f.AcceptQueue, model.Peer(i))
	}
	for i := range 1000 {
		f.Clients = append(f.Clients, model.ClientState(i%6))
	}
	for i := range n {
		lane, attr, flags := scene.LaneToServerFlood, model.AttrToServer, model.SYN
		if i%2 == 1 {
			lane, attr, flags = scene.LaneFromServerFlood, model.AttrCookie, model.SYN|model.ACK
		}
		f.Packets = append(f.Packets, scene.Packet{Sent: f.Now - f.Delay + model.Time(i+1)*f.Delay/model.Time(n+1),
			Lane: lane, Flags: flags, Attr: attr, Peer: model.FloodPeer | model.Peer(i)})
		f.Lanes[lane].InFlight++
	}
	f.Lanes[scene.LaneToServerFlood].Rate, f.Lanes[scene.LaneFromServerFlood].Rate = 100000, 99000
	f.Drops = []scene.DropStat{{Reason: model.DropAcceptQueueFullSyn, Site: scene.SiteAcceptQueue, Count: 1000}}
	for i := range f.Counters {
		f.Counters[i], f.Delta[i] = uint64(i*1000), uint64(i%2*100)
	}
	f.Log = []model.LogLine{{At: 2 * model.Second, Text: "TCP: request_sock_TCP: Possible SYN flooding on port 198.18.0.1:80. Sending cookies."}}
	return f
}

// BenchmarkDrawList builds one frame's draw list with 10,000 packets in flight; the goal is
// under 2 ms.
func BenchmarkDrawList(b *testing.B) {
	f := synthetic(10000)
	l := layoutFor(image.Rect(0, 0, 1920, 1080))
	d := &scene.DrawList{}
	v := scene.View{Speed: 1, Keys: testKeys, Runs: []scene.Run{{Frame: f}}}
	scene.Build(d, &l, &v)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		scene.Build(d, &l, &v)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
	b.ReportMetric(float64(len(d.Sprites)), "sprites")
}

// Each half-open request is drawn once: in its own slot, or in a free one when its slot is
// past the queue's capacity.
func TestBuildDrawsEachRequestOnce(t *testing.T) {
	tests := []struct {
		name  string
		slots []int
	}{
		{"in their slots", []int{0, 1}},
		{"one past the capacity", []int{2}},
		{"sparse", []int{1, 3, 0}},
		{"more than fit", []int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		f := synthetic(0)
		f.Limits.Backlog, f.Limits.SynQueueCap, f.Limits.AcceptQueueCap = 2, 3, 3
		f.AcceptQueue, f.Requests = nil, nil
		for _, s := range tt.slots {
			f.Requests = append(f.Requests, model.RequestView{Slot: s, Peer: model.FloodPeer | model.Peer(s), NextTimer: f.Now + model.Second})
		}
		f.SynQLen = len(f.Requests)
		d, l := build(f, image.Rect(0, 0, 1280, 720))
		want := min(len(tt.slots), 3)
		if got := spritesIn(d, l.Runs[0].SynQueue, scene.ColorFlood); got != want {
			t.Errorf("%s (slots %v, capacity 3): %d requests drawn, want %d", tt.name, tt.slots, got, want)
		}
	}
}

// Every drop mark lands inside its run's picture, side by side too, where the server has no
// note line under the SYN queue (an expired request's mark fell on the title bar).
func TestDropMarksInTheirRun(t *testing.T) {
	f := synthetic(0)
	f.Drops = nil
	for s := scene.Site(0); s <= scene.SiteClient; s++ {
		f.Drops = append(f.Drops, scene.DropStat{Reason: model.DropRequestExpired, Site: s, Count: 3})
	}
	for _, m := range []scene.Mode{{}, {Compare: true}, {Compare: true, Narration: true}, {Narration: true, Presenter: true}} {
		screen := image.Rect(0, 0, 1280, 720)
		l := scene.NewLayout(screen, scene.GoMonoFonts(1), m)
		v := &scene.View{Speed: 1, Runs: []scene.Run{{Frame: f}, {Frame: f}}}
		if !m.Compare {
			v.Runs = v.Runs[:1]
		}
		d := &scene.DrawList{}
		scene.Build(d, &l, v)
		n := 0
		for _, sp := range d.Sprites {
			if sp.Shape != scene.ShapeCross || sp.C != scene.ColorDrop || sp.Size < float32(l.Fonts[scene.SizeBody].Size) {
				continue // the drops list's small crosses
			}
			n++
			p := image.Pt(int(sp.X), int(sp.Y))
			if !p.In(l.Runs[0].Scene.Inset(-2)) && !p.In(l.Runs[1].Scene.Inset(-2)) {
				t.Errorf("%+v: a drop mark at %v is outside the runs' pictures %v, %v", m, p, l.Runs[0].Scene, l.Runs[1].Scene)
			}
		}
		if want := 5 * len(v.Runs); n != want {
			t.Errorf("%+v: %d drop marks, want %d", m, n, want)
		}
	}
}
