package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Report is the result of running a scenario: the state at each checkpoint. The model and the
// real-kernel engine produce the same type, so the two can be compared field by field.
type Report struct {
	Scenario    string       `json:"scenario"`
	Engine      string       `json:"engine"` // "model" or "kernel"
	Kernel      string       `json:"kernel"` // the profile, or `uname -r` for the kernel engine
	Checkpoints []Checkpoint `json:"checkpoints"`
}

// Checkpoint is the state of the experiment at one moment.
type Checkpoint struct {
	At       Time         `json:"at"`
	Listener ListenerView `json:"listener"`
	SynRecv  int          `json:"syn_recv"` // half-open requests, as `ss -tn state syn-recv` counts
	Accepted int          `json:"accepted"`
	Clients  ClientCounts `json:"clients"`
	Nstat    Nstat        `json:"nstat"`
	Log      []string     `json:"log"`
}

// ListenerView is the listener as `ss -ltn` shows it: Recv-Q is the accept queue's length,
// Send-Q the backlog after the somaxconn clamp (kernel-spec.md 4.1).
type ListenerView struct {
	RecvQ int `json:"recv_q"`
	SendQ int `json:"send_q"`
}

// ClientCounts counts the genuine clients by the state of their socket.
type ClientCounts struct {
	SynSent     int `json:"syn_sent"`
	Established int `json:"established"`
	Reset       int `json:"reset"`
	TimedOut    int `json:"timed_out"`
	Refused     int `json:"refused"`
}

// Stat is one named counter value.
type Stat struct {
	Name  string
	Value uint64
}

// Nstat is the server namespace's counters in report order, zeros included; counters the
// profile's kernel does not have are left out.
type Nstat []Stat

// Get returns a counter's value by nstat name.
func (n Nstat) Get(name string) (uint64, bool) {
	for _, s := range n {
		if s.Name == name {
			return s.Value, true
		}
	}
	return 0, false
}

// MarshalJSON writes the counters as one object, in report order.
func (n Nstat) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, s := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %d", s.Name, s.Value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the counters back, keeping the object's order.
func (n *Nstat) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("nstat: want an object")
	}
	*n = nil
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v uint64
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("nstat %v: %w", t, err)
		}
		*n = append(*n, Stat{Name: fmt.Sprint(t), Value: v})
	}
	return nil
}

// MarshalJSON writes the time in Go duration syntax ("1.5s"), as scenario files write it.
func (t Time) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads a time written in Go duration syntax.
func (t *Time) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	v, err := ParseTime(s)
	*t = v
	return err
}

// Checkpoint reports the current state of the run.
func (s *Sim) Checkpoint() Checkpoint {
	cp := Checkpoint{
		At:       s.now,
		Listener: ListenerView{RecvQ: s.srv.aq(), SendQ: s.srv.B},
		SynRecv:  s.srv.qlen,
		Accepted: s.srv.accepted,
		Clients:  s.ClientCounts(),
		Log:      []string{},
	}
	for _, c := range s.prof.Counters() {
		cp.Nstat = append(cp.Nstat, Stat{Name: c.String(), Value: s.counters[c]})
	}
	for _, l := range s.log {
		cp.Log = append(cp.Log, l.Text)
	}
	return cp
}

// ClientCounts counts the genuine clients by state.
func (s *Sim) ClientCounts() ClientCounts {
	var n ClientCounts
	for i := range s.clients {
		switch s.clients[i].state {
		case ClientSynSent:
			n.SynSent++
		case ClientEstablished:
			n.Established++
		case ClientReset:
			n.Reset++
		case ClientTimedOut:
			n.TimedOut++
		case ClientRefused:
			n.Refused++
		}
	}
	return n
}

// Run runs the scenario on the model from start to end and reports every checkpoint.
func Run(sc *Scenario) (*Report, error) { return RunWith(sc, Options{}) }

// RunWith is Run with options: the kernel engine passes the real kernel's jiffies phase.
func RunWith(sc *Scenario, opt Options) (*Report, error) {
	s, err := New(sc, opt)
	if err != nil {
		return nil, err
	}
	r := &Report{Scenario: sc.Name, Engine: "model", Kernel: sc.Profile.Name}
	for _, t := range sc.Observe {
		if !s.runTo(t, opt.Stop) {
			return nil, ErrStopped
		}
		r.Checkpoints = append(r.Checkpoints, s.Checkpoint())
	}
	return r, nil
}

// runTo is RunUntil(t) in slices of StopEvery, asking stop after each whether to go on; it
// reports false when stop ended it.
func (s *Sim) runTo(t Time, stop func() bool) bool {
	if stop == nil {
		s.RunUntil(t)
		return true
	}
	for {
		next := min(s.now+StopEvery, t)
		s.RunUntil(next)
		if stop() {
			return false
		}
		if next >= t {
			return true
		}
	}
}

// WriteJSON writes the report as one indented JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteText writes the report for people, in the style of the tools it mirrors: `ss -ltn`,
// `ss -tn state syn-recv`, `nstat -az` and `dmesg`.
func (r *Report) WriteText(w io.Writer, port uint16) error {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s on the %s (%s)\n", r.Scenario, r.Engine, r.Kernel)
	if p, err := LookupProfile(r.Kernel); err == nil && r.Engine == "model" {
		// Whether a real kernel proved the profile (docs/kernels.md), on a line of its own
		// so that the first line stays as it always was.
		fmt.Fprintf(&b, "profile %s: %s\n", p.Name, p.Proof())
	}
	for _, cp := range r.Checkpoints {
		fmt.Fprintf(&b, "\n=== at %s ===\n", cp.At)
		b.WriteString("$ ss -ltn\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "State\tRecv-Q\tSend-Q\tLocal Address:Port\tPeer Address:Port\n")
		fmt.Fprintf(tw, "LISTEN\t%d\t%d\t%s\t0.0.0.0:*\n", cp.Listener.RecvQ, cp.Listener.SendQ, ListenAddr(port))
		tw.Flush()
		fmt.Fprintf(&b, "$ ss -tn state syn-recv | tail -n +2 | wc -l\n%d\n", cp.SynRecv)
		fmt.Fprintf(&b, "application: %d accepted\n", cp.Accepted)
		c := cp.Clients
		fmt.Fprintf(&b, "clients: %d syn_sent, %d established, %d reset, %d timed_out, %d refused\n",
			c.SynSent, c.Established, c.Reset, c.TimedOut, c.Refused)
		b.WriteString("$ nstat -az\n#kernel\n")
		for _, s := range cp.Nstat {
			fmt.Fprintf(&b, "%-32s%-19d0.0\n", s.Name, s.Value)
		}
		b.WriteString("$ dmesg\n")
		if len(cp.Log) == 0 {
			b.WriteString("(nothing about this listener)\n")
		}
		for _, l := range cp.Log {
			b.WriteString(l + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
