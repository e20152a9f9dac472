package batch

import (
	"sort"
	"time"
)

// slowestKept is how many of the slowest files a Summary lists.
const slowestKept = 10

// Summary sums a batch up (summary.json).
type Summary struct {
	Op    Op    `json:"op"`
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
	// Resumed counts the files an earlier run had done (journal entries
	// reused); they are in every other count too.
	Resumed     int             `json:"resumed"`
	Interrupted bool            `json:"interrupted,omitempty"`
	Millis      int64           `json:"ms"`
	ByOutcome   map[Outcome]int `json:"by_outcome"`
	ByAssertion map[string]int  `json:"by_assertion"` // findings, every file's
	ByFormat    map[string]int  `json:"by_format"`
	// ByVersion counts files by format and version: "an2 0300",
	// "iso iso19794-2:2005".
	ByVersion map[string]int `json:"by_version"`
	Slowest   []Slow         `json:"slowest"`
}

// Slow is one of the slowest files.
type Slow struct {
	Source string `json:"source"`
	Millis int64  `json:"ms"`
}

func newSummary(op Op) *Summary {
	return &Summary{Op: op, ByOutcome: map[Outcome]int{}, ByAssertion: map[string]int{},
		ByFormat: map[string]int{}, ByVersion: map[string]int{}, Slowest: []Slow{}}
}

// add counts one file's record.
func (s *Summary) add(r *Record) {
	s.Files++
	s.Bytes += r.Size
	if r.Resumed {
		s.Resumed++
	}
	s.ByOutcome[r.Outcome]++
	for a, n := range r.Assertions {
		s.ByAssertion[a] += n
	}
	s.ByFormat[r.Format]++
	if r.Version != "" {
		s.ByVersion[r.Format+" "+r.Version]++
	}
	if r.Resumed {
		return // its time was an earlier run's
	}
	s.Slowest = append(s.Slowest, Slow{r.Source, r.Millis})
	sort.SliceStable(s.Slowest, func(i, j int) bool {
		if s.Slowest[i].Millis != s.Slowest[j].Millis {
			return s.Slowest[i].Millis > s.Slowest[j].Millis
		}
		return s.Slowest[i].Source < s.Slowest[j].Source
	})
	if len(s.Slowest) > slowestKept {
		s.Slowest = s.Slowest[:slowestKept]
	}
}

func (s *Summary) finish(start time.Time) { s.Millis = time.Since(start).Milliseconds() }

// ExitCode is the batch's exit status under DESIGN.md: 0 when every file
// is ok (or of a format the operation does not apply to), 1 when any is
// nonconformant or failed, 2 when the run was interrupted (the command
// did not complete; a Job that cannot run at all is Run's error).
func (s *Summary) ExitCode() int {
	if s.Interrupted {
		return 2
	}
	if s.ByOutcome[Nonconformant] > 0 || s.ByOutcome[Failed] > 0 {
		return 1
	}
	return 0
}
