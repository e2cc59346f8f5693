//go:build linux

package kernel

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"golang.org/x/sys/unix"

	"synq/model"
)

// step is something the run does at a fixed time: a client's connect(), a change of the
// accept() loop, a checkpoint.
type step struct {
	at    model.Time
	kind  stepKind
	index int
}

type stepKind uint8

const (
	stepConnect stepKind = iota
	stepApp
	stepCheckpoint
)

// timed is a packet read from one namespace, due on the other's TUN device at a time.
type timed struct {
	at   model.Time
	data []byte
}

// fifo is a queue in time order: the wire's delay is constant, so arrival order is delivery
// order, and the model sends its flood in time order.
type fifo[T any] struct {
	items []T
	head  int
}

func (q *fifo[T]) push(t T)    { q.items = append(q.items, t) }
func (q *fifo[T]) empty() bool { return q.head == len(q.items) }
func (q *fifo[T]) peek() *T    { return &q.items[q.head] }
func (q *fifo[T]) pop() T {
	var zero T
	t := q.items[q.head]
	q.items[q.head] = zero
	q.head++
	if q.head > 1024 && q.head*2 > len(q.items) {
		q.items = append(q.items[:0], q.items[q.head:]...)
		q.head = 0
	}
	return t
}

// wire is what is on its way between the namespaces: packets read from one TUN device and
// due on the other, and the flood SYNs not yet injected (each with At set to its arrival).
type wire struct {
	t0       time.Time // the run's start: simulated time 0
	frames   chan frame
	toServer fifo[timed]
	toClient fifo[timed]
	floods   fifo[model.Packet]
	buf      []byte // a flood SYN's bytes, built at injection
}

// lookahead is how far ahead of the clock the flood generator runs.
const lookahead = 20 * model.Millisecond

// schedule lists the run's fixed steps in time order; steps at the same time keep the
// scenario's order.
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
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.at, b.at) })
	return steps
}

// play runs the scenario in real time from the start of a jiffy.
func (r *run) play(ctx context.Context) (*Result, error) {
	res, err := r.playSteps(ctx)
	if ferr := r.flushPcap(); err == nil && ferr != nil {
		return nil, ferr
	}
	return res, err
}

func (r *run) playSteps(ctx context.Context) (*Result, error) {
	sc := r.sc
	w := &r.wire
	w.frames = make(chan frame, 4096)
	go readTun(r.srvTun, true, w.frames)
	go readTun(r.cliTun, false, w.frames)

	// The flood SYNs are the model's own, sources, ports and sequence numbers included, so that
	// both engines meet the same flood; the model runs a little ahead of the clock to make them.
	gen, err := model.New(sc, model.Options{TraceWindow: 1 << 10, Sent: func(p model.Packet) {
		if p.ToServer() && p.Peer.IsFlood() {
			p.At += sc.Network.Delay
			w.floods.push(p)
		}
	}})
	if err != nil {
		return nil, err
	}
	steps := schedule(sc)
	report := &model.Report{Scenario: sc.Name, Engine: "kernel", Kernel: Release()}

	t0, j0, err := tickStart()
	if err != nil {
		return nil, err
	}
	w.t0 = t0
	if r.app, err = newApp(r.listener); err != nil {
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
			next, which := r.nextDue(steps)
			if which == dueNone || next > t {
				break
			}
			if t-next > r.late {
				r.late, r.lateAt = t-next, next
			}
			var err error
			switch which {
			case dueStep:
				st := steps[0]
				steps = steps[1:]
				var done bool
				if done, err = r.doStep(st, report); done {
					return &Result{Report: report, StartJiffies: j0, Late: r.late, LateAt: r.lateAt}, nil
				}
			case dueFlood:
				syn := w.floods.pop()
				w.buf = floodSYN(w.buf[:0], &syn, sc.Server.Port)
				r.record(time.Now(), w.buf) // recorded as it enters the wire, like every packet
				err = r.inject(r.srvTun, w.buf)
			case dueToServer:
				err = r.inject(r.srvTun, w.toServer.pop().data)
			case dueToClient:
				err = r.inject(r.cliTun, w.toClient.pop().data)
			}
			if err != nil {
				return nil, err
			}
		}
		if r.opt.Progress != nil && time.Since(lastProgress) > 250*time.Millisecond {
			lastProgress = time.Now()
			r.opt.Progress(t, sc.Duration)
		}
		next, which := r.nextDue(steps)
		wait := time.Duration(next - now())
		if which == dueNone || wait > time.Duration(lookahead) {
			wait = time.Duration(lookahead)
		}
		if err := r.wait(ctx, wait, timer); err != nil {
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
func (r *run) wait(ctx context.Context, d time.Duration, timer *time.Timer) error {
	if d <= 0 {
		return nil
	}
	frames := r.wire.frames
	if d < fineWait {
		select {
		case f := <-frames:
			r.carry(f)
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
		r.carry(f)
		// Take whatever else has arrived without another trip through the timer.
		for {
			select {
			case f := <-frames:
				r.carry(f)
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
func (r *run) nextDue(steps []step) (model.Time, due) {
	w := &r.wire
	at, which := model.Time(0), dueNone
	consider := func(t model.Time, d due) {
		if which == dueNone || t < at {
			at, which = t, d
		}
	}
	if len(steps) > 0 {
		consider(steps[0].at, dueStep)
	}
	if !w.floods.empty() {
		consider(w.floods.peek().At, dueFlood)
	}
	if !w.toServer.empty() {
		consider(w.toServer.peek().at, dueToServer)
	}
	if !w.toClient.empty() {
		consider(w.toClient.peek().at, dueToClient)
	}
	return at, which
}

// carry puts a packet read from one namespace on the wire to the other, or swallows it when
// it is addressed to a flood source.
func (r *run) carry(f frame) {
	w := &r.wire
	r.record(f.at, f.data)
	arrive := model.Time(f.at.Sub(w.t0)) + r.sc.Network.Delay
	switch {
	case !f.fromServer:
		w.toServer.push(timed{at: arrive, data: f.data})
	case dst(f.data) == model.ClientAddr:
		w.toClient.push(timed{at: arrive, data: f.data})
	}
}

// inject writes a packet into a namespace. A packet that cannot be delivered would silently
// change the outcome, so it ends the run.
func (r *run) inject(tun *os.File, data []byte) error {
	if _, err := tun.Write(data); err != nil {
		return fmt.Errorf("delivering a %d-byte packet to %s: %w", len(data), tun.Name(), err)
	}
	return nil
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
