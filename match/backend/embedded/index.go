package embedded

import (
	"sync"

	"github.com/biogate/biogate/match"
)

// partition returns the index partition of a finger position: the
// position for the fingers 1-10, 1 and 6 for the plain thumbs 11 and 12
// (ANSI/NIST-ITL 1-2011 Table 8), 0 (unknown) for anything else (0, the
// multiple-finger codes 13-15, palms).
func partition(position int) int {
	switch {
	case position >= 1 && position <= 10:
		return position
	case position == 11:
		return 1
	case position == 12:
		return 6
	}
	return 0
}

// entry is one enrolled sample in the index.
type entry struct {
	key      match.Key // Subject, and Finger = the sample's number in its enrolment
	position int       // as enrolled
	prepared *match.Prepared
}

// index is one gallery's in-memory 1:N index: a match.Gallery per
// partition (0 unknown, 1-10 the fingers) and each subject's entries.
type index struct {
	mu       sync.RWMutex
	parts    [11]*match.Gallery
	subjects map[string][]entry
	// most is the most entries a subject has had (it only grows), which
	// bounds how many keys a subject can take in a top-k list.
	most int
}

func newIndex(workers int) *index {
	ix := &index{subjects: map[string][]entry{}}
	for i := range ix.parts {
		ix.parts[i] = match.NewGallery()
		ix.parts[i].Workers = workers
	}
	return ix
}

// set replaces a subject's entries.
func (ix *index) set(subject string, es []entry) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(subject)
	for _, e := range es {
		ix.parts[partition(e.position)].Add(e.key, e.prepared)
	}
	ix.subjects[subject] = es
	ix.most = max(ix.most, len(es))
}

// remove removes a subject and reports whether it was there.
func (ix *index) remove(subject string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.removeLocked(subject)
}

func (ix *index) removeLocked(subject string) bool {
	old, ok := ix.subjects[subject]
	if !ok {
		return false
	}
	for _, e := range old {
		ix.parts[partition(e.position)].Remove(e.key)
	}
	delete(ix.subjects, subject)
	return true
}

func (ix *index) subjectCount() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.subjects)
}

// entries returns a subject's entries (nil when not enrolled).
func (ix *index) entries(subject string) []entry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.subjects[subject]
}

// compatible reports whether a probe sample of position p is compared
// with an enrolled sample of position q: always when either is unknown,
// else when they are the same finger.
func compatible(p, q int) bool {
	pp, pq := partition(p), partition(q)
	return pp == 0 || pq == 0 || pp == pq
}

// hit is one probe sample's best score against one subject.
type hit struct {
	score    float64
	position int // of the enrolled sample that scored it
}

// search returns, for one probe sample of position p, each subject's
// best score among the subjects the search keeps: every subject when all
// is set, else at least the k best (the subjects of the top k·most keys,
// which hold the k best subjects since a subject has at most most keys).
func (ix *index) search(probe *match.Prepared, p, k int, all bool) map[string]hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string]hit{}
	pp := partition(p)
	for part, g := range ix.parts {
		if pp != 0 && part != 0 && part != pp {
			continue
		}
		n := g.Len()
		if n == 0 {
			continue
		}
		kk := n
		if !all && k < n { // k < n keeps k·most from overflowing
			kk = min(n, k*max(ix.most, 1))
		}
		for _, c := range g.Search(probe, kk) {
			h, seen := out[c.Subject]
			if seen && h.score >= c.Score {
				continue
			}
			out[c.Subject] = hit{c.Score, ix.subjects[c.Subject][c.Finger].position}
		}
	}
	return out
}
