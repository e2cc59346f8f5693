//go:build linux

package lab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeKernel lays out an unpacked kernel as Debian's packages do.
func fakeKernel(t *testing.T, dir, version string, usrMerged bool) {
	t.Helper()
	root := filepath.Join(dir, version)
	image, mods := filepath.Join(root, "boot", "vmlinuz-"+version), filepath.Join(root, "lib", "modules", version)
	if usrMerged { // unstable: both under /usr/lib/modules/<version>/
		mods = filepath.Join(root, "usr", "lib", "modules", version)
		image = filepath.Join(mods, "vmlinuz")
	}
	if err := os.MkdirAll(filepath.Join(mods, "kernel"), 0o755); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(image), 0o755); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if err := os.WriteFile(image, []byte("kernel"), 0o644); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func TestUnpackedAndNewestCached(t *testing.T) {
	dir := t.TempDir()
	if newestCached(dir) != nil {
		t.Errorf("an empty cache has no kernel: newestCached(dir) = %v, want nil", newestCached(dir))
	}
	fakeKernel(t, dir, "6.1.0-49-cloud-amd64", false)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "6.1.0-49-cloud-amd64"), old, old); err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	fakeKernel(t, dir, "7.2.13+deb14-cloud-amd64", true)
	// Neither the apt state, the downloads nor an interrupted unpacking is a kernel.
	for _, d := range []string{"apt", "debs", "7.3.0-1-cloud-amd64.partial"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	}
	kf := newestCached(dir)
	if kf == nil {
		t.Fatalf("kf is nil")
	}
	if got, want := kf.Version, "7.2.13+deb14-cloud-amd64"; got != want {
		t.Errorf("kf.Version = %q, want %q", got, want)
	}
	if got, want := kf.Vmlinuz, filepath.Join(dir, "7.2.13+deb14-cloud-amd64/usr/lib/modules/7.2.13+deb14-cloud-amd64/vmlinuz"); got != want {
		t.Errorf("kf.Vmlinuz = %q, want %q", got, want)
	}

	kf, err := unpacked(filepath.Join(dir, "6.1.0-49-cloud-amd64"), "6.1.0-49-cloud-amd64")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got, want := kf.Modules, filepath.Join(dir, "6.1.0-49-cloud-amd64/lib/modules/6.1.0-49-cloud-amd64"); got != want {
		t.Errorf("kf.Modules = %q, want %q", got, want)
	}
	_, err = unpacked(filepath.Join(dir, "debs"), "debs")
	if err == nil || !strings.Contains(err.Error(), "no vmlinuz or modules") {
		t.Errorf("error %v, want one containing %q", err, "no vmlinuz or modules")
	}
}
