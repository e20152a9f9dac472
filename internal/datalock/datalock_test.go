package datalock

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestAcquire: a second Acquire of a held folder fails at once, naming
// the holder; after Release the folder can be taken again.
func TestAcquire(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Acquire(dir)
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire: %v, want ErrHeld", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("second Acquire took %v; it must fail at once", d)
	}
	if !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) || !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the folder and the holder", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
	l2.Release()
}
