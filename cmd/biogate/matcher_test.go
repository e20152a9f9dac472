package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/httpmatcher"
)

const matcherToken = "a-shared-secret-of-the-test-matcher"

// matcherProcess is a running `biogate matcher serve`.
type matcherProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *strings.Builder
	mu     *sync.Mutex
}

var matcherBanner = regexp.MustCompile(`^biogate: matcher serving on (http://\S+) \(data `)

// startMatcher starts bin's `matcher serve` on a free port of the
// loopback over data and waits for its banner and its health; the test's
// cleanup kills it.
func startMatcher(t *testing.T, bin, data, tokenFile string) *matcherProcess {
	t.Helper()
	p, url := startProcess(t, matcherBanner, bin, "matcher", "serve", "--addr", "127.0.0.1:0", "--data", data, "--token-file", tokenFile)
	p.url = url
	// Wait for /v1/health, as a deployment's probe would.
	c := p.client(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		h, err := c.Health(context.Background())
		if err == nil && h.OK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/v1/health: %+v, %v; log: %s", h, err, p.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p
}

// startProcess starts bin with args and waits for a line of its standard
// output matching banner, whose first group it returns; the test's
// cleanup kills the process.
func startProcess(t testing.TB, banner *regexp.Regexp, bin string, args ...string) (*matcherProcess, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &matcherProcess{cmd: cmd, stderr: &strings.Builder{}, mu: &sync.Mutex{}}
	cmd.Stderr = lockedWriter{p.mu, p.stderr}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := banner.FindStringSubmatch(sc.Text()); m != nil {
				lines <- m[1]
			}
		}
		close(lines)
	}()
	select {
	case got, ok := <-lines:
		if !ok {
			cmd.Wait()
			t.Fatalf("%v ended without serving: %s", args, p.log())
		}
		return p, got
	case <-time.After(60 * time.Second):
		t.Fatalf("%v did not start within 60 s: %s", args, p.log())
	}
	return nil, ""
}

func (p *matcherProcess) client(t *testing.T) *httpmatcher.Client {
	c, err := httpmatcher.New(p.url, httpmatcher.ClientOptions{Token: matcherToken, Timeout: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (p *matcherProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func writeMatcherToken(t *testing.T) string {
	name := filepath.Join(t.TempDir(), "matcher.token")
	if err := os.WriteFile(name, []byte(matcherToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestMatcherServeProcess builds the binary and runs the backends'
// conformance suite on the http backend against `biogate matcher serve`
// running as a separate process, one new process (and data folder) for
// each backend the suite opens. Each process is stopped by SIGTERM and
// must exit 0 once its requests are done.
func TestMatcherServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	backendtest.CorpusDir(t)
	bin := buildBinary(t)
	tokenFile := writeMatcherToken(t)
	backendtest.Run(t, func(t *testing.T) backend.Backend {
		p := startMatcher(t, bin, t.TempDir(), tokenFile)
		t.Cleanup(func() {
			p.cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- p.cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("matcher serve after SIGTERM: %v; log: %s", err, p.log())
				}
			case <-time.After(30 * time.Second):
				t.Errorf("matcher serve still running 30 s after SIGTERM")
			}
		})
		return p.client(t)
	})
}

// TestMatcherServeCrash: a matcher killed with SIGKILL while several
// clients enrol has, once started again on its data folder (its index
// rebuilt from the store), every enrolment it acknowledged; while it is
// down the client's errors are retryable.
func TestMatcherServeCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	backendtest.CorpusDir(t)
	bin := buildBinary(t)
	tokenFile := writeMatcherToken(t)
	data := t.TempDir()
	p := startMatcher(t, bin, data, tokenFile)
	c := p.client(t)
	ctx := context.Background()
	fingers := []int{101, 102, 103}
	formats := c.Capabilities().Formats
	enrol := map[int][]backend.Sample{}
	for _, f := range fingers {
		enrol[f] = backendtest.FVC(t, f, 1, formats)
	}

	// Each worker enrols subjects F<finger>-<worker>-<n> until the
	// matcher is gone; acked holds those acknowledged.
	type subject struct {
		name   string
		finger int
	}
	acked := make(chan subject, 100000)
	const workers = 4
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				f := fingers[n%len(fingers)]
				name := fmt.Sprintf("%s-%d-%05d", subjectOf(f), w, n)
				if err := c.Enrol(ctx, "crash", name, enrol[f]); err != nil {
					if !backend.Retryable(err) {
						t.Errorf("Enrol %s: %v, want a retryable error once the matcher is gone", name, err)
					}
					return
				}
				acked <- subject{name, f}
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(acked) < 100 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	wg.Wait()
	close(acked)
	if len(acked) == 0 {
		t.Fatal("no enrolment was acknowledged before the kill")
	}

	p = startMatcher(t, bin, data, tokenFile)
	c = p.client(t)
	probes := map[int][]backend.Sample{}
	for _, f := range fingers {
		probes[f] = backendtest.FVC(t, f, 2, formats)
	}
	n := 0
	for s := range acked {
		n++
		v, err := c.Verify(ctx, "crash", s.name, probes[s.finger])
		if err != nil || !v.Match {
			t.Errorf("acknowledged %s after SIGKILL and restart: %+v, %v", s.name, v, err)
		}
	}
	h, err := c.Health(ctx)
	if err != nil || h.Subjects["crash"] < n {
		t.Errorf("Health after restart: %+v, %v; want at least %d subjects", h, err, n)
	}
	t.Logf("%d enrolments acknowledged before SIGKILL, all found after restart (%d subjects held)", n, h.Subjects["crash"])
}

func subjectOf(finger int) string { return fmt.Sprintf("F%d", finger) }

// TestMatcherServeRefusals: the command refuses, with one line and exit
// 2, what it cannot serve safely.
func TestMatcherServeRefusals(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.token")
	os.WriteFile(short, []byte("secret\n"), 0o600)
	tokenFile := writeMatcherToken(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", dir}, "--addr and --data are required"},
		{[]string{"--addr", "127.0.0.1:0"}, "--addr and --data are required"},
		{[]string{"--nats", "nats://127.0.0.1:1"}, "--nats needs --shard I/N"},
		{[]string{"--nats", "nats://127.0.0.1:1", "--shard", "2/2"}, "not I/N with 0 <= I < N"},
		{[]string{"--nats", "nats://127.0.0.1:1", "--shard", "0/2", "--data", dir}, "are the http mode's"},
		{[]string{"--nats", "nats://127.0.0.1:1", "--shard", "0/2", "--stream", "a.b"}, `stream name "a.b"`},
		{[]string{"--nats", "nats://127.0.0.1:1", "--shard", "0/2", "--subject-prefix", "a.>"}, `subject prefix "a.>"`},
		{[]string{"--addr", "0.0.0.0:0", "--data", dir}, "not a loopback address"},
		{[]string{"--addr", ":0", "--data", dir}, "not a loopback address"},
		{[]string{"--addr", "127.0.0.1:0", "--data", dir, "--token-file", short}, "16 to 4096 are required"},
		{[]string{"--addr", "127.0.0.1:0", "--data", dir, "--token-file", filepath.Join(dir, "absent")}, "no such file"},
		{[]string{"--addr", "127.0.0.1:0", "--data", dir, "--token-file", tokenFile, "--max-body", "0"}, "not a size"},
	} {
		code, out, errOut := biogate(t, nil, append([]string{"matcher", "serve"}, tt.args...)...)
		if code != exitUnusable || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one line saying %q", tt.args, code, out, errOut, tt.want)
		}
	}
}
