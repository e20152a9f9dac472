package match

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
)

// Key names one enrolled finger: a subject's identifier and the finger
// position code (0 unknown, 1-10 the fingers, as Template.Finger).
type Key struct {
	Subject string
	Finger  int
}

// Candidate is one search result.
type Candidate struct {
	Key
	Score float64
}

// compareCandidates orders candidates best first: higher score, then
// subject and finger ascending, so that every search and every merge of
// shard results give the same order.
func compareCandidates(a, b Candidate) int {
	if a.Score != b.Score {
		if a.Score > b.Score {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Subject, b.Subject); c != 0 {
		return c
	}
	return cmp.Compare(a.Finger, b.Finger)
}

// Gallery is an in-memory 1:N index of prepared templates, one per Key.
// All methods are safe for concurrent use; searches run in parallel with
// each other and wait for additions and removals.
//
// A durable gallery stores each enrolment's Prepared.MarshalBinary bytes
// and rebuilds the index at start with UnmarshalBinary and Add. A gallery
// split into shards (each key in exactly one shard, on one node or
// several) is searched by asking every shard for its top k with the same
// probe and k and merging the answers with MergeTopK, which gives the
// candidates and order a single gallery holding every key would give.
type Gallery struct {
	mu      sync.RWMutex
	keys    []Key
	entries []*Prepared
	index   map[Key]int
	// Workers is the number of goroutines a search uses; 0 means
	// runtime.GOMAXPROCS(0). Set it before the gallery is shared.
	Workers int
}

// NewGallery returns an empty gallery.
func NewGallery() *Gallery { return &Gallery{index: map[Key]int{}} }

// Add enrols p under k, replacing what k held.
func (g *Gallery) Add(k Key, p *Prepared) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if i, ok := g.index[k]; ok {
		g.entries[i] = p
		return
	}
	g.index[k] = len(g.keys)
	g.keys = append(g.keys, k)
	g.entries = append(g.entries, p)
}

// Remove removes k and reports whether it was enrolled.
func (g *Gallery) Remove(k Key) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.removeLocked(k)
}

// RemoveSubject removes every finger of subject and returns how many
// there were.
func (g *Gallery) RemoveSubject(subject string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	var ks []Key
	for _, k := range g.keys {
		if k.Subject == subject {
			ks = append(ks, k)
		}
	}
	for _, k := range ks {
		g.removeLocked(k)
	}
	return len(ks)
}

func (g *Gallery) removeLocked(k Key) bool {
	i, ok := g.index[k]
	if !ok {
		return false
	}
	last := len(g.keys) - 1
	g.keys[i], g.entries[i] = g.keys[last], g.entries[last]
	g.index[g.keys[i]] = i
	g.keys[last], g.entries[last] = Key{}, nil
	g.keys, g.entries = g.keys[:last], g.entries[:last]
	delete(g.index, k)
	return true
}

// Len is the number of enrolled fingers.
func (g *Gallery) Len() int {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.keys)
}

