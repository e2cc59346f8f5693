//go:build linux

package lab

import (
	"bufio"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"synq/model"
	"synq/model/scenario"
)

const (
	qemuBinary = "qemu-system-x86_64"
	// kvmBootWait is how long a KVM guest may take to start its synq; the guest needs a
	// second or two, so a KVM that has not got there by then is taken to hang (as it does
	// under nested virtualisation) and the lab boots under TCG instead.
	kvmBootWait = 30 * time.Second
	// tcgBootWait is the same under TCG, which boots in a few seconds on a quiet machine.
	tcgBootWait = 3 * time.Minute
)

// tcgIcount runs an emulated guest on a clock of its own: its time advances by the
// instructions it executes (4 ns each: a 250 MIPS machine) and, while it idles, with the real
// clock. So a stall of qemu on a busy host stops the guest's time too, and the engine inside
// keeps its schedule to the millisecond however loaded the machine is. Under plain TCG the
// same runs fell 5 to 160 ms behind on a machine with a load of 8. icount needs one virtual
// CPU: with two, the second never comes up.
const tcgIcount = "shift=2,sleep=on"

// qemuNice is qemu's priority: ahead of ordinary work (nice 0), so that on a machine busy
// with other work the guest's virtual CPUs get the time they need when they need it.
const qemuNice = "-10"

// busyboxPaths are where Debian's busybox-static puts its binary.
var busyboxPaths = []string{"/bin/busybox", "/usr/bin/busybox"}

