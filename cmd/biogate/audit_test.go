package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
)

func TestAuditCommands(t *testing.T) {
	dir := t.TempDir()
	l, err := audit.Open(audit.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, e := range []audit.Entry{
		{Actor: "fbi", Action: "submit", Transaction: "a", Type: "CAR", To: "ipsg", Outcome: audit.OK},
		{Actor: "fbi", Action: "submit", Transaction: "b", Type: "CAR", To: "ipsg", Outcome: audit.OK},
		{Actor: "ipsg", Action: "read", Transaction: "a", Outcome: audit.OK},
		{Actor: "bka", Action: "read", Transaction: "a", Outcome: audit.Rejected, Reason: "not a party"},
	} {
		e.Time = t0.Add(time.Duration(i) * 24 * time.Hour)
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()

	code, out, errOut := biogate(t, nil, "audit", "verify", "--data", dir)
	if code != exitOK || !strings.Contains(out, "4 entries") {
		t.Fatalf("verify: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = biogate(t, nil, "audit", "report", "--data", dir)
	if code != exitOK || !strings.Contains(out, "fbi   ipsg  submit  CAR  2      2") || !strings.Contains(out, "not a party") {
		t.Fatalf("report: exit %d:\n%s", code, out)
	}
	code, out, _ = biogate(t, nil, "audit", "report", "--data", dir, "--since", "2026-03-03", "--json")
	if code != exitOK || !strings.Contains(out, `"entries": 2`) {
		t.Fatalf("report --since: exit %d:\n%s", code, out)
	}

	// Remove the second entry: verify names line 2, report refuses.
	b, _ := os.ReadFile(audit.Path(dir))
	lines := strings.SplitAfter(string(b), "\n")
	os.WriteFile(audit.Path(dir), []byte(lines[0]+strings.Join(lines[2:], "")), 0o600)
	code, _, errOut = biogate(t, nil, "audit", "verify", "--data", dir)
	if code != exitFailed || !strings.Contains(errOut, "line 2:") {
		t.Fatalf("tampered verify: exit %d: %s", code, errOut)
	}
	if code, _, _ := biogate(t, nil, "audit", "report", "--data", dir); code != exitFailed {
		t.Fatalf("tampered report: exit %d", code)
	}
	if code, _, errOut := biogate(t, nil, "audit", "verify", "--data", filepath.Join(dir, "none")); code != exitUnusable {
		t.Fatalf("no log: exit %d: %s", code, errOut)
	}
	if code, _, _ := biogate(t, nil, "audit", "list"); code != exitUnusable {
		t.Fatalf("bad subcommand: exit %d", code)
	}
}
