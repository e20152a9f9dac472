package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/sign"
)

// TestBatchSign: every transaction is signed and its output verifies
// with the key's public half (sign.VerifyBytes); what is not a
// transaction is skipped-unsupported.
func TestBatchSign(t *testing.T) {
	key, err := sign.GenerateKey(sign.ES256)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, n := synthetic(t, dir, 4)
	write(t, filepath.Join(src, "image.png"), []byte("\x89PNG\r\n\x1a\nnot really"))
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpSign, Key: key, Sources: []string{src}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	trusted := sign.Trusted(nil, key)
	for _, r := range countOutcomes(t, out, s, n+1) {
		switch base := filepath.Base(r.Source); {
		case base == "notes.txt" || base == "image.png":
			if r.Outcome != SkippedUnsupported || !strings.Contains(r.Reason, "not a transaction") {
				t.Errorf("%s: %s %q", base, r.Outcome, r.Reason)
			}
		case strings.HasPrefix(base, "t0"):
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(r.Output)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sign.VerifyBytes(b, trusted); err != nil || r.Outcome != OK || r.Version != "0502" {
				t.Errorf("%s: %s, output does not verify: %v", base, r.Outcome, err)
			}
		}
	}

	// Signed again: refused without SignReplace, replaced with it.
	signed := filepath.Join(out, "src")
	again := filepath.Join(dir, "again")
	s, err = Run(context.Background(), Job{Op: OpSign, Key: key, Sources: []string{signed}, Out: again})
	if err != nil || s.ByOutcome[Failed] == 0 {
		t.Errorf("signed twice without replace: %v, %v", s.ByOutcome, err)
	}
	s, err = Run(context.Background(), Job{Op: OpSign, Key: key, SignReplace: true, Sources: []string{signed}, Out: again})
	if err != nil || s.ByOutcome[Failed] != 0 || s.Resumed != 0 {
		t.Errorf("signed twice with replace: %v, %d resumed, %v", s.ByOutcome, s.Resumed, err)
	}
}
