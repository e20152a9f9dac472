package natsmatch

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/embedded"
)

var minutiae = []string{backend.FingerMinutiae}

// fvcGallery is the gallery of the sharding tests: FVC2002 DB1_B fingers
// 101-110, impressions 1 and 2 each as a subject of its own
// ("F101_1"...), and one subject of two fingers (102_3 and 104_3).
func fvcGallery(t *testing.T) map[string][]backend.Sample {
	g := map[string][]backend.Sample{}
	for f := 101; f <= 110; f++ {
		for _, imp := range []int{1, 2} {
			g[fmt.Sprintf("F%d_%d", f, imp)] = backendtest.FVC(t, f, imp, minutiae)
		}
	}
	g["two-fingers"] = slices.Concat(backendtest.FVC(t, 102, 3, minutiae), backendtest.FVC(t, 104, 3, minutiae))
	return g
}

// fvcProbes are one-sample probes (impressions 4 and 5 of every finger)
// and two-sample ones (impressions 6 and 7 of a finger).
func fvcProbes(t *testing.T) map[string][]backend.Sample {
	p := map[string][]backend.Sample{}
	for f := 101; f <= 110; f++ {
		for _, imp := range []int{4, 5} {
			p[fmt.Sprintf("%d_%d", f, imp)] = backendtest.FVC(t, f, imp, minutiae)
		}
		p[fmt.Sprintf("%d_6+7", f)] = slices.Concat(backendtest.FVC(t, f, 6, minutiae), backendtest.FVC(t, f, 7, minutiae))
	}
	return p
}

// enrolAll enrols gallery g's subjects into b as gallery name.
func enrolAll(t *testing.T, b backend.Backend, name string, g map[string][]backend.Sample) {
	t.Helper()
	for s, samples := range g {
		if err := b.Enrol(context.Background(), name, s, samples); err != nil {
			t.Fatalf("Enrol %s into %s: %v", s, b.Name(), err)
		}
	}
}

// wholeGallery is one embedded backend holding all of g as gallery name.
func wholeGallery(t *testing.T, name string, g map[string][]backend.Sample) *embedded.Backend {
	t.Helper()
	b, err := embedded.New(discard{}, embedded.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	enrolAll(t, b, name, g)
	return b
}

// sameAnswers fails t unless got answers every probe, for several k, and
// verifies every subject against the probe of its finger, exactly as
// want does: the same candidates, in the same order, with the same
// scores and positions.
func sameAnswers(t *testing.T, want, got backend.Backend, gallery string, subjects []string, probes map[string][]backend.Sample) {
	t.Helper()
	ctx := context.Background()
	compared := 0
	for name, probe := range probes {
		for _, k := range []int{1, 5, 30} { // 30: more than the 21 subjects
			w, err := want.Identify(ctx, gallery, probe, k)
			if err != nil {
				t.Fatal(err)
			}
			g, err := got.Identify(ctx, gallery, probe, k)
			if err != nil {
				t.Fatalf("probe %s, k %d: %v", name, k, err)
			}
			if !slices.Equal(g, w) {
				t.Errorf("probe %s, k %d:\n sharded %v\n whole   %v", name, k, g, w)
			}
			compared += len(w)
		}
	}
	for _, s := range subjects {
		probe := probes[s[1:4]+"_4"]
		if probe == nil {
			probe = probes["102_4"]
		}
		w, err := want.Verify(ctx, gallery, s, probe)
		if err != nil {
			t.Fatal(err)
		}
		g, err := got.Verify(ctx, gallery, s, probe)
		if err != nil || *g != *w {
			t.Errorf("verify %s: sharded %+v, %v; whole %+v", s, g, err, w)
		}
	}
	if compared == 0 {
		t.Fatal("no candidate compared")
	}
}

// TestShardedEqualsEmbedded: a gallery sharded over 2 and 3 matcher
// shards answers every search and verification as one embedded backend
// holding the whole gallery, on the FVC corpus; each shard holds a part.
func TestShardedEqualsEmbedded(t *testing.T) {
	g, probes := fvcGallery(t), fvcProbes(t)
	whole := wholeGallery(t, "fvc", g)
	subjects := slices.Sorted(func(yield func(string) bool) {
		for s := range g {
			if !yield(s) {
				return
			}
		}
	})
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			c := startCluster(t, n)
			enrolAll(t, c.gw, "fvc", g)
			// The gateway's health waits for every shard to have applied
			// the stream (as a search does); then each shard's part is read.
			if h, err := c.gw.Health(context.Background()); err != nil || h.Subjects["fvc"] != len(g) {
				t.Fatalf("health %+v, %v; want %d subjects", h, err, len(g))
			}
			total := 0
			for i, s := range c.shards {
				h, err := s.b.Health(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if h.Subjects["fvc"] == 0 {
					t.Errorf("shard %d/%d holds no subject", i, n)
				}
				total += h.Subjects["fvc"]
			}
			if total != len(g) {
				t.Errorf("the shards hold %d subjects, want %d", total, len(g))
			}
			sameAnswers(t, whole, c.gw, "fvc", subjects, probes)
		})
	}
}
