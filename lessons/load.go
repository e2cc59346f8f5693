package lessons

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The lesson files: en/ defines every lesson; another language's folder holds translations.
//
//go:embed [a-z][a-z]/*.yaml
var embedded embed.FS

// DefaultLang is the language that defines the lessons; translations fall back to it.
const DefaultLang = "en"

// Load returns the embedded lessons in order, with their text in lang where a translation has
// it and in English otherwise. lang may be a locale such as "de_DE.UTF-8"; "" is English.
func Load(lang string) ([]*Lesson, error) { return LoadFS(embedded, lang) }

// Find returns the lesson with that id, or nil.
func Find(ls []*Lesson, id string) *Lesson {
	for _, l := range ls {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// normLang turns a locale ("de_DE.UTF-8", "pt-BR") into a language folder name ("de", "pt").
func normLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "_-.@"); i >= 0 {
		lang = lang[:i]
	}
	if lang == "" || lang == "c" || lang == "posix" {
		return DefaultLang
	}
	return lang
}

// LoadFS reads the lessons from fsys, laid out as lessons/ is: en/NN-id.yaml defines each
// lesson, lang/NN-id.yaml translates its text. Every problem in every file is reported. A step
// whose scenario cannot be read (an unknown kernel profile) does not stop the lesson from
// loading: it keeps the problem in Step.ScenarioErr.
func LoadFS(fsys fs.FS, lang string) ([]*Lesson, error) {
	lang = normLang(lang)
	files, err := fs.Glob(fsys, DefaultLang+"/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*Lesson
	var errs Errors
	seen := map[string]string{}
	numbers := map[int]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, &Error{File: "lessons/" + f, Msg: err.Error()})
			continue
		}
		l, e := parseLesson("lessons/"+f, path.Base(f), data)
		errs = append(errs, e...)
		if l == nil {
			continue
		}
		if other, dup := seen[l.ID]; dup {
			errs = append(errs, &Error{File: l.File, Msg: fmt.Sprintf("lesson id %q is also used by %s", l.ID, other)})
			continue
		}
		if other, dup := numbers[l.Number]; dup {
			errs = append(errs, &Error{File: l.File, Msg: fmt.Sprintf("lesson number %02d is also used by %s", l.Number, other)})
			continue
		}
		seen[l.ID], numbers[l.Number] = l.File, l.File
		if lang != DefaultLang {
			tf := lang + "/" + path.Base(f)
			if data, err := fs.ReadFile(fsys, tf); err == nil {
				errs = append(errs, translate(l, "lessons/"+tf, lang, data)...)
			}
		}
		out = append(out, l)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, &Error{File: "lessons/" + DefaultLang, Msg: "no lesson files"})
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// translate replaces the lesson's text with a translation's. A translation file has the
// lesson's shape but text only: id, title, summary, and per step (in order) title, narration,
// predict (question, choices, right, wrong, after), side.label and checks (claim). What it leaves out
// stays English.
func translate(l *Lesson, file, lang string, data []byte) Errors {
	p := &lessonParser{file: file, id: l.ID, step: -1}
	root := p.document(data)
	if root == nil {
		return p.errs
	}
	f := p.fields(root, "", "id", "title", "summary", "steps")
	if id := p.str(f["id"], "id", true); id != "" && id != l.ID {
		p.errorf(f["id"], "id", "%q: a translation has the id of the lesson it translates, %q", id, l.ID)
	}
	text := func(n *yaml.Node, field string, dst *string) {
		if n != nil {
			if s := p.str(n, field, true); s != "" {
				*dst = s
			}
		}
	}
	text(f["title"], "title", &l.Title)
	text(f["summary"], "summary", &l.Summary)
	steps := p.list(f["steps"], "steps")
	if len(steps) > len(l.Steps) {
		p.errorf(f["steps"], "steps", "%d steps, but the lesson has %d", len(steps), len(l.Steps))
		steps = steps[:len(l.Steps)]
	}
	translated := false
	for i, sn := range steps {
		st := l.Steps[i]
		p.step, p.title = i, st.Title
		sf := p.fields(sn, "", "title", "narration", "predict", "side", "checks")
		text(sf["title"], "title", &st.Title)
		text(sf["narration"], "narration", &st.Narration)
		translated = translated || sf["narration"] != nil
		if qn := sf["predict"]; qn != nil {
			if st.Predict == nil {
				p.errorf(qn, "predict", "the lesson's step asks no question")
			} else {
				qf := p.fields(qn, "predict", "question", "choices", "right", "wrong", "after")
				q := *st.Predict
				text(qf["question"], "predict.question", &q.Text)
				text(qf["right"], "predict.right", &q.Right)
				text(qf["wrong"], "predict.wrong", &q.Wrong)
				text(qf["after"], "predict.after", &q.After)
				if qf["choices"] != nil {
					cs := p.strings(qf["choices"], "predict.choices")
					if len(cs) != len(q.Choices) {
						p.errorf(qf["choices"], "predict.choices", "%d choices, but the question has %d", len(cs), len(q.Choices))
					} else {
						q.Choices = cs
					}
				}
				st.Predict = &q
			}
		}
		if sn := sf["side"]; sn != nil {
			lf := p.fields(sn, "side", "label")
			if st.Side == nil {
				p.errorf(sn, "side", "the lesson's step has no side-by-side run")
			} else {
				text(lf["label"], "side.label", &st.Side.Label)
			}
		}
		cl := p.list(sf["checks"], "checks")
		if len(cl) > len(st.Checks) {
			p.errorf(sf["checks"], "checks", "%d checks, but the step has %d", len(cl), len(st.Checks))
			cl = cl[:len(st.Checks)]
		}
		for j, cn := range cl {
			cf := p.fields(cn, fmt.Sprintf("checks[%d]", j), "claim")
			text(cf["claim"], fmt.Sprintf("checks[%d].claim", j), &st.Checks[j].Claim)
		}
	}
	if translated || f["title"] != nil {
		l.Lang = lang
	}
	return p.errs
}
