//go:build js

package lessons_test

import (
	"strings"
	"syscall/js"
	"testing"

	"synq/lessons"
)

// fakeLocalStorage installs a localStorage backed by a Go map (Node has none).
func fakeLocalStorage(t *testing.T) map[string]string {
	items := map[string]string{}
	get := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if v, ok := items[args[0].String()]; ok {
			return v
		}
		return nil
	})
	set := js.FuncOf(func(_ js.Value, args []js.Value) any {
		items[args[0].String()] = args[1].String()
		return nil
	})
	ls := js.Global().Get("Object").New()
	ls.Set("getItem", get)
	ls.Set("setItem", set)
	old := js.Global().Get("localStorage")
	js.Global().Set("localStorage", ls)
	t.Cleanup(func() {
		js.Global().Set("localStorage", old)
		get.Release()
		set.Release()
	})
	return items
}

func TestLocalStoreRoundTrip(t *testing.T) {
	items := fakeLocalStorage(t)
	s, err := lessons.DefaultStore()
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Load()
	if err != nil || len(p.Lessons) != 0 {
		t.Fatalf("Load with nothing saved = %+v, %v", p, err)
	}
	p.Reach("handshake", 3)
	p.Answer("handshake", 1, 2)
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	if items["synq.progress"] == "" {
		t.Fatalf("nothing stored under synq.progress: %v", items)
	}
	q, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if h := q.Lessons["handshake"]; h == nil || h.Step != 3 || h.Answers[1] != 2 {
		t.Errorf("after a round trip: %+v", h)
	}
}

// TestStorageThatThrows: where reading window.localStorage throws (cookies blocked), the
// store says why instead of stopping the page, and a store made before keeps working without it.
func TestStorageThatThrows(t *testing.T) {
	fakeLocalStorage(t)
	s, err := lessons.DefaultStore()
	if err != nil {
		t.Fatal(err)
	}
	desc := js.Global().Get("Object").Call("getOwnPropertyDescriptor", js.Global(), "localStorage")
	throwing := js.Global().Call("eval", `(function () { throw new Error("The operation is insecure.") })`)
	js.Global().Get("Object").Call("defineProperty", js.Global(), "localStorage",
		map[string]any{"get": throwing, "configurable": true})
	defer js.Global().Get("Object").Call("defineProperty", js.Global(), "localStorage", desc)

	if _, err := lessons.DefaultStore(); err == nil || !strings.Contains(err.Error(), "insecure") {
		t.Errorf("DefaultStore with a throwing localStorage: err %v, want the browser's reason", err)
	}
	p, err := s.Load()
	if p == nil || len(p.Lessons) != 0 {
		t.Errorf("Load with a throwing localStorage = %+v, %v; want no progress", p, err)
	}
	if err := s.Save(p); err == nil {
		t.Error("Save with a throwing localStorage says it saved")
	}
}
