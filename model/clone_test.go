package model_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"synq/model"
)

// sharedFields are the parts of a Sim that Clone shares on purpose, because nothing changes them
// during a run: the scenario, the profile, and the hooks (Options.Sent, the trace's observers). Memory
// reachable from the scenario and the profile may be shared too (the cookie MSS table is the
// profile's).
var sharedFields = []string{"sc", "prof", "sent", "trace.observers"}

// region is a piece of memory a run refers to: what a pointer points at, a slice's backing
// array, a map.
type region struct {
	lo, hi uintptr
	path   string
}

// memWalk collects the regions reachable from a value, field by field, and the paths of the
// references it found set.
type memWalk struct {
	regions []region
	set     map[string]bool // field paths (without indices) that held a non-nil reference
	seen    map[[2]uintptr]bool
	stop    []uintptr // the shared scenario and profile: not followed
	errs    []string
}

func newMemWalk(stop ...uintptr) *memWalk {
	return &memWalk{set: map[string]bool{}, seen: map[[2]uintptr]bool{}, stop: stop}
}

// hasRefs reports whether values of type t can refer to other memory (strings aside: they are
// immutable, so sharing one is harmless).
func hasRefs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return true
	case reflect.Array:
		return hasRefs(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasRefs(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

func (w *memWalk) add(lo, size uintptr, path string) {
	if size > 0 {
		w.regions = append(w.regions, region{lo, lo + size, path})
	}
}

// walk visits v, found at path; skip names field paths not to follow.
func (w *memWalk) walk(v reflect.Value, path string, skip []string) {
	if slices.Contains(skip, path) || !hasRefs(v.Type()) {
		return
	}
	key := strings.TrimPrefix(path, ".")
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		w.set[key] = true
		if slices.Contains(w.stop, v.Pointer()) {
			return
		}
		w.add(v.Pointer(), v.Type().Elem().Size(), path)
		k := [2]uintptr{v.Pointer(), uintptr(v.Type().Elem().Size())}
		if !w.seen[k] {
			w.seen[k] = true
			w.walk(v.Elem(), path, skip)
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		w.set[key] = true
		w.add(v.Pointer(), uintptr(v.Cap())*v.Type().Elem().Size(), path)
		if !hasRefs(v.Type().Elem()) {
			return // the elements refer to nothing: no need to visit them one by one
		}
		for i := range v.Len() {
			w.walk(v.Index(i), path+"[]", skip)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		w.set[key] = true
		w.add(v.Pointer(), 1, path)
		it := v.MapRange()
		for it.Next() {
			w.walk(it.Key(), path+"[key]", skip)
			w.walk(it.Value(), path+"[]", skip)
		}
	case reflect.Interface:
		if !v.IsNil() {
			w.set[key] = true
			w.walk(v.Elem(), path, skip)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			w.walk(v.Field(i), path+"."+v.Type().Field(i).Name, skip)
		}
	case reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i), path+"[]", skip)
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		if !v.IsNil() {
			// A closure or channel may hold anything; the model keeps none but the hooks.
			w.errs = append(w.errs, fmt.Sprintf("%s: a %s the test cannot look into; share it on purpose (sharedFields) or keep none", key, v.Kind()))
		}
	}
}

// refFields lists the field paths of a type that hold references directly (not through
// another reference): the fields Clone must think about.
func refFields(t reflect.Type, path string, out *[]string) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		*out = append(*out, strings.TrimPrefix(path, "."))
	case reflect.Struct:
		for i := range t.NumField() {
			refFields(t.Field(i).Type, path+"."+t.Field(i).Name, out)
		}
	case reflect.Array:
		refFields(t.Elem(), path+"[]", out)
	}
}

