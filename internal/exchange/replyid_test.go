package exchange

import (
	"testing"
	"time"

	"github.com/biogate/biogate/store"
)

// TestReplyID: a reply's id depends only on its search job and its
// number: the same on every run and node, distinct per reply and per
// job, in store.NewID's shape, sorting right after the search.
func TestReplyID(t *testing.T) {
	created := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	j1 := &store.Job{Kind: store.JobSearch, ID: store.NewID(created), Created: created}
	j2 := &store.Job{Kind: store.JobSearch, ID: store.NewID(created), Created: created}
	odd := &store.Job{Kind: store.JobSearch, ID: "not-a-store-id", Created: created}
	cases := []struct {
		name string
		a, b string
		same bool
	}{
		{"same job, same reply", replyID(j1, 0), replyID(&store.Job{ID: j1.ID, Created: created.Add(time.Hour)}, 0), true},
		{"same job, two replies", replyID(j1, 0), replyID(j1, 1), false},
		{"two jobs of one instant", replyID(j1, 0), replyID(j2, 0), false},
		{"an id of another shape", replyID(odd, 0), replyID(odd, 0), true},
	}
	for _, c := range cases {
		if (c.a == c.b) != c.same {
			t.Errorf("%s: %s and %s, want same=%v", c.name, c.a, c.b, c.same)
		}
		for _, id := range []string{c.a, c.b} {
			if !store.ValidID(id) {
				t.Errorf("%s: %q is not a store id", c.name, id)
			}
		}
	}
	if r := replyID(j1, 0); r <= j1.ID || r[:16] != replyID(odd, 0)[:16] {
		t.Errorf("reply %s does not sort right after its search %s (%s)", r, j1.ID, replyID(odd, 0))
	}
}
