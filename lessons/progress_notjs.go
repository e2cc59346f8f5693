//go:build !js

package lessons

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// FileStore keeps the progress in a JSON file.
type FileStore struct{ Path string }

// DefaultStore is the progress file in the user's configuration folder:
// os.UserConfigDir()/synq/progress.json (~/.config/synq/progress.json on Linux).
func DefaultStore() (Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, err
	}
	return FileStore{Path: filepath.Join(dir, "synq", "progress.json")}, nil
}

// Load reads the file; a missing file is no progress yet. An unreadable file gives empty
// progress and an error saying so.
func (s FileStore) Load() (*Progress, error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return decodeProgress(nil)
	}
	if err != nil {
		p, _ := decodeProgress(nil)
		return p, err
	}
	return decodeProgress(data)
}

// Save writes the file (and its folder), replacing it in one step so a crash never leaves
// half a file.
func (s FileStore) Save(p *Progress) error {
	data, err := encodeProgress(p)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".progress-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.Path)
}
