package mosip

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
	"github.com/biogate/biogate/store"
)

// probe is a checked probe: its samples and the BiometricTypes they hold,
// in the order FINGER, FACE, IRIS.
type probe struct {
	samples    []backend.Sample
	modalities []string
	has        map[backend.Modality]bool
}

func checkProbe(samples []backend.Sample) (*probe, error) {
	if len(samples) == 0 {
		return nil, fmt.Errorf("probe: no sample: %w", backend.ErrInvalidSample)
	}
	p := &probe{samples: samples, has: map[backend.Modality]bool{}}
	for i, s := range samples {
		k, err := checkSample(s, i)
		if err != nil {
			return nil, fmt.Errorf("probe: %w", err)
		}
		p.has[k.modality] = true
	}
	for _, m := range []backend.Modality{backend.Finger, backend.Face, backend.Iris} {
		if p.has[m] {
			p.modalities = append(p.modalities, kinds[modalityFormat[m]].typ)
		}
	}
	return p, nil
}

var modalityFormat = map[backend.Modality]string{
	backend.Finger: backend.FingerImage, backend.Face: backend.FaceImage, backend.Iris: backend.IrisImage,
}

// subject is one enrolled subject as sent: the samples of the probe's
// modalities.
type subject struct {
	name    string
	created time.Time
	samples []backend.Sample
	size    int64
}

func (p *probe) keep(e *store.Enrolment) subject {
	s := subject{name: e.Subject, created: e.Created}
	for _, x := range e.Samples {
		k, ok := kinds[x.Format]
		if !ok || !p.has[k.modality] {
			continue
		}
		smp := backend.Sample{Format: x.Format, Position: x.Position, Data: x.Data}
		s.samples = append(s.samples, smp)
		s.size += encodedSize(smp)
	}
	return s
}

// outcome is what one match call said of one gallery record.
type outcome struct {
	matched bool
	decided bool // some modality came back MATCHED or NOT_MATCHED
	score   float64
	scored  bool
	errs    []string
}

// match sends the probe with a chunk of subjects and returns one outcome
// per subject.
func (b *Backend) match(ctx context.Context, p *probe, chunk []subject, purpose string) ([]outcome, error) {
	req := wire.MatchRequest{
		Sample:            record(p.samples, purpose, b.o.Now()),
		Gallery:           make([]wire.BiometricRecord, len(chunk)),
		ModalitiesToMatch: p.modalities,
		Flags:             b.o.Flags,
	}
	if req.Flags == nil {
		req.Flags = map[string]string{}
	}
	for i, s := range chunk {
		req.Gallery[i] = record(s.samples, wire.PurposeEnroll, s.created)
	}
	payload, err := marshal(req)
	if err != nil {
		return nil, err
	}
	m, err := b.post(ctx, wire.RouteMatch, payload)
	if err != nil {
		return nil, err
	}
	out := make([]outcome, len(chunk))
	for _, d := range m.Response {
		if d.GalleryIndex < 0 || d.GalleryIndex >= len(chunk) {
			return nil, fmt.Errorf("decision for gallery index %d of a gallery of %d: %w", d.GalleryIndex, len(chunk), backend.ErrUnavailable)
		}
		o := &out[d.GalleryIndex]
		for _, typ := range p.modalities {
			dec, ok := decision(d.Decisions, typ)
			if !ok {
				continue
			}
			switch dec.Match {
			case wire.Matched:
				o.matched, o.decided = true, true
			case wire.NotMatched:
				o.decided = true
			default:
				o.errs = append(o.errs, fmt.Sprintf("%s: %s %s", typ, dec.Match, strings.Join(dec.Errors, ", ")))
			}
			if v, ok := b.score(dec.AnalyticsInfo, d.AnalyticsInfo); ok && (!o.scored || v > o.score) {
				o.score, o.scored = v, true
			}
		}
	}
	return out, nil
}

// decision finds a modality's decision; the key is the enum name, but a
// value name ("Finger") is taken too.
func decision(m map[string]wire.Decision, typ string) (wire.Decision, bool) {
	if d, ok := m[typ]; ok {
		return d, true
	}
	for k, d := range m {
		if strings.EqualFold(k, typ) {
			return d, true
		}
	}
	return wire.Decision{}, false
}

// score reads the vendor score under Options.ScoreKey, in the decision's
// analyticsInfo first, then the gallery record's.
func (b *Backend) score(maps ...wire.Analytics) (float64, bool) {
	if b.o.ScoreKey == "" {
		return 0, false
	}
	for _, m := range maps {
		if s, ok := m[b.o.ScoreKey]; ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				return v, true
			}
		}
	}
	return 0, false
}

// chunks cuts the subjects into match calls of at most ChunkSize subjects
// and MaxRequestBytes (estimated).
func (b *Backend) chunks(p *probe, subjects []subject) ([][]subject, error) {
	var base int64 = 1024
	for _, s := range p.samples {
		base += encodedSize(s)
	}
	if base > b.o.MaxRequestBytes {
		return nil, fmt.Errorf("probe: its samples encode to about %d bytes, over the %d-byte request limit: %w", base, b.o.MaxRequestBytes, backend.ErrInvalidSample)
	}
	var out [][]subject
	start, size := 0, base
	for i, s := range subjects {
		if base+s.size > b.o.MaxRequestBytes {
			return nil, fmt.Errorf("subject %q: its samples and the probe encode to about %d bytes, over the %d-byte request limit: %w", s.name, base+s.size, b.o.MaxRequestBytes, backend.ErrInvalidSample)
		}
		if i > start && (i-start >= b.o.ChunkSize || size+s.size > b.o.MaxRequestBytes) {
			out = append(out, subjects[start:i])
			start, size = i, base
		}
		size += s.size
	}
	if start < len(subjects) {
		out = append(out, subjects[start:])
	}
	return out, nil
}

