//go:build js

package main

import (
	"embed"
	"io/fs"
)

// The lessons, packed by web/pack from lessons/ when `make web` builds the page: the same
// files, read without the YAML parser, which would take a few hundred milliseconds of the
// page's start in a cold browser.
//
//go:embed lessons
var packed embed.FS

func packedLessons() fs.FS {
	sub, err := fs.Sub(packed, "lessons")
	if err != nil {
		panic(err) // "lessons" is a valid path, the only error fs.Sub has
	}
	return sub
}
