package faults

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trustwatch/trustwatch/bus"
	"github.com/trustwatch/trustwatch/config"
	"github.com/trustwatch/trustwatch/crawler/sampleweb"
	"github.com/trustwatch/trustwatch/store"
	"github.com/trustwatch/trustwatch/store/server"
)

// TestScaleOut runs TrustWatch as separate services, each its own process,
// against the real Kafka broker: one `store serve` owning the embedded
// engine, two `crawl -worker` sharing the crawl tasks, two `ingest` in one
// consumer group, two `schedule` campaigning for the lease. One crawler is
// killed (-9) mid-crawl, one ingest mid-stream, and the scheduling leader
// after its first ticks. Then every
// sample-web document is in analysts' views exactly once, the other
// scheduler took the jobs over within the lease time, and no tick of a job
// ran twice.
func TestScaleOut(t *testing.T) {
	if testing.Short() {
		t.Skip("runs seven processes for about a minute")
	}
	sc := startScale(t, "scale")
	ps, st, cfg, dir := sc.ps, sc.st, sc.cfg, sc.dir
	ctx := context.Background()
	defer ps.stopAll()

	m1, m2 := freePort(t), freePort(t)
	ingest1 := ps.start("ingest-1", "ingest", "-metrics", m1)
	ps.start("ingest-2", "ingest", "-metrics", m2)
	sm1, sm2 := freePort(t), freePort(t)
	sched := map[int]*exec.Cmd{}
	for i, m := range []string{sm1, sm2} {
		p := ps.start(fmt.Sprintf("schedule-%d", i+1), "schedule", "-metrics", m)
		sched[p.Process.Pid] = p
	}

	desk, deskOps := freePort(t), freePort(t)
	ps.start("serve", "serve", "-addr", desk, "-metrics", deskOps)

	// Two crawler workers share the crawl tasks; the first dies mid-crawl,
	// and the other crawls its sources again from the shared crawl state.
	cm1, cm2 := freePort(t), freePort(t)
	w1 := ps.start("crawl-1", "crawl", "-worker", "-v", "-sampleweb", sc.web, "-metrics", cm1)
	ps.start("crawl-2", "crawl", "-worker", "-v", "-sampleweb", sc.web, "-metrics", cm2)
	for _, a := range []string{m1, m2, sm1, sm2, cm1, cm2, deskOps} { // every service is live and reaches its store
		waitReady(t, "http://"+a+"/healthz")
		waitReady(t, "http://"+a+"/readyz")
	}
	t.Logf("enqueue: %s", lastLine(ps.run("enqueue", "crawl", "-enqueue")))
	deadline := time.Now().Add(time.Minute)
	for tasksDone(t, dir, "crawl-1") == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	_ = w1.Process.Kill()
	_ = w1.Wait()

	// One ingest dies once it has stored something; the other takes its partitions.
	waitStoredAny(t, []string{m1, m2}, 1)
	_ = ingest1.Process.Kill()
	_ = ingest1.Wait()
	want := sc.docs
	waitCount(t, st, "SELECT uniqExact(id) AS n FROM trustwatch.v_documents", want, 3*time.Minute)
	waitCount(t, st, "SELECT uniqExact(source) AS n FROM trustwatch.crawl_runs WHERE healthy = 1", int64(len(cfg.Loaded.Sources)), time.Minute)
	view, distinct, raw := viewCounts(t, st)
	done1, done2 := tasksDone(t, dir, "crawl-1"), tasksDone(t, dir, "crawl-2")
	fmt.Printf("faults: scale-out: %d sample-web documents, %d in view, %d distinct, %d raw rows (%d published twice) after killing a crawler and an ingest; crawl tasks done: %d by the killed worker, %d by the other\n",
		want, view, distinct, raw, raw-want, done1, done2)
	if view != want || distinct != want {
		t.Fatalf("view %d rows, %d distinct; want exactly %d", view, distinct, want)
	}
	if done2 == 0 {
		t.Fatal("the surviving crawler worker crawled no task")
	}

	// The scheduling leader dies after its ticks; the other leads within the lease time.
	leader := waitLeader(t, st, time.Minute)
	p, ok := sched[leader]
	if !ok {
		t.Fatalf("job_ticks names pid %d, not a schedule process (%v)", leader, keys(sched))
	}
	killed := time.Now()
	_ = p.Process.Kill()
	_ = p.Wait()
	var next int
	deadline = killed.Add(cfg.Schedule.SessionTimeout + 45*time.Second)
	for next == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		var rows []struct {
			Leader string `json:"leader"`
		}
		q := "SELECT leader FROM trustwatch.job_ticks WHERE state = 'started' AND at > " + store.Quote(killed.UTC().Format("2006-01-02 15:04:05.000")) + " LIMIT 1"
		if err := st.SelectInto(ctx, q, &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 {
			next = pidOf(rows[0].Leader)
		}
	}
	handover := time.Since(killed)
	if next == 0 || next == leader {
		t.Fatalf("no other scheduler started a tick within %s of killing the leader (pid %d)", handover.Round(time.Second), leader)
	}
	fmt.Printf("faults: scale-out: scheduling leader %d killed; %d started a tick %.1f s later (lease %s, refresh every 5 s)\n",
		leader, next, handover.Seconds(), cfg.Schedule.SessionTimeout)
	twice, err := st.Count(ctx, "SELECT count() AS n FROM (SELECT job, tick FROM trustwatch.job_ticks WHERE state = 'done' GROUP BY job, tick HAVING count() > 1)")
	if err != nil {
		t.Fatal(err)
	}
	ticks, _ := st.Count(ctx, "SELECT count() AS n FROM trustwatch.v_job_ticks")
	if twice != 0 || ticks < 2 {
		t.Fatalf("%d ticks, %d of them done twice; want some, none twice", ticks, twice)
	}
	ps.terminate() // every service left stops cleanly on SIGTERM
}

