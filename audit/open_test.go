package audit

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A deleted log must not be started afresh: the first append would
// rewrite the head and Verify would report an intact chain of one entry.
func TestOpenRefusesDeletedLog(t *testing.T) {
	path, _ := writeLog(t)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	headBefore, err := os.ReadFile(path + ".head")
	if err != nil {
		t.Fatal(err)
	}
	if l, err := Open(path); !errors.Is(err, ErrMissing) {
		if l != nil {
			l.Close()
		}
		t.Fatalf("Open of a deleted log: %v, want ErrMissing", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("Open created a new log in place of the deleted one")
	}
	headAfter, _ := os.ReadFile(path + ".head")
	if !bytes.Equal(headBefore, headAfter) {
		t.Error("Open rewrote the head of a deleted log")
	}
}

// With neither log nor head, the service's data existing is what tells a
// deleted log from a first start.
func TestOpenMustExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if _, err := OpenWith(path, Options{MustExist: true}); !errors.Is(err, ErrMissing) {
		t.Fatalf("OpenWith(MustExist) of an absent log: %v, want ErrMissing", err)
	}
	l, err := OpenWith(path, Options{})
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	l.Close()
}

// A crash in the middle of an append leaves a last line without its
// newline that the head does not cover: Open cuts it and records that.
func TestOpenRecoversTornLine(t *testing.T) {
	path, es := writeLog(t)
	full, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	torn := []byte(`{"hash":"0123456789abcdef","entry":{"seq":` + "99")
	if err := os.WriteFile(path, append(append([]byte(nil), full...), torn...), 0o600); err != nil {
		t.Fatal(err)
	}
	wantBad(t, path, len(es)+1, "incomplete")
	var logged bytes.Buffer
	l, err := OpenWith(path, Options{Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatalf("Open of a log with a torn last line: %v", err)
	}
	if got := l.Len(); got != len(es)+1 {
		t.Errorf("Len after recovery = %d, want %d (the entries and the recovery)", got, len(es)+1)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "repaired") {
		t.Errorf("the recovery is not logged: %q", logged.String())
	}
	n, err := Verify(path)
	if err != nil || n != len(es)+1 {
		t.Fatalf("Verify after recovery: %d entries, %v; want %d, nil", n, err, len(es)+1)
	}
	after, _ := os.ReadFile(path)
	if !bytes.HasPrefix(after, full) {
		t.Error("the complete entries were changed")
	}
	lines := readLines(t, path)
	lastLine := string(lines[len(lines)-1])
	for _, want := range []string{`"action":"` + RecoverAction + `"`, "incomplete line", "offset"} {
		if !strings.Contains(lastLine, want) {
			t.Errorf("the recovery entry %s lacks %q", lastLine, want)
		}
	}
}

// A torn line the head covers was acknowledged: that is a truncation,
// never repaired.
func TestOpenRefusesTornAcknowledgedLine(t *testing.T) {
	path, _ := writeLog(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b[:len(b)-20], 0o600); err != nil {
		t.Fatal(err)
	}
	if l, err := Open(path); err == nil {
		l.Close()
		t.Fatal("Open repaired a torn line that the head records")
	}
	if after, _ := os.ReadFile(path); len(after) != len(b)-20 {
		t.Error("Open changed the log it refused")
	}
}
