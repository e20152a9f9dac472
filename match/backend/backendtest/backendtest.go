// Package backendtest is the conformance suite every matching backend
// runs: Run enrols subjects with real fingerprint samples of the shared
// corpus (FVC2002 DB1_B) in the formats the backend takes, and checks the
// contract of backend.Backend: genuine probes found at rank 1, at most k
// candidates best first, 1:1 decisions, re-enrolment replacing, removal,
// the typed errors, concurrent use, and galleries kept apart.
//
// A backend's own test calls it with a function opening a fresh, empty
// backend:
//
//	func TestConformance(t *testing.T) {
//		backendtest.Run(t, func(t *testing.T) backend.Backend { return open(t) })
//	}
//
// The suite skips, saying so, when the corpus is absent, and when the
// backend matches no fingers.
package backendtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/match/backend"
)

// Fingers enrolled by the suite (FVC2002 DB1_B finger numbers), each as
// subject "S<finger>" from impression enrolImpression and probed with
// probeImpression (and probeImpression2 for several-sample probes).
var fingers = []int{101, 102, 103, 104, 105, 106}

const (
	enrolImpression  = 1
	probeImpression  = 2
	probeImpression2 = 3
	opTimeout        = 2 * time.Minute
)

func subject(finger int) string { return fmt.Sprintf("S%d", finger) }

// suite is one backend's run.
type suite struct {
	open    func(t *testing.T) backend.Backend
	formats []string // the finger formats the backend takes, in its order
	scores  bool
}

// Run runs the conformance suite on the backends open returns; each call
// of open must return a new, empty backend (open registers its own
// cleanup with t).
func Run(t *testing.T, open func(t *testing.T) backend.Backend) {
	s := &suite{open: open}
	b := open(t)
	caps := b.Capabilities()
	if b.Name() == "" {
		t.Error("Name() is empty")
	}
	if !caps.Supports(backend.Finger) {
		t.Skipf("backend %s matches no fingers (%v): the suite enrols fingerprints", b.Name(), caps.Modalities)
	}
	for _, f := range caps.Formats {
		if backend.ModalityOf(f) == backend.Finger {
			s.formats = append(s.formats, f)
		}
	}
	if len(s.formats) == 0 {
		t.Fatalf("backend %s matches fingers but takes no finger format: %v", b.Name(), caps.Formats)
	}
	s.scores = caps.Scores
	CorpusDir(t)
	for _, tc := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"IdentifyGenuine", s.identifyGenuine},
		{"CandidatesAtMostK", s.candidatesAtMostK},
		{"SeveralProbeSamples", s.severalProbeSamples},
		{"Verify", s.verify},
		{"Reenrol", s.reenrol},
		{"Remove", s.remove},
		{"Unsupported", s.unsupported},
		{"InvalidSample", s.invalidSample},
		{"Concurrent", s.concurrent},
		{"GalleriesIndependent", s.galleriesIndependent},
		{"Formats", s.eachFormat},
		{"Health", s.health},
	} {
		t.Run(tc.name, tc.run)
	}
}

func ctxOf(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), opTimeout)
	t.Cleanup(cancel)
	return ctx
}

// enrol enrols each finger's enrolment impression in gallery g, in the
// backend's preferred format.
func (s *suite) enrol(t *testing.T, b backend.Backend, g string, fs ...int) {
	t.Helper()
	for _, f := range fs {
		if err := b.Enrol(ctxOf(t), g, subject(f), FVC(t, f, enrolImpression, s.formats)); err != nil {
			t.Fatalf("Enrol %s into %s: %v", subject(f), g, err)
		}
	}
}

// probe returns a finger's probe impression in the preferred format.
func (s *suite) probe(t *testing.T, f, impression int) []backend.Sample {
	return FVC(t, f, impression, s.formats)
}

// checkOrder fails t when cs are more than k or (for a backend with
// scores) not best first.
func (s *suite) checkOrder(t *testing.T, cs []backend.Candidate, k int) {
	t.Helper()
	if len(cs) > k {
		t.Errorf("%d candidates for k = %d", len(cs), k)
	}
	seen := map[string]bool{}
	for i, c := range cs {
		if seen[c.Subject] {
			t.Errorf("subject %s listed twice", c.Subject)
		}
		seen[c.Subject] = true
		if s.scores && i > 0 && c.Score > cs[i-1].Score {
			t.Errorf("candidate %d (%s, %v) scores above candidate %d (%s, %v): not best first", i+1, c.Subject, c.Score, i, cs[i-1].Subject, cs[i-1].Score)
		}
	}
}

