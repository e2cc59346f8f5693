//go:build linux

package kernel

import (
	"cmp"

	"golang.org/x/sys/unix"

	"context"
	"fmt"
	"slices"
	"time"

	"synq/model"
)

// step is something the run does at a fixed time: a client's connect(), a change of the
// accept() loop, a checkpoint.
type step struct {
	at    model.Time
	order int // ties keep the scenario's order
	kind  stepKind
	index int
}

type stepKind uint8

const (
	stepConnect stepKind = iota
	stepApp
	stepCheckpoint
)

// timed is a packet due on a TUN device at a time.
type timed struct {
	at   model.Time
	data []byte
}

// fifo is a queue of packets in time order (the wire's delay is constant, so arrival order is
// delivery order).
type fifo struct {
	items []timed
	head  int
}

func (q *fifo) push(t timed) { q.items = append(q.items, t) }
func (q *fifo) empty() bool  { return q.head == len(q.items) }
func (q *fifo) peek() *timed { return &q.items[q.head] }
func (q *fifo) pop() timed {
	t := q.items[q.head]
	q.items[q.head] = timed{}
	q.head++
	if q.head > 1024 && q.head*2 > len(q.items) {
		q.items = append(q.items[:0], q.items[q.head:]...)
		q.head = 0
	}
	return t
}

// lookahead is how far ahead of the clock the flood generator runs.
const lookahead = 20 * model.Millisecond

// schedule lists the run's fixed steps in time order.
func schedule(sc *model.Scenario) []step {
	var steps []step
	client := 0
	for _, t := range sc.Traffic {
		if t.Kind != model.Connect {
			continue
		}
		for i := range t.Count {
			steps = append(steps, step{at: t.At + t.Rate.Offset(int64(i)), kind: stepConnect, index: client})
			client++
		}
	}
	for i, a := range sc.Server.App {
		steps = append(steps, step{at: a.At, kind: stepApp, index: i})
	}
	for i, at := range sc.Observe {
		steps = append(steps, step{at: at, kind: stepCheckpoint, index: i})
	}
	for i := range steps {
		steps[i].order = i
	}
	slices.SortFunc(steps, func(a, b step) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.order, b.order))
	})
	return steps
}

// play runs the scenario in real time from the start of a jiffy.
func (r *run) play(ctx context.Context) (*Result, error) {
	sc := r.sc
	delay := sc.Network.Delay
	port := sc.Server.Port
	frames := make(chan frame, 4096)
	go readTun(r.srvTun, true, frames)
	go readTun(r.cliTun, false, frames)

	// The flood SYNs are the model's own, sources, ports and sequence numbers included, so that
	// both engines meet the same flood; the model runs a little ahead of the clock to make them.
	var floods fifo
	gen, err := model.New(sc, model.Options{TraceWindow: 1 << 10, Sent: func(p *model.Packet) {
		if p.ToServer() && p.Peer.IsFlood() {
			floods.push(timed{at: p.At + delay, data: floodSYN(p, port)})
		}
	}})
	if err != nil {
		return nil, err
	}
	steps := schedule(sc)
	var toServer, toClient fifo
	report := &model.Report{Scenario: sc.Name, Engine: "kernel", Kernel: Release()}

	t0, j0, err := tickStart()
	if err != nil {
		return nil, err
	}
	if r.app, err = newApp(r.listener, t0); err != nil {
		return nil, err
	}
	now := func() model.Time { return model.Time(time.Since(t0)) }
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var lastProgress time.Time
	genAt := model.Time(-1)
	for {
		t := now()
		if ahead := min(t+lookahead, sc.Duration); ahead > genAt {
			gen.RunUntil(ahead)
			genAt = ahead
		}
		// Everything due, oldest first.
		for {
			next, which := r.nextDue(steps, &floods, &toServer, &toClient)
			if which == dueNone || next > t {
				break
			}
			if t-next > r.late {
				r.late, r.lateAt = t-next, next
			}
			switch which {
			case dueStep:
				st := steps[0]
				steps = steps[1:]
				if done, err := r.doStep(st, report); err != nil {
					return nil, err
				} else if done {
					return &Result{Report: report, StartJiffies: j0, Late: r.late, LateAt: r.lateAt}, nil
				}
			case dueFlood:
				r.inject(r.srvTun, floods.pop().data)
			case dueToServer:
				r.inject(r.srvTun, toServer.pop().data)
			case dueToClient:
				r.inject(r.cliTun, toClient.pop().data)
			}
		}
		if r.opt.Progress != nil && time.Since(lastProgress) > 250*time.Millisecond {
			lastProgress = time.Now()
			r.opt.Progress(t, sc.Duration)
		}
		next, which := r.nextDue(steps, &floods, &toServer, &toClient)
		wait := time.Duration(next - now())
		if which == dueNone || wait > time.Duration(lookahead) {
			wait = time.Duration(lookahead)
		}
		if err := r.wait(ctx, wait, timer, frames, t0, &toServer, &toClient); err != nil {
			return nil, err
		}
	}
}

