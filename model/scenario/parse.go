// Package scenario reads scenario files (YAML, or JSON, which is YAML) into validated
// model.Scenario values with every default filled in, as the scenario-format contract
// describes. Every problem in a file is reported, each with the file, the line, the field and
// what is allowed there.
package scenario

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"synq/model"
)

// maxErrors is how many problems one file may report before the parser gives up on it.
const maxErrors = 100

// MaxFileBytes is the largest scenario file Load reads: 1 MiB, far more than any scenario
// needs (the longest lists the format allows take a few hundred KB).
const MaxFileBytes = 1 << 20

// Stdin is the file name that stands for standard input, and StdinName how messages name it.
const (
	Stdin     = "-"
	StdinName = "standard input"
)

// Load reads and parses the scenario file at path; "-" reads standard input. Its errors name
// the file as path gives it.
func Load(path string) (*model.Scenario, error) { return LoadFor(path, "") }

// LoadFor is Load where a file that names no kernel profile gets defaultProfile (empty: the
// newest), defaults included: `synq compare` models the running kernel.
func LoadFor(path, defaultProfile string) (*model.Scenario, error) {
	name := path
	if path == Stdin {
		name = StdinName
	}
	data, err := read(path)
	if err != nil {
		return nil, &Errors{{File: name, Msg: err.Error()}}
	}
	return parse(name, data, defaultProfile)
}

// read reads a scenario file of at most MaxFileBytes, or standard input for "-".
func read(path string) ([]byte, error) { return ReadInput(path, MaxFileBytes, "a scenario file") }

// ReadInput reads the file at path, of at most max bytes, or standard input (as much) for "-";
// what names the file the command expects, for messages ("a scenario file"). Only a regular
// file is opened: a directory, a named pipe with no writer or a device such as /dev/zero would
// block or never end, so they are refused from what Stat says before any read.
func ReadInput(path string, max int64, what string) ([]byte, error) {
	if path == Stdin {
		return readCapped(os.Stdin, max)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", pathErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("is %s, not a regular file; allowed: %s, or - for standard input", fileKind(fi.Mode()), what)
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("is %d bytes; allowed: at most %d bytes (%s)", fi.Size(), max, sizeText(max))
	}
	f, err := openFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", pathErr(err))
	}
	defer f.Close()
	// The file may have changed between Stat and Open: check again what was opened.
	if fi2, err := f.Stat(); err != nil || !os.SameFile(fi, fi2) {
		return nil, fmt.Errorf("cannot read the file: it changed while being opened")
	}
	return readCapped(f, max)
}

// readCapped reads r to its end, refusing more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %v", pathErr(err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("is more than %d bytes; allowed: at most %d bytes (%s)", max, max, sizeText(max))
	}
	return data, nil
}

// sizeText writes a limit in MiB when it is a whole number of them.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// pathErr drops the path from an error about a file, which the message names already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Parse reads one scenario from data, which came from the file filename (used in messages
// only). It returns the validated scenario, or an *Errors holding every problem found.
func Parse(filename string, data []byte) (*model.Scenario, error) { return parse(filename, data, "") }

// ParseNode reads one scenario from a node of a YAML document that holds more than the
// scenario (a lesson step's `scenario:`). Errors name filename and the node's own lines.
func ParseNode(filename string, n *yaml.Node) (*model.Scenario, error) {
	p := &parser{file: filename}
	p.Walker = Walker{Report: func(n *yaml.Node, path, msg string) { p.errorf(n, path, "%s", msg) }}
	s := p.run(func() *yaml.Node { return n })
	p.memory(s)
	if len(p.errs) > 0 {
		return nil, &p.errs
	}
	return s, nil
}

func parse(filename string, data []byte, defaultProfile string) (*model.Scenario, error) {
	if len(data) > MaxFileBytes {
		return nil, &Errors{{File: filename, Msg: fmt.Sprintf("is %d bytes; allowed: at most %d bytes (1 MiB)", len(data), MaxFileBytes)}}
	}
	p := &parser{file: filename, defaultProfile: defaultProfile}
	p.Walker = Walker{Report: func(n *yaml.Node, path, msg string) { p.errorf(n, path, "%s", msg) }}
	s := p.run(func() *yaml.Node { return p.document(data) })
	p.memory(s)
	if len(p.errs) > 0 {
		return nil, &p.errs
	}
	return s, nil
}