func (s *suite) identifyGenuine(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "genuine", fingers...)
	for _, f := range fingers {
		cs, err := b.Identify(ctxOf(t), "genuine", s.probe(t, f, probeImpression), len(fingers))
		if err != nil {
			t.Fatalf("Identify %s: %v", subject(f), err)
		}
		s.checkOrder(t, cs, len(fingers))
		if len(cs) == 0 || cs[0].Subject != subject(f) {
			t.Errorf("probe %d_%d: rank 1 is %v, want %s", f, probeImpression, cs, subject(f))
		}
	}
}

func (s *suite) candidatesAtMostK(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "topk", fingers...)
	for _, k := range []int{1, 2, len(fingers) - 1, len(fingers) + 5} {
		cs, err := b.Identify(ctxOf(t), "topk", s.probe(t, fingers[0], probeImpression), k)
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		s.checkOrder(t, cs, k)
		if len(cs) == 0 || cs[0].Subject != subject(fingers[0]) {
			t.Errorf("k=%d: rank 1 is %v, want %s", k, cs, subject(fingers[0]))
		}
	}
}

func (s *suite) severalProbeSamples(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "several", fingers...)
	for _, f := range fingers[:3] {
		probe := slices.Concat(s.probe(t, f, probeImpression), s.probe(t, f, probeImpression2))
		cs, err := b.Identify(ctxOf(t), "several", probe, 3)
		if err != nil {
			t.Fatalf("Identify with %d samples: %v", len(probe), err)
		}
		s.checkOrder(t, cs, 3)
		if len(cs) == 0 || cs[0].Subject != subject(f) {
			t.Errorf("probe %d_%d+%d: rank 1 is %v, want %s", f, probeImpression, probeImpression2, cs, subject(f))
		}
	}
}

func (s *suite) verify(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "verify", fingers[0], fingers[1])
	gen, err := b.Verify(ctxOf(t), "verify", subject(fingers[0]), s.probe(t, fingers[0], probeImpression))
	if err != nil {
		t.Fatalf("Verify genuine: %v", err)
	}
	imp, err := b.Verify(ctxOf(t), "verify", subject(fingers[0]), s.probe(t, fingers[1], probeImpression))
	if err != nil {
		t.Fatalf("Verify impostor: %v", err)
	}
	if !gen.Match {
		t.Errorf("genuine comparison not a match: %+v", gen)
	}
	if imp.Match {
		t.Errorf("impostor comparison a match: %+v", imp)
	}
	if s.scores {
		if gen.Score <= imp.Score {
			t.Errorf("genuine score %v not above impostor score %v", gen.Score, imp.Score)
		}
		if gen.Threshold <= 0 || gen.Score < gen.Threshold || imp.Score >= imp.Threshold {
			t.Errorf("decisions disagree with threshold: genuine %+v, impostor %+v", gen, imp)
		}
	}
	_, err = b.Verify(ctxOf(t), "verify", "nobody", s.probe(t, fingers[0], probeImpression))
	s.wantErr(t, b, "Verify of a subject not enrolled", err, backend.ErrNotFound)
}

func (s *suite) reenrol(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "reenrol", fingers[0], fingers[1])
	// Re-enrol S<fingers[0]> with fingers[2]'s impression: the old finger
	// is no longer the subject's.
	a := subject(fingers[0])
	if err := b.Enrol(ctxOf(t), "reenrol", a, FVC(t, fingers[2], enrolImpression, s.formats)); err != nil {
		t.Fatal(err)
	}
	old, err := b.Verify(ctxOf(t), "reenrol", a, s.probe(t, fingers[0], probeImpression))
	if err != nil {
		t.Fatal(err)
	}
	now, err := b.Verify(ctxOf(t), "reenrol", a, s.probe(t, fingers[2], probeImpression))
	if err != nil {
		t.Fatal(err)
	}
	if old.Match || !now.Match {
		t.Errorf("after re-enrolment: old finger %+v (want no match), new finger %+v (want match)", old, now)
	}
	cs, err := b.Identify(ctxOf(t), "reenrol", s.probe(t, fingers[2], probeImpression), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 0 || cs[0].Subject != a {
		t.Errorf("identify of the new finger: %v, want %s first", cs, a)
	}
	if len(cs) > 2 {
		t.Errorf("%d candidates from a gallery of 2 subjects", len(cs))
	}
}

