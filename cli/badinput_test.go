package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// badInputDoc is the page that lists every kind of bad input tried and what synq does with it.
// Its command-line table is run here, row by row; the page links are opened in web/params.
const badInputDoc = "docs/bad-input.md"

// badInputRow is one row of the command-line table.
type badInputRow struct {
	line  int    // in the doc, for messages
	what  string // the first column
	cmd   string // the command as written, "synq …"
	exit  int
	wants []string // each must appear on standard error
}

// A row's cells: | what | `command` | exit | "fragment", `fragment` … |
var (
	backticked = regexp.MustCompile("`([^`]*)`")
	fragment   = regexp.MustCompile("\"([^\"]*)\"|`([^`]*)`")
)

// readBadInputTable returns the rows of the doc's table under the given heading.
func readBadInputTable(t *testing.T, heading string) [][]string {
	t.Helper()
	data, err := os.ReadFile(badInputDoc)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "## ") {
			in = line == "## "+heading
			continue
		}
		if !in || !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		for j := range cells {
			cells[j] = strings.TrimSpace(cells[j])
		}
		rows = append(rows, append([]string{strconv.Itoa(i + 1)}, cells...))
	}
	if len(rows) < 2 {
		t.Fatalf("%s: no table under %q", badInputDoc, heading)
	}
	return rows[1:] // without the header
}

func commandLineRows(t *testing.T) []badInputRow {
	var out []badInputRow
	for _, cells := range readBadInputTable(t, "The command line") {
		if len(cells) != 5 {
			t.Fatalf("%s:%s: want 4 cells, got %d", badInputDoc, cells[0], len(cells)-1)
		}
		line, _ := strconv.Atoi(cells[0])
		m := backticked.FindStringSubmatch(cells[2])
		if m == nil || !strings.HasPrefix(m[1], "synq") {
			t.Fatalf("%s:%d: the command must be `synq …`, got %q", badInputDoc, line, cells[2])
		}
		exit, err := strconv.Atoi(cells[3])
		if err != nil {
			t.Fatalf("%s:%d: exit %q is not a number", badInputDoc, line, cells[3])
		}
		row := badInputRow{line: line, what: cells[1], cmd: m[1], exit: exit}
		for _, f := range fragment.FindAllStringSubmatch(cells[4], -1) {
			row.wants = append(row.wants, f[1]+f[2])
		}
		if len(row.wants) == 0 {
			t.Fatalf("%s:%d: the last cell names nothing the command must say", badInputDoc, line)
		}
		out = append(out, row)
	}
	return out
}

// splitCommand splits a command line as a shell would for these simple rows: words separated
// by spaces, '…' and "…" quoting (so ” is an empty word), and "< FILE" for standard input.
func splitCommand(s string) (args []string, stdin string, err error) {
	var word strings.Builder
	inWord, quote := false, rune(0)
	redirect := false
	flush := func() {
		if !inWord {
			return
		}
		if redirect {
			stdin, redirect = word.String(), false
		} else {
			args = append(args, word.String())
		}
		word.Reset()
		inWord = false
	}
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			flush()
		case r == '<' && !inWord:
			redirect = true
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, "", errors.New("unclosed quote")
	}
	flush()
	if redirect {
		return nil, "", errors.New("< without a file")
	}
	return args, stdin, nil
}

func TestSplitCommand(t *testing.T) {
	args, stdin, err := splitCommand(`synq run - --pcap '' "a b" < x.yaml`)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"synq", "run", "-", "--pcap", "", "a b"}; strings.Join(args, "|") != strings.Join(want, "|") || len(args) != len(want) {
		t.Errorf("args %q, want %q", args, want)
	}
	if stdin != "x.yaml" {
		t.Errorf("stdin %q, want x.yaml", stdin)
	}
	if _, _, err := splitCommand(`synq run 'x`); err == nil {
		t.Error("an unclosed quote is accepted")
	}
}

// goCrash is what the Go runtime prints when a program dies of a bug rather than an error.
var goCrash = regexp.MustCompile(`(?m)^(panic: |fatal error: |goroutine \d+ \[)`)

// TestBadInputTable runs every row of the command-line table in docs/bad-input.md as a real
// process, and checks its exit code, its standard error, that it printed no report, that it
// ended in time without a crash, and that the user's scenario file is untouched.
func TestBadInputTable(t *testing.T) {
	mine, err := os.ReadFile("testdata/accept-overflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range commandLineRows(t) {
		t.Run(strconv.Itoa(row.line), func(t *testing.T) {
			dir := t.TempDir()
			minePath := filepath.Join(dir, "mine.yaml")
			if err := os.WriteFile(minePath, mine, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "big.yaml"), bytes.Repeat([]byte("#"), 1<<20+1), 0o644); err != nil {
				t.Fatal(err)
			}
			words, stdinFile, err := splitCommand(strings.ReplaceAll(row.cmd, "$DIR", dir))
			if err != nil {
				t.Fatalf("%s:%d: %v", badInputDoc, row.line, err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], words[1:]...)
			cmd.Env = append(os.Environ(), "SYNQ_TEST_MAIN=1")
			if stdinFile != "" {
				f, err := os.Open(stdinFile)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err = cmd.Run()
			where := badInputDoc + ":" + strconv.Itoa(row.line) + ": " + row.cmd
			if ctx.Err() != nil {
				t.Fatalf("%s: still running after 20 s", where)
			}
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if code != row.exit {
				t.Errorf("%s: exit %d, want %d; stderr:\n%s", where, code, row.exit, stderr.String())
			}
			if code != 0 && stdout.Len() > 0 {
				t.Errorf("%s: failed but printed on standard output:\n%s", where, stdout.String())
			}
			said, stream := stderr.String(), "standard error"
			if row.exit == 0 {
				said, stream = stdout.String(), "standard output"
			}
			for _, want := range row.wants {
				if !strings.Contains(said, want) {
					t.Errorf("%s: %s does not say %q:\n%s", where, stream, want, said)
				}
			}
			if goCrash.MatchString(stderr.String()) {
				t.Errorf("%s: crashed:\n%s", where, stderr.String())
			}
			if got, err := os.ReadFile(minePath); err != nil || !bytes.Equal(got, mine) {
				t.Errorf("%s: the user's scenario file changed (read error %v)", where, err)
			}
		})
	}
}
