package exchange

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRenderTenPrint renders every image of a ten-print card (14
// WSQ records), as the console does when it shows the transaction.
func BenchmarkRenderTenPrint(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus, "jnbis/ansi/references/type-4-tpcard.an2"))
	if err != nil {
		b.Skipf("corpus absent: %v", err)
	}
	ctx := context.Background()
	in, err := Inspect(ctx, data)
	if err != nil {
		b.Fatal(err)
	}
	var records []int
	for _, r := range in.Transaction.Records {
		if r.Image != nil && r.Image.Renderable {
			records = append(records, r.Index)
		}
	}
	b.ResetTimer()
	for range b.N {
		for _, n := range records {
			if _, err := Render(ctx, data, RenderOptions{Record: n}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(records)), "images/op")
}