// Boot runs the scenario files on a release's kernel under qemu. It returns the summary when
// every scenario has run (whatever its verdict), or an error when the lab could not boot or
// the guest stopped early. Everything it starts or writes outside the cache is gone when it
// returns, also when ctx is cancelled.
func Boot(ctx context.Context, rel Release, files []string, opt Options) (*Summary, error) {
	start := time.Now()
	say := opt.Say
	if say == nil {
		say = func(string) {}
	}
	// Everything is checked before anything is fetched or booted.
	if _, err := exec.LookPath(qemuBinary); err != nil {
		return nil, fmt.Errorf("%s is missing: the lab boots kernels with qemu (Debian package qemu-system-x86)", qemuBinary)
	}
	busybox, err := findBusybox(opt.Busybox)
	if err != nil {
		return nil, err
	}
	synq := opt.Synq
	if synq == "" {
		if synq, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	if err := requireStatic(synq); err != nil {
		return nil, fmt.Errorf("the guest runs this synq binary and has no shared libraries: %v; build it with CGO_ENABLED=0 go build", err)
	}
	for _, f := range files {
		if _, err := scenario.Load(f); err != nil {
			return nil, err
		}
	}
	scenarios, err := scenarioFiles(files)
	if err != nil {
		return nil, err
	}

	kf, err := fetchKernel(ctx, opt.Cache, rel, say)
	if err != nil {
		return nil, err
	}
	modules, err := loadModules(kf.Modules, engineModules)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "synq-lab-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	initrd := filepath.Join(tmp, "initramfs.cpio")
	profile := "auto" // the guest's model is the profile of its running kernel
	if rel.Profile != "" {
		if _, err := model.LookupProfile(rel.Profile); err == nil {
			profile = rel.Profile
		}
	}
	args := []string{"--profile", profile, "--max-late", opt.MaxLate.String()}
	if err := buildInitramfs(initrd, busybox, synq, modules, scenarios, args); err != nil {
		return nil, fmt.Errorf("building the initramfs: %w", err)
	}

	sum := &Summary{Release: rel, Kernel: kf.Version}
	accel, why := chooseAccel(opt.Accel)
	for {
		say(fmt.Sprintf("booting %s (%s) under %s", kf.Version, rel.Title, accel))
		wait := tcgBootWait
		if accel == "kvm" {
			wait = kvmBootWait
		}
		err := runGuest(ctx, accel, kf.Vmlinuz, initrd, wait, len(files), sum, opt, say)
		var nb notBooted
		if accel == "kvm" && opt.Accel == "auto" && errors.As(err, &nb) {
			accel, why = "tcg", fmt.Sprintf("KVM did not boot within %s", kvmBootWait)
			sum.Outcomes = nil
			continue
		}
		if err != nil {
			return nil, err
		}
		break
	}
	sum.Accel = strings.ToUpper(accel)
	if accel == "tcg" {
		sum.Accel += " with icount"
	}
	if why != "" {
		sum.Accel += " (" + why + ")"
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// chooseAccel picks the accelerator to try first and says why it is not KVM.
func chooseAccel(want string) (accel, why string) {
	switch want {
	case "kvm", "tcg":
		return want, ""
	}
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return "tcg", "no usable /dev/kvm"
	}
	f.Close()
	return "kvm", ""
}

// notBooted is a guest that never started its synq.
type notBooted struct{ msg string }

func (e notBooted) Error() string { return e.msg }

// runGuest boots the kernel and collects the guest's results into sum, copying each
// scenario's comparison to out.
func runGuest(ctx context.Context, accel, vmlinuz, initrd string, bootWait time.Duration, want int, sum *Summary, opt Options, say func(string)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	args := []string{
		"-accel", accel, "-m", "1536",
		"-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", vmlinuz, "-initrd", initrd,
		// Only emergencies on the console, so that the kernel's messages do not break into the
		// guest's lines; panic=-1 turns a panic into a reboot, which -no-reboot ends.
		"-append", "console=ttyS0 loglevel=2 panic=-1 rdinit=/init",
	}
	if accel == "kvm" {
		args = append(args, "-cpu", "host", "-smp", "2")
	} else {
		args = append(args, "-cpu", "max", "-smp", "1", "-icount", tcgIcount)
	}
	// The guest keeps real time: every stall of its virtual CPUs makes the engine late. On a
	// machine busy with other work, a raised priority keeps the stalls short; nice lets qemu
	// run anyway (with a warning) where the priority cannot be raised.
	name := qemuBinary
	if nice, err := exec.LookPath("nice"); err == nil {
		name, args = nice, append([]string{"-n", qemuNice, qemuBinary}, args...)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	// qemu dies with this process, however it ends.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	cmd.Stdin = nil
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting qemu: %w", err)
	}
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		for sc.Scan() {
			lines <- strings.TrimRight(sc.Text(), "\r")
		}
	}()
	err = readGuest(ctx, lines, bootWait, want, sum, opt.Out, opt.OnlyDiffering, say)
	cancel() // on success the guest has powered off already; otherwise this stops it
	for range lines {
	}
	werr := cmd.Wait()
	if err == nil && werr != nil && ctx.Err() == nil {
		err = fmt.Errorf("qemu: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%w\nqemu said: %s", err, strings.TrimSpace(stderr.String()))
	}
	return err
}

// readGuest follows the console until the guest's synq exits.
func readGuest(ctx context.Context, lines <-chan string, bootWait time.Duration, want int, sum *Summary, out io.Writer, onlyDiffering bool, say func(string)) error {
	var console []string    // the boot's own messages, for an error
	var comparison []string // the current scenario's comparison
	keep := func(l string) {
		console = append(console, l)
		if len(console) > 30 {
			console = console[1:]
		}
	}
	booted := false
	inScenario := false
	timer := time.NewTimer(bootWait)
	defer timer.Stop()
	for {
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			if !booted {
				return notBooted{fmt.Sprintf("the guest did not start within %s; its console ended with:\n  %s", bootWait, strings.Join(console, "\n  "))}
			}
			return fmt.Errorf("the guest printed nothing for %s; its console ended with:\n  %s", guestSilence, strings.Join(console, "\n  "))
		case line, ok = <-lines:
		}
		if !ok {
			return fmt.Errorf("the guest stopped before it reported every scenario (%d of %d); its console ended with:\n  %s",
				len(sum.Outcomes), want, strings.Join(console, "\n  "))
		}
		if booted {
			timer.Reset(guestSilence)
		}
		m, isMsg, err := parseMessage(line)
		if err != nil {
			return err
		}
		if !isMsg {
			if inScenario {
				comparison = append(comparison, line)
			} else {
				keep(line)
			}
			continue
		}
		switch m.kind {
		case "kernel":
			booted = true
			timer.Reset(guestSilence)
			if m.fields[0] != sum.Kernel {
				return fmt.Errorf("the guest runs %s, not the kernel booted (%s)", m.fields[0], sum.Kernel)
			}
			sum.Profile = m.fields[1]
		case "begin":
			inScenario, comparison = true, comparison[:0]
			say(fmt.Sprintf("%s: scenario %d of %d: %s", sum.Kernel, len(sum.Outcomes)+1, want, filepath.Base(m.text)))
		case "result":
			inScenario = false
			sum.Outcomes = append(sum.Outcomes, m.outcome)
			if m.outcome.Verdict != "match" || !onlyDiffering {
				for _, l := range comparison {
					fmt.Fprintln(out, l)
				}
			}
			if m.outcome.Verdict == "void" || m.outcome.Verdict == "error" {
				fmt.Fprintf(out, "%s: %s on %s: %s\n", m.outcome.Name, m.outcome.Verdict, sum.Kernel, m.outcome.Detail)
			}
		case "error":
			return fmt.Errorf("the guest: %s", m.text)
		case "exit":
			if len(sum.Outcomes) != want {
				return fmt.Errorf("the guest's synq exited (%s) after %d of %d scenarios; its console ended with:\n  %s",
					m.text, len(sum.Outcomes), want, strings.Join(console, "\n  "))
			}
			return nil
		}
	}
}

// guestSilence is the longest the guest may print nothing once booted: longer than the
// longest scenario (70 s) run twice and compared.
const guestSilence = 5 * time.Minute

// findBusybox finds a statically linked busybox.
func findBusybox(path string) (string, error) {
	paths := busyboxPaths
	if path != "" {
		paths = []string{path}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if err := requireStatic(p); err != nil {
			return "", fmt.Errorf("%v: the initramfs has no shared libraries; install the Debian package busybox-static", err)
		}
		return p, nil
	}
	return "", errors.New("busybox is missing: the guest's userland is a static busybox (Debian package busybox-static)")
}

// requireStatic fails for an executable that needs a dynamic loader.
func requireStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked", path)
		}
	}
	return nil
}
