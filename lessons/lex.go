package lessons

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"synq/model"
)

// The check expression's tokens: whole numbers (decimal or 0x hex), durations (2s, 250ms),
// names (with dots: clients.established, b.recv_q), strings in double quotes, operators.

type tokKind uint8

const (
	tEOF tokKind = iota
	tInt
	tDur
	tName
	tString
	tOp
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset in the source
	num  int64
	dur  model.Time
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "the end"
	case tString:
		return strconv.Quote(t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

var twoCharOps = []string{"&&", "||", "==", "!=", "<=", ">="}

func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X'):
			j := i + 2
			for j < len(src) && isNameChar(src[j]) {
				j++
			}
			v, err := strconv.ParseInt(src[i+2:j], 16, 64)
			if err != nil {
				return nil, fmt.Errorf("at %d: %q is not a hexadecimal number", i+1, src[i:j])
			}
			toks = append(toks, token{kind: tInt, text: src[i:j], pos: i, num: v})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			k := j
			for k < len(src) && isNameChar(src[k]) {
				k++
			}
			if k > j { // a unit follows: a duration
				t, err := model.ParseTime(src[i:k])
				if err != nil {
					return nil, fmt.Errorf("at %d: %q is not a number or a duration (write times like 2s or 250ms)", i+1, src[i:k])
				}
				toks = append(toks, token{kind: tDur, text: src[i:k], pos: i, dur: t})
				i = k
				continue
			}
			v, err := strconv.ParseInt(src[i:j], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("at %d: %q is not a whole number", i+1, src[i:j])
			}
			toks = append(toks, token{kind: tInt, text: src[i:j], pos: i, num: v})
			i = j
		case isNameStart(c):
			j := i
			for j < len(src) && (isNameChar(src[j]) || src[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tName, text: src[i:j], pos: i})
			i = j
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("at %d: a string that is not closed with \"", i+1)
			}
			toks = append(toks, token{kind: tString, text: b.String(), pos: i})
			i = j + 1
		default:
			op := ""
			for _, o := range twoCharOps {
				if strings.HasPrefix(src[i:], o) {
					op = o
				}
			}
			if op == "" && strings.ContainsRune("<>!+-*/%(),", rune(c)) {
				op = string(c)
			}
			if op == "" {
				if c == '=' || c == '&' || c == '|' {
					return nil, fmt.Errorf("at %d: %q is not an operator; write ==, && or ||", i+1, string(c))
				}
				return nil, fmt.Errorf("at %d: unexpected character %q", i+1, string(rune(c)))
			}
			toks = append(toks, token{kind: tOp, text: op, pos: i})
			i += len(op)
		}
	}
	return append(toks, token{kind: tEOF, pos: len(src)}), nil
}

func isNameStart(c byte) bool { return c == '_' || unicode.IsLetter(rune(c)) }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }
