package lab

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// engineModules are what the kernel engine needs that Debian builds as modules: TUN devices
// for the wire, and sock_diag's TCP part to count the SYN queue.
var engineModules = []string{"tun", "inet_diag", "tcp_diag"}

// moduleName is a module's name from its file: "kernel/net/ipv4/tcp_diag.ko.xz" gives
// "tcp_diag" (modprobe treats - and _ alike; so does this).
func moduleName(file string) string {
	base := path.Base(file)
	if i := strings.Index(base, ".ko"); i >= 0 {
		base = base[:i]
	}
	return strings.ReplaceAll(base, "-", "_")
}

// loadModules finds the modules in the kernel's module tree and reads them, decompressed, in
// an order that loads each after the modules it depends on (each module's .modinfo names them:
// the packages ship no modules.dep, which depmod writes at install). A module built into the
// kernel (modules.builtin) is skipped.
func loadModules(modDir string, want []string) ([]guestFile, error) {
	files := map[string]string{}
	err := filepath.WalkDir(modDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".ko") {
			files[moduleName(p)] = p
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	builtin := map[string]bool{}
	if f, err := os.Open(filepath.Join(modDir, "modules.builtin")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			builtin[moduleName(sc.Text())] = true
		}
		f.Close()
	}
	var order []guestFile
	seen := map[string]bool{}
	var visit func(name, neededBy string) error
	visit = func(name, neededBy string) error {
		if seen[name] || builtin[name] {
			return nil
		}
		seen[name] = true
		file, ok := files[name]
		if !ok {
			if neededBy != "" {
				return fmt.Errorf("the kernel has no module %s (which %s needs) under %s", name, neededBy, modDir)
			}
			return fmt.Errorf("the kernel has no module %s, neither loadable nor built in (%s)", name, modDir)
		}
		data, err := moduleBytes(file)
		if err != nil {
			return err
		}
		deps, err := moduleDepends(data)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		for _, d := range deps {
			if err := visit(d, name); err != nil {
				return err
			}
		}
		order = append(order, guestFile{name: name + ".ko", data: data})
		return nil
	}
	for _, name := range want {
		if err := visit(name, ""); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// moduleDepends reads the "depends=" entry of a module's .modinfo section.
func moduleDepends(ko []byte) ([]string, error) {
	f, err := elf.NewFile(bytes.NewReader(ko))
	if err != nil {
		return nil, err
	}
	sec := f.Section(".modinfo")
	if sec == nil {
		return nil, fmt.Errorf("no .modinfo section")
	}
	info, err := sec.Data()
	if err != nil {
		return nil, err
	}
	for _, kv := range bytes.Split(info, []byte{0}) {
		if v, ok := bytes.CutPrefix(kv, []byte("depends=")); ok {
			var deps []string
			for _, d := range strings.Split(string(v), ",") {
				if d != "" {
					deps = append(deps, moduleName(d))
				}
			}
			return deps, nil
		}
	}
	return nil, nil
}

// moduleBytes reads a module file, decompressed: busybox's insmod loads plain .ko files only.
func moduleBytes(file string) ([]byte, error) {
	var tool string
	switch {
	case strings.HasSuffix(file, ".ko"):
		return os.ReadFile(file)
	case strings.HasSuffix(file, ".ko.xz"):
		tool = "xz"
	case strings.HasSuffix(file, ".ko.zst"):
		tool = "zstd"
	case strings.HasSuffix(file, ".ko.gz"):
		tool = "gzip"
	default:
		return nil, fmt.Errorf("%s: not a kernel module file this lab can read", file)
	}
	if _, err := exec.LookPath(tool); err != nil {
		return nil, fmt.Errorf("%s is missing: it decompresses the kernel's modules (%s)", tool, filepath.Base(file))
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cmd := exec.Command(tool, "-dc")
	cmd.Stdin = f
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -dc %s: %w", tool, file, err)
	}
	return out, nil
}
