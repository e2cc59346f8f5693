package doctor_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"synq/doctor"
	"synq/model"
	"synq/model/scenario"
)

// runWritten parses a written scenario as `synq run` would and runs it on the model.
func runWritten(t *testing.T, sf *doctor.ScenarioFile) model.Checkpoint {
	t.Helper()
	sc, err := scenario.Parse("doctor.yaml", []byte(sf.YAML))
	if err != nil {
		t.Fatalf("the written scenario does not parse: %v\n%s", err, sf.YAML)
	}
	rep, err := model.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Checkpoints[len(rep.Checkpoints)-1]
}

func nstatOf(cp model.Checkpoint, name string) uint64 {
	v, _ := cp.Nstat.Get(name)
	return v
}

// The CentOS 6 paste becomes a centos-6 scenario whose run shows the same full accept queue.
func TestScenarioFromPaste(t *testing.T) {
	d := doctor.Diagnose(parseFile(t, "testdata/centos-6-ticket.paste"))
	sf, err := d.Scenario("")
	if err != nil {
		t.Fatal(err)
	}
	if sf.Listener != ":::443" || !strings.Contains(sf.YAML, "kernel: centos-6") || !strings.Contains(sf.YAML, "backlog: 128") {
		t.Errorf("scenario for %s:\n%s", sf.Listener, sf.YAML)
	}
	cp := runWritten(t, sf)
	if cp.Listener.RecvQ != 129 || cp.Listener.SendQ != 128 || nstatOf(cp, "TcpExtListenOverflows") == 0 {
		t.Errorf("the model ends with Recv-Q %d, Send-Q %d, ListenOverflows %d; want 129, 128, > 0\n%s",
			cp.Listener.RecvQ, cp.Listener.SendQ, nstatOf(cp, "TcpExtListenOverflows"), sf.YAML)
	}
}

// sampled builds a sampled observation: counters changing by delta over 10 s and one listener's
// queues in each second.
func sampled(l doctor.Listener, recvQ, synRecv []int, delta map[string]uint64) *doctor.Observation {
	o := &doctor.Observation{Source: "test", Release: "6.18.44", Sysctls: with(), ListenersKnown: true, SynRecvKnown: true, LogKnown: true}
	n := len(recvQ)
	for i := range n {
		at := time.Duration(i) * time.Second * 10 / time.Duration(n-1)
		l.Samples = append(l.Samples, doctor.QueueSample{At: doctor.Seconds(at), RecvQ: recvQ[i], SynRecv: synRecv[i]})
		v := map[string]uint64{}
		for _, name := range doctor.CounterNames {
			v[name] = 1000 + delta[name]*uint64(i)/uint64(n-1)
		}
		o.Counters = append(o.Counters, doctor.CounterSample{At: doctor.Seconds(at), Values: v})
	}
	l.RecvQ, l.SynRecv = recvQ[n-1], synRecv[n-1]
	o.Listeners = []doctor.Listener{l}
	return o
}

func TestScenarioFromSamples(t *testing.T) {
	// A listener with backlog 4 that never accepts, full throughout, with clients retrying.
	l := doctor.Listener{Addr: "198.18.0.1:80", Port: 80, SendQ: 4}
	o := sampled(l, []int{5, 5, 5}, []int{0, 0, 0}, map[string]uint64{"TcpExtListenOverflows": 40, "TcpExtListenDrops": 40})
	sf, err := doctor.Diagnose(o).Scenario("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sf.YAML, "accept: none") || !strings.Contains(sf.YAML, "{kind: connect, at: 0s, count: ") {
		t.Errorf("scenario:\n%s", sf.YAML)
	}
	if cp := runWritten(t, sf); cp.Listener.RecvQ != 5 || nstatOf(cp, "TcpExtListenOverflows") == 0 {
		t.Errorf("model: Recv-Q %d ListenOverflows %d\n%s", cp.Listener.RecvQ, nstatOf(cp, "TcpExtListenOverflows"), sf.YAML)
	}

	// A spoofed flood: 5000 cookies a second, none back.
	l = doctor.Listener{Addr: "198.18.0.1:80", Port: 80, SendQ: 128}
	o = sampled(l, []int{0, 0, 0}, []int{129, 129, 129}, map[string]uint64{"TcpExtSyncookiesSent": 50000, "TcpExtTCPReqQFullDoCookies": 50000, "TcpPassiveOpens": 100})
	sf, err = doctor.Diagnose(o).Scenario("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sf.YAML, "kind: flood") || !strings.Contains(sf.YAML, "rate: 5000/s") || !strings.Contains(sf.YAML, "accept: all") {
		t.Errorf("scenario:\n%s", sf.YAML)
	}
	if cp := runWritten(t, sf); nstatOf(cp, "TcpExtSyncookiesSent") < 40000 {
		t.Errorf("model: SyncookiesSent %d, want about 50000\n%s", nstatOf(cp, "TcpExtSyncookiesSent"), sf.YAML)
	}
}

func TestScenarioNoListener(t *testing.T) {
	d := doctor.Diagnose(&doctor.Observation{Release: "6.18.1"})
	if _, err := d.Scenario(""); err == nil || !strings.Contains(err.Error(), "ss -ltn") {
		t.Errorf("err = %v", err)
	}
	d = doctor.Diagnose(parseFile(t, "testdata/centos-6-ticket.paste"))
	if _, err := d.Scenario("8443"); err == nil || !strings.Contains(err.Error(), ":::443") {
		t.Errorf("err = %v, want one listing the listeners", err)
	}
}

// An observation survives JSON both ways (times in seconds), so --json output can be read back.
func TestObservationJSON(t *testing.T) {
	l := doctor.Listener{Addr: "198.18.0.1:80", Port: 80, SendQ: 4}
	o := sampled(l, []int{5, 5, 5}, []int{0, 1, 2}, map[string]uint64{"TcpExtListenOverflows": 40})
	b, err := json.Marshal(doctor.Diagnose(o))
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Span        float64
		Observation doctor.Observation
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Span != 10 || !reflect.DeepEqual(&back.Observation, o) {
		t.Errorf("span %v; observation back from JSON\n%+v\nwant\n%+v", back.Span, back.Observation, *o)
	}
}
