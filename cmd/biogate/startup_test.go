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
	inits := initBytes(string(out))
	for pkg, limit := range map[string]int{
		"github.com/biogate/biogate/conformance":       64 << 10,
		"github.com/biogate/biogate/internal/exchange": 64 << 10,
		"github.com/biogate/biogate/internal/schema":   16 << 10,
		"github.com/biogate/biogate/match":             16 << 10,
		"github.com/biogate/biogate/policy":            64 << 10,
		"github.com/biogate/biogate/xml":               256 << 10,
	} {
		bytes, ok := inits[pkg]
		if !ok {
			continue // no init work at all
		}
		if bytes > limit {
			t.Errorf("%s allocates %d bytes in its init (limit %d): build it on first use", pkg, bytes, limit)
		}
	}
	// Every package's init together, the libraries' included: each page
	// of heap an init touches costs a page fault. The JSON Schema library
	// used before (santhosh-tekuri/jsonschema/v5, 1.1 MB in its init)
	// took the total to 1.7 MB; with google/jsonschema-go it is 0.5 MB.
	total := 0
	for _, n := range inits {
		total += n
	}
	if total > 768<<10 {
		t.Errorf("package initialisation allocates %d bytes in all (limit %d): a package or library builds at start-up what it could build on first use", total, 768<<10)
	}
}

// initBytes reads the bytes each package's init allocated from a
// GODEBUG=inittrace=1 trace ("init PKG @T ms, C ms clock, B bytes, A allocs").
func initBytes(trace string) map[string]int {
	bytes := map[string]int{}
	for _, line := range strings.Split(trace, "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && f[0] == "init" && f[7] == "bytes," {
			if n, err := strconv.Atoi(f[6]); err == nil {
				bytes[f[1]] = n
			}
		}
	}
	return bytes
}