// terminate sends SIGTERM to every process still running and wants each to
// exit 0 within 20 s.
func (ps *procs) terminate() {
	for _, p := range ps.all {
		if p.ProcessState != nil {
			continue
		}
		_ = p.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				ps.t.Errorf("%s: after SIGTERM: %v", strings.Join(p.Args[1:3], " "), err)
			}
		case <-time.After(20 * time.Second):
			ps.t.Errorf("%s did not stop within 20 s of SIGTERM", strings.Join(p.Args[1:3], " "))
			_ = p.Process.Kill()
			<-done
		}
	}
}

const scalePassword = "scale-test-secret"

// scale is a store service on a fresh topic and data directory, the sample
// web, and the processes started so far.
type scale struct {
	ps   *procs
	st   *store.Store // the store service, reached as the services reach it
	cfg  *config.Config
	dir  string
	o    bus.Options // the documents topic
	web  string      // the sample web's URL
	docs int64       // the sample web's documents
}

// startScale starts the sample web and `store serve`; stopping them is
// the caller's (ps.stopAll).
func startScale(t testing.TB, name string) scale {
	t.Helper()
	brokers := realBroker(t)
	bin, dir := buildBinary(t), t.TempDir()
	o := topics(t, brokers, name)
	storeAddr := freePort(t)
	cfgPath := writeScaleConfig(t, dir, brokers, o.Topic, storeAddr)
	cfg, err := config.Load(cfgPath, func(k string) (string, bool) {
		if k == "TRUSTWATCH_CLICKHOUSE_PASSWORD" {
			return scalePassword, true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	site, err := sampleweb.New(sampleweb.Options{Units: cfg.Loaded.Units.Ranked(), Departments: cfg.Loaded.Units.Departments(),
		Seed: cfg.SampleWeb.Seed, Latest: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Months: cfg.SampleWeb.Months})
	if err != nil {
		t.Fatal(err)
	}
	web, err := site.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = web.Run(ctx) }()
	ps := &procs{t: t, bin: bin, cfg: cfgPath, dir: dir}
	ps.start("store", "store", "serve")
	waitReady(t, "http://"+storeAddr+"/readyz")
	return scale{ps: ps, st: openServed(t, storeAddr), cfg: cfg, dir: dir, o: o, web: web.URL(), docs: int64(len(site.Items()))}
}

func writeScaleConfig(t testing.TB, dir string, brokers []string, topic, storeAddr string) string {
	t.Helper()
	path := writeConfig(t, dir, brokers, topic, "")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	extra := fmt.Sprintf(`clickhouse: {addrs: ["%s"], protocol: http, user: trustwatch, password_env: TRUSTWATCH_CLICKHOUSE_PASSWORD}
store: {addr: "%s"}
analytics: {schedule: "@every 5s"}
schedule: {topic: %s.lease, group: %s-schedule, session_timeout: 6s}
crawl: {tasks_topic: %s.tasks, group: %s-crawl}
`, storeAddr, storeAddr, topic, topic, topic, topic)
	if err := os.WriteFile(path, append(b, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// procs starts the services, each logging to a file, and kills what is left.
type procs struct {
	t             testing.TB
	bin, cfg, dir string
	all           []*exec.Cmd
}

func (ps *procs) command(name string, args ...string) *exec.Cmd {
	verb := 1 // the subcommand's words, before its flags
	if args[0] == "store" {
		verb = 2
	}
	full := append(append(append([]string{}, args[:verb]...), "-config", ps.cfg), args[verb:]...)
	p := exec.Command(ps.bin, full...)
	p.Env = append(os.Environ(), "TRUSTWATCH_CLICKHOUSE_PASSWORD="+scalePassword)
	log, err := os.Create(filepath.Join(ps.dir, name+".log"))
	if err != nil {
		ps.t.Fatal(err)
	}
	p.Stdout, p.Stderr = log, log
	return p
}

func (ps *procs) start(name string, args ...string) *exec.Cmd {
	p := ps.command(name, args...)
	if err := p.Start(); err != nil {
		ps.t.Fatal(err)
	}
	ps.all = append(ps.all, p)
	return p
}

// run runs a command to its end and returns its log.
func (ps *procs) run(name string, args ...string) string {
	p := ps.command(name, args...)
	err := p.Run()
	out, _ := os.ReadFile(filepath.Join(ps.dir, name+".log"))
	if err != nil {
		ps.t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

func (ps *procs) stopAll() {
	for _, p := range ps.all {
		if p.ProcessState == nil {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	}
	if ps.t.Failed() {
		logs, _ := filepath.Glob(filepath.Join(ps.dir, "*.log"))
		for _, l := range logs {
			b, _ := os.ReadFile(l)
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			ps.t.Logf("== %s\n%s", filepath.Base(l), b)
		}
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func waitReady(t testing.TB, url string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s not ready in 60 s", url)
}

// openServed reaches the store service as every service does: clickhouse-go over HTTP.
func openServed(t testing.TB, addr string) *store.Store {
	t.Helper()
	b, err := server.Open(context.Background(), server.Options{Addrs: []string{addr}, HTTP: true, User: "trustwatch", Password: scalePassword})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return store.New(b)
}

func waitStoredAny(t *testing.T, addrs []string, min float64) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		for _, a := range addrs {
			if v, err := scrape(a, "trustwatch_ingest_documents_total"); err == nil && v >= min {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no ingest stored %.0f documents in 90 s", min)
}

func waitCount(t testing.TB, s *store.Store, q string, want int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	var n int64
	for time.Now().Before(deadline) {
		var err error
		if n, err = s.Count(context.Background(), q); err == nil && n >= want {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("%s: %d after %s, want %d", q, n, within, want)
}

// waitLeader waits for a finished tick and returns the pid that ran it.
func waitLeader(t *testing.T, s *store.Store, within time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var rows []struct {
			Leader string `json:"leader"`
		}
		if err := s.SelectInto(context.Background(), "SELECT leader FROM trustwatch.job_ticks WHERE state = 'done' ORDER BY at DESC LIMIT 1", &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 {
			return pidOf(rows[0].Leader)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("no tick done within %s", within)
	return 0
}

var pidRe = regexp.MustCompile(`/(\d+)$`)

func pidOf(leader string) int {
	m := pidRe.FindStringSubmatch(leader)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func keys(m map[int]*exec.Cmd) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	return out
}

// tasksDone counts the crawl tasks a worker's log says it finished.
func tasksDone(t *testing.T, dir, name string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "crawl task done")
}
