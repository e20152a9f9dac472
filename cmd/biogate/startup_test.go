package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildBinary builds biogate into a temporary folder for tests and
// benchmarks that run the program as users do, one process per file.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "biogate")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkInspectProcess runs the built binary on a small transaction,
// one process per iteration, as integrators script it: the figure the
// README gives for `biogate inspect` (target: under 10 ms). Besides the
// wall time per run (ns/op) it reports the processor time the process
// used (cpu-ms/op), which a loaded machine does not inflate.
//
//	go test ./cmd/biogate -run '^$' -bench InspectProcess -benchtime 200x
func BenchmarkInspectProcess(b *testing.B) {
	bin := buildBinary(b)
	sample, err := filepath.Abs(sample)
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(bin, "inspect", sample)
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// TestStartupInit checks that the packages which built catalogues and
// compiled JSON schemas at start-up now do it on first use: a run of
// `biogate inspect` allocates little in their init.
func TestStartupInit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	cmd := exec.Command(bin, "inspect", sample)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for pkg, limit := range map[string]int{
		"github.com/biogate/biogate/conformance":       256 << 10,
		"github.com/biogate/biogate/internal/exchange": 64 << 10,
		"github.com/biogate/biogate/policy":            64 << 10,
		"github.com/biogate/biogate/xml":               256 << 10,
	} {
		bytes, ok := initBytes(string(out), pkg)
		if !ok {
			continue // no init work at all
		}
		if bytes > limit {
			t.Errorf("%s allocates %d bytes in its init (limit %d): build it on first use", pkg, bytes, limit)
		}
	}
}

// initBytes reads the bytes a package's init allocated from a
// GODEBUG=inittrace=1 trace ("init PKG @T ms, C ms clock, B bytes, A allocs").
func initBytes(trace, pkg string) (int, bool) {
	for _, line := range strings.Split(trace, "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && f[0] == "init" && f[1] == pkg && f[7] == "bytes," {
			n, err := strconv.Atoi(f[6])
			return n, err == nil
		}
	}
	return 0, false
}
