package audit

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"
)

// Bounds of a Summary, whatever the log holds: each table keeps at most
// MaxRows rows (the next distinct keys are folded into rows whose
// caller-controlled part, a reason, a gallery, a type, reads Other), and
// Shares counts distinct transactions up to MaxDistinct ids in all. The
// memory a summary takes is then bounded by them, not by the log.
const (
	MaxRows     = 1000
	MaxDistinct = 100_000
	Other       = "(other)"
)

// Summarise reads the entries of src in [since, until) (a zero bound is
// no bound) once, in one pass, and summarises them: the tables of
// Summary, and per-day series. It stops with ctx. What Summarise counts
// as a share, a search, a hit, a purge or a withholding is told at the
// Totals fields.
func Summarise(ctx context.Context, src Source, since, until time.Time) (*Summary, error) {
	z := newSummariser(since, until)
	if err := src.Entries(ctx, since, until, func(e Entry) error {
		if inPeriod(e.Time, since, until) { // a Source that reads a wider period is not trusted
			z.add(e)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return z.summary(), nil
}

// summariser accumulates a Summary.
type summariser struct {
	s          *Summary
	calls      map[Calls]int
	shares     map[Share]map[string]bool
	shareN     map[Share]int
	distinct   int
	rejections map[Rejection]int
	uses       map[[2]string]*GalleryUse
	withheld   map[Withheld]int
	purges     map[Purge]int
	days       map[string]*Day
	truncated  map[string]bool
}

func newSummariser(since, until time.Time) *summariser {
	return &summariser{
		s:     &Summary{Since: since, Until: until},
		calls: map[Calls]int{}, shares: map[Share]map[string]bool{}, shareN: map[Share]int{},
		rejections: map[Rejection]int{}, uses: map[[2]string]*GalleryUse{},
		withheld: map[Withheld]int{}, purges: map[Purge]int{}, days: map[string]*Day{},
		truncated: map[string]bool{},
	}
}

func (z *summariser) truncate(table string) { z.truncated[table] = true }

// capped returns k, or other(k) when k is a new key of a table that has
// MaxRows keys already.
func capped[K comparable, V any](z *summariser, table string, m map[K]V, k K, other func(K) K) K {
	if _, ok := m[k]; ok || len(m) < MaxRows {
		return k
	}
	z.truncate(table)
	return other(k)
}

// add counts one entry of the period.
func (z *summariser) add(e Entry) {
	z.s.Entries++
	date := e.Time.UTC().Format(time.DateOnly)
	d := z.days[date]
	if d == nil {
		d = &Day{Date: date}
		z.days[date] = d
	}
	d.count(e)
	c := capped(z, "calls", z.calls, Calls{Actor: e.Actor, Action: e.Action, Outcome: e.Outcome},
		func(k Calls) Calls { k.Action = Other; return k })
	z.calls[c]++
	z.countMatching(e)
	z.countWithheld(e)
	z.countPurge(e)
	switch {
	case e.Outcome != OK:
		k := capped(z, "rejections", z.rejections, Rejection{Actor: e.Actor, Action: e.Action, Outcome: e.Outcome, Reason: e.Reason},
			func(k Rejection) Rejection { k.Reason = Other; return k })
		z.rejections[k]++
	case isShare(e):
		k := capped(z, "shares", z.shares, Share{From: e.Actor, To: e.To, Action: e.Action, Type: e.Type},
			func(k Share) Share { k.Type = Other; return k })
		if z.shares[k] == nil {
			z.shares[k] = map[string]bool{}
		}
		switch {
		case z.shares[k][e.Transaction]:
		case z.distinct < MaxDistinct:
			z.shares[k][e.Transaction] = true
			z.distinct++
		default:
			z.truncate("transactions")
		}
		z.shareN[k]++
	}
}

// summary returns the Summary, its tables sorted.
func (z *summariser) summary() *Summary {
	s := z.s
	s.Calls, s.Shares, s.Rejections = []Calls{}, []Share{}, []Rejection{}
	s.Matching, s.Withheld, s.Purges, s.Days = []GalleryUse{}, []Withheld{}, []Purge{}, []Day{}
	for k, n := range z.calls {
		k.N = n
		s.Calls = append(s.Calls, k)
	}
	for k, txs := range z.shares {
		k.N, k.Transactions = z.shareN[k], len(txs)
		s.Shares = append(s.Shares, k)
	}
	for k, n := range z.rejections {
		k.N = n
		s.Rejections = append(s.Rejections, k)
	}
	for _, u := range z.uses {
		s.Matching = append(s.Matching, *u)
	}
	for k, n := range z.withheld {
		k.N = n
		s.Withheld = append(s.Withheld, k)
	}
	for k, n := range z.purges {
		k.N = n
		s.Purges = append(s.Purges, k)
	}
	for _, date := range slices.Sorted(maps.Keys(z.days)) {
		d := z.days[date]
		s.Days = append(s.Days, *d)
		s.Totals.add(d.Totals)
	}
	s.Truncated = slices.Sorted(maps.Keys(z.truncated))
	slices.SortFunc(s.Matching, func(a, b GalleryUse) int {
		return cmp.Or(cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.Gallery, b.Gallery))
	})
	slices.SortFunc(s.Calls, func(a, b Calls) int {
		return cmp.Or(cmp.Compare(a.Actor, b.Actor), cmp.Compare(a.Action, b.Action), cmp.Compare(a.Outcome, b.Outcome))
	})
	slices.SortFunc(s.Shares, func(a, b Share) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Action, b.Action), cmp.Compare(a.Type, b.Type))
	})
	slices.SortFunc(s.Rejections, func(a, b Rejection) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Actor, b.Actor), cmp.Compare(a.Action, b.Action), cmp.Compare(a.Outcome, b.Outcome), cmp.Compare(a.Reason, b.Reason))
	})
	slices.SortFunc(s.Withheld, func(a, b Withheld) int {
		return cmp.Or(cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.Action, b.Action), cmp.Compare(a.Item, b.Item))
	})
	slices.SortFunc(s.Purges, func(a, b Purge) int {
		return cmp.Or(cmp.Compare(a.Partner, b.Partner), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Type, b.Type))
	})
	return s
}
