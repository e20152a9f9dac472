package exchange_test

import (
	"context"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
)

func TestRetentionEnrolments(t *testing.T) {
	ctx := context.Background()
	h, fake := harnessWithFake(t)
	img := fvcImage(t, 107, 1)
	car, err := h.svc.Submit(ctx, callerD, fingerTransaction(t, "CAR", "TCN-CAR-0003", img))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Enrol(ctx, callerD, "missing", "rest-1", img, exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if !fake.enrolled("missing", car.ID) || !fake.enrolled("missing", "rest-1") {
		t.Fatal("not enrolled")
	}
	if p, err := h.svc.Purge(ctx, admin); err != nil || p.Purged != 0 {
		t.Fatalf("purge before retention: %+v %v", p, err)
	}
	h.clock.add(25 * time.Hour)
	// The backend is down: nothing can leave it, so the transaction is
	// kept (and the REST enrolment too) until it is back.
	fake.down.Store(true)
	p, err := h.svc.Purge(ctx, admin)
	if err != nil || p.Purged != 0 || p.Kept != 1 {
		t.Fatalf("purge with the backend down: %+v %v", p, err)
	}
	if _, err := h.st.Get(ctx, car.ID); err != nil {
		t.Fatalf("the transaction was purged while its enrolment is still in a backend: %v", err)
	}
	fake.down.Store(false)
	p, err = h.svc.Purge(ctx, admin)
	if err != nil || p.Purged != 1 {
		t.Fatalf("purge: %+v %v", p, err)
	}
	if fake.enrolled("missing", car.ID) || fake.enrolled("missing", "rest-1") {
		t.Errorf("still enrolled after retention (removed %v)", fake.removed)
	}
	if _, err := h.st.Enrolment(ctx, store.SpaceExchange, "missing", car.ID); err == nil {
		t.Error("the exchange's record of the enrolment is left")
	}
	if got := h.audit.count("expire-enrolment"); got != 2 {
		t.Errorf("%d expire-enrolment entries, want 2", got)
	}
}
