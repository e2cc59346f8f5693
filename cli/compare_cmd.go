package cli

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"synq/kernel"
	"synq/model"
	"synq/model/scenario"
)

const compareUsage = "usage: synq compare FILE [--force]\n"

// compareCmd is `synq compare FILE [--force]`: the scenario on the running kernel, then on
// the model of that kernel started at the same jiffies, and every field side by side.
func compareCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synq compare", flag.ContinueOnError)
	force := fs.Bool("force", false, "compare even when the file's `kernel:` profile does not model the running kernel")
	operands, code := parseFlags(fs, compareUsage, args, stdout, stderr)
	if code != carryOn {
		return code
	}
	file, code := oneFile(operands, stderr, "synq compare", compareUsage)
	if code != carryOn {
		return code
	}
	// The model of the running kernel, unless the file names a profile; a kernel the project
	// has no profile for is an error only for a file that names none.
	release := kernel.Release()
	profile, profileErr := model.ProfileForRelease(release)
	sc, err := scenario.LoadFor(file, profile)
	if err != nil {
		fmt.Fprintf(stderr, "synq compare: %v\n", err)
		return 2
	}
	if profileErr != nil && !sc.ProfileGiven {
		fmt.Fprintf(stderr, "synq compare: %v\n", profileErr)
		return 2
	}
	// The comparison tests the file's profile against the kernel that runs it: a profile that
	// follows other rules (bsd-4.4, another Linux era) would be judged on the wrong kernel.
	mismatch := sc.Profile.MatchRelease(release)
	if mismatch != nil && !*force {
		use := "leave `kernel:` out of the file"
		if profileErr == nil {
			use = fmt.Sprintf("name `kernel: %s` in the file or leave it out", profile)
		}
		fmt.Fprintf(stderr, "synq compare: %s: %v; %s, or pass --force to compare it with this kernel anyway\n", file, mismatch, use)
		return 2
	}
	res, code := runKernel(sc, kernel.Options{Progress: progressLine(stderr, "kernel")}, stderr, "synq compare", nil)
	if res == nil {
		return code
	}
	rep, err := model.RunWith(sc, model.Options{StartJiffies: res.StartJiffies})
	if err != nil {
		fmt.Fprintf(stderr, "synq compare: %v\n", err)
		return 1
	}
	diffs := model.Diff(rep, res.Report)
	writeComparison(stdout, sc, rep, res.Report, diffs)
	if mismatch != nil {
		fmt.Fprintf(stdout, "forced: %v; this compares the model of %s with a kernel it does not model\n", mismatch, sc.Profile.Name)
	}
	fmt.Fprintf(stdout, "kernel run: started at jiffies %d; at worst %s behind its schedule\n", res.StartJiffies, res.Late)
	if len(diffs) > 0 {
		return 1
	}
	return 0
}

// writeComparison prints both reports' checkpoints side by side, marks the fields that differ,
// and explains each difference.
func writeComparison(w io.Writer, sc *model.Scenario, m, k *model.Report, diffs []model.Difference) {
	fmt.Fprintf(w, "%s: model %s against kernel %s\n", sc.Name, m.Kernel, k.Kernel)
	differs := map[string]bool{}
	for _, d := range diffs {
		differs[d.At.String()+" "+d.Field] = true
	}
	for i := range min(len(m.Checkpoints), len(k.Checkpoints)) {
		mc, kc := &m.Checkpoints[i], &k.Checkpoints[i]
		fmt.Fprintf(w, "\nat %-38s %10s %10s\n", mc.At, "model", "kernel")
		kv := map[string]string{}
		for _, f := range kc.Fields() {
			kv[f[0]] = f[1]
		}
		for _, f := range mc.Fields() {
			if strings.HasPrefix(f[0], "log[") {
				continue
			}
			mark := ""
			if differs[mc.At.String()+" "+f[0]] {
				mark = "  <- differs"
			}
			fmt.Fprintf(w, "  %-38s %10s %10s%s\n", f[0], f[1], orAbsent(kv, f[0]), mark)
		}
		for _, l := range mc.Log {
			fmt.Fprintf(w, "  model log:  %s\n", l)
		}
		for _, l := range kc.Log {
			fmt.Fprintf(w, "  kernel log: %s\n", l)
		}
	}
	if len(diffs) == 0 {
		fmt.Fprintf(w, "\nmatch: every field of %d checkpoints is the same on the model and the kernel\n", len(m.Checkpoints))
		return
	}
	fmt.Fprintf(w, "\n%d difference(s):\n", len(diffs))
	for _, d := range diffs {
		fmt.Fprintf(w, "  at %s, %s: model %s, kernel %s\n      %s\n", d.At, d.Field, d.Model, d.Kernel, explain(d))
	}
}

