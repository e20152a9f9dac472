package natstest

import (
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Server is a nats-server of the test's own, for tests that stop NATS
// and start it again (an outage); other tests share URL's.
type Server struct {
	URL  string
	t    testing.TB
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
}

// Start starts a nats-server with JetStream on a free loopback port,
// its store in a temporary folder; the test's cleanup stops it. The test
// is skipped, saying so, when the nats-server program is absent.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		t.Skipf("the nats-server program is absent (Debian package nats-server): %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &Server{URL: "nats://127.0.0.1:" + strconv.Itoa(port), t: t, bin: bin, dir: t.TempDir(), port: port}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// Restart starts the server (again, on the same port and store) and
// waits until it answers with JetStream.
func (s *Server) Restart() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "-js", "-sd", s.dir, "-a", "127.0.0.1", "-p", strconv.Itoa(s.port))
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for probe(s.URL) != nil {
		if time.Now().After(deadline) {
			s.t.Fatalf("nats-server on port %d does not answer", s.port)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop stops the server (SIGKILL: an outage, not a shutdown).
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		s.cmd = nil
	}
}
