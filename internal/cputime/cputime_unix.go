//go:build unix

// Package cputime reads the processor time the process has used, so that
// benchmarks on a machine shared with other work can report work per CPU
// second beside the wall-clock figure (which overstates what a run costs
// when other work takes the cores).
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time the process has used, user and system; 0 when
// the system does not say.
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
