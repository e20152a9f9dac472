package exchange

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/store"
)

// appendOnly is an Auditor that cannot be read back.
type appendOnly struct{}

func (appendOnly) Append(audit.Entry) error { return nil }

func TestAuditReport(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	l, err := audit.Open(filepath.Join(t.TempDir(), audit.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for _, d := range []time.Duration{-40 * 24 * time.Hour, -24 * time.Hour, -time.Hour, time.Hour} {
		if err := l.Append(audit.Entry{Time: now.Add(d), Actor: "fbi", Action: "submit", Outcome: audit.OK}); err != nil {
			t.Fatal(err)
		}
	}
	readable := New(st, testConfig(t), WithAudit(l), WithClock(func() time.Time { return now }))
	writeOnly := New(st, testConfig(t), WithAudit(appendOnly{}))
	reviewer := Caller{Partner: "auditor", Audit: true}
	tests := []struct {
		name         string
		s            *Service
		c            Caller
		since, until time.Time
		kind         Kind
		entries      int
	}{
		{"defaults: the 30 days before now", readable, reviewer, time.Time{}, time.Time{}, 0, 2},
		{"since only", readable, reviewer, now.AddDate(0, 0, -41), time.Time{}, 0, 3},
		{"until only", readable, reviewer, time.Time{}, now.Add(2 * time.Hour), 0, 3},
		{"366 days", readable, reviewer, now.AddDate(-1, 0, 0), now.Add(2 * time.Hour), 0, 4},
		{"too long", readable, reviewer, now.AddDate(-2, 0, 0), now, KindInvalid, 0},
		{"empty", readable, reviewer, now, now, KindInvalid, 0},
		{"reversed", readable, reviewer, now, now.Add(-time.Hour), KindInvalid, 0},
		{"no audit scope", readable, Caller{Partner: "root", Admin: true}, time.Time{}, time.Time{}, KindForbidden, 0},
		{"a log that cannot be read back", writeOnly, reviewer, time.Time{}, time.Time{}, KindUnavailable, 0},
	}
	for _, tt := range tests {
		s, err := tt.s.AuditReport(context.Background(), tt.c, tt.since, tt.until)
		if KindOf(err) != tt.kind || (err == nil) != (tt.kind == 0) {
			t.Errorf("%s: %v, want kind %v", tt.name, err, tt.kind)
			continue
		}
		if err == nil && s.Entries != tt.entries {
			t.Errorf("%s: %d entries, want %d", tt.name, s.Entries, tt.entries)
		}
	}
}
