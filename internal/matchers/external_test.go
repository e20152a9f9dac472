package matchers_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/matchers"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/match/backend/httpmatcher"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
	"github.com/biogate/biogate/store"
)

const fvc = "../../../shared/corpus/fingerprints/fvc2002-db1-b"

func fvcImage(t *testing.T, finger, impression int) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fvc, fmt.Sprintf("%d_%d.tif", finger, impression)))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("the FVC2002 DB1-B images are absent (%s)", fvc)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExternalBackends runs the gallery calls through the service over
// each external backend type, opened from the partners file as serve
// does: Biogate's http matcher protocol (a server over an embedded
// backend of its own store, with a token) and a MOSIP Bio-SDK service
// (the wire format's test server, which decides without scores).
func TestExternalBackends(t *testing.T) {
	const token = "0123456789abcdef-test-token"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "matcher.token"), []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	remote, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer remote.Close()
	eb, err := embedded.New(remote, embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer eb.Close()
	afis := httptest.NewServer(httpmatcher.NewHandler(eb, httpmatcher.ServerOptions{Token: token}))
	defer afis.Close()
	sdk := mosiptest.NewServer(&mosiptest.Options{BasePath: "/biosdk-service"})
	defer sdk.Close()
	tests := []struct {
		name, backend string
		scores        bool
	}{
		{"http", `{"name": "afis", "type": "http", "url": "` + afis.URL + `", "tokenFile": "matcher.token", "timeout": "20s"}`, true},
		{"mosip-biosdk", `{"name": "sdk", "type": "mosip-biosdk", "url": "` + sdk.URL + `/biosdk-service", "timeout": "20s"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGalleryCalls(t, serviceOver(t, dir, tt.backend), "g-"+tt.name, tt.scores)
		})
	}
}

// serviceOver returns a service over a new store whose partners file (in
// dir) configures the one backend of backendJSON and a partner "a"
// allowed to enrol and search, its backends opened as serve does.
func serviceOver(t *testing.T, dir, backendJSON string) *exchange.Service {
	t.Helper()
	name := filepath.Join(dir, "partners.json")
	doc := `{"issuers": [{"name": "x", "jwks": {"keys": []}}], "backends": [` + backendJSON + `],
	  "partners": [{"name": "a", "issuer": "x", "scopes": ["enrol", "search"], "receive": {"format": "an2"}}]}`
	if err := os.WriteFile(name, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := exchange.LoadConfig(name)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	bs, err := matchers.Open(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bs.Close() })
	return exchange.New(st, cfg, matchers.Options(bs)...)
}

// checkGalleryCalls enrols FVC fingers 101-103 into gallery as partner
// "a", finds 102's second impression first, unenrols 102 and no longer
// finds it.
func checkGalleryCalls(t *testing.T, svc *exchange.Service, gallery string, scores bool) {
	t.Helper()
	ctx := context.Background()
	a := exchange.Caller{Partner: "a"}
	for _, f := range []int{101, 102, 103} {
		if _, err := svc.Enrol(ctx, a, gallery, fmt.Sprintf("f%d", f), fvcImage(t, f, 1), exchange.MatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := svc.Search(ctx, a, gallery, fvcImage(t, 102, 2), exchange.MatchOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("search: %+v", res.Candidates)
	if len(res.Candidates) == 0 || res.Candidates[0].Subject != "f102" || res.Scores != scores {
		t.Fatalf("search %+v", res)
	}
	if err := svc.Unenrol(ctx, a, gallery, "f102", exchange.MatchOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err = svc.Search(ctx, a, gallery, fvcImage(t, 102, 2), exchange.MatchOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Candidates {
		if c.Subject == "f102" {
			t.Errorf("f102 is still found after Unenrol: %+v", res.Candidates)
		}
	}
}
