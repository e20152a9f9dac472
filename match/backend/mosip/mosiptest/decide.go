package mosiptest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
)

// matcher decides finger matches with Biogate's matcher, caching the
// prepared templates of each record by its SHA-256.
type matcher struct {
	mu          sync.Mutex
	cache       map[[32]byte]*templates
	size        int
	extractions atomic.Int64
}

// templates are one record's prepared fingers (one per view), or why it
// could not be read.
type templates struct {
	fingers []*match.Prepared
	err     error
}

func newMatcher(size int) *matcher {
	return &matcher{cache: map[[32]byte]*templates{}, size: size}
}

// prepared returns the templates of a finger image record.
func (m *matcher) prepared(bdb []byte) *templates {
	key := sha256.Sum256(bdb)
	m.mu.Lock()
	t, ok := m.cache[key]
	m.mu.Unlock()
	if ok {
		return t
	}
	m.extractions.Add(1)
	t = extract(bdb)
	m.mu.Lock()
	if len(m.cache) >= m.size {
		for k := range m.cache { // evict an arbitrary tenth
			delete(m.cache, k)
			if len(m.cache) < m.size*9/10 {
				break
			}
		}
	}
	m.cache[key] = t
	m.mu.Unlock()
	return t
}

func extract(bdb []byte) *templates {
	fingers, err := source.Load(bdb, nil)
	if len(fingers) == 0 {
		if err == nil {
			err = errors.New("no finger image")
		}
		return &templates{err: err}
	}
	t := &templates{}
	for i := range fingers {
		item, err := input.Extract(&fingers[i], nil)
		if err != nil {
			return &templates{err: err}
		}
		t.fingers = append(t.fingers, match.Prepare(item.Template))
	}
	return t
}

// segment is one BIR of a request as the matcher sees it.
type segment struct {
	subtype string // joined subtype, "" when unknown
	bdb     []byte
}

// byModality groups a record's segments by BiometricType.
func byModality(r *wire.BiometricRecord) map[string][]segment {
	out := map[string][]segment{}
	for _, b := range r.Segments {
		if b.BDBInfo == nil || len(b.BDBInfo.Type) == 0 {
			continue
		}
		typ := strings.ToUpper(b.BDBInfo.Type[0])
		out[typ] = append(out[typ], segment{subtype: strings.Join(b.BDBInfo.Subtype, " "), bdb: b.BDB})
	}
	return out
}

// decide answers a match request as an SDK would: a decision per gallery
// record and requested modality.
func (m *matcher) decide(req *wire.MatchRequest, threshold float64, scoreKey string) *wire.MatchResponse {
	probe := byModality(&req.Sample)
	fail := func(status int, msg string) *wire.MatchResponse {
		return &wire.MatchResponse{StatusCode: &status, StatusMessage: &msg, Response: []wire.MatchDecision{}}
	}
	var probeFingers []fingerSet
	for _, typ := range req.ModalitiesToMatch {
		if len(probe[strings.ToUpper(typ)]) == 0 {
			return fail(wire.StatusMissingInput, fmt.Sprintf("Missing Input Parameter - sample %s", typ))
		}
	}
	for _, s := range probe[wire.Finger] {
		t := m.prepared(s.bdb)
		if t.err != nil {
			return fail(wire.StatusInvalidInput, fmt.Sprintf("Invalid Input Parameter - sample FINGER %q: %v", s.subtype, t.err))
		}
		probeFingers = append(probeFingers, fingerSet{s.subtype, t.fingers})
	}
	status := wire.StatusOK
	out := &wire.MatchResponse{StatusCode: &status, Response: make([]wire.MatchDecision, len(req.Gallery))}
	for i := range req.Gallery {
		g := byModality(&req.Gallery[i])
		d := wire.MatchDecision{GalleryIndex: i, Decisions: map[string]wire.Decision{}, AnalyticsInfo: wire.Analytics{}}
		for _, typ := range req.ModalitiesToMatch {
			typ = strings.ToUpper(typ)
			var dec wire.Decision
			switch {
			case len(g[typ]) == 0:
				dec = errorDecision(fmt.Sprintf("gallery record %d has no %s", i, typ))
			case typ == wire.Finger:
				dec = m.fingerDecision(probeFingers, g[typ], threshold, scoreKey)
			case typ == wire.Face || typ == wire.Iris:
				dec = equalDecision(probe[typ], g[typ])
			default:
				dec = errorDecision("modality " + typ + " not supported")
			}
			d.Decisions[typ] = dec
		}
		out.Response[i] = d
	}
	return out
}

type fingerSet struct {
	subtype string
	fingers []*match.Prepared
}

func errorDecision(msg string) wire.Decision {
	return wire.Decision{Match: wire.Error, Errors: []string{msg}, AnalyticsInfo: wire.Analytics{}}
}

// fingerDecision: MATCHED when some probe finger and some gallery finger
// of compatible position score at or above the threshold.
func (m *matcher) fingerDecision(probe []fingerSet, gallery []segment, threshold float64, scoreKey string) wire.Decision {
	best, compared := 0.0, false
	var errs []string
	for _, g := range gallery {
		t := m.prepared(g.bdb)
		if t.err != nil {
			errs = append(errs, fmt.Sprintf("FINGER %q: %v", g.subtype, t.err))
			continue
		}
		for _, p := range probe {
			if p.subtype != "" && g.subtype != "" && p.subtype != g.subtype {
				continue
			}
			for _, a := range p.fingers {
				for _, b := range t.fingers {
					compared = true
					best = max(best, match.Score(a, b))
				}
			}
		}
	}
	if !compared && len(errs) > 0 {
		return wire.Decision{Match: wire.Error, Errors: errs, AnalyticsInfo: wire.Analytics{}}
	}
	d := wire.Decision{Match: wire.NotMatched, Errors: []string{}, AnalyticsInfo: wire.Analytics{}}
	if compared && best >= threshold {
		d.Match = wire.Matched
	}
	if scoreKey != "" && compared {
		d.AnalyticsInfo[scoreKey] = strconv.FormatFloat(best, 'g', 6, 64)
	}
	return d
}

// equalDecision matches faces and irises by equal records only.
func equalDecision(probe, gallery []segment) wire.Decision {
	d := wire.Decision{Match: wire.NotMatched, Errors: []string{}, AnalyticsInfo: wire.Analytics{}}
	for _, p := range probe {
		for _, g := range gallery {
			if bytes.Equal(p.bdb, g.bdb) {
				d.Match = wire.Matched
			}
		}
	}
	return d
}
