package api

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBiogate builds cmd/biogate into a temporary folder, for the tests
// that run the service or the matcher as separate processes.
func buildBiogate(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "biogate")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/biogate").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running biogate process.
type process struct {
	cmd   *exec.Cmd
	url   string // what it printed after "serving on "
	token string // the --dev token, when it printed one
}

// startProcess runs bin with args and waits until it prints the address
// it serves on ("...serving on http://HOST:PORT ..." on standard output),
// and with wantToken, the token printed on a line of its own (serve
// --dev). The process is killed when the test ends.
func startProcess(t testing.TB, bin string, wantToken bool, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second)
	for p.url == "" || wantToken && p.token == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("%s %v ended before printing its address", filepath.Base(bin), args)
			}
			if _, rest, ok := strings.Cut(line, "serving on "); ok {
				p.url = strings.Fields(rest)[0]
			} else if strings.Count(line, ".") == 2 && !strings.Contains(line, " ") {
				p.token = line
			}
		case <-deadline:
			t.Fatalf("%s %v did not print its address within 30 s", filepath.Base(bin), args)
		}
	}
	go func() {
		for range lines {
		}
	}()
	return p
}

// kill ends the process with SIGKILL and waits for it.
func (p *process) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// httpCall sends a request with a bearer token ("" for none); a
// transport error gives status 0.
func httpCall(method, url, token string, body []byte) (int, http.Header, []byte) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	c := &http.Client{Timeout: 60 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	return res.StatusCode, res.Header, b
}
