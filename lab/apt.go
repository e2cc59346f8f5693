//go:build linux

package lab

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// sourcesFiles are where the machine's apt finds its archives.
var sourcesFiles = []string{"/etc/apt/sources.list", "/etc/apt/sources.list.d"}

// debianKeyring verifies the archive's Release files of every suite the lab boots.
const debianKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg"

// listsFresh is how long a release's package lists are used before apt-get update runs again:
// a day, so that repeated runs need no network and a new kernel upload is still seen.
const listsFresh = 24 * time.Hour

// mirror finds the Debian archive the machine's apt uses: the first source whose address ends
// in /debian (not the security archive). The lab reaches the archive the way apt does.
func mirror() (string, error) {
	var found []string
	for _, p := range sourcesFiles {
		paths := []string{p}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			paths, _ = filepath.Glob(filepath.Join(p, "*"))
		}
		for _, f := range paths {
			if !strings.HasSuffix(f, ".list") && !strings.HasSuffix(f, ".sources") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			found = append(found, archiveURIs(string(data))...)
		}
	}
	for _, u := range found {
		if strings.HasSuffix(strings.TrimRight(u, "/"), "/debian") {
			return strings.TrimRight(u, "/"), nil
		}
	}
	return "", errors.New("no Debian archive in the machine's apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d): " +
		"the lab fetches kernels from the archive apt uses, and found none whose address ends in /debian")
}

// archiveURIs reads the addresses of a sources file in either format: one-line ("deb URI suite
// component…", with optional [options]) or deb822 ("URIs: a b").
func archiveURIs(text string) []string {
	var uris []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, "URIs:"); ok {
			uris = append(uris, strings.Fields(v)...)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 || f[0] != "deb" {
			continue
		}
		f = f[1:]
		if strings.HasPrefix(f[0], "[") {
			for len(f) > 0 && !strings.HasSuffix(f[0], "]") {
				f = f[1:]
			}
			if len(f) < 2 {
				continue
			}
			f = f[1:]
		}
		uris = append(uris, f[0])
	}
	return uris
}

// kernelFiles is a release's kernel unpacked in the cache.
type kernelFiles struct {
	Version string // the kernel's release, as uname -r prints it: "6.1.0-50-cloud-amd64"
	Vmlinuz string
	Modules string // the directory that holds the modules (kernel/…) and modules.builtin, if any
}

// aptDir is one release's private apt setup: its own sources list, lists and caches, so that
// nothing of the machine's apt state is read or changed.
type aptDir struct{ dir string }

func (a aptDir) options() []string {
	return []string{
		"-o", "Dir::Etc::sourcelist=" + filepath.Join(a.dir, "sources.list"),
		"-o", "Dir::Etc::sourceparts=" + filepath.Join(a.dir, "sources.list.d"), // empty
		"-o", "Dir::State::Lists=" + filepath.Join(a.dir, "lists"),
		"-o", "Dir::State::status=/dev/null", // the machine's installed packages play no part
		"-o", "Dir::Cache=" + filepath.Join(a.dir, "cache"),
		"-o", "APT::Get::List-Cleanup=0",
		"-o", "APT::Sandbox::User=root", // the cache belongs to root; apt's _apt user cannot write it
		"-q",
	}
}

func (a aptDir) command(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, append(a.options(), args...)...)
	cmd.Dir = dir
	return cmd
}

// fetchKernel brings the release's current cloud kernel into the cache and unpacks it, or
// uses what is there. say reports what it is doing.
func fetchKernel(ctx context.Context, cache string, rel Release, say func(string)) (*kernelFiles, error) {
	for _, tool := range []string{"apt-get", "apt-cache", "dpkg-deb"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is missing: the lab fetches Debian's kernels with apt (Debian packages apt and dpkg)", tool)
		}
	}
	cache, err := filepath.Abs(cache)
	if err != nil {
		return nil, err
	}
	a := aptDir{filepath.Join(cache, rel.Name, "apt")}
	if err := a.update(ctx, rel, say); err != nil {
		// Without the archive, a kernel fetched before still serves.
		if kf := newestCached(filepath.Join(cache, rel.Name)); kf != nil {
			say(fmt.Sprintf("%s; using the kernel fetched before, %s", strings.TrimSuffix(firstLine(err.Error()), ":"), kf.Version))
			return kf, nil
		}
		return nil, err
	}
	// The metapackage names the current kernel: linux-image-<version>.
	deps, _, err := a.depends(ctx, metaPackage)
	if err != nil {
		return nil, err
	}
	var image string
	for _, d := range deps {
		if strings.HasPrefix(d, "linux-image-") {
			image = d
		}
	}
	if image == "" {
		return nil, fmt.Errorf("%s in %s depends on no linux-image-* package (depends: %s)", metaPackage, rel.Suite, strings.Join(deps, ", "))
	}
	version := strings.TrimPrefix(image, "linux-image-")
	root := filepath.Join(cache, rel.Name, version)
	if kf, err := unpacked(root, version); err == nil {
		return kf, nil
	}
	// The image package, and the packages that hold the kernel and its modules where the
	// image is split (unstable: linux-binary-<version>, linux-modules-<version>).
	pkgs := []string{image}
	imageDeps, _, err := a.depends(ctx, image)
	if err != nil {
		return nil, err
	}
	for _, d := range imageDeps {
		if strings.HasSuffix(d, "-"+version) && (strings.HasPrefix(d, "linux-binary-") || strings.HasPrefix(d, "linux-modules-")) {
			pkgs = append(pkgs, d)
		}
	}
	debs := filepath.Join(cache, rel.Name, "debs")
	if err := os.MkdirAll(debs, 0o755); err != nil {
		return nil, err
	}
	say(fmt.Sprintf("downloading %s", strings.Join(pkgs, ", ")))
	cmd := a.command(ctx, debs, "apt-get", append([]string{"download"}, pkgs...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("apt-get download %s: %v\n%s", strings.Join(pkgs, " "), err, tail(out))
	}
	tmp := root + ".partial"
	os.RemoveAll(tmp)
	for _, p := range pkgs {
		files, _ := filepath.Glob(filepath.Join(debs, p+"_*.deb"))
		if len(files) == 0 {
			return nil, fmt.Errorf("apt-get download left no %s_*.deb in %s", p, debs)
		}
		newest := files[len(files)-1]
		if out, err := exec.CommandContext(ctx, "dpkg-deb", "-x", newest, tmp).CombinedOutput(); err != nil {
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("unpacking %s: %v\n%s", newest, err, tail(out))
		}
	}
	// Only a complete unpacking takes the final name, so an interrupted one is redone.
	os.RemoveAll(root)
	if err := os.Rename(tmp, root); err != nil {
		return nil, err
	}
	return unpacked(root, version)
}

