package cputime

import (
	"runtime"
	"testing"
)

// TestProcessGrows: CPU time spent in a busy loop shows in Process.
func TestProcessGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no rusage on this system")
	}
	before := Process()
	x := 0
	for i := 0; Process()-before < 20e6 && i < 1<<34; i++ {
		x += i
	}
	if got := Process() - before; got < 20e6 {
		t.Fatalf("Process grew by %v in a busy loop, want at least 20ms (%d)", got, x)
	}
}