// parser walks one file's node tree, collecting errors as it goes.
type parser struct {
	Walker         // the shapes of nodes; its problems go to errorf
	file           string
	defaultProfile string // for a file that names none; empty: the newest
	errs           Errors
	profile        *model.Profile // nil if the file names an unknown one
	end            model.Time     // the scenario's duration; 0 while missing or invalid
	serverKey      *yaml.Node     // the server section's key, nil if the file has none
	entries        []*yaml.Node   // the traffic entries
}

// memory refuses a valid scenario whose run would need more than model.MemoryLimit, at the
// field to change.
func (p *parser) memory(s *model.Scenario) {
	if len(p.errs) > 0 || s == nil {
		return
	}
	m := CheckMemory(s, model.MemoryLimit)
	switch {
	case m == nil:
	case m.Entry >= 0 && m.Entry < len(p.entries):
		p.errs = append(p.errs, Error{File: p.file, Line: p.entries[m.Entry].Line, Field: index("traffic", m.Entry), Msg: m.Msg})
	case m.Requests && p.serverKey != nil:
		p.errs = append(p.errs, Error{File: p.file, Line: p.serverKey.Line, Field: "server", Msg: m.Msg})
	default:
		p.errs = append(p.errs, Error{File: p.file, Msg: m.Msg})
	}
}

// tooMany is the panic that stops a parse once maxErrors problems are found.
type tooMany struct{}

// errorf records a problem at n's line (0 if n is nil).
func (p *parser) errorf(n *yaml.Node, field, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.errs = append(p.errs, Error{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	if len(p.errs) >= maxErrors {
		panic(tooMany{})
	}
}

// run parses the scenario at the node root returns (nil after it reported why there is none)
// and sorts the errors by line.
func (p *parser) run(root func() *yaml.Node) (s *model.Scenario) {
	defer func() {
		r := recover()
		if r != nil {
			if _, ok := r.(tooMany); !ok {
				panic(r)
			}
		}
		slices.SortStableFunc(p.errs, func(a, b Error) int { return cmp.Compare(a.Line, b.Line) })
		if r != nil {
			p.errs = append(p.errs, Error{File: p.file, Msg: fmt.Sprintf("too many errors; stopped after %d", maxErrors)})
			s = nil
		}
	}()
	n := root()
	if n == nil {
		return nil
	}
	return p.scenario(n)
}

// yamlQuoted matches a quoted part of the YAML parser's messages.
var yamlQuoted = regexp.MustCompile(`'[^']*'`)

// yamlLine matches the line number in the YAML parser's syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document parses data as exactly one YAML document and returns its top node, or nil after
// reporting why there is none.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := decode(dec, &doc)
	if err == io.EOF || err == nil && len(doc.Content) == 0 {
		p.errorf(nil, "", "the file is empty; a scenario needs at least name and duration")
		return nil
	}
	if err != nil {
		p.syntax(err, data)
		return nil
	}
	var extra yaml.Node
	switch err := decode(dec, &extra); {
	case err == io.EOF:
	case err != nil:
		p.syntax(err, data)
		return nil
	default:
		at := &extra
		if len(extra.Content) > 0 {
			at = extra.Content[0]
		}
		p.errorf(at, "", "a second YAML document; allowed: one scenario per file")
	}
	return doc.Content[0]
}

// decode reads the next document, turning a panic inside the YAML library into an error.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}

// parserProblems are the YAML library's parser (not scanner) errors. It reports their line
// 0-based, the others 1-based; and without a line they are on the first.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// syntax reports a YAML syntax error, with its line when the library gives one.
func (p *parser) syntax(err error, data []byte) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if parserProblems[msg] {
		line++
	}
	// An error at the end of the stream may be counted on the line after the last.
	last := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		last++
	}
	line = min(line, max(last, 1))
	// The library quotes what it found ('name' of an unknown anchor): cut it as Clip does.
	msg = yamlQuoted.ReplaceAllStringFunc(msg, func(q string) string {
		if inner := q[1 : len(q)-1]; Clip(inner) != strconv.Quote(inner) {
			return Clip(inner)
		}
		return q
	})
	if !strings.Contains(msg, "tab") && hasTab(data, line) {
		msg += "; the line holds a tab, and YAML indents with spaces only: replace the tab with spaces"
	}
	p.errorf(&yaml.Node{Line: line}, "", "not valid YAML: %s", msg)
}

// hasTab reports whether line (1-based) of data holds a tab character.
func hasTab(data []byte, line int) bool {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if i+1 == line {
			return bytes.IndexByte(l, '\t') >= 0
		}
	}
	return false
}