// Search compares probe with every enrolled finger, on Workers goroutines,
// and returns the k best candidates, best first (ties by subject, then
// finger). Candidates scoring 0 are included, so a gallery of n fingers
// answers min(k, n) candidates. k <= 0 gives none.
func (g *Gallery) Search(probe *Prepared, k int) []Candidate {
	if k <= 0 {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.searchLocked(probe, k)
}

// searchLocked is Search with g.mu held for reading.
func (g *Gallery) searchLocked(probe *Prepared, k int) []Candidate {
	n := len(g.keys)
	workers := g.workers(n)
	lists := make([][]Candidate, workers)
	g.parallel(workers, n, func(w, lo, hi int) {
		lists[w] = g.searchRange(probe, k, lo, hi)
	})
	return MergeTopK(k, lists...)
}

// SearchShortlist is a two-stage Search for large galleries: a cheap first
// stage compares a dozen of the probe's cylinders with every enrolled
// finger and keeps the shortlist best, which the full Score then ranks; the
// k best of those are returned as by Search. It is faster than Search and
// may miss a mate that the first stage ranks below the shortlist (measured
// in TestShortlistAccuracy); shortlist <= k or >= Len is an exact Search.
// Shards merged with MergeTopK give the same answer as one gallery only if
// each shard keeps the same shortlist fraction (use shortlist/shards).
func (g *Gallery) SearchShortlist(probe *Prepared, k, shortlist int) []Candidate {
	if k <= 0 {
		return nil
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	n := len(g.keys)
	if shortlist <= k || shortlist >= n {
		return g.searchLocked(probe, k)
	}
	anchors := probe.anchors()
	workers := g.workers(n)
	// Stage 1: each worker keeps its shortlist best by prescore, as
	// candidates whose Finger field holds the entry's index.
	lists := make([][]Candidate, workers)
	g.parallel(workers, n, func(w, lo, hi int) {
		top := newTopK(shortlist)
		for i := lo; i < hi; i++ {
			top.offer(Candidate{Key{Finger: i}, prescore(probe, anchors, g.entries[i])})
		}
		lists[w] = top.h
	})
	first := MergeTopK(shortlist, lists...)
	idx := make([]int, len(first))
	for i, c := range first {
		idx[i] = c.Finger
	}
	slices.Sort(idx)
	// Stage 2: full scores of the shortlist.
	final := make([][]Candidate, workers)
	g.parallel(workers, len(idx), func(w, lo, hi int) {
		c := comparerPool.Get().(*Comparer)
		defer comparerPool.Put(c)
		t := newTopK(k)
		for _, i := range idx[lo:hi] {
			t.offer(Candidate{g.keys[i], c.Score(probe, g.entries[i])})
		}
		final[w] = t.sorted()
	})
	return MergeTopK(k, final...)
}

// workers is the number of goroutines for a search over n entries.
func (g *Gallery) workers(n int) int {
	w := g.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, min(w, n/64+1))
}

// parallel runs f on workers goroutines over [0, n) split evenly.
func (g *Gallery) parallel(workers, n int, f func(w, lo, hi int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, n*w/workers, n*(w+1)/workers)
		}()
	}
	wg.Wait()
}

// searchRange returns the k best candidates of entries [lo, hi).
func (g *Gallery) searchRange(probe *Prepared, k, lo, hi int) []Candidate {
	c := comparerPool.Get().(*Comparer)
	defer comparerPool.Put(c)
	top := newTopK(k)
	for i := lo; i < hi; i++ {
		top.offer(Candidate{g.keys[i], c.Score(probe, g.entries[i])})
	}
	return top.sorted()
}

// MergeTopK merges candidate lists, such as the results of the shards of
// one gallery searched with the same probe, into the k best, in the order
// of Search. When the shards partition a gallery and each list holds its
// shard's top k, the result equals a search of the whole gallery.
func MergeTopK(k int, lists ...[]Candidate) []Candidate {
	if k <= 0 {
		return nil
	}
	top := newTopK(k)
	for _, l := range lists {
		for _, c := range l {
			top.offer(c)
		}
	}
	return top.sorted()
}

// topK keeps the k best candidates offered, in a heap whose root is the
// worst kept.
type topK struct {
	k int
	h []Candidate
}

func newTopK(k int) *topK { return &topK{k: k, h: make([]Candidate, 0, min(k, 1024))} }

// worse reports whether a ranks after b.
func worse(a, b Candidate) bool { return compareCandidates(a, b) > 0 }

func (t *topK) offer(c Candidate) {
	if len(t.h) < t.k {
		t.h = append(t.h, c)
		for i := len(t.h) - 1; i > 0; { // sift up
			p := (i - 1) / 2
			if !worse(t.h[i], t.h[p]) {
				break
			}
			t.h[i], t.h[p] = t.h[p], t.h[i]
			i = p
		}
		return
	}
	if !worse(t.h[0], c) {
		return
	}
	t.h[0] = c
	for i := 0; ; { // sift down
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.h) && worse(t.h[l], t.h[m]) {
			m = l
		}
		if r < len(t.h) && worse(t.h[r], t.h[m]) {
			m = r
		}
		if m == i {
			break
		}
		t.h[i], t.h[m] = t.h[m], t.h[i]
		i = m
	}
}

func (t *topK) sorted() []Candidate {
	out := slices.Clone(t.h)
	slices.SortFunc(out, compareCandidates)
	return out
}
