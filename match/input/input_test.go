package input_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/biogate/biogate/iso/all"
	"github.com/biogate/biogate/match/input"
)

const corpus = "../../../shared/corpus"

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, p))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return b
}

func TestTemplates(t *testing.T) {
	for _, tc := range []struct {
		name      string
		path      string
		images    bool
		n         int  // templates expected
		extracted bool // from images
		warn      bool // an error beside the templates
	}{
		{"ISO 19794-2:2005 record", "libbiomeval/fmr.iso2005", false, 2, false, false},
		{"FVC TIFF", "fingerprints/fvc2002-db1-b/101_1.tif", false, 1, true, false},
		{"Type-9 and Type-14: the Type-9", "jnbis/ansi/references/type-9-14-m1.an2", false, 1, false, false},
		{"Type-9 and Type-14: the image", "jnbis/ansi/references/type-9-14-m1.an2", true, 1, true, false},
		{"Type-4 ten-print", "jnbis/ansi/references/type-4-tpcard.an2", false, 14, true, false},
	} {
		items, err := input.Templates(read(t, tc.path), &input.Options{Images: tc.images})
		if len(items) == 0 {
			t.Errorf("%s: no template: %v", tc.name, err)
			continue
		}
		if tc.n >= 0 && len(items) != tc.n {
			t.Errorf("%s: %d templates, want %d", tc.name, len(items), tc.n)
		}
		if (err != nil) != tc.warn {
			t.Errorf("%s: err %v", tc.name, err)
		}
		for _, it := range items {
			if it.Extracted != tc.extracted || len(it.Template.Minutiae) == 0 {
				t.Errorf("%s %s: extracted %v, %d minutiae", tc.name, it.Where, it.Extracted, len(it.Template.Minutiae))
			}
		}
	}
}

func TestTemplatesErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"text", "hello, world", "not an image, transaction or ISO/INCITS record"},
		{"face record", string(read(t, "libbiomeval/face01.iso2005")), "face record"},
		{"transaction without fingerprints", "1.001:", ""},
		// Type-9s that cannot be read, then images that cannot be
		// decoded: both are named.
		{"unreadable Type-9s and images", string(read(t, "nbis/testdata/All-Supported-Records-test-comp.xml")), "record 17 (Type-14, IDC 10)"},
		{"unreadable Type-9s and images", string(read(t, "nbis/testdata/All-Supported-Records-test-comp.xml")), "record 10 (Type-9, IDC 7)"},
	} {
		items, err := input.Templates([]byte(tc.in), nil)
		if len(items) != 0 || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %d templates, err %v; want %q", tc.name, len(items), err, tc.want)
		}
	}
}
