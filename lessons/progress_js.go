//go:build js

package lessons

import (
	"fmt"
	"syscall/js"
)

// LocalStore keeps the progress in the browser's localStorage under Key.
type LocalStore struct{ Key string }

// DefaultStore is localStorage["synq.progress"]. A browser may have no localStorage, or one
// whose very getter throws (cookies blocked for the site, some private modes): then the error
// says so, and the caller keeps the progress in memory for as long as the page is open.
func DefaultStore() (Store, error) {
	if _, err := localStorage(); err != nil {
		return nil, err
	}
	return LocalStore{Key: "synq.progress"}, nil
}

// localStorage returns window.localStorage, or why it cannot be had. Reading it can throw.
// A throw inside js.Value.Get is not caught on the way back into Go and stops the program,
// whereas one inside Call becomes a panic (js.Error): so it is read through Reflect.get, and
// the panic is recovered here, never left to stop the page.
func localStorage() (ls js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the browser refuses local storage (%v)", r)
		}
	}()
	ls = js.Global().Get("Reflect").Call("get", js.Global(), "localStorage")
	if !ls.Truthy() {
		return js.Value{}, fmt.Errorf("this browser has no local storage")
	}
	return ls, nil
}

// Load reads the saved progress; none saved is no progress yet.
func (s LocalStore) Load() (p *Progress, err error) {
	ls, err := localStorage()
	if err != nil {
		return decodeProgress(nil)
	}
	defer func() {
		if r := recover(); r != nil {
			p, err = &Progress{Lessons: map[string]*LessonProgress{}}, fmt.Errorf("the browser refused to read the saved progress: %v", r)
		}
	}()
	v := ls.Call("getItem", s.Key)
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
	ls, err := localStorage()
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage refused the progress: %v", r)
		}
	}()
	ls.Call("setItem", s.Key, string(data))
	return nil
}
