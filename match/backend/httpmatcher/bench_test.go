package httpmatcher

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/store"
)

// BenchmarkProtocol measures what the protocol adds to the embedded
// backend: a search of a gallery of the ten FVC2002 DB1_B fingers and an
// enrolment, asked directly and through client and server over loopback
// HTTP (19794-2:2011 minutiae samples).
//
//	go test ./match/backend/httpmatcher -run '^$' -bench Protocol -benchtime 200x
func BenchmarkProtocol(b *testing.B) {
	st, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	emb, err := embedded.New(st, embedded.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer emb.Close()
	ts := httptest.NewServer(NewHandler(emb, ServerOptions{Token: testToken}))
	defer ts.Close()
	c, err := New(ts.URL, ClientOptions{Token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	formats := []string{backend.FingerMinutiae}
	ctx := context.Background()
	for f := 101; f <= 110; f++ {
		if err := emb.Enrol(ctx, "bench", fmt.Sprintf("S%d", f), backendtest.FVC(b, f, 1, formats)); err != nil {
			b.Fatal(err)
		}
	}
	probe := backendtest.FVC(b, 101, 2, formats)
	for _, via := range []struct {
		name string
		b    backend.Backend
	}{{"direct", emb}, {"http", c}} {
		b.Run("identify/"+via.name, func(b *testing.B) {
			for range b.N {
				if _, err := via.b.Identify(ctx, "bench", probe, 10); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("enrol/"+via.name, func(b *testing.B) {
			for range b.N {
				if err := via.b.Enrol(ctx, "bench", "S101", probe); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
