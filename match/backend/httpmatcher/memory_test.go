package httpmatcher

import (
	"bytes"
	"context"
	"sort"
	"sync"

	"github.com/biogate/biogate/match/backend"
)

// memory is an in-memory backend.Backend for the protocol's tests: a
// sample's score against another of the same format is the share of
// their leading bytes that agree, so that tests can order candidates by
// the data they choose. fail, when it holds an operation, makes that
// operation return the error.
type memory struct {
	mu        sync.Mutex
	galleries map[string]map[string][]backend.Sample
	fail      map[string]error
}

func newMemory() *memory {
	return &memory{galleries: map[string]map[string][]backend.Sample{}, fail: map[string]error{}}
}

const memoryThreshold = 0.5

func (m *memory) Name() string { return "memory" }

func (m *memory) Capabilities() backend.Capabilities {
	return backend.Capabilities{Modalities: []backend.Modality{backend.Finger},
		Formats: []string{backend.FingerMinutiae, backend.FingerImage}, Scores: true}
}

func (m *memory) failure(op string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail[op]; err != nil {
		return &backend.Error{Backend: m.Name(), Op: op, Err: err}
	}
	return nil
}

func (m *memory) check(samples []backend.Sample) error {
	for _, s := range samples {
		if !m.Capabilities().Supports(s.Modality()) {
			return backend.ErrUnsupported
		}
		if bytes.HasPrefix(s.Data, []byte("garbage")) {
			return backend.ErrInvalidSample
		}
	}
	return nil
}

func (m *memory) Enrol(ctx context.Context, gallery, subject string, samples []backend.Sample) error {
	if err := m.failure("enrol"); err != nil {
		return err
	}
	if err := m.check(samples); err != nil {
		return &backend.Error{Backend: m.Name(), Op: "enrol", Err: err}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.galleries[gallery] == nil {
		m.galleries[gallery] = map[string][]backend.Sample{}
	}
	m.galleries[gallery][subject] = append([]backend.Sample(nil), samples...)
	return nil
}

func (m *memory) Remove(ctx context.Context, gallery, subject string) error {
	if err := m.failure("remove"); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.galleries[gallery][subject]; !ok {
		return &backend.Error{Backend: m.Name(), Op: "remove", Err: backend.ErrNotFound}
	}
	delete(m.galleries[gallery], subject)
	return nil
}

// similarity is the share of leading bytes a and b agree on.
func similarity(a, b []byte) float64 {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return float64(n) / float64(max(len(a), len(b), 1))
}

// best is the subject's best score against the probe, and the position
// of the enrolled sample that gave it.
func best(enrolled, probe []backend.Sample) (score float64, position int) {
	for _, e := range enrolled {
		for _, p := range probe {
			if e.Format == p.Format {
				if s := similarity(e.Data, p.Data); s > score {
					score, position = s, e.Position
				}
			}
		}
	}
	return score, position
}

func (m *memory) Identify(ctx context.Context, gallery string, probe []backend.Sample, k int) ([]backend.Candidate, error) {
	if err := m.failure("identify"); err != nil {
		return nil, err
	}
	if err := m.check(probe); err != nil {
		return nil, &backend.Error{Backend: m.Name(), Op: "identify", Err: err}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []backend.Candidate
	for subject, samples := range m.galleries[gallery] {
		if s, pos := best(samples, probe); s > 0 {
			out = append(out, backend.Candidate{Subject: subject, Score: s, Position: pos})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Subject < out[j].Subject
	})
	return out[:min(k, len(out))], nil
}

func (m *memory) Verify(ctx context.Context, gallery, subject string, probe []backend.Sample) (*backend.Verification, error) {
	if err := m.failure("verify"); err != nil {
		return nil, err
	}
	if err := m.check(probe); err != nil {
		return nil, &backend.Error{Backend: m.Name(), Op: "verify", Err: err}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	samples, ok := m.galleries[gallery][subject]
	if !ok {
		return nil, &backend.Error{Backend: m.Name(), Op: "verify", Err: backend.ErrNotFound}
	}
	s, _ := best(samples, probe)
	return &backend.Verification{Score: s, Match: s >= memoryThreshold, Threshold: memoryThreshold}, nil
}

func (m *memory) Health(ctx context.Context) (*backend.Health, error) {
	if err := m.failure("health"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	h := &backend.Health{OK: true, Detail: "in memory", Subjects: map[string]int{}}
	for g, subjects := range m.galleries {
		h.Subjects[g] = len(subjects)
	}
	return h, nil
}

func (m *memory) Close() error { return nil }
