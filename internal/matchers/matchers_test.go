package matchers

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "matcher.token"), []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "short.token"), []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const partners = `"issuers": [{"name": "x", "jwks": {"keys": []}}],
	  "partners": [{"name": "a", "issuer": "x", "scopes": [], "receive": {"format": "an2"}}]`
	tests := []struct {
		name     string
		backends string
		names    []string // kinds, in order
		err      string
	}{
		{"none: one embedded", ``, []string{"embedded"}, ""},
		{"four kinds", `"backends": [{"name": "local", "type": "embedded"},
		    {"name": "afis", "type": "http", "url": "http://127.0.0.1:8091", "tokenFile": "matcher.token", "timeout": "2s"},
		    {"name": "sdk", "type": "mosip-biosdk", "url": "http://127.0.0.1:9099/biosdk-service"},
		    {"name": "shards", "type": "nats", "url": "nats://127.0.0.1:1", "stream": "G", "subjectPrefix": "bg.test", "shards": 2, "timeout": "2s"}],`,
			[]string{"embedded", "http", "mosip-biosdk", "nats"}, ""},
		{"missing token file", `"backends": [{"name": "afis", "type": "http", "url": "http://127.0.0.1:8091", "tokenFile": "none.token"}],`,
			nil, `backend "afis": token file`},
		{"short token", `"backends": [{"name": "afis", "type": "http", "url": "http://127.0.0.1:8091", "tokenFile": "short.token"}],`,
			nil, "16 to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, "partners.json")
			if err := os.WriteFile(name, []byte("{"+tt.backends+partners+"}"), 0o600); err != nil {
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
			defer st.Close()
			bs, err := Open(cfg, st, nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer bs.Close()
			var kinds []string
			for _, b := range bs {
				kinds = append(kinds, b.Backend.Name())
			}
			if !slices.Equal(kinds, tt.names) {
				t.Errorf("opened %v, want %v", kinds, tt.names)
			}
			if len(Options(bs)) != 2 {
				t.Error("Options gives not the backends and the sample builder")
			}
		})
	}
}
