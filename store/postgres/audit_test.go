package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/pgtest"
)

// openAt opens a store on dsn, closed at the test's end.
func openAt(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestAuditConcurrentNodes: several nodes (each its own pool), each with
// several goroutines, append at once; the chain verifies and Seq is
// dense, every entry there once.
func TestAuditConcurrentNodes(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	const nodes, workers, each = 3, 4, 15
	logs := make([]*Audit, nodes)
	for i := range logs {
		logs[i] = openAt(t, dsn).Audit()
	}
	var wg sync.WaitGroup
	for n := range nodes {
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					e := audit.Entry{Actor: fmt.Sprintf("node%d", n), Action: "submit", Transaction: fmt.Sprintf("%d-%d-%d", n, w, i), Outcome: audit.OK}
					if err := logs[n].Append(e); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	const total = nodes * workers * each
	n, err := logs[0].Verify(ctx)
	if err != nil || n != total {
		t.Fatalf("Verify = %d, %v; want %d entries, intact", n, err, total)
	}
	seen := map[string]bool{}
	var seq int64
	err = logs[1].Entries(ctx, time.Time{}, time.Time{}, func(e audit.Entry) error {
		if seq++; e.Seq != seq {
			return fmt.Errorf("seq %d where %d was expected", e.Seq, seq)
		}
		if seen[e.Transaction] {
			return fmt.Errorf("%s twice", e.Transaction)
		}
		seen[e.Transaction] = true
		return nil
	})
	if err != nil || len(seen) != total {
		t.Errorf("Entries: %d distinct, %v; want %d", len(seen), err, total)
	}
}

// fixedEntries are entries with their times set, so that two logs seal
// them alike.
func fixedEntries() []audit.Entry {
	t0 := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	var out []audit.Entry
	for i := range 6 {
		out = append(out, audit.Entry{Time: t0.Add(time.Duration(i) * time.Hour), Actor: "fbi", Action: "submit",
			Transaction: fmt.Sprint(i), Outcome: audit.OK, Reason: strings.Repeat("é", i)})
	}
	return out
}

// TestAuditSameAsFile: the same entries give the same chain in the
// database as in the file log (same JSON, same hashes), and Entries
// selects a period.
func TestAuditSameAsFile(t *testing.T) {
	ctx := context.Background()
	a := openAt(t, pgtest.DSN(t)).Audit()
	path := filepath.Join(t.TempDir(), audit.FileName)
	f, err := audit.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, e := range fixedEntries() {
		if err := a.Append(e); err != nil {
			t.Fatal(err)
		}
		if err := f.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	head, err := os.ReadFile(path + ".head")
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := a.s.pool.QueryRow(ctx, "SELECT hash FROM biogate_audit_head").Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(head)), " "+hash) {
		t.Errorf("head hash %s, the file log's head %q", hash, head)
	}
	t0 := fixedEntries()[0].Time
	var got []int64
	if err := a.Entries(ctx, t0.Add(2*time.Hour), t0.Add(4*time.Hour), func(e audit.Entry) error {
		got = append(got, e.Seq)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[3 4]" {
		t.Errorf("Entries of hours 2-4: seqs %v, want [3 4]", got)
	}
	stop := errors.New("stop")
	if err := a.Entries(ctx, time.Time{}, time.Time{}, func(audit.Entry) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Entries stops at fn's error: %v", err)
	}
}

// TestAuditTampering: an edit, a deletion or a truncation in the
// database is named by Verify as an *audit.Error at the first bad entry.
func TestAuditTampering(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, sql string
		line      int
	}{
		{"edited", `UPDATE biogate_audit SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'fbi', 'bka'), 'UTF8') WHERE seq = 3`, 3},
		{"deleted", `DELETE FROM biogate_audit WHERE seq = 2`, 2},
		{"truncated", `DELETE FROM biogate_audit WHERE seq = 6`, 6},
		{"added without the head", `UPDATE biogate_audit_head SET seq = 5`, 6},
		// Swapping two rows' keys goes through negative ones (unique).
		{"reordered", `UPDATE biogate_audit SET seq = -seq WHERE seq IN (4, 5);
			UPDATE biogate_audit SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq IN (-4, -5)`, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openAt(t, pgtest.DSN(t))
			a := s.Audit()
			for _, e := range fixedEntries() {
				if err := a.Append(e); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := a.Verify(ctx); err != nil || n != 6 {
				t.Fatalf("before: %d, %v", n, err)
			}
			if _, err := s.pool.Exec(ctx, tc.sql); err != nil {
				t.Fatal(err)
			}
			_, err := a.Verify(ctx)
			var ae *audit.Error
			if !errors.As(err, &ae) || ae.Line != tc.line || ae.Path != AuditName {
				t.Errorf("Verify = %v, want an *audit.Error at %d", err, tc.line)
			}
		})
	}
}

// BenchmarkAuditAppend: entries appended per second by 16 goroutines of
// one node (every audited call appends one).
func BenchmarkAuditAppend(b *testing.B) {
	s, _ := open(b)
	a := s.(*Store).Audit()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := a.Append(audit.Entry{Actor: "fbi", Action: "submit", Outcome: audit.OK}); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// TestAuditGroupWithBadEntry: an entry that cannot be sealed (a time JSON
// cannot hold) fails alone; the entries committed in its group verify.
func TestAuditGroupWithBadEntry(t *testing.T) {
	ctx := context.Background()
	a := openAt(t, pgtest.DSN(t)).Audit()
	bad := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // RFC 3339 years end at 9999
	errs := make([]error, 40)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			e := audit.Entry{Actor: "fbi", Action: "submit", Outcome: audit.OK, Transaction: fmt.Sprint(i)}
			if i == 7 {
				e.Time = bad
			}
			errs[i] = a.Append(e)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 7) {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	if n, err := a.Verify(ctx); err != nil || n != len(errs)-1 {
		t.Errorf("Verify = %d, %v; want %d entries, intact", n, err, len(errs)-1)
	}
}
