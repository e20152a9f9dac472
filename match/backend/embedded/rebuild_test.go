package embedded

import (
	"context"
	"strings"
	"testing"

	"github.com/biogate/biogate/store"
)

// TestRebuild: what was acknowledged is in the index New rebuilds (and
// what was removed is not); a stored prepared form that cannot be read is
// prepared again from the stored minutiae record; an enrolment with
// neither fails New.
func TestRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, st := openIn(t, dir)
	steps := []struct {
		gallery, subject string
		finger           int
		remove           bool
	}{
		{"one", "A", 101, false},
		{"one", "B", 102, false},
		{"two", "A", 103, false},
		{"one", "B", 104, false}, // re-enrolment
		{"two", "C", 105, false},
		{"two", "C", 0, true},
	}
	for _, s := range steps {
		var err error
		if s.remove {
			err = b.Remove(ctx, s.gallery, s.subject)
		} else {
			err = b.Enrol(ctx, s.gallery, s.subject, fvc(t, s.finger, 1, 0))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// A damaged prepared form beside a good minutiae record.
	e, err := st.Enrolment(ctx, store.SpaceEmbedded, "two", "A")
	if err != nil {
		t.Fatal(err)
	}
	e.Samples[0].Index = []byte("damaged")
	if err := st.PutEnrolment(ctx, e); err != nil {
		t.Fatal(err)
	}
	b.Close()
	st.Close()

	st = openStore(t, dir)
	b, err = New(st, Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := b.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Galleries != 2 || stats.Subjects != 3 || stats.Templates != 3 || stats.Prepared != 1 {
		t.Errorf("rebuild %+v, want 2 galleries, 3 subjects, 3 templates, 1 prepared again", stats)
	}
	for _, tc := range []struct {
		gallery string
		finger  int
		want    string
	}{
		{"one", 101, "A"},
		{"one", 104, "B"},
		{"two", 103, "A"},
	} {
		cs, err := b.Identify(ctx, tc.gallery, fvc(t, tc.finger, 2, 0), 1)
		if err != nil || len(cs) != 1 || cs[0].Subject != tc.want {
			t.Errorf("gallery %s probe %d: %v, %v; want %s", tc.gallery, tc.finger, cs, err, tc.want)
		}
	}
	h, _ := b.Health(ctx)
	if h.Subjects["one"] != 2 || h.Subjects["two"] != 1 {
		t.Errorf("Health %+v", h)
	}

	// Neither form readable: New says which enrolment.
	e.Samples[0].Data = []byte("damaged too")
	if err := st.PutEnrolment(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := New(st, Options{Log: quiet}); err == nil || !strings.Contains(err.Error(), `gallery "two" subject "A"`) {
		t.Errorf("New over a damaged enrolment: %v", err)
	}
}
