package embedded

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// openStore opens a bbolt store in a temporary folder, closed at the
// test's end.
func openStore(t *testing.T, dir string) *store.Bolt {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openIn opens a backend over the store of dir; both are closed at the
// test's end.
func openIn(t *testing.T, dir string) (*Backend, *store.Bolt) {
	t.Helper()
	st := openStore(t, dir)
	b, err := New(st, Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, st
}

func open(t *testing.T) *Backend {
	b, _ := openIn(t, t.TempDir())
	return b
}

func TestConformance(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) backend.Backend { return open(t) })
}

func TestNewOptions(t *testing.T) {
	st := openStore(t, t.TempDir())
	for _, tc := range []struct {
		o    Options
		want float64
		err  bool
	}{
		{Options{}, DefaultThreshold, false},
		{Options{Threshold: 0.05}, 0.05, false},
		{Options{Threshold: -1}, 0, true},
		{Options{Threshold: 2}, 0, true},
	} {
		b, err := New(st, tc.o)
		if tc.err {
			if err == nil {
				t.Errorf("New(%+v) accepted", tc.o)
			}
			continue
		}
		if err != nil || b.Threshold() != tc.want {
			t.Errorf("New(%+v): threshold %v, %v; want %v", tc.o, b.Threshold(), err, tc.want)
		}
	}
}

func TestClosed(t *testing.T) {
	b := open(t)
	b.Close()
	err := b.Enrol(context.Background(), "g", "s", nil)
	if !errors.Is(err, backend.ErrUnavailable) || !backend.Retryable(err) {
		t.Errorf("Enrol after Close: %v", err)
	}
}
