package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteJSON writes the diagnosis, with the observation it rests on, as one indented JSON object.
func (d *Diagnosis) WriteJSON(w io.Writer) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteText writes the diagnosis for people: the kernel, the settings, the listeners as
// `ss -ltn` shows them, the counters as `nstat` does, the log lines explained, the findings,
// and what could not be told.
func (d *Diagnosis) WriteText(w io.Writer) error {
	var b strings.Builder
	o := d.Observation
	fmt.Fprintf(&b, "synq doctor: %s\n", o.Source)
	rel := d.Kernel.Release
	if rel == "" {
		rel = "(release not seen)"
	}
	fmt.Fprintf(&b, "kernel %s: profile %s (%s)\n", rel, d.Kernel.Profile, d.Kernel.How)

	b.WriteString("\n$ sysctl (listener settings)\n")
	for _, s := range d.Sysctls {
		note := ""
		if !s.Seen {
			note = "   (not seen: the profile's default)"
		}
		fmt.Fprintf(&b, "%s = %d%s\n", s.Key, s.Value, note)
	}

	b.WriteString("\n$ ss -ltn (with the SYN-RECV requests per listener and what the queues mean here)\n")
	if !o.ListenersKnown {
		b.WriteString("(not seen)\n")
	} else {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "State\tRecv-Q\tSend-Q\tLocal Address:Port\tSYN-RECV\tSYN limit\tProcess\n")
		for _, l := range d.Listeners {
			sq, syn, lim := fmt.Sprint(l.SendQ), fmt.Sprint(l.SynRecv), fmt.Sprint(l.SynQueueLimit)
			if l.SendQ < 0 {
				sq, lim = "?", "?"
			}
			if l.SynRecv < 0 {
				syn = "?"
			}
			flags := []string{}
			if l.AcceptFull {
				flags = append(flags, "ACCEPT QUEUE FULL")
			}
			if l.SynQueueFull {
				flags = append(flags, "SYN QUEUE FULL")
			}
			proc := l.Process
			if len(flags) > 0 {
				proc = strings.TrimSpace(proc + "  <- " + strings.Join(flags, ", "))
			}
			fmt.Fprintf(tw, "LISTEN\t%d\t%s\t%s\t%s\t%s\t%s\n", l.RecvQ, sq, l.Addr, syn, lim, proc)
		}
		tw.Flush()
		for _, l := range d.Listeners {
			if len(l.Samples) > 1 && (l.AcceptFull || l.SynQueueFull || maxRecvQ(l.Samples) > 0 || maxSynRecv(l.Samples) > 0) {
				fmt.Fprintf(&b, "%s over time (s: Recv-Q/SYN-RECV):", l.Addr)
				for _, s := range l.Samples {
					fmt.Fprintf(&b, " %.0f:%d/%d", s.At.Seconds(), s.RecvQ, s.SynRecv)
				}
				b.WriteString("\n")
			}
		}
	}

	if d.Sampled {
		fmt.Fprintf(&b, "\n$ nstat (changes over %.1fs, rate per second, total)\n", d.Span.Seconds())
	} else {
		b.WriteString("\n$ nstat -az (totals since boot; one reading, so no rates)\n")
	}
	if len(d.Counters) == 0 {
		b.WriteString("(not seen)\n")
	}
	for _, c := range d.Counters {
		if d.Sampled {
			fmt.Fprintf(&b, "%-30s %8d %10.1f/s %12d\n", c.Name, c.Value, c.Rate, c.Total)
		} else {
			fmt.Fprintf(&b, "%-30s %8d\n", c.Name, c.Value)
		}
	}

	b.WriteString("\n$ dmesg (lines about listeners)\n")
	switch {
	case !o.LogKnown:
		b.WriteString("(not seen)\n")
	case len(d.Log) == 0:
		b.WriteString("(nothing about listeners)\n")
	}
	for _, l := range d.Log {
		b.WriteString(l.Line + "\n")
		if l.Count > 1 {
			fmt.Fprintf(&b, "  (%d times)\n", l.Count)
		}
		for _, e := range l.Explanation {
			b.WriteString("  - " + e + "\n")
		}
	}

	b.WriteString("\nFindings\n")
	if len(d.Findings) == 0 {
		b.WriteString("nothing wrong found in what was seen\n")
	}
	for i, f := range d.Findings {
		where := ""
		if f.Listener != "" {
			where = " on " + f.Listener
		}
		fmt.Fprintf(&b, "%d. [%s]%s: %s\n   rule: %s\n", i+1, f.ID, where, f.Title, f.Rule)
		for _, e := range f.Evidence {
			b.WriteString("   evidence: " + e + "\n")
		}
		for _, c := range f.Change {
			b.WriteString("   change: " + c + "\n")
		}
		for _, n := range f.NotHelp {
			b.WriteString("   would not help: " + n + "\n")
		}
	}
	if len(d.Unknown) > 0 {
		b.WriteString("\nCould not tell, or not seen\n")
		for _, u := range d.Unknown {
			b.WriteString("- " + u + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func maxRecvQ(s []QueueSample) int {
	m := 0
	for _, x := range s {
		m = max(m, x.RecvQ)
	}
	return m
}

func maxSynRecv(s []QueueSample) int {
	m := 0
	for _, x := range s {
		m = max(m, x.SynRecv)
	}
	return m
}
