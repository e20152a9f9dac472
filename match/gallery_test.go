package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// galleryFixture enrols every mindtct template of FVC2002 DB1_B and DB2_B
// (160 fingers) under subject NAME, finger 1 to 10 by impression.
func galleryFixture(t *testing.T) (*Gallery, []Key, []*Prepared) {
	var keys []Key
	var ps []*Prepared
	for _, set := range fvcSets[:2] {
		for i, s := range loadSet(t, set) {
			keys = append(keys, Key{Subject: set[8:] + "/" + s.finger, Finger: i%8 + 1})
			ps = append(ps, Prepare(s.tmpl))
		}
	}
	g := NewGallery()
	for i, k := range keys {
		g.Add(k, ps[i])
	}
	return g, keys, ps
}

// bruteForce scores every key and sorts all candidates.
func bruteForce(probe *Prepared, keys []Key, ps []*Prepared, k int) []Candidate {
	var all []Candidate
	for i, key := range keys {
		all = append(all, Candidate{key, Score(probe, ps[i])})
	}
	slices.SortFunc(all, compareCandidates)
	return all[:min(k, len(all))]
}

func TestSearchMatchesBruteForce(t *testing.T) {
	g, keys, ps := galleryFixture(t)
	if g.Len() != len(keys) {
		t.Fatalf("Len %d, want %d", g.Len(), len(keys))
	}
	for _, workers := range []int{1, 3} {
		g.Workers = workers
		for _, pi := range []int{0, 17, 95} {
			for _, k := range []int{1, 5, 40, 1000} {
				got := g.Search(ps[pi], k)
				want := bruteForce(ps[pi], keys, ps, k)
				if !slices.Equal(got, want) {
					t.Errorf("workers %d probe %d k %d:\n got %v\nwant %v", workers, pi, k, got, want)
				}
			}
		}
	}
	if got := g.Search(ps[0], 0); got != nil {
		t.Errorf("k 0 gave %v", got)
	}
	// The probe itself is enrolled: it must come first.
	if got := g.Search(ps[9], 1); got[0].Key != keys[9] {
		t.Errorf("self search gave %v, want %v", got, keys[9])
	}
}

func TestShardMergeEqualsWholeSearch(t *testing.T) {
	whole, keys, ps := galleryFixture(t)
	for _, n := range []int{2, 3, 7} {
		shards := make([]*Gallery, n)
		for i := range shards {
			shards[i] = NewGallery()
		}
		for i, k := range keys { // deal the keys as a hash would
			shards[(i*7+3)%n].Add(k, ps[i])
		}
		for _, pi := range []int{3, 64, 150} {
			for _, k := range []int{1, 10, 200} {
				lists := make([][]Candidate, n)
				for i, s := range shards {
					lists[i] = s.Search(ps[pi], k)
				}
				if got, want := MergeTopK(k, lists...), whole.Search(ps[pi], k); !slices.Equal(got, want) {
					t.Errorf("%d shards probe %d k %d:\n got %v\nwant %v", n, pi, k, got, want)
				}
			}
		}
	}
}

func TestGalleryAddRemove(t *testing.T) {
	g, keys, ps := galleryFixture(t)
	probe := ps[0]
	// Replacing an entry keeps one entry for the key.
	g.Add(keys[5], ps[0])
	if g.Len() != len(keys) {
		t.Errorf("Len after replace %d, want %d", g.Len(), len(keys))
	}
	if top := g.Search(probe, 2); top[0].Key != keys[0] && top[0].Key != keys[5] || top[0].Score != top[1].Score {
		t.Errorf("after replacing %v by %v's template: top %v", keys[5], keys[0], top)
	}
	if !g.Remove(keys[0]) || g.Remove(keys[0]) {
		t.Errorf("Remove twice did not report true then false")
	}
	if n := g.RemoveSubject(keys[8].Subject); n != 8 {
		t.Errorf("RemoveSubject removed %d, want 8", n)
	}
	if g.Len() != len(keys)-9 {
		t.Errorf("Len %d, want %d", g.Len(), len(keys)-9)
	}
	for _, c := range g.Search(probe, g.Len()) {
		if c.Key == keys[0] || c.Subject == keys[8].Subject {
			t.Errorf("removed %v still found", c.Key)
		}
	}
	// The remaining entries still match their keys after the swaps.
	var left []Key
	var leftP []*Prepared
	for i, k := range keys {
		if i == 0 || k.Subject == keys[8].Subject {
			continue
		}
		if i == 5 {
			leftP = append(leftP, ps[0])
		} else {
			leftP = append(leftP, ps[i])
		}
		left = append(left, k)
	}
	if got, want := g.Search(ps[30], 50), bruteForce(ps[30], left, leftP, 50); !slices.Equal(got, want) {
		t.Errorf("after removals:\n got %v\nwant %v", got, want)
	}
}

// TestGalleryConcurrent adds, removes and searches at once; run with -race.
func TestGalleryConcurrent(t *testing.T) {
	_, keys, ps := galleryFixture(t)
	g := NewGallery()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for range 40 {
				i := r.IntN(len(keys))
				switch r.IntN(3) {
				case 0:
					g.Add(keys[i], ps[i])
				case 1:
					g.Remove(keys[i])
				default:
					res := g.Search(ps[i], 5)
					if !slices.IsSortedFunc(res, compareCandidates) {
						t.Errorf("unsorted result %v", res)
					}
				}
			}
		}()
	}
	wg.Wait()
	if g.Len() > len(keys) {
		t.Errorf("Len %d", g.Len())
	}
}

func TestMergeTopKTies(t *testing.T) {
	a := []Candidate{{Key{"b", 1}, 0.5}, {Key{"a", 2}, 0.25}}
	b := []Candidate{{Key{"a", 1}, 0.5}, {Key{"c", 1}, 0.75}}
	got := MergeTopK(3, a, b)
	want := []Candidate{{Key{"c", 1}, 0.75}, {Key{"a", 1}, 0.5}, {Key{"b", 1}, 0.5}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := MergeTopK(0, a); got != nil {
		t.Errorf("k 0: %v", got)
	}
	if got := MergeTopK(5); len(got) != 0 {
		t.Errorf("no lists: %v", got)
	}
}

func (c Candidate) String() string { return fmt.Sprintf("%s/%d:%.4f", c.Subject, c.Finger, c.Score) }
