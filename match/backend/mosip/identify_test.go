package mosip_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
)

// open starts a test server and an adapter to it over an in-memory store.
func open(t *testing.T, so *mosiptest.Options, o mosip.Options) (*mosip.Backend, *mosiptest.Server) {
	t.Helper()
	if so == nil {
		so = &mosiptest.Options{}
	}
	so.BasePath = "/biosdk-service"
	srv := mosiptest.NewServer(so)
	t.Cleanup(srv.Close)
	b, err := mosip.New(srv.URL+"/biosdk-service/", newStore(t), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, srv
}

func finger(data []byte, pos int) []backend.Sample {
	return []backend.Sample{{Format: backend.FingerImage, Position: pos, Data: data}}
}

// offlineScore is the matcher's score of two records, computed here
// without the wire.
func offlineScore(t *testing.T, a, b []byte) float64 {
	t.Helper()
	prep := func(r []byte) *match.Prepared {
		fs, err := source.Load(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		it, err := input.Extract(&fs[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		return match.Prepare(it.Template)
	}
	return match.Score(prep(a), prep(b))
}

// TestIdentifyFVC enrols impression 1 of five FVC2002 DB1_B fingers and
// searches with impression 2 of each: the candidates are exactly the
// subjects the matcher scores at or above the threshold offline, in
// enrolment order.
func TestIdentifyFVC(t *testing.T) {
	ctx := context.Background()
	b, srv := open(t, nil, mosip.Options{ChunkSize: 2})
	fingers := []string{"101", "102", "103", "104", "105"}
	enrolled := map[string][]byte{}
	for _, f := range fingers {
		enrolled[f] = fvcRecord(t, f+"_1")
		if err := b.Enrol(ctx, "g", "s"+f, finger(enrolled[f], 0)); err != nil {
			t.Fatal(err)
		}
	}
	hits := 0
	for _, f := range fingers {
		probe := fvcRecord(t, f+"_2")
		got, err := b.Identify(ctx, "g", finger(probe, 0), 10)
		if err != nil {
			t.Fatal(err)
		}
		var want []backend.Candidate
		for _, g := range fingers {
			if s := offlineScore(t, probe, enrolled[g]); s >= mosiptest.DefaultThreshold {
				want = append(want, backend.Candidate{Subject: "s" + g})
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("probe %s_2: candidates %v, offline at the threshold %v", f, got, want)
		}
		if len(got) > 0 && got[0].Subject == "s"+f {
			hits++
		}
	}
	t.Logf("rank-1 hits %d of %d; %d match calls, %d extractions", hits, len(fingers), srv.Handler.Calls(), srv.Handler.Extractions())
	if hits == 0 {
		t.Error("no probe found its mate")
	}
	// 5 subjects in chunks of 2: 3 calls per search.
	if n := srv.Handler.Calls(); n != 3*int64(len(fingers)) {
		t.Errorf("%d match calls, want %d", n, 3*len(fingers))
	}
	// Each gallery record and each probe extracted once.
	if n := srv.Handler.Extractions(); n != 2*int64(len(fingers)) {
		t.Errorf("%d extractions, want %d (cache by record hash)", n, 2*len(fingers))
	}
}

// TestIdentifyFirstK: with k = 1 and every subject matching (the same
// record enrolled thrice), the first enrolled is returned and no chunk is
// sent after it.
func TestIdentifyFirstK(t *testing.T) {
	ctx := context.Background()
	now := int64(0)
	b, srv := open(t, nil, mosip.Options{ChunkSize: 1, Now: clock(&now)})
	rec := fvcRecord(t, "101_1")
	for _, s := range []string{"c", "a", "b"} { // enrolment order c, a, b
		if err := b.Enrol(ctx, "g", s, finger(rec, 2)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.Identify(ctx, "g", finger(rec, 2), 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []backend.Candidate{{Subject: "c", Position: 2}}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := srv.Handler.Calls(); n != 1 {
		t.Errorf("%d match calls, want 1 (stop once k matched)", n)
	}
	all, err := b.Identify(ctx, "g", finger(rec, 2), 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range all {
		names = append(names, c.Subject)
	}
	if want := []string{"c", "a", "b"}; !slices.Equal(names, want) {
		t.Errorf("all matched: %v, want enrolment order %v", names, want)
	}
}

// TestIdentifyScoreKey: with a vendor score in analyticsInfo, matched
// subjects are ranked by it.
func TestIdentifyScoreKey(t *testing.T) {
	ctx := context.Background()
	now := int64(0)
	b, _ := open(t, &mosiptest.Options{ScoreKey: "score", Threshold: 1e-9}, mosip.Options{ScoreKey: "score", ChunkSize: 1, Now: clock(&now)})
	probe := fvcRecord(t, "103_1")
	for _, f := range []string{"101_1", "102_1", "103_2", "103_1"} {
		if err := b.Enrol(ctx, "g", f, finger(fvcRecord(t, f), 0)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.Identify(ctx, "g", finger(probe, 0), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Subject != "103_1" || got[1].Subject != "103_2" {
		t.Fatalf("got %v, want 103_1 (same record) then 103_2 (mate)", got)
	}
	if !(got[0].Score > got[1].Score && got[1].Score > 0) {
		t.Errorf("scores %v not decreasing and positive", got)
	}
}

func clock(n *int64) func() time.Time {
	return func() time.Time { *n++; return time.Unix(1700000000+*n, 0) }
}

// TestVerify: a one-subject gallery; the same impression matches, another
// finger does not, an unknown subject is ErrNotFound.
func TestVerify(t *testing.T) {
	ctx := context.Background()
	b, _ := open(t, nil, mosip.Options{})
	if err := b.Enrol(ctx, "g", "s", finger(fvcRecord(t, "101_1"), 0)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		probe string
		want  bool
	}{{"101_1", true}, {"108_4", false}} {
		v, err := b.Verify(ctx, "g", "s", finger(fvcRecord(t, tc.probe), 0))
		if err != nil {
			t.Fatal(err)
		}
		if v.Match != tc.want || v.Score != 0 || v.Threshold != 0 {
			t.Errorf("verify %s: %+v, want match %v, no score", tc.probe, v, tc.want)
		}
	}
	_, err := b.Verify(ctx, "g", "nobody", finger(fvcRecord(t, "101_1"), 0))
	if !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("unknown subject: %v, want ErrNotFound", err)
	}
	if err := b.Remove(ctx, "g", "s"); err != nil {
		t.Fatal(err)
	}
	err = b.Remove(ctx, "g", "s")
	if !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("second remove: %v, want ErrNotFound", err)
	}
	var be *backend.Error
	if !errors.As(err, &be) || be.Backend != "mosip-biosdk" || be.Op != "remove" {
		t.Errorf("error %v is not a *backend.Error naming the backend and operation", err)
	}
}
