package exchange

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
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
	tr := emptyRecords(t, 0)
	an2, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := nist.EncodeJSON(&js, tr); err != nil {
		t.Fatal(err)
	}
	x, _, err := nistxml.Marshal(tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	return []hostile{{"an2", an2}, {"JSON", js.Bytes()}, {"XML", x}}
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