// newestCached is the most recently unpacked kernel of a release's cache, if any.
func newestCached(dir string) *kernelFiles {
	ents, _ := os.ReadDir(dir)
	var best *kernelFiles
	var bestTime time.Time
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || name == "apt" || name == "debs" || strings.HasSuffix(name, ".partial") {
			continue
		}
		info, err := e.Info()
		kf, kerr := unpacked(filepath.Join(dir, name), name)
		if err == nil && kerr == nil && (best == nil || info.ModTime().After(bestTime)) {
			best, bestTime = kf, info.ModTime()
		}
	}
	return best
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// unpacked finds the kernel image and module directory in an unpacked kernel, wherever the
// release keeps them (/boot and /lib/modules, or /usr/lib/modules/<version>/ for both).
func unpacked(root, version string) (*kernelFiles, error) {
	kf := &kernelFiles{Version: version}
	for _, p := range []string{"boot/vmlinuz-" + version, "usr/lib/modules/" + version + "/vmlinuz"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			kf.Vmlinuz = filepath.Join(root, p)
		}
	}
	for _, p := range []string{"lib/modules/" + version, "usr/lib/modules/" + version} {
		if _, err := os.Stat(filepath.Join(root, p, "kernel")); err == nil {
			kf.Modules = filepath.Join(root, p)
		}
	}
	if kf.Vmlinuz == "" || kf.Modules == "" {
		return nil, fmt.Errorf("no vmlinuz or modules for %s under %s", version, root)
	}
	return kf, nil
}

// update writes the private sources list and refreshes the package lists when they are older
// than listsFresh.
func (a aptDir) update(ctx context.Context, rel Release, say func(string)) error {
	uri, err := mirror()
	if err != nil {
		return err
	}
	keyring := ""
	if _, err := os.Stat(debianKeyring); err == nil {
		keyring = "[signed-by=" + debianKeyring + "] "
	}
	sources := fmt.Sprintf("deb %s%s %s main\n", keyring, uri, rel.Suite)
	for _, d := range []string{"lists/partial", "cache/archives/partial", "sources.list.d"} {
		if err := os.MkdirAll(filepath.Join(a.dir, d), 0o755); err != nil {
			return err
		}
	}
	list := filepath.Join(a.dir, "sources.list")
	old, _ := os.ReadFile(list)
	stamp := filepath.Join(a.dir, "updated")
	if st, err := os.Stat(stamp); err == nil && string(old) == sources && time.Since(st.ModTime()) < listsFresh {
		return nil
	}
	if err := os.WriteFile(list, []byte(sources), 0o644); err != nil {
		return err
	}
	say(fmt.Sprintf("reading the package lists of %s (%s)", rel.Title, rel.Suite))
	out, err := a.command(ctx, a.dir, "apt-get", "update").CombinedOutput()
	if err == nil && (bytes.Contains(out, []byte("\nW: ")) || bytes.HasPrefix(out, []byte("W: ")) || bytes.Contains(out, []byte("\nE: "))) {
		err = errors.New("apt reported failures")
	}
	if err != nil {
		return fmt.Errorf("no access to the Debian archive for %s (apt-get update with the machine's mirror failed: %v):\n%s", rel.Suite, err, tail(out))
	}
	return os.WriteFile(stamp, nil, 0o644)
}

// depends lists a package's dependencies by name (the first of each alternative) and gives
// its version.
func (a aptDir) depends(ctx context.Context, pkg string) ([]string, string, error) {
	out, err := a.command(ctx, a.dir, "apt-cache", "show", "--no-all-versions", pkg).Output()
	if err != nil {
		return nil, "", fmt.Errorf("apt-cache show %s: %v (is the package in this release?)", pkg, err)
	}
	var deps []string
	version := ""
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Version: "); ok {
			version = v
		}
		for _, field := range []string{"Depends: ", "Pre-Depends: "} {
			v, ok := strings.CutPrefix(line, field)
			if !ok {
				continue
			}
			for _, d := range strings.Split(v, ",") {
				alt, _, _ := strings.Cut(d, "|")
				if name := strings.Fields(alt); len(name) > 0 {
					deps = append(deps, name[0])
				}
			}
		}
	}
	return deps, version, nil
}

// tail is the end of a command's output, for an error message.
func tail(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return "  " + strings.Join(lines, "\n  ")
}