// fineWait is how close to a due time the loop stops trusting Go's timers (which wake up to a
// few milliseconds late) and sleeps in short steps instead.
const fineWait = 3 * time.Millisecond

// fineStep is the longest sleep within fineWait: packets that arrive meanwhile are carried at
// most this late, and a run wakes at most 4000 times a second.
const fineStep = 250 * time.Microsecond

// wait sleeps up to d, carrying packets that arrive meanwhile to the wire's queues.
func (r *run) wait(ctx context.Context, d time.Duration, timer *time.Timer, frames chan frame, t0 time.Time, toServer, toClient *fifo) error {
	if d <= 0 {
		return nil
	}
	if d < fineWait {
		select {
		case f := <-frames:
			r.carry(f, t0, toServer, toClient)
		default:
			ts := unix.NsecToTimespec(int64(min(d, fineStep)))
			unix.Nanosleep(&ts, nil)
		}
		return ctx.Err()
	}
	timer.Reset(d - fineWait + time.Millisecond)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case f := <-frames:
		r.carry(f, t0, toServer, toClient)
		// Take whatever else has arrived without another trip through the timer.
		for {
			select {
			case f := <-frames:
				r.carry(f, t0, toServer, toClient)
			default:
				return nil
			}
		}
	case <-timer.C:
	}
	return nil
}

type due uint8

const (
	dueNone due = iota
	dueStep
	dueFlood
	dueToServer
	dueToClient
)

// nextDue finds the earliest pending thing. At equal times fixed steps come first, then the
// flood, then packets on the wire.
func (r *run) nextDue(steps []step, floods, toServer, toClient *fifo) (model.Time, due) {
	at, which := model.Time(0), dueNone
	consider := func(t model.Time, d due) {
		if which == dueNone || t < at {
			at, which = t, d
		}
	}
	if len(steps) > 0 {
		consider(steps[0].at, dueStep)
	}
	if !floods.empty() {
		consider(floods.peek().at, dueFlood)
	}
	if !toServer.empty() {
		consider(toServer.peek().at, dueToServer)
	}
	if !toClient.empty() {
		consider(toClient.peek().at, dueToClient)
	}
	return at, which
}

// carry puts a packet read from one namespace on the wire to the other, or swallows it when
// it is addressed to a flood source.
func (r *run) carry(f frame, t0 time.Time, toServer, toClient *fifo) {
	r.record(f.at, f.data)
	arrive := model.Time(f.at.Sub(t0)) + r.sc.Network.Delay
	switch {
	case !f.fromServer:
		toServer.push(timed{at: arrive, data: f.data})
	case dst(f.data) == model.ClientAddr:
		toClient.push(timed{at: arrive, data: f.data})
	}
}

func (r *run) inject(tun interface{ Write([]byte) (int, error) }, data []byte) {
	if _, err := tun.Write(data); err == nil && tun == r.srvTun && dst(data) == model.ServerAddr {
		if src := data[12]; src == model.FloodNet[0] && data[13] == model.FloodNet[1] {
			r.record(time.Now(), data)
		}
	}
}

func (r *run) record(at time.Time, data []byte) {
	if r.pcap != nil {
		r.pcap.WritePacket(at.UnixNano(), data)
	}
}

// doStep runs one fixed step; it reports true after the last checkpoint.
func (r *run) doStep(st step, report *model.Report) (bool, error) {
	switch st.kind {
	case stepConnect:
		return false, r.clients.connect(st.index, r.sc.Server.Port)
	case stepApp:
		r.app.setStep(r.sc.Server.App[st.index])
	case stepCheckpoint:
		cp, err := r.checkpoint(st.at)
		if err != nil {
			return false, fmt.Errorf("checkpoint at %s: %w", st.at, err)
		}
		report.Checkpoints = append(report.Checkpoints, cp)
		return st.index == len(r.sc.Observe)-1, nil
	}
	return false, nil
}
