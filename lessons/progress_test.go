//go:build !js

package lessons_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"synq/lessons"
)

func TestProgressRoundTrip(t *testing.T) {
	store := lessons.FileStore{Path: filepath.Join(t.TempDir(), "synq", "progress.json")}
	p, err := store.Load()
	if err != nil || len(p.Lessons) != 0 {
		t.Fatalf("Load with no file = %+v, %v; want empty progress and no error", p, err)
	}
	p.Reach("handshake", 2)
	p.Reach("handshake", 1) // going back does not forget how far the learner got
	p.Answer("handshake", 0, 1)
	p.Answer("handshake", 0, 2) // the first answer counts
	p.Answer("handshake", 1, 0)
	p.Complete("somaxconn")
	if err := store.Save(p); err != nil {
		t.Fatal(err)
	}
	q, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := q.Lessons["handshake"]
	if h == nil || h.Step != 2 || h.Answers[0] != 1 || h.Answers[1] != 0 || h.Completed {
		t.Errorf("handshake after a round trip = %+v; want step 2, answers {0:1, 1:0}, not completed", h)
	}
	if s := q.Lessons["somaxconn"]; s == nil || !s.Completed {
		t.Errorf("somaxconn after a round trip = %+v; want completed", s)
	}
	entries, _ := os.ReadDir(filepath.Dir(store.Path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only progress.json (no temporary file left)", len(entries))
	}
}

func TestProgressResume(t *testing.T) {
	ls, err := lessons.Load("")
	if err != nil {
		t.Fatal(err)
	}
	l := lessons.Find(ls, "handshake")
	var p lessons.Progress
	if got := p.Resume(l); got != 0 {
		t.Errorf("Resume of an unstarted lesson = %d, want 0", got)
	}
	p.Reach(l.ID, 2)
	if got := p.Resume(l); got != 2 {
		t.Errorf("Resume = %d, want 2", got)
	}
	p.Reach(l.ID, 99) // the lesson has fewer steps now
	if got := p.Resume(l); got != len(l.Steps)-1 {
		t.Errorf("Resume past the end = %d, want the last step %d", got, len(l.Steps)-1)
	}
	p.Complete(l.ID)
	if got := p.Resume(l); got != 0 {
		t.Errorf("Resume of a completed lesson = %d, want 0 (start again)", got)
	}
}

func TestProgressUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := lessons.FileStore{Path: path}.Load()
	if err == nil || !strings.Contains(err.Error(), "unreadable") {
		t.Errorf("Load of a corrupt file: err = %v", err)
	}
	if p == nil || p.Lessons == nil {
		t.Fatal("Load of a corrupt file gives no usable progress")
	}
	p.Reach("handshake", 1) // usable: the app starts afresh
}

func TestDefaultStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	s, err := lessons.DefaultStore()
	if err != nil {
		t.Fatal(err)
	}
	fs, ok := s.(lessons.FileStore)
	if !ok || !strings.HasPrefix(fs.Path, dir) || !strings.HasSuffix(fs.Path, filepath.Join("synq", "progress.json")) {
		t.Errorf("DefaultStore = %#v, want a FileStore at <config dir>/synq/progress.json under %s", s, dir)
	}
}
