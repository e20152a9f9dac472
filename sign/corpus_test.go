package sign

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
	"github.com/lestrrat-go/jwx/v2/jwa"
)

// corpusDir is the shared corpus of real files (see ../shared/corpus/README.md).
const corpusDir = "../../shared/corpus"

func corpusFile(t *testing.T, rel string) string {
	t.Helper()
	name := filepath.Join(corpusDir, rel)
	if _, err := os.Stat(name); err != nil {
		t.Skipf("corpus not available (%v); these tests read ../shared/corpus", err)
	}
	return name
}

// TestCorpusSignVerify signs every corpus transaction that decodes
// without problems, verifies it, and verifies it again after conversion
// to XML and back.
func TestCorpusSignVerify(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available (%v); these tests read ../shared/corpus", err)
	}
	key, set := testKey(t, jwa.ES256)
	var signedN, xmlN int
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".an2") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		tr, err := nist.DecodeBytes(b, nil)
		if err != nil {
			return nil // not a clean transaction: nothing to sign
		}
		rel, _ := filepath.Rel(corpusDir, path)
		if err := Sign(tr, key, nil); err != nil {
			t.Errorf("%s: Sign: %v", rel, err)
			return nil
		}
		out, err := nist.Marshal(tr)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		if _, err := VerifyBytes(out, set); err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		signedN++
		x, _, err := nistxml.Marshal(tr, nil)
		if err != nil {
			t.Errorf("%s: to XML: %v", rel, err)
			return nil
		}
		doc, err := nistxml.Unmarshal(x, nil)
		if err != nil {
			t.Errorf("%s: from XML: %v", rel, err)
			return nil
		}
		if _, err := Verify(doc.Transaction, set); err != nil {
			t.Errorf("%s: after XML: %v", rel, err)
			return nil
		}
		xmlN++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d corpus transactions signed and verified, %d after XML and back", signedN, xmlN)
	if signedN == 0 {
		t.Fatal("no corpus transaction signed")
	}
}

// TestCorpusFlips changes one bit of each covered byte of signed
// transactions in turn (of large image fields, every 997th byte) and
// checks that verification fails every time.
func TestCorpusFlips(t *testing.T) {
	files := []struct {
		name string
		all  bool // flip every byte, image data included
	}{
		{sample, true},
		{"nist4j/standards/AN2011/Traditional_Encoding/pass/pass-type-1.an2", true},
		{"jnbis/ansi/references/type-8-sig-fax.an2", true},
		{"nbis/testdata/valid1.13.an2", true},
		{"jnbis/ansi/references/type-4-14-slaps.an2", false},
		{"jnbis/ansi/references/type-10-14-17-piv-index-iris.an2", false},
		{"jnbis/ansi/references/type-17-iris.an2", false},
	}
	for _, f := range files {
		t.Run(filepath.Base(f.name), func(t *testing.T) {
			t.Parallel()
			name := f.name
			if name != sample {
				name = corpusFile(t, name)
			}
			b, set := signed(t, name, jwa.ES256)
			if _, err := VerifyBytes(b, set); err != nil {
				t.Fatal(err)
			}
			positions, skipped := flipPositions(t, b, f.all)
			caught := 0
			buf := make([]byte, len(b))
			for _, p := range positions {
				copy(buf, b)
				buf[p] ^= 1
				// Unreadable after the change counts as caught: it is
				// not accepted either.
				if res, err := VerifyBytes(buf, set); err == nil {
					t.Errorf("byte %d (of %d) changed and still verified (%+v)", p, len(b), res)
					continue
				}
				caught++
			}
			t.Logf("%d bytes, %d flips tried, %d caught; %d bytes of 98.900 ALF not covered", len(b), len(positions), caught, skipped)
		})
	}
}

// flipPositions lists the byte offsets of b to change: every byte but those
// of the 98.900 ALF field of the signature record; with all unset, only
// every 997th byte of image data (.999 fields and binary record data).
func flipPositions(t *testing.T, b []byte, all bool) (pos []int, skipped int) {
	t.Helper()
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	type span struct{ from, to int }
	var alf span
	var data []span
	for _, r := range tr.Records {
		for _, f := range r.Fields {
			start := int(r.ValueOffset(f))
			end := start + len(f.Value)
			switch {
			case r.Type == 98 && f.Number == fieldALF && isSignatureRecord(r):
				alf = span{int(f.Offset), end + 1} // tag to separator
			case f.Binary && !all:
				data = append(data, span{start, end})
			}
		}
	}
	in := func(p int, s span) bool { return p >= s.from && p < s.to }
	for p := range b {
		if in(p, alf) {
			skipped++
			continue
		}
		inData := false
		for _, s := range data {
			if in(p, s) {
				inData = (p-s.from)%997 != 0
				break
			}
		}
		if !inData {
			pos = append(pos, p)
		}
	}
	return pos, skipped
}
