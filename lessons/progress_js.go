//go:build js

package lessons

import (
	"fmt"
	"syscall/js"
)

// LocalStore keeps the progress in the browser's localStorage under Key.
type LocalStore struct{ Key string }

// DefaultStore is localStorage["synq.progress"].
func DefaultStore() (Store, error) {
	if ls := js.Global().Get("localStorage"); !ls.Truthy() {
		return nil, fmt.Errorf("this browser has no localStorage")
	}
	return LocalStore{Key: "synq.progress"}, nil
}

// Load reads the saved progress; none saved is no progress yet.
func (s LocalStore) Load() (*Progress, error) {
	v := js.Global().Get("localStorage").Call("getItem", s.Key)
	if v.IsNull() || v.IsUndefined() {
		return decodeProgress(nil)
	}
	return decodeProgress([]byte(v.String()))
}

// Save stores the progress (localStorage can refuse: private mode, quota).
func (s LocalStore) Save(p *Progress) (err error) {
	data, err := encodeProgress(p)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage refused the progress: %v", r)
		}
	}()
	js.Global().Get("localStorage").Call("setItem", s.Key, string(data))
	return nil
}
