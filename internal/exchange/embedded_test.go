package exchange_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/store"
)

func TestEmbeddedBackend(t *testing.T) {
	ctx := context.Background()
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	open := func() (*exchange.Service, func()) {
		st, err := store.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		bs, err := matchers.Open(cfg, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		return exchange.New(st, cfg, matchers.Options(bs)...), func() { bs.Close(); st.Close() }
	}
	svc, closeAll := open()
	fingers := []int{101, 102, 103, 104, 105}
	for _, f := range fingers {
		if _, err := svc.Enrol(ctx, callerA, "criminal", fmt.Sprintf("f%d", f), fvcImage(t, f, 1), exchange.MatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	search := func(svc *exchange.Service) int {
		rank1 := 0
		for _, f := range fingers {
			res, err := svc.Search(ctx, callerB, "criminal", fvcImage(t, f, 2), exchange.MatchOptions{Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Candidates) > 0 && res.Candidates[0].Subject == fmt.Sprintf("f%d", f) {
				rank1++
			}
			if !res.Scores || len(res.Candidates) > 0 && res.Candidates[0].Score == nil {
				t.Errorf("the embedded backend's scores are missing: %+v", res)
			}
		}
		return rank1
	}
	before := search(svc)
	t.Logf("rank-1 identification: %d of %d (impression 2 against impression 1)", before, len(fingers))
	if before < len(fingers)/2+1 {
		t.Errorf("rank-1 identification %d of %d: the embedded backend finds less than most mates", before, len(fingers))
	}
	v, err := svc.VerifySubject(ctx, callerB, "criminal", "f101", fvcImage(t, 101, 3), exchange.MatchOptions{})
	if err != nil || v.Score == nil || v.Threshold == nil {
		t.Fatalf("verify: %+v %v", v, err)
	}
	t.Logf("verify f101 with impression 3: score %.3f, threshold %.3f, match %v", *v.Score, *v.Threshold, v.Match)
	closeAll()
	svc, closeAll = open()
	defer closeAll()
	if after := search(svc); after != before {
		t.Errorf("after a restart %d rank-1 hits, before %d", after, before)
	}
}

func TestSearchTransactionEmbedded(t *testing.T) {
	ctx := context.Background()
	cfg, err := exchange.ParseConfig([]byte(matchingPartners))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bs, err := matchers.Open(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	svc := exchange.New(st, cfg, matchers.Options(bs)...)
	var cars []string
	for _, f := range []int{101, 102, 103} {
		car, err := svc.Submit(ctx, callerA, fingerTransaction(t, "CAR", fmt.Sprintf("TCN-CAR-%d", f), fvcImage(t, f, 1)))
		if err != nil {
			t.Fatal(err)
		}
		cars = append(cars, car.ID)
	}
	cps, err := svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0102", fvcImage(t, 102, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if cps.Search == nil || cps.Search.State != store.SearchAnswered || cps.Search.Candidates == 0 {
		t.Fatalf("search %+v", cps.Search)
	}
	j, err := st.Job(ctx, store.JobSearch, cps.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j.Result), `"subject":"`+cars[1]+`"`) {
		t.Errorf("the answer %s does not name the CAR of finger 102 (%s)", j.Result, cars[1])
	}
	t.Logf("answer: %s", j.Result)
	// Finger 104 is not enrolled: answered, no hit, one SRE.
	miss, err := svc.Submit(ctx, callerB, fingerTransaction(t, "CPS", "TCN-CPS-0104", fvcImage(t, 104, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if miss.Search == nil || miss.Search.State != store.SearchAnswered || miss.Search.Candidates != 0 || len(miss.Search.Replies) != 1 {
		t.Fatalf("no-hit search %+v", miss.Search)
	}
	out, err := svc.InboxGet(ctx, callerB, miss.Search.Reply)
	if err != nil {
		t.Fatal(err)
	}
	in, err := exchange.Load(ctx, out.Body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rls := replyRLS(in.Transaction); !strings.Contains(rls, "N") {
		t.Errorf("no-hit 2.064 RLS %q", rls)
	}
}
