package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/biogate/biogate/store"
)

// Job kinds of the exchange besides store.JobSearch: an enrolment
// transaction's enrolment, done once it is stored (see submitMatching).
const jobEnrol = "enrol"

// matchJob is the Data of a search or enrol job: what the sender's rule
// said when the transaction was accepted.
type matchJob struct {
	Galleries []string `json:"galleries"`
	Purpose   string   `json:"purpose,omitempty"`
	Limit     int      `json:"limit,omitempty"` // search: candidates asked for
	Subject   string   `json:"subject,omitempty"`
}

// searchOutcome is the Result of a search job: while it is pending, the
// answer already planned (a crash between two replies must not make the
// retry deliver different or more ones); once done, what was answered.
type searchOutcome struct {
	Replies    []string      `json:"replies"`
	Candidates []txCandidate `json:"candidates"`
	Notes      []string      `json:"notes,omitempty"`
}

// txCandidate is one candidate of a search transaction.
type txCandidate struct {
	Gallery  string   `json:"gallery"`
	Subject  string   `json:"subject"`
	Score    *float64 `json:"score,omitempty"`
	Position int      `json:"position,omitempty"`
}

// matchingJob returns the job a transaction of the sender's starts when
// its 1.004 TOT is in one of the sender's matching rules (nil when it is
// in none), after the sender's policy allows the rule's galleries and
// purpose.
//
// An enrol rule's transaction is stored and enrolled with subject = its
// store id (unique and stable, unlike 1.009 TCN, which is unique only per
// originating agency) and Enrolment.Transaction = the same id, so that
// retention finds it; a search rule's is stored with its search job.
// Both are stored without routing by 1.007 DAI: their destination is this
// service. The job is written in the transaction's Put (store.Record.Jobs),
// so accepting the transaction and promising its work are one durable
// step; the work is then done at once, and retried by RunSearches while
// a backend is unavailable.
func (s *Service) matchingJob(c Caller, sender *Partner, id, tot string) (*store.Job, error) {
	if r := sender.EnrolRuleFor(tot); r != nil {
		if err := s.allowGallery(c, r.Gallery, r.Purpose, true); err != nil {
			return nil, err
		}
		return s.newJob(jobEnrol, id, sender.Name, matchJob{Galleries: []string{r.Gallery}, Purpose: r.Purpose, Subject: id})
	}
	if r := sender.SearchRuleFor(tot); r != nil {
		for _, g := range r.Galleries {
			if err := s.allowGallery(c, g, r.Purpose, false); err != nil {
				return nil, err
			}
		}
		return s.newJob(store.JobSearch, id, sender.Name, matchJob{Galleries: r.Galleries, Purpose: r.Purpose, Limit: r.Limit})
	}
	return nil, nil
}

func (s *Service) newJob(kind, id, partner string, data matchJob) (*store.Job, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return &store.Job{Kind: kind, ID: id, Partner: partner, Created: s.now().UTC(), State: store.JobPending, Data: b}, nil
}

// searchState is what a search transaction's metadata shows of its job.
func searchState(j *store.Job) *SearchState {
	st := &SearchState{State: store.SearchPending, Error: j.Error}
	switch j.State {
	case store.JobDone:
		st.State = store.SearchAnswered
	case store.JobFailed:
		st.State = store.SearchFailed
	}
	var out searchOutcome
	if j.State == store.JobDone && json.Unmarshal(j.Result, &out) == nil {
		st.Candidates = len(out.Candidates)
		if len(out.Replies) > 0 {
			st.Reply = out.Replies[0]
		}
		st.Replies = out.Replies
	}
	return st
}

// refreshSearch sets t.Search from its job, for a search transaction.
func (s *Service) refreshSearch(ctx context.Context, t *store.Transaction) {
	if t.Search == nil {
		return
	}
	js, err := s.jobs()
	if err != nil {
		return
	}
	if j, err := js.Job(ctx, store.JobSearch, t.ID); err == nil {
		t.Search = searchState(j)
	}
}

// searchGalleries searches each gallery of a search job with the search
// transaction's samples and keeps the k best candidates over them: by
// score when every answer has scores, else by rank, gallery by gallery in
// the rule's order. It audits each gallery's search and the candidates
// it discloses.
func (s *Service) searchGalleries(ctx context.Context, c Caller, transaction string, body []byte, job matchJob) ([]txCandidate, []string, error) {
	k := job.Limit
	if k <= 0 {
		k = DefaultLimit
	}
	k = s.searchLimit(c.Partner, k)
	var all []txCandidate
	var notes []string
	scored := true
	for _, g := range job.Galleries {
		r, err := s.route(ctx, g, body)
		if err != nil {
			return nil, nil, err
		}
		res, err := s.identify(ctx, c, g, job.Purpose, transaction, r, k)
		if err != nil {
			return nil, nil, err
		}
		if res.Candidates, err = s.confirm(ctx, g, r, res.Candidates); err != nil {
			return nil, nil, err
		}
		scored = scored && res.Scores
		notes = append(notes, res.Notes...)
		for _, cd := range res.Candidates {
			all = append(all, txCandidate{Gallery: g, Subject: cd.Subject, Score: cd.Score, Position: cd.Position})
		}
	}
	if scored {
		sort.SliceStable(all, func(i, j int) bool { return *all[i].Score > *all[j].Score })
	} else if len(job.Galleries) > 1 {
		// Interleave by rank: every gallery's first, then its second...
		pos := map[string]int{}
		ranks := make([]int, len(all))
		for i, cd := range all {
			ranks[i] = pos[cd.Gallery]
			pos[cd.Gallery]++
		}
		idx := make([]int, len(all))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ranks[idx[a]] < ranks[idx[b]] })
		sorted := make([]txCandidate, len(all))
		for i, j := range idx {
			sorted[i] = all[j]
		}
		all = sorted
	}
	if len(all) > k {
		all = all[:k]
	}
	for _, g := range job.Galleries {
		var mine []SearchCandidate
		for _, cd := range all {
			if cd.Gallery == g {
				mine = append(mine, SearchCandidate{Subject: cd.Subject})
			}
		}
		if err := s.auditSearch(c, g, job.Purpose, transaction, mine); err != nil {
			return nil, nil, err
		}
	}
	if len(job.Galleries) > 1 {
		notes = append(notes, fmt.Sprintf("%d galleries searched; their candidates merged %s", len(job.Galleries), map[bool]string{true: "by score", false: "by rank"}[scored]))
	}
	return all, notes, nil
}

// confirm keeps the candidates a backend of the gallery confirms 1:1 at
// its operating threshold (backend.Verification.Match). Identify answers
// the k most similar subjects however dissimilar they are; a reply
// transaction says hit (INT-I 2.064 RLS "I") or lists candidates (EBTS
// 2.064 CAN) only for those the matcher would decide are the same
// person, so a search of someone not enrolled is answered no hit. The
// ranks are renumbered.
func (s *Service) confirm(ctx context.Context, gallery string, r *routing, cands []SearchCandidate) ([]SearchCandidate, error) {
	var out []SearchCandidate
	for _, cd := range cands {
		match := false
		for _, p := range r.parts {
			v, err := p.backend.Verify(ctx, gallery, cd.Subject, p.samples)
			if notEnrolled(err) {
				continue // removed meanwhile
			}
			if err != nil {
				return nil, backendError(err, fmt.Sprintf("confirming candidate %s of gallery %s in backend %s", cd.Subject, gallery, p.backend.Name))
			}
			if v.Match {
				match = true
				break
			}
		}
		if match {
			cd.Rank = len(out) + 1
			out = append(out, cd)
		}
	}
	return out, nil
}
