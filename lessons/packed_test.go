package lessons_test

import (
	"io/fs"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
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
	require.NoError(t, err)
	require.NotEmpty(t, files)
	packed := fstest.MapFS{}
	for _, f := range files {
		data, err := fs.ReadFile(src, f)
		require.NoError(t, err)
		var doc yaml.Node
		require.NoError(t, yaml.Unmarshal(data, &doc))
		b, err := yamlpack.Pack(&doc)
		require.NoError(t, err)
		packed[f] = &fstest.MapFile{Data: b}
	}
	want, err := lessons.Load("en")
	require.NoError(t, err)
	got, err := lessons.LoadFS(packed, "en")
	require.NoError(t, err)
	require.Len(t, got, len(want))
	for i := range want {
		wantKernels, gotKernels := dropProfiles(reflect.ValueOf(want[i])), dropProfiles(reflect.ValueOf(got[i]))
		require.NotEmpty(t, wantKernels)
		require.Equal(t, wantKernels, gotKernels, "lesson %s: the kernels differ when loaded packed", want[i].ID)
		require.True(t, reflect.DeepEqual(want[i], got[i]), "lesson %s differs when loaded packed", want[i].ID)
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
	require.ErrorContains(t, err, "lessons/en/01-x.yaml")
	require.ErrorContains(t, err, "damaged")
}
