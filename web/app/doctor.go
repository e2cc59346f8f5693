//go:build js

package main

import (
	"fmt"
	"strings"
	"syscall/js"

	"synq/doctor"
)

// explain is window.synqDoctor(text): synq doctor's diagnosis of pasted command output (the
// text of `ss -ltn`, `netstat -s` or `nstat -az`, `sysctl -a`, `dmesg`…, as people paste them
// into tickets), as the same text report `synq doctor --from` prints. It never throws: a paste
// it cannot use gets a report that says why.
func explain(text string) string {
	if len(text) > doctor.MaxPasteBytes {
		return fmt.Sprintf("The paste is %d bytes; synq doctor reads at most %d (16 MiB).", len(text), doctor.MaxPasteBytes)
	}
	obs, err := doctor.Parse("the pasted text", text)
	if err != nil {
		return "synq doctor: " + err.Error()
	}
	var b strings.Builder
	if err := doctor.Diagnose(obs).WriteText(&b); err != nil {
		return "synq doctor: " + err.Error()
	}
	return b.String()
}

func exposeDoctor() {
	js.Global().Set("synqDoctor", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return "synq doctor: give the pasted text"
		}
		return explain(args[0].String())
	}))
}
