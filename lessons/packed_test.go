package lessons_test

import (
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"synq/assets/yamlpack"
	"synq/lessons"
	"synq/model"
)

// The training page loads the lessons packed by yamlpack: what it gets must be what the
// YAML gives, to the last field.
func TestPackedLessonsLoadTheSame(t *testing.T) {
	src := os.DirFS(".")
	files, err := fs.Glob(src, "[a-z][a-z]/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no lesson files found")
	}
	packed := fstest.MapFS{}
	for _, f := range files {
		data, err := fs.ReadFile(src, f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := yamlpack.Pack(&doc)
		if err != nil {
			t.Fatalf("packing %s: %v", f, err)
		}
		packed[f] = &fstest.MapFile{Data: b}
	}
	want, err := lessons.Load("en")
	if err != nil {
		t.Fatal(err)
	}
	got, err := lessons.LoadFS(packed, "en")
	if err != nil {
		t.Fatalf("loading packed: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d lessons packed, %d from YAML", len(got), len(want))
	}
	for i := range want {
		wantKernels, gotKernels := dropProfiles(reflect.ValueOf(want[i])), dropProfiles(reflect.ValueOf(got[i]))
		if len(wantKernels) == 0 {
			t.Fatalf("lesson %s: no kernel profiles found in it", want[i].ID)
		}
		if !slices.Equal(wantKernels, gotKernels) {
			t.Fatalf("lesson %s: the kernels differ when loaded packed: %v, want %v", want[i].ID, gotKernels, wantKernels)
		}
		if !reflect.DeepEqual(want[i], got[i]) {
			t.Fatalf("lesson %s differs when loaded packed", want[i].ID)
		}
	}
}

// dropProfiles sets every *model.Profile reachable from v to nil and returns their names in
// the order met. Each load makes its own profiles, which hold functions, and DeepEqual calls
// no two functions equal.
func dropProfiles(v reflect.Value) []string {
	var names []string
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if p, ok := v.Interface().(*model.Profile); ok {
				names = append(names, p.Name)
				if v.CanSet() {
					v.SetZero()
				}
				return
			}
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			walk(v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		}
	}
	walk(v)
	return names
}

func TestDamagedPackedLessonIsReported(t *testing.T) {
	_, err := lessons.LoadFS(fstest.MapFS{"en/01-x.yaml": {Data: []byte("synq-yamlpack 1\n\xff")}}, "en")
	if err == nil || !strings.Contains(err.Error(), "lessons/en/01-x.yaml") || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("a damaged packed lesson: error %v, want one naming lessons/en/01-x.yaml and saying damaged", err)
	}
}
