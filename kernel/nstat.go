//go:build linux

package kernel

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"synq/model"
)

// counterFiles hold the namespace's SNMP counters: TcpExt in netstat, Tcp in snmp. Each file is
// pairs of lines, a header naming the fields and a line of values, both led by the group name.
var counterFiles = []string{"/proc/thread-self/net/netstat", "/proc/thread-self/net/snmp"}

// counters reads the namespace's counters through files opened on its thread (a /proc/net file
// shows the namespace it was opened in, whoever reads it later).
type counters struct{ files []*os.File }

func openCounters() (*counters, error) {
	c := &counters{}
	for _, name := range counterFiles {
		f, err := os.Open(name)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("opening the namespace's counters: %w", err)
		}
		c.files = append(c.files, f)
	}
	return c, nil
}

func (c *counters) Close() {
	for _, f := range c.files {
		f.Close()
	}
}

// read returns every counter under its nstat name (group + field, "TcpExtListenDrops").
func (c *counters) read() (map[string]uint64, error) {
	all := map[string]uint64{}
	for _, f := range c.files {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		b, err := io.ReadAll(f)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", f.Name(), err)
		}
		if err := parseCounters(b, all); err != nil {
			return nil, fmt.Errorf("reading %s: %w", f.Name(), err)
		}
	}
	return all, nil
}

// parseCounters adds the counters of one /proc/net/{netstat,snmp} file to into.
func parseCounters(b []byte, into map[string]uint64) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var header []string
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if header == nil || header[0] != fields[0] {
			header = fields
			continue
		}
		group := strings.TrimSuffix(header[0], ":")
		if len(fields) != len(header) {
			return fmt.Errorf("group %s has %d names and %d values", group, len(header)-1, len(fields)-1)
		}
		for i := 1; i < len(fields); i++ {
			v, err := strconv.ParseInt(fields[i], 10, 64)
			if err != nil {
				return fmt.Errorf("%s%s: %q is not a number", group, header[i], fields[i])
			}
			into[group+header[i]] = uint64(v)
		}
		header = nil
	}
	return sc.Err()
}

// nstat picks the report's counters, in the report's order, out of all of them.
func nstat(p *model.Profile, all map[string]uint64) (model.Nstat, error) {
	var out model.Nstat
	for _, c := range p.Counters() {
		v, ok := all[c.String()]
		if !ok {
			return nil, fmt.Errorf("this kernel has no counter %s", c)
		}
		out = append(out, model.Stat{Name: c.String(), Value: v})
	}
	return out, nil
}