func (s *suite) remove(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "remove", fingers[0], fingers[1])
	a := subject(fingers[0])
	if err := b.Remove(ctxOf(t), "remove", a); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	cs, err := b.Identify(ctxOf(t), "remove", s.probe(t, fingers[0], probeImpression), 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Subject == a {
			t.Errorf("removed subject %s still found: %v", a, cs)
		}
	}
	s.wantErr(t, b, "second Remove", b.Remove(ctxOf(t), "remove", a), backend.ErrNotFound)
	s.wantErr(t, b, "Remove of an unknown subject", b.Remove(ctxOf(t), "remove", "nobody"), backend.ErrNotFound)
	s.wantErr(t, b, "Remove from an unknown gallery", b.Remove(ctxOf(t), "no-such-gallery", a), backend.ErrNotFound)
	_, err = b.Verify(ctxOf(t), "remove", a, s.probe(t, fingers[0], probeImpression))
	s.wantErr(t, b, "Verify of a removed subject", err, backend.ErrNotFound)
}

// wantErr fails t unless err wraps want and is a *backend.Error naming
// the backend.
func (s *suite) wantErr(t *testing.T, b backend.Backend, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: %v, want an error wrapping %q", what, err, want)
		return
	}
	var be *backend.Error
	if !errors.As(err, &be) {
		t.Errorf("%s: %T %v is not a *backend.Error", what, err, err)
	} else if be.Backend != b.Name() || be.Op == "" {
		t.Errorf("%s: error names backend %q op %q, want %q and an op", what, be.Backend, be.Op, b.Name())
	}
}

func (s *suite) unsupported(t *testing.T) {
	b := s.open(t)
	caps := b.Capabilities()
	good := FVC(t, fingers[0], enrolImpression, s.formats)
	cases := []backend.Sample{{Format: "bogus-format:1999", Data: good[0].Data}}
	for _, f := range []string{backend.FaceImage, backend.IrisImage, backend.FingerMinutiae, backend.FingerImage} {
		if !caps.Takes(f) {
			cases = append(cases, backend.Sample{Format: f, Data: good[0].Data})
		}
	}
	s.enrol(t, b, "unsupported", fingers[0])
	for _, sm := range cases {
		s.wantErr(t, b, "Enrol of "+sm.Format, b.Enrol(ctxOf(t), "unsupported", "x", []backend.Sample{sm}), backend.ErrUnsupported)
		_, err := b.Identify(ctxOf(t), "unsupported", []backend.Sample{sm}, 3)
		s.wantErr(t, b, "Identify with "+sm.Format, err, backend.ErrUnsupported)
		_, err = b.Verify(ctxOf(t), "unsupported", subject(fingers[0]), []backend.Sample{sm})
		s.wantErr(t, b, "Verify with "+sm.Format, err, backend.ErrUnsupported)
	}
}

func (s *suite) invalidSample(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "invalid", fingers[0])
	good := FVC(t, fingers[0], enrolImpression, s.formats)[0]
	for _, f := range s.formats {
		for name, data := range map[string][]byte{
			"garbage":   []byte("this is not a biometric record at all"),
			"empty":     nil,
			"truncated": good.Data[:min(len(good.Data), 40)],
		} {
			bad := []backend.Sample{{Format: f, Data: data}}
			s.wantErr(t, b, fmt.Sprintf("Enrol of %s %s", name, f), b.Enrol(ctxOf(t), "invalid", "x", bad), backend.ErrInvalidSample)
			_, err := b.Identify(ctxOf(t), "invalid", bad, 3)
			s.wantErr(t, b, fmt.Sprintf("Identify with %s %s", name, f), err, backend.ErrInvalidSample)
		}
	}
	if err := b.Enrol(ctxOf(t), "invalid", "x", nil); err == nil {
		t.Error("Enrol of no sample succeeded")
	}
	// The failed enrolments left nothing behind.
	s.wantErr(t, b, "Remove of a subject whose enrolment failed", b.Remove(ctxOf(t), "invalid", "x"), backend.ErrNotFound)
}

