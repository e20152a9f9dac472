package exchange

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/budget"
)

// TestHostileInputsMemory submits each hostile input under a per-request
// memory budget and reports the peak heap and time it took: each is
// refused, without its heap growing past twice the budget. (Before the
// budget and the record bounds, the same inputs peaked at 452, 117, 47 and
// 336 MiB, the first taking 14 s.) The sample transaction, in each
// encoding, is accepted under the same budget.
func TestHostileInputsMemory(t *testing.T) {
	s := newService(t)
	for _, h := range hostileInputs(t) {
		var err error
		peak, d := peakHeap(func() {
			_, err = s.Submit(requestContext(t), Caller{Partner: "ipsg"}, h.b)
		})
		t.Logf("%s: peak heap %d MiB, %v: %v", h.name, peak>>20, d.Round(time.Millisecond), shorten(err))
		if err == nil || KindOf(err) == KindUnroutable {
			t.Errorf("%s: not refused", h.name)
		}
		if peak > 2*testRequestMemory {
			t.Errorf("%s: peak heap %d MiB, over twice the %d MiB budget", h.name, peak>>20, testRequestMemory>>20)
		}
	}
	for _, h := range sampleForms(t) {
		if _, err := s.Validate(requestContext(t), h.b, "", 2); err != nil {
			t.Errorf("%s refused under the budget: %v", h.name, err)
		}
	}
}

// sampleForms is testdata/sample.an2 in the three transaction encodings.
func sampleForms(t *testing.T) []hostile {
	an2, js, x := encodings(t, sampleTransaction(t))
	return []hostile{{"an2", an2}, {"JSON", js}, {"XML", x}}
}

func shorten(err error) string {
	if err == nil {
		return "accepted"
	}
	s := err.Error()
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

// testRequestMemory is the per-request budget of the test: the service's
// default scaled down as the inputs are.
const testRequestMemory = 32 << 20

func requestContext(t testing.TB) context.Context {
	m := budget.NewPool(4 * testRequestMemory).Meter(testRequestMemory)
	t.Cleanup(m.Release)
	return budget.With(context.Background(), m)
}

// TestHostileInputsConcurrent submits four hostile inputs at once (four
// 60 MB XML documents peaked at 6.6 GB together) with meters drawing on
// one pool of twice a request's budget: the heap stays within twice the
// pool, and every request is refused by its own budget or the pool's.
func TestHostileInputsConcurrent(t *testing.T) {
	s := newService(t)
	h := hostileInputs(t)[3]
	pool := budget.NewPool(2 * testRequestMemory)
	errs := make([]error, 4)
	peak, d := peakHeap(func() {
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := pool.Meter(testRequestMemory)
				defer m.Release()
				_, errs[i] = s.Submit(budget.With(context.Background(), m), Caller{Partner: "ipsg"}, h.b)
			}()
		}
		wg.Wait()
	})
	t.Logf("4 × %s at once: peak heap %d MiB, %v", h.name, peak>>20, d.Round(time.Millisecond))
	for i, err := range errs {
		if !budget.Stopped(err) {
			t.Errorf("request %d: %v, want a budget's refusal", i, err)
		}
	}
	if peak > 4*testRequestMemory {
		t.Errorf("peak heap %d MiB, over twice the %d MiB pool", peak>>20, 2*testRequestMemory>>20)
	}
	if pool.Used() != 0 {
		t.Errorf("the pool holds %d bytes after every request", pool.Used())
	}
}
