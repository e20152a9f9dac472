package codec

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/codec/wsq"
	"github.com/biogate/biogate/nist"
)

// sizeDisagrees lists the corpus files whose records declare a size their
// WSQ data does not have: NIST's deliberately broken conformance files
// and an NBIS test file. The conformance engine reports these (Level 2).
var sizeDisagrees = map[string]bool{
	"nbis/testdata/valid1.8.an2": true, // 14.006/14.007 say 1800x1000 and 1800x900; the WSQ frames say 1600 wide
	"nist4j/standards/AN2011/Traditional_Encoding/fail_validator/fail-all-supported-types-L2.an2": true,
	"nist4j/standards/AN2011/Traditional_Encoding/unimplemented/fail-type-4-L2.an2":               true,
}

// TestEveryCorpusWSQ decodes every WSQ stream inside every ANSI/NIST-ITL
// transaction of the corpus (MANIFEST.tsv format an2-traditional) and
// checks it has the record's declared width and height, except in the
// files listed in sizeDisagrees.
func TestEveryCorpusWSQ(t *testing.T) {
	mf, err := os.ReadFile(filepath.Join(corpusDir, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("corpus not available (%v)", err)
	}
	streams, files := 0, 0
	for _, line := range strings.Split(string(mf), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) < 6 || cols[5] != "an2-traditional" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		tr, _ := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
		if tr == nil {
			continue
		}
		found := false
		for _, im := range tr.Images() {
			data := im.Data()
			if !bytes.HasPrefix(data, []byte{0xFF, 0xA0}) {
				continue
			}
			m, err := wsq.Decode(bytes.NewReader(data))
			if err != nil {
				t.Errorf("%s Type-%d: %v", cols[0], im.Record().Type, err)
				continue
			}
			w, _ := im.Width()
			h, _ := im.Height()
			if m.Bounds().Size() != image.Pt(w, h) && !sizeDisagrees[cols[0]] {
				t.Errorf("%s Type-%d: decoded %v, HLL×VLL %dx%d", cols[0], im.Record().Type, m.Bounds().Size(), w, h)
			}
			streams++
			found = true
		}
		if found {
			files++
		}
	}
	if streams == 0 {
		t.Fatal("no WSQ stream found in the corpus transactions")
	}
	t.Logf("%d WSQ streams in %d corpus transactions decode to their declared size", streams, files)
}
