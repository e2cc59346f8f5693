package render_test

import (
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// testRunner is a game that runs the package's tests in its first Update, where Ebiten can
// draw to images and read them back; then it ends the game. Ebiten's own tests do the same.
type testRunner struct {
	m    *testing.M
	code int
}

func (r *testRunner) Update() error {
	r.code = r.m.Run()
	return ebiten.Termination
}

func (*testRunner) Draw(*ebiten.Image) {}

func (*testRunner) Layout(int, int) (int, int) { return 320, 240 }

// TestMain needs a display (xvfb-run -a go test ./render/ on a machine without one).
func TestMain(m *testing.M) {
	r := &testRunner{m: m, code: 1}
	ebiten.SetWindowTitle("synq render tests")
	if err := ebiten.RunGame(r); err != nil {
		panic(err)
	}
	os.Exit(r.code)
}