func (s *suite) concurrent(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "concurrent", fingers[0])
	// Build every sample first: the goroutines must not call t.Skip.
	enrols := map[int][]backend.Sample{}
	probes := map[int][]backend.Sample{}
	for _, f := range fingers {
		enrols[f] = FVC(t, f, enrolImpression, s.formats)
		probes[f] = s.probe(t, f, probeImpression)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(fingers))
	for _, f := range fingers[1:] {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := b.Enrol(t.Context(), "concurrent", subject(f), enrols[f]); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			cs, err := b.Identify(t.Context(), "concurrent", probes[fingers[0]], 3)
			if err != nil {
				errs <- err
			} else if len(cs) == 0 || cs[0].Subject != subject(fingers[0]) {
				errs <- fmt.Errorf("concurrent identify: rank 1 %v, want %s", cs, subject(fingers[0]))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, f := range fingers {
		cs, err := b.Identify(ctxOf(t), "concurrent", probes[f], 1)
		if err != nil || len(cs) != 1 || cs[0].Subject != subject(f) {
			t.Errorf("after concurrent enrolments, probe of %s: %v, %v", subject(f), cs, err)
		}
	}
}

func (s *suite) galleriesIndependent(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "one", fingers[0])
	s.enrol(t, b, "two", fingers[1])
	cs, err := b.Identify(ctxOf(t), "two", s.probe(t, fingers[0], probeImpression), 5)
	if err != nil {
		t.Fatal(err)
	}
	// A scoring backend lists its only subject (an impostor, scoring low);
	// a decision-only one lists matched subjects alone, so none here.
	if s.scores && (len(cs) != 1 || cs[0].Subject != subject(fingers[1])) ||
		!s.scores && (len(cs) > 1 || len(cs) == 1 && cs[0].Subject != subject(fingers[1])) {
		t.Errorf("gallery two answers %v, want only %s", cs, subject(fingers[1]))
	}
	s.wantErr(t, b, "Remove from the other gallery", b.Remove(ctxOf(t), "two", subject(fingers[0])), backend.ErrNotFound)
	cs, err = b.Identify(ctxOf(t), "one", s.probe(t, fingers[0], probeImpression), 5)
	if err != nil || len(cs) != 1 || cs[0].Subject != subject(fingers[0]) {
		t.Errorf("gallery one answers %v, %v; want only %s", cs, err, subject(fingers[0]))
	}
	// A gallery nobody enrolled into has no candidate (or is not found).
	cs, err = b.Identify(ctxOf(t), "empty", s.probe(t, fingers[0], probeImpression), 5)
	if err != nil && !errors.Is(err, backend.ErrNotFound) || len(cs) != 0 {
		t.Errorf("unknown gallery answers %v, %v", cs, err)
	}
}

// eachFormat enrols in every finger format the backend takes and probes
// in every one, crossing them.
func (s *suite) eachFormat(t *testing.T) {
	for _, ef := range s.formats {
		for _, pf := range s.formats {
			t.Run(fmt.Sprintf("enrol %s probe %s", ef, pf), func(t *testing.T) {
				b := s.open(t)
				for _, f := range fingers[:3] {
					sm := FVC(t, f, enrolImpression, []string{ef})
					if sm[0].Format != ef {
						t.Fatalf("sample built as %s, want %s", sm[0].Format, ef)
					}
					if err := b.Enrol(ctxOf(t), "formats", subject(f), sm); err != nil {
						t.Fatal(err)
					}
				}
				for _, f := range fingers[:3] {
					cs, err := b.Identify(ctxOf(t), "formats", FVC(t, f, probeImpression, []string{pf}), 3)
					if err != nil {
						t.Fatal(err)
					}
					if len(cs) == 0 || cs[0].Subject != subject(f) {
						t.Errorf("probe %d_%d: %v, want %s first", f, probeImpression, cs, subject(f))
					}
				}
			})
		}
	}
}

func (s *suite) health(t *testing.T) {
	b := s.open(t)
	s.enrol(t, b, "health", fingers[0], fingers[1])
	h, err := b.Health(ctxOf(t))
	if err != nil {
		t.Fatal(err)
	}
	if !h.OK {
		t.Errorf("Health not OK: %+v", h)
	}
	if h.Subjects != nil && h.Subjects["health"] != 2 {
		t.Errorf("Health says %d subjects in gallery health, want 2", h.Subjects["health"])
	}
}