// Identify sends the probe with the gallery, chunk by chunk, and returns
// the subjects the SDK says MATCHED (in any of the probe's modalities).
//
// The SDK decides, it does not score, so the candidates are "every
// subject matched at the SDK's own threshold", not the k most similar:
// they come in enrolment order (oldest first, then by name), and the
// first k are returned, after which no further chunk is sent. Their Score
// is 0. With Options.ScoreKey set, every chunk is sent and the matched
// subjects are ranked by that vendor value, highest first (enrolment
// order among equals and for those without one), and it is their Score.
// Candidate.Position is the position of the subject's enrolled sample
// when it has one sample of the probe's modalities, else 0: the SDK's
// decision is per modality, not per finger.
func (b *Backend) Identify(ctx context.Context, gallery string, samples []backend.Sample, k int) ([]backend.Candidate, error) {
	if k <= 0 {
		return nil, b.fail("identify", fmt.Errorf("k = %d: at least one candidate must be asked for", k))
	}
	p, err := checkProbe(samples)
	if err != nil {
		return nil, b.fail("identify", err)
	}
	var subjects []subject
	err = b.st.Enrolments(ctx, b.o.Space, gallery, func(e *store.Enrolment) error {
		if s := p.keep(e); len(s.samples) > 0 {
			subjects = append(subjects, s)
		}
		return nil
	})
	if err != nil {
		return nil, b.fail("identify", err)
	}
	slices.SortStableFunc(subjects, func(x, y subject) int {
		return cmp.Or(x.created.Compare(y.created), strings.Compare(x.name, y.name))
	})
	chunks, err := b.chunks(p, subjects)
	if err != nil {
		return nil, b.fail("identify", err)
	}
	type hit struct {
		c      backend.Candidate
		scored bool
	}
	var hits []hit
	decided, errored := false, []string(nil)
	for _, chunk := range chunks {
		outs, err := b.match(ctx, p, chunk, wire.PurposeIdentify)
		if err != nil {
			return nil, b.fail("identify", err)
		}
		for i, o := range outs {
			decided = decided || o.decided
			if len(o.errs) > 0 && len(errored) < 3 {
				errored = append(errored, fmt.Sprintf("%s: %s", chunk[i].name, strings.Join(o.errs, "; ")))
			}
			if o.matched {
				hits = append(hits, hit{backend.Candidate{Subject: chunk[i].name, Score: o.score, Position: position(chunk[i])}, o.scored})
			}
		}
		if b.o.ScoreKey == "" && len(hits) >= k {
			break
		}
	}
	if !decided && len(errored) > 0 {
		return nil, b.fail("identify", fmt.Errorf("the SDK decided nothing (%s): %w", strings.Join(errored, " | "), backend.ErrInvalidSample))
	}
	if b.o.ScoreKey != "" {
		slices.SortStableFunc(hits, func(x, y hit) int {
			if x.scored != y.scored {
				if x.scored {
					return -1
				}
				return 1
			}
			return cmp.Compare(y.c.Score, x.c.Score)
		})
	}
	out := make([]backend.Candidate, 0, min(k, len(hits)))
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, h.c)
	}
	return out, nil
}

// position is the finger (or eye) of a subject's only sample of the
// probe's modalities, 0 when it has several.
func position(s subject) int {
	if len(s.samples) == 1 {
		return s.samples[0].Position
	}
	return 0
}

// Verify sends the probe with a gallery of one: the subject. Match is the
// SDK's decision (MATCHED in any of the probe's modalities); Score and
// Threshold are 0 (or Score the vendor value under Options.ScoreKey).
// A subject enrolled with none of the probe's modalities does not match.
func (b *Backend) Verify(ctx context.Context, gallery, subj string, samples []backend.Sample) (*backend.Verification, error) {
	p, err := checkProbe(samples)
	if err != nil {
		return nil, b.fail("verify", err)
	}
	e, err := b.st.Enrolment(ctx, b.o.Space, gallery, subj)
	if errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("subject %q of gallery %q: %w", subj, gallery, backend.ErrNotFound)
	}
	if err != nil {
		return nil, b.fail("verify", err)
	}
	s := p.keep(e)
	if len(s.samples) == 0 {
		return &backend.Verification{}, nil
	}
	if _, err := b.chunks(p, []subject{s}); err != nil {
		return nil, b.fail("verify", err)
	}
	outs, err := b.match(ctx, p, []subject{s}, wire.PurposeVerify)
	if err != nil {
		return nil, b.fail("verify", err)
	}
	o := outs[0]
	if !o.decided && len(o.errs) > 0 {
		return nil, b.fail("verify", fmt.Errorf("the SDK decided nothing (%s): %w", strings.Join(o.errs, "; "), backend.ErrInvalidSample))
	}
	return &backend.Verification{Match: o.matched, Score: o.score}, nil
}
