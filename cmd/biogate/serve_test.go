package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
)

// started is a running biogate serve: its base URL and dev token.
type started struct {
	url, token string
}

// readBanner reads serve's stdout until it has the address and, with
// --dev, the token.
func readBanner(t *testing.T, r io.Reader, dev bool) started {
	t.Helper()
	var s started
	sc := bufio.NewScanner(r)
	deadline := time.AfterFunc(30*time.Second, func() { t.Error("serve did not start within 30s") })
	defer deadline.Stop()
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "biogate: serving on "); ok {
			s.url = strings.Fields(rest)[0]
		} else if strings.Count(line, ".") == 2 && !strings.Contains(line, " ") {
			s.token = line
		}
		if s.url != "" && (!dev || s.token != "") {
			go io.Copy(io.Discard, r)
			return s
		}
	}
	t.Fatalf("serve ended before printing its address: %v", sc.Err())
	return s
}

func call(t *testing.T, method, url, token string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestServeDefaults runs serve in-process with no configuration: it
// answers health checks and refuses /v1 calls; then --dev on the same
// folder gives a token that works, and token mints more.
func TestServeDefaults(t *testing.T) {
	data := t.TempDir()
	run := func(dev bool) (started, func()) {
		pr, pw := io.Pipe()
		c := &cli{stdin: nil, stdout: pw, stderr: io.Discard}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		go func() { done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: data, dev: dev}); pw.Close() }()
		s := readBanner(t, pr, dev)
		return s, func() {
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("serve exited %d", code)
			}
		}
	}
	s, stop := run(false)
	if code, _ := call(t, "GET", s.url+"/healthz", "", nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}
	if code, _ := call(t, "GET", s.url+"/v1/inbox", "", nil); code != 401 {
		t.Errorf("inbox without partners: %d", code)
	}
	stop()

	s, stop = run(true)
	defer stop()
	if code, b := call(t, "GET", s.url+"/v1/inbox", s.token, nil); code != 200 {
		t.Errorf("inbox with the dev token: %d %s", code, b)
	}
	code, out, errOut := biogate(t, nil, "token", "--data", data, "--partner", "local", "--scope", "read")
	if code != exitOK {
		t.Fatalf("token: exit %d: %s", code, errOut)
	}
	tok := strings.TrimSpace(out)
	if code, _ := call(t, "GET", s.url+"/v1/inbox", tok, nil); code != 200 {
		t.Errorf("inbox with a minted read token: %d", code)
	}
	if code, _ := call(t, "POST", s.url+"/v1/transactions", tok, []byte("x")); code != 403 {
		t.Errorf("submit with a read token: %d", code)
	}
	// The review: the dev token of local is refused it, reviewer's audit
	// token reads it and nothing else.
	if code, _ := call(t, "GET", s.url+"/v1/audit/report", s.token, nil); code != 403 {
		t.Errorf("audit report with local's dev token: %d", code)
	}
	_, out, _ = biogate(t, nil, "token", "--data", data, "--partner", "reviewer", "--scope", "audit")
	review := strings.TrimSpace(out)
	if code, b := call(t, "GET", s.url+"/v1/audit/report", review, nil); code != 200 || !strings.Contains(string(b), `"totals"`) {
		t.Errorf("audit report with reviewer's token: %d %.200s", code, b)
	}
	if code, _ := call(t, "GET", s.url+"/v1/inbox", review, nil); code != 403 {
		t.Errorf("inbox with reviewer's token: %d", code)
	}
}

func TestTokenErrors(t *testing.T) {
	for _, args := range [][]string{
		{"token", "--data", t.TempDir(), "--partner", "local"}, // no key
		{"token", "--data", t.TempDir()},                       // no partner
		{"token", "--partner", "a", "--scope", "fly"},
		{"serve", "extra"},
	} {
		if code, _, errOut := biogate(t, nil, args...); code != exitUnusable || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

// TestServeCrash builds the binary, runs serve --dev, submits in a loop
// from several clients, kills the process with SIGKILL mid-way, restarts
// it on the same data folder and checks that every acknowledged (201)
// transaction is there byte for byte.
func TestServeCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	b, err := os.ReadFile(filepath.Join(corpusDir, "jnbis/ansi/references/type-4-14-slaps.an2"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("corpus absent (../shared/corpus)")
	}
	bin := filepath.Join(t.TempDir(), "biogate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := t.TempDir()
	start := func() (*exec.Cmd, started) {
		cmd := exec.Command(bin, "serve", "--dev", "--addr", "127.0.0.1:0", "--data", data)
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, readBanner(t, stdout, true)
	}
	cmd, s := start()

	// Each submission differs (a distinct control number), so each is a
	// distinct original to find again.
	type acked struct {
		id   string
		body []byte
	}
	results := make(chan acked, 10000)
	stop := make(chan struct{})
	const workers = 4
	done := make(chan struct{}, workers)
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 2000; i++ {
				select {
				case <-stop:
					return
				default:
				}
				tcn := fmt.Sprintf("crash %02d %05d", w, i)
				body := bytes.Replace(b, []byte("jck t4 and t14 slaps"), []byte(tcn + "       ")[:len("jck t4 and t14 slaps")], 1)
				req, _ := http.NewRequest("POST", s.url+"/v1/transactions", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+s.token)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					return // the server is gone
				}
				var tr struct{ ID string }
				json.NewDecoder(res.Body).Decode(&tr)
				res.Body.Close()
				if res.StatusCode == 201 {
					results <- acked{tr.ID, body}
				}
			}
		}()
	}
	// Kill once a good number are in, or after 5 seconds.
	deadline := time.Now().Add(5 * time.Second)
	for len(results) < 150 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	for range workers {
		<-done
	}
	close(results)
	var all []acked
	for a := range results {
		all = append(all, a)
	}
	if len(all) == 0 {
		t.Fatal("no submission was acknowledged before the kill")
	}

	_, s = start()
	for _, a := range all {
		code, got := call(t, "GET", s.url+"/v1/transactions/"+a.id, s.token, nil)
		if code != 200 || !bytes.Equal(got, a.body) {
			t.Errorf("acknowledged %s: status %d, %d bytes (want the %d submitted)", a.id, code, len(got), len(a.body))
		}
	}
	t.Logf("%d acknowledged submissions before SIGKILL, all present byte for byte after restart", len(all))
}

