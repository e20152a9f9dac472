package embedded

import (
	"context"
	"math"
	"testing"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
)

var minutiae = []string{backend.FingerMinutiae}

func fvc(t *testing.T, finger, impression, position int) []backend.Sample {
	t.Helper()
	s := backendtest.FVC(t, finger, impression, minutiae)
	out := make([]backend.Sample, len(s))
	copy(out, s)
	for i := range out {
		out[i].Position = position
	}
	return out
}

func subjectOf(finger int) string {
	return "F" + string(rune('0'+finger%100/10)) + string(rune('0'+finger%10))
}

// TestOneProbeSampleIsGallerySearch: with one probe sample (and one
// sample per subject) Identify answers what match.Gallery.Search answers,
// before and after a rebuild from the store.
func TestOneProbeSampleIsGallerySearch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, st := openIn(t, dir)
	ref := match.NewGallery()
	for f := 101; f <= 110; f++ {
		s := fvc(t, f, 1, 0)
		if err := b.Enrol(ctx, "g", subjectOf(f), s); err != nil {
			t.Fatal(err)
		}
		ps, err := prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		ref.Add(match.Key{Subject: subjectOf(f)}, ps[0].prepared)
	}
	check := func(b *Backend, when string) {
		for f := 101; f <= 110; f += 3 {
			for _, k := range []int{1, 4, 10, 20} {
				probe := fvc(t, f, 4, 0)
				got, err := b.Identify(ctx, "g", probe, k)
				if err != nil {
					t.Fatal(err)
				}
				ps, _ := prepare(probe)
				want := ref.Search(ps[0].prepared, k)
				if len(got) != len(want) {
					t.Fatalf("%s: probe %d k %d: %d candidates, Search %d", when, f, k, len(got), len(want))
				}
				for i := range want {
					if got[i].Subject != want[i].Subject || got[i].Score != want[i].Score {
						t.Errorf("%s: probe %d k %d rank %d: %s %v, Search %s %v", when, f, k, i+1, got[i].Subject, got[i].Score, want[i].Subject, want[i].Score)
					}
				}
			}
		}
	}
	check(b, "enrolled")
	b.Close()
	b2, err := New(openStore(t, t.TempDir()), Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := b2.Health(ctx); len(h.Subjects) != 0 {
		t.Fatalf("an empty store gives %v", h.Subjects)
	}
	// Rebuilt from the same folder's store.
	st.Close()
	b3, err := New(openStore(t, dir), Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	check(b3, "rebuilt")
}

// TestFusion: a search with several probe samples scores each subject by
// the sum of each sample's own best score.
func TestFusion(t *testing.T) {
	ctx := context.Background()
	b := open(t)
	for f := 101; f <= 104; f++ {
		if err := b.Enrol(ctx, "g", subjectOf(f), append(fvc(t, f, 1, 0), fvc(t, f, 5, 0)...)); err != nil {
			t.Fatal(err)
		}
	}
	one := map[string]float64{}
	for _, imp := range []int{2, 3} {
		cs, err := b.Identify(ctx, "g", fvc(t, 102, imp, 0), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 4 {
			t.Fatalf("%d candidates of 4 subjects", len(cs))
		}
		for _, c := range cs {
			one[c.Subject] += c.Score
		}
	}
	if cs, err := b.Identify(ctx, "g", fvc(t, 102, 2, 0), math.MaxInt); err != nil || len(cs) != 4 {
		t.Errorf("k = MaxInt: %d candidates, %v; want the 4 subjects", len(cs), err)
	}
	both, err := b.Identify(ctx, "g", append(fvc(t, 102, 2, 0), fvc(t, 102, 3, 0)...), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range both {
		if math.Abs(c.Score-one[c.Subject]) > 1e-12 {
			t.Errorf("%s: fused %v, sum of single searches %v", c.Subject, c.Score, one[c.Subject])
		}
	}
	if both[0].Subject != subjectOf(102) {
		t.Errorf("rank 1 %s, want %s", both[0].Subject, subjectOf(102))
	}
	// Verify fuses the same way and scales the threshold by the samples
	// compared.
	v, err := b.Verify(ctx, "g", subjectOf(102), append(fvc(t, 102, 2, 0), fvc(t, 102, 3, 0)...))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v.Score-both[0].Score) > 1e-12 || v.Threshold != 2*DefaultThreshold || !v.Match {
		t.Errorf("Verify = %+v, want score %v, threshold %v, match", v, both[0].Score, 2*DefaultThreshold)
	}
}

// TestPositions: samples of known positions are compared only with the
// same finger; unknown (0) compares with all.
func TestPositions(t *testing.T) {
	ctx := context.Background()
	b := open(t)
	// A: finger 101 enrolled as position 2 (right index); B: finger 102
	// of unknown position.
	if err := b.Enrol(ctx, "g", "A", fvc(t, 101, 1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := b.Enrol(ctx, "g", "B", fvc(t, 102, 1, 0)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		position  int
		want      string // the subjects found, in order
		position1 int    // the position of the first candidate
		match     bool   // Verify of A
	}{
		{"same finger", 2, "A B", 2, true},
		{"unknown probe", 0, "A B", 2, true},
		{"another finger", 3, "B", 0, false},
		{"plain left thumb (6)", 12, "B", 0, false},
		{"plain right thumb is 1, not 2", 11, "B", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := b.Identify(ctx, "g", fvc(t, 101, 2, tc.position), 5)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for i, c := range cs {
				if i > 0 {
					got += " "
				}
				got += c.Subject
			}
			if got != tc.want || cs[0].Position != tc.position1 {
				t.Errorf("candidates %v, want %s first at position %d", cs, tc.want, tc.position1)
			}
			v, err := b.Verify(ctx, "g", "A", fvc(t, 101, 2, tc.position))
			if err != nil {
				t.Fatal(err)
			}
			if v.Match != tc.match || !tc.match && v.Score != 0 {
				t.Errorf("Verify = %+v, want match %v", v, tc.match)
			}
		})
	}
}
