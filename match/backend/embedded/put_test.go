package embedded

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// TestPut: an enrolment prepared once (Prepare) and enrolled elsewhere
// with Put scores as Enrol's does; Put refuses what Prepare cannot have
// given, and falls back on the minutiae record when the prepared form is
// damaged.
func TestPut(t *testing.T) {
	ctx := context.Background()
	enrolled, put := open(t), open(t)
	fingers := []int{101, 102, 103}
	for _, f := range fingers {
		s := fvc(t, f, 1, 0)
		if err := enrolled.Enrol(ctx, "g", subjectOf(f), s); err != nil {
			t.Fatal(err)
		}
		ss, err := Prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		if f == fingers[2] { // a damaged prepared form: read from the record
			ss[0].Index = ss[0].Index[:10]
		}
		if err := put.Put(ctx, "g", subjectOf(f), ss); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range fingers {
		probe := fvc(t, f, 2, 0)
		want, err := enrolled.Identify(ctx, "g", probe, 3)
		if err != nil {
			t.Fatal(err)
		}
		got, err := put.Identify(ctx, "g", probe, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) || got[0].Subject != subjectOf(f) {
			t.Errorf("probe %d: Put gives %v, Enrol %v", f, got, want)
		}
	}
	good, err := Prepare(fvc(t, 101, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		samples []store.EnrolledSample
	}{
		{"none", nil},
		{"image format", []store.EnrolledSample{{Format: backend.FingerImage, Data: good[0].Data, Index: good[0].Index}}},
		{"nothing readable", []store.EnrolledSample{{Format: backend.FingerMinutiae, Data: []byte("junk"), Index: []byte("junk")}}},
	} {
		err := put.Put(ctx, "g", "bad", tc.samples)
		if !errors.Is(err, backend.ErrInvalidSample) {
			t.Errorf("%s: %v, want ErrInvalidSample", tc.name, err)
		}
	}
	if _, err := Prepare([]backend.Sample{{Format: backend.FaceImage, Data: good[0].Data}}); !errors.Is(err, backend.ErrUnsupported) {
		t.Errorf("Prepare of a face: %v, want ErrUnsupported", err)
	}
}
