package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// defaultPcapLimit is the largest capture `--pcap` writes unless --pcap-limit raises it.
const defaultPcapLimit = 1 << 30

// pcapFlags are the flags of the commands that record a capture: --pcap FILE and
// --pcap-limit SIZE.
type pcapFlags struct {
	path, limit string
	set         map[string]bool // which of them the command line gave
}

func (p *pcapFlags) define(fs *flag.FlagSet, what string) {
	fs.StringVar(&p.path, "pcap", "", what+" to `FILE` (pcap, raw IPv4); written under another name and renamed when complete")
	fs.StringVar(&p.limit, "pcap-limit", "1GiB", "refuse to run when the capture could grow past `SIZE` (like 500MB or 2GiB)")
}

// check refuses a --pcap that cannot take a capture safely: empty, a directory, the scenario
// file itself (under whatever name: os.SameFile), or a --pcap-limit that is not a size. It
// returns the limit in bytes.
func (p *pcapFlags) check(fs *flag.FlagSet, input string) (int64, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	limit, err := parseBytes(p.limit)
	switch {
	case err != nil:
		return 0, fmt.Errorf("--pcap-limit: %v", err)
	case set["pcap-limit"] && !set["pcap"]:
		return 0, errors.New("--pcap-limit is the limit of a capture; give it with --pcap FILE")
	case set["pcap"] && p.path == "":
		return 0, errors.New("--pcap needs a file name, and it was empty")
	case p.path == "":
		return limit, nil
	}
	st, err := os.Stat(p.path)
	if err != nil {
		return limit, nil // a new file; whether it can be made is seen when it is
	}
	if st.IsDir() {
		return 0, fmt.Errorf("--pcap %s is a directory; name a file, like %s", p.path, filepath.Join(p.path, "capture.pcap"))
	}
	if in, err := os.Stat(input); err == nil && os.SameFile(in, st) {
		return 0, fmt.Errorf("--pcap %s is the scenario file %s itself; name another file for the capture", p.path, input)
	}
	return limit, nil
}

// checkPcapSize refuses a capture that could be larger than limit.
func checkPcapSize(bound, limit int64) error {
	if bound <= limit {
		return nil
	}
	return fmt.Errorf("the capture could take up to %s (an upper bound worked out from the scenario's traffic), "+
		"more than the limit of %s; raise the limit with --pcap-limit %s, or capture a smaller or shorter run",
		formatBytes(bound), formatBytes(limit), suggestLimit(bound))
}

// suggestLimit is a round --pcap-limit that admits bound: the next whole number of GiB (or MiB).
func suggestLimit(bound int64) string {
	if bound < 1<<30 {
		return fmt.Sprintf("%dMiB", (bound+1<<20-1)>>20)
	}
	return fmt.Sprintf("%dGiB", (bound+1<<30-1)>>30)
}

// pcapOut is a capture being written. A capture of a regular file is written to a new file
// beside it and renamed over it only when complete, so that an existing file is replaced only
// by a whole capture, and nothing is left behind by a run that fails or is interrupted. A
// device or a pipe (/dev/null, a FIFO) is written in place: it cannot be renamed over.
type pcapOut struct {
	path   string // as the user named it
	target string // the file it names, symbolic links followed
	tmp    string // the file being written, renamed to target when complete; "" when writing to path itself
	f      *os.File
}

// createPcap starts the capture of path. A path that is a symbolic link is written through, as
// os.Create would: the capture replaces the file the link points to, and the link stays.
func createPcap(path string) (*pcapOut, error) {
	target := path
	if t, err := filepath.EvalSymlinks(path); err == nil {
		target = t
	}
	if st, err := os.Stat(target); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("--pcap %s: %w", path, bare(err))
		}
		return &pcapOut{path: path, target: target, f: f}, nil
	} else if err == nil {
		// The file will be replaced: it must be one this user may write, as os.Create would.
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("--pcap %s: %w", path, bare(err))
		}
		f.Close()
	}
	dir, base := filepath.Split(target)
	for i := 0; ; i++ {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.%d-%d.part", base, os.Getpid(), i))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("--pcap %s: cannot create a file in %s: %w", path, filepath.Clean(dir), bare(err))
		}
		return &pcapOut{path: path, target: target, tmp: tmp, f: f}, nil
	}
}

// commit ends a complete capture: the file is closed and takes its name.
func (o *pcapOut) commit() error {
	err := o.f.Close()
	if err == nil && o.tmp != "" {
		err = os.Rename(o.tmp, o.target)
	}
	if err != nil {
		o.discard()
		return fmt.Errorf("--pcap %s: %w", o.path, bare(err))
	}
	return nil
}

// discard ends a capture that is not to be kept: the partial file is removed, and a file that
// was at the path stays as it was.
func (o *pcapOut) discard() {
	o.f.Close()
	if o.tmp != "" {
		os.Remove(o.tmp)
	}
}

// notKept says, after discard, what became of the capture.
func (o *pcapOut) notKept() string {
	if o.tmp == "" {
		return "the capture to " + o.path + " is incomplete"
	}
	return "no capture written (" + o.path + " is as it was)"
}

// bare is the cause of a file operation's error without the file name it carries, for
// messages that name the file themselves.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
