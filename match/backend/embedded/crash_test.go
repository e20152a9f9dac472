package embedded

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// crashChildEnv names the store folder of TestCrashSafety's child
// process.
const crashChildEnv = "BIOGATE_EMBEDDED_CRASH_CHILD"

// TestCrashSafety kills (SIGKILL) a process in the middle of concurrent
// enrolments and checks that every enrolment it acknowledged is found by
// the backend New rebuilds from the same store.
func TestCrashSafety(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(t, dir)
		return
	}
	probe := fvc(t, 107, 1, 0) // skips when the corpus is absent
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 40 {
		if s, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
			acked = append(acked, s)
		}
	}
	cmd.Process.Kill() // SIGKILL: no deferred function, no Close, runs
	cmd.Wait()
	if len(acked) < 40 {
		t.Fatalf("the child acknowledged %d enrolments before it ended", len(acked))
	}
	b, _ := openIn(t, dir)
	for _, s := range acked {
		v, err := b.Verify(context.Background(), "crash", s, probe)
		if err != nil || !v.Match {
			t.Errorf("acknowledged %s after the crash: %+v, %v", s, v, err)
		}
	}
}

// crashChild enrols subjects from 8 goroutines until killed, printing
// each one acknowledged.
func crashChild(t *testing.T, dir string) {
	b, _ := openIn(t, dir)
	sample := fvc(t, 107, 1, 0)
	acks := make(chan string)
	for w := range 8 {
		go func() {
			for i := 0; ; i++ {
				s := fmt.Sprintf("W%d-%05d", w, i)
				if err := b.Enrol(context.Background(), "crash", s, sample); err != nil {
					fmt.Println("error", err)
					return
				}
				acks <- s
			}
		}()
	}
	deadline := time.After(time.Minute) // in case the parent is gone
	for {
		select {
		case s := <-acks:
			fmt.Println("acked", s)
		case <-deadline:
			return
		}
	}
}
