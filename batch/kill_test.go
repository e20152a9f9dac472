package batch

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/exchange"
)

// childEnv names the environment variable that makes the test binary a
// batch run for TestBatchKill: "SRC OUT".
const childEnv = "BIOGATE_BATCH_TEST_CHILD"

func TestMain(m *testing.M) {
	if arg := os.Getenv(childEnv); arg != "" {
		src, out, _ := strings.Cut(arg, " ")
		_, err := Run(context.Background(), slowJob(src, out))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// slowJob modernises by converting to xml (exchange.Convert) and taking
// a few milliseconds more per file, so a kill lands mid-run.
func slowJob(src, out string) Job {
	return Job{Op: OpModernise, Sources: []string{src}, Out: out, Jobs: 2,
		Modernise: func(ctx context.Context, in []byte) ([]byte, *ModerniseReport, error) {
			time.Sleep(3 * time.Millisecond)
			o, err := exchange.Convert(ctx, in, exchange.ConvertOptions{To: "xml"})
			if err != nil {
				return nil, nil, err
			}
			return o.Body, &ModerniseReport{Losses: o.Notes}, nil
		}}
}

// TestBatchKill SIGKILLs a batch run (this test binary re-executed) at
// several points and resumes it: the outputs are byte for byte those of
// an uninterrupted run, and every file has one report line.
func TestBatchKill(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 150)
	whole := filepath.Join(dir, "whole")
	if _, err := Run(context.Background(), slowJob(src, whole)); err != nil {
		t.Fatal(err)
	}
	want := outputs(t, whole)
	out := filepath.Join(dir, "killed")
	// Each kill lands at a random point after more outputs exist (the
	// points are logged, so a failure can be replayed); the last run
	// completes.
	points := killPoints(rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1)), 3, n-20)
	t.Logf("kill points (outputs written): %v", points)
	for i, after := range points {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+src+" "+out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		deadline := time.After(20 * time.Second)
	wait:
		for {
			select {
			case err := <-exited:
				t.Logf("kill %d: the run ended before %d outputs (%v)", i, after, err)
				break wait
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("kill %d: no %d outputs in 20 s", i, after)
			case <-time.After(2 * time.Millisecond):
			}
			if _, err := os.Stat(out); err == nil && len(outputsOf(t, out, true)) >= after {
				cmd.Process.Signal(syscall.SIGKILL)
				<-exited
				break
			}
		}
	}
	s, err := Run(context.Background(), slowJob(src, out))
	if err != nil {
		t.Fatal(err)
	}
	countOutcomes(t, out, s, n)
	if s.Resumed == 0 {
		t.Error("nothing was resumed from the killed runs' journal")
	}
	if got := outputs(t, out); !maps.Equal(got, want) {
		t.Errorf("outputs after kills differ from an uninterrupted run (%d files, want %d)", len(got), len(want))
	}
	t.Logf("%d of %d files resumed after 3 kills", s.Resumed, s.Files)
}

// killPoints returns k increasing points in [1, max], drawn from r.
func killPoints(r *rand.Rand, k, max int) []int {
	ps := make([]int, 0, k)
	for len(ps) < k {
		p := 1 + r.IntN(max)
		if !slices.Contains(ps, p) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return ps
}
