package model

import (
	"fmt"
	"strconv"
)

// Difference is one field whose value differs between two reports of the same scenario.
type Difference struct {
	At     Time
	Field  string // as the JSON report names it: "nstat.TcpExtListenDrops", "clients.established"
	Model  string
	Kernel string
}

// Diff compares a model report with a kernel report checkpoint by checkpoint, every field
// exactly, and lists what differs.
func Diff(m, k *Report) []Difference {
	var out []Difference
	n := max(len(m.Checkpoints), len(k.Checkpoints))
	for i := range n {
		if i >= len(m.Checkpoints) || i >= len(k.Checkpoints) {
			var at Time
			mv, kv := "missing", "missing"
			if i < len(m.Checkpoints) {
				at, mv = m.Checkpoints[i].At, "present"
			} else {
				at, kv = k.Checkpoints[i].At, "present"
			}
			out = append(out, Difference{At: at, Field: "checkpoint", Model: mv, Kernel: kv})
			continue
		}
		out = append(out, diffCheckpoint(&m.Checkpoints[i], &k.Checkpoints[i])...)
	}
	return out
}

// Fields lists a checkpoint's fields in report order, as name and value.
func (c *Checkpoint) Fields() [][2]string {
	num := func(v int) string { return strconv.Itoa(v) }
	f := [][2]string{
		{"listener.recv_q", num(c.Listener.RecvQ)},
		{"listener.send_q", num(c.Listener.SendQ)},
		{"syn_recv", num(c.SynRecv)},
		{"accepted", num(c.Accepted)},
		{"clients.syn_sent", num(c.Clients.SynSent)},
		{"clients.established", num(c.Clients.Established)},
		{"clients.reset", num(c.Clients.Reset)},
		{"clients.timed_out", num(c.Clients.TimedOut)},
		{"clients.refused", num(c.Clients.Refused)},
	}
	for _, s := range c.Nstat {
		f = append(f, [2]string{"nstat." + s.Name, strconv.FormatUint(s.Value, 10)})
	}
	for i, l := range c.Log {
		f = append(f, [2]string{fmt.Sprintf("log[%d]", i), l})
	}
	return f
}

func diffCheckpoint(m, k *Checkpoint) []Difference {
	var out []Difference
	if m.At != k.At {
		out = append(out, Difference{At: m.At, Field: "at", Model: m.At.String(), Kernel: k.At.String()})
	}
	mf, kf := m.Fields(), k.Fields()
	kv := map[string]string{}
	for _, f := range kf {
		kv[f[0]] = f[1]
	}
	seen := map[string]bool{}
	for _, f := range mf {
		seen[f[0]] = true
		v, ok := kv[f[0]]
		if !ok {
			v = "absent"
		}
		if v != f[1] {
			out = append(out, Difference{At: m.At, Field: f[0], Model: f[1], Kernel: v})
		}
	}
	for _, f := range kf {
		if !seen[f[0]] {
			out = append(out, Difference{At: m.At, Field: f[0], Model: "absent", Kernel: f[1]})
		}
	}
	return out
}
