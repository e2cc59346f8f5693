package lab

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// guestInit is the initramfs's /init: mount what the engine reads, load the modules, run the
// scenarios with the guest's synq, and power off. Its output goes to the serial console, which
// the host reads; a line starting with the marker carries a result.
const guestInit = `#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/console 2>&1
for m in %s; do
	insmod /modules/$m || echo "` + marker + `error loading the module $m failed"
done
/synq lab-guest %s
echo "` + marker + `exit $?"
poweroff -f
`

// busyboxApplets are the commands the init script uses.
var busyboxApplets = []string{"sh", "mount", "insmod", "poweroff", "mkdir", "cat", "ls", "dmesg"}

// guestFile is a file the initramfs carries.
type guestFile struct {
	name string
	data []byte
}

// buildInitramfs writes the initramfs to file: busybox, the static synq, the modules (in load
// order) and the scenario files; args are the guest command's arguments.
func buildInitramfs(file, busybox, synq string, modules, scenarios []guestFile, args []string) error {
	bb, err := os.ReadFile(busybox)
	if err != nil {
		return fmt.Errorf("reading busybox: %w", err)
	}
	sq, err := os.ReadFile(synq)
	if err != nil {
		return fmt.Errorf("reading the synq binary: %w", err)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	c := &cpioWriter{w: w}
	for _, d := range []string{"bin", "dev", "proc", "sys", "tmp", "modules", "scenarios"} {
		c.Dir(d)
	}
	// The kernel opens /dev/console for init's output before anything is mounted.
	c.CharDev("dev/console", 5, 1)
	c.File("bin/busybox", 0o755, bb)
	for _, a := range busyboxApplets {
		c.Symlink("bin/"+a, "busybox")
	}
	c.File("synq", 0o755, sq)
	var names []string
	for _, m := range modules {
		c.File("modules/"+m.name, 0o644, m.data)
		names = append(names, m.name)
	}
	for _, s := range scenarios {
		c.File("scenarios/"+s.name, 0o644, s.data)
		args = append(args, "/scenarios/"+s.name)
	}
	c.File("init", 0o755, []byte(fmt.Sprintf(guestInit, strings.Join(names, " "), strings.Join(args, " "))))
	err = c.Close()
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// scenarioFiles reads the scenario files, named in the order given so that the guest runs
// them in that order and two files of the same name do not clash.
func scenarioFiles(paths []string) ([]guestFile, error) {
	var out []guestFile
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, guestFile{name: fmt.Sprintf("%02d-%s", i+1, filepath.Base(p)), data: data})
	}
	return out, nil
}