// aliases reports every region of the clone that overlaps memory reachable from the original,
// unless that memory is also reachable from the shared scenario and profile.
func aliases(orig, clone *model.Sim) []string {
	skip := make([]string, len(sharedFields))
	for i, f := range sharedFields {
		skip[i] = "." + f
	}
	stop := []uintptr{reflect.ValueOf(orig.Scenario()).Pointer(), reflect.ValueOf(orig.Profile()).Pointer()}
	o, c, shared := newMemWalk(stop...), newMemWalk(stop...), newMemWalk()
	o.walk(reflect.ValueOf(orig), "", skip)
	c.walk(reflect.ValueOf(clone), "", skip)
	shared.walk(reflect.ValueOf(orig.Scenario()), "scenario", nil)
	shared.walk(reflect.ValueOf(orig.Profile()), "profile", nil)
	var out []string
	within := func(r region, rs []region) bool {
		for _, s := range rs {
			if r.lo >= s.lo && r.hi <= s.hi {
				return true
			}
		}
		return false
	}
	for _, r := range c.regions {
		for _, x := range o.regions {
			if r.lo < x.hi && x.lo < r.hi && !within(r, shared.regions) {
				if m := fmt.Sprintf("the clone's Sim%s shares memory with the original's Sim%s", r.path, orItself(x.path)); !slices.Contains(out, m) {
					out = append(out, m)
				}
				break
			}
		}
	}
	// A func or channel found only by following a shared pointer into the original is reported
	// once, after the sharing that led there.
	for _, e := range append(o.errs, c.errs...) {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

func orItself(path string) string {
	if path == "" {
		return " itself"
	}
	return path
}

// TestCloneSharesNothing: a clone refers to no memory of the original except the documented
// shared parts, so that running one cannot change the other, whatever Clone is made to copy. It
// clones runs that fill every kind of state (the ≤4.3 listener timer, BSD's queue, requests,
// children, cookies, log lines, changes, lazy traffic), before and after both have run on, and
// it checks that every reference the Sim holds was set in one of them: a field added later
// that these runs never fill makes the test fail until they do.
func TestCloneSharesNothing(t *testing.T) {
	set := map[string]bool{}
	for _, prof := range []string{"centos-7", "linux-6.18", "bsd-4.4", "linux-2.6.32"} {
		sc := scenario(t, prof, 6*s1)
		sc.Server.Backlog = 16
		sc.Server.Sysctl.Syncookies = 1
		sc.Server.App = []model.AppStep{{Mode: model.AcceptRate, Rate: 20}}
		sc.Traffic = []model.Traffic{flood(500*ms, 3000, 1000), connect(0, 100, 50, 100)}
		sc.Changes = []model.Change{{At: 3 * s1, Kind: model.ChangeClients, Rate: 30}}
		if prof != "bsd-4.4" {
			sc.Changes = append(sc.Changes, model.Change{At: 2 * s1, Kind: model.ChangeSysctl, Key: "net.ipv4.tcp_synack_retries", Value: 3})
		}
		s, err := model.New(sc, model.Options{Sent: func(model.Packet) {}})
		if err != nil {
			t.Fatal(err)
		}
		s.Trace().AddObserver(func(model.Event) {})
		s.RunUntil(3500 * ms)
		if s.SynQueueLen() == 0 || s.AcceptQueueLen()+s.Accepted() == 0 {
			t.Fatalf("%s: SYN queue %d, accept queue %d, %d accepted at 3.5 s: the clone would copy little",
				prof, s.SynQueueLen(), s.AcceptQueueLen(), s.Accepted())
		}
		c := s.Clone()
		for _, a := range aliases(s, c) {
			t.Errorf("%s, at the clone: %s", prof, a)
		}
		s.RunUntil(5 * s1)
		c.RunUntil(5 * s1)
		for _, a := range aliases(s, c) {
			t.Errorf("%s, after both ran on: %s", prof, a)
		}
		w := newMemWalk()
		w.walk(reflect.ValueOf(c), "", nil)
		for k := range w.set {
			set[k] = true
		}
	}
	var fields []string
	refFields(reflect.TypeOf(model.Sim{}), "", &fields)
	for _, f := range fields {
		if !set[f] && !slices.Contains(sharedFields, f) {
			t.Errorf("the Sim's %s was nil in every run this test clones, so its copy went unchecked: make one of the runs fill it", f)
		}
	}
}
