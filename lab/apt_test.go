//go:build linux

package lab

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	require.NoError(t, os.MkdirAll(filepath.Join(mods, "kernel"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Dir(image), 0o755))
	require.NoError(t, os.WriteFile(image, []byte("kernel"), 0o644))
}

func TestUnpackedAndNewestCached(t *testing.T) {
	dir := t.TempDir()
	assert.Nil(t, newestCached(dir), "an empty cache has no kernel")
	fakeKernel(t, dir, "6.1.0-49-cloud-amd64", false)
	old := time.Now().Add(-time.Hour)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "6.1.0-49-cloud-amd64"), old, old))
	fakeKernel(t, dir, "7.2.13+deb14-cloud-amd64", true)
	// Neither the apt state, the downloads nor an interrupted unpacking is a kernel.
	for _, d := range []string{"apt", "debs", "7.3.0-1-cloud-amd64.partial"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	kf := newestCached(dir)
	require.NotNil(t, kf)
	assert.Equal(t, "7.2.13+deb14-cloud-amd64", kf.Version)
	assert.Equal(t, filepath.Join(dir, "7.2.13+deb14-cloud-amd64/usr/lib/modules/7.2.13+deb14-cloud-amd64/vmlinuz"), kf.Vmlinuz)

	kf, err := unpacked(filepath.Join(dir, "6.1.0-49-cloud-amd64"), "6.1.0-49-cloud-amd64")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "6.1.0-49-cloud-amd64/lib/modules/6.1.0-49-cloud-amd64"), kf.Modules)
	_, err = unpacked(filepath.Join(dir, "debs"), "debs")
	assert.ErrorContains(t, err, "no vmlinuz or modules")
}