func orAbsent(m map[string]string, key string) string {
	if v, ok := m[key]; ok {
		return v
	}
	return "absent"
}

// fieldMeanings say what each report field counts and where the rule behind it is.
var fieldMeanings = map[string]string{
	"listener.recv_q":                  "the accept queue's length, connections waiting for accept() (spec 4.1)",
	"listener.send_q":                  "the listen() backlog after the somaxconn clamp (spec 1.1, 4.1)",
	"syn_recv":                         "half-open requests in the SYN queue (spec 2.1, 2.4)",
	"accepted":                         "connections the application took with accept() (the scenario's app steps)",
	"clients.syn_sent":                 "clients still waiting for a SYN-ACK (spec 2.7)",
	"clients.established":              "clients whose handshake completed, whether or not the server kept the connection (spec 2.2)",
	"clients.reset":                    "clients whose connection a RST ended (spec 2.2 tcp_abort_on_overflow)",
	"clients.timed_out":                "clients that gave up retransmitting (spec 2.7)",
	"clients.refused":                  "clients whose SYN a RST answered",
	"nstat.TcpExtListenOverflows":      "SYNs and ACKs that met a full accept queue (spec 2.1 C, 2.2, 4.2)",
	"nstat.TcpExtListenDrops":          "every SYN or ACK the listener dropped, overflows included (spec 4.2)",
	"nstat.TcpExtSyncookiesSent":       "SYN-ACKs that carried a cookie (spec 2.1, 3)",
	"nstat.TcpExtSyncookiesRecv":       "ACKs that held a valid cookie (spec 2.3)",
	"nstat.TcpExtSyncookiesFailed":     "ACKs checked as cookies that failed (spec 2.3)",
	"nstat.TcpExtTCPReqQFullDoCookies": "SYNs answered with a cookie because the SYN queue was full (spec 2.1)",
	"nstat.TcpExtTCPReqQFullDrop":      "SYNs dropped because the SYN queue was full and cookies could not be used (spec 2.1)",
	"nstat.TcpExtEmbryonicRsts":        "RSTs that killed half-open requests (spec 2.2)",
	"nstat.TcpExtTCPTimeouts":          "retransmission timer expiries, SYN-ACK timers included (spec 2.4)",
	"nstat.TcpExtTCPSynRetrans":        "SYN and SYN-ACK retransmissions (spec 2.4)",
	"nstat.TcpPassiveOpens":            "requests created from SYNs, and cookie connections (spec 4.2)",
	"nstat.TcpOutRsts":                 "RSTs the server sent (spec 2.2)",
	"nstat.TcpRetransSegs":             "segments the server retransmitted, SYN-ACKs included (spec 2.4)",
}

// explain says what a differing field means and which way the two engines went.
func explain(d model.Difference) string {
	meaning := fieldMeanings[d.Field]
	if strings.HasPrefix(d.Field, "log[") {
		meaning = "a kernel log line about the listener (spec 4.3)"
	}
	if meaning == "" {
		meaning = "a field of the report"
	}
	mv, err1 := strconv.ParseInt(d.Model, 10, 64)
	kv, err2 := strconv.ParseInt(d.Kernel, 10, 64)
	switch {
	case err1 == nil && err2 == nil && kv > mv:
		return fmt.Sprintf("%s; the kernel has %d more than the model", meaning, kv-mv)
	case err1 == nil && err2 == nil:
		return fmt.Sprintf("%s; the kernel has %d fewer than the model", meaning, mv-kv)
	case d.Kernel == "absent":
		return meaning + "; only the model has it"
	case d.Model == "absent":
		return meaning + "; only the kernel has it"
	}
	return meaning + "; the texts differ"
}