// TestServeTrust: --dev creates a signing key, with which POST /v1/sign
// signs and POST /v1/verify verifies; every call is in the audit log,
// which verifies; and serve refuses to start on a log that does not.
func TestServeTrust(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(corpusDir, "jnbis/ansi/references/type-4-14-slaps.an2"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("corpus absent")
	}
	data := t.TempDir()
	run := func() (started, func() int) {
		pr, pw := io.Pipe()
		c := &cli{stdout: pw, stderr: io.Discard}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		go func() {
			done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: data, dev: true, purgeInterval: time.Hour})
			pw.Close()
		}()
		s := readBanner(t, pr, true)
		return s, func() int { cancel(); return <-done }
	}
	s, stop := run()
	code, signed := call(t, "POST", s.url+"/v1/sign", s.token, b)
	if code != 200 {
		t.Fatalf("sign: %d %s", code, signed)
	}
	if code, body := call(t, "POST", s.url+"/v1/verify", s.token, signed); code != 200 || !bytes.Contains(body, []byte(`"verified":true`)) {
		t.Errorf("verify: %d %s", code, body)
	}
	signed[len(signed)/2] ^= 1
	if code, _ := call(t, "POST", s.url+"/v1/verify", s.token, signed); code != 422 {
		t.Errorf("verify tampered: %d", code)
	}
	if code, body := call(t, "POST", s.url+"/v1/admin/purge", s.token, nil); code != 200 {
		t.Errorf("purge: %d %s", code, body)
	}
	if code := stop(); code != exitOK {
		t.Fatalf("serve exited %d", code)
	}
	if _, err := os.Stat(filepath.Join(data, devSignKey)); err != nil {
		t.Errorf("no development signing key: %v", err)
	}
	if code, out, errOut := biogate(t, nil, "audit", "verify", "--data", data); code != exitOK || !strings.Contains(out, "4 entries") {
		t.Errorf("audit verify: exit %d: %s%s", code, out, errOut)
	}

	// A rewritten entry: serve refuses to start, saying why.
	log := filepath.Join(data, "audit.log")
	lb, _ := os.ReadFile(log)
	os.WriteFile(log, bytes.Replace(lb, []byte(`"action":"sign"`), []byte(`"action":"sigh"`), 1), 0o600)
	var errOut bytes.Buffer
	c := &cli{stdout: io.Discard, stderr: &errOut}
	if code := c.serve(context.Background(), serveFlags{addr: "127.0.0.1:0", data: data}); code != exitUnusable ||
		!strings.Contains(errOut.String(), "does not verify") {
		t.Errorf("serve on a broken log: exit %d: %s", code, errOut.String())
	}
}

// TestServeFolderInUse: a second serve on a data folder in use fails at
// once, saying another process holds it, and touches nothing in the
// folder (it used to rewrite the audit head, then fail after 2 s with
// "store: open DIR: timeout").
func TestServeFolderInUse(t *testing.T) {
	data := t.TempDir()
	l, err := audit.Open(audit.Path(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(audit.Entry{Actor: "fbi", Action: "submit", Outcome: audit.OK}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	pr, pw := io.Pipe()
	c := &cli{stdout: pw, stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: data}); pw.Close() }()
	readBanner(t, pr, false)
	defer func() { cancel(); <-done }()

	files := []string{audit.Path(data), audit.Path(data) + ".head"}
	before := map[string]os.FileInfo{}
	for _, f := range files {
		if before[f], err = os.Stat(f); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond) // a write now would show in the modification time
	var errOut bytes.Buffer
	second := &cli{stdout: io.Discard, stderr: &errOut}
	start := time.Now()
	code := second.serve(context.Background(), serveFlags{addr: "127.0.0.1:0", data: data})
	took := time.Since(start)
	if code != exitUnusable || !strings.Contains(errOut.String(), "in use: held by another process") || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("second serve: exit %d, stderr %q", code, errOut.String())
	}
	if took > time.Second {
		t.Errorf("second serve took %v to fail; it must fail at once", took)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil || !fi.ModTime().Equal(before[f].ModTime()) || fi.Size() != before[f].Size() {
			t.Errorf("%s was written by the second serve (%v)", f, err)
		}
	}
}
