package xml

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const corpus = "../../shared/corpus"

func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not found at %s: %v", corpus, err)
	}
}

var (
	schemaOnce sync.Map // dialect -> *schemaEntry
)

type schemaEntry struct {
	once sync.Once
	path string
	err  error
}

// wrapperDirs holds the folders buildWrapper made; TestMain removes them.
var wrapperDirs sync.Map

// TestMain runs the tests, then removes the wrapper schemas' folders.
func TestMain(m *testing.M) {
	code := m.Run()
	wrapperDirs.Range(func(k, _ any) bool {
		os.RemoveAll(k.(string))
		return true
	})
	os.Exit(code)
}

// wrapperSchema writes, once per dialect, a schema that imports the
// dialect's package schema and Biogate's extension (with its location
// filled in), for xmllint --schema.
func wrapperSchema(d Dialect) (string, error) {
	v, _ := schemaOnce.LoadOrStore(d, &schemaEntry{})
	se := v.(*schemaEntry)
	se.once.Do(func() { se.path, se.err = buildWrapper(d) })
	return se.path, se.err
}

func buildWrapper(d Dialect) (string, error) {
	abs, err := filepath.Abs(corpus)
	if err != nil {
		return "", err
	}
	var itlNS, itlLoc, ext string
	var extra []string
	switch d {
	case Dialect2011, DialectINTI:
		itlNS, itlLoc, ext = nsITL2011, filepath.Join(abs, "interpol-inti/XMLschemas/exchange/itl.xsd"), "schema/biogate-2011.xsd"
		if d == DialectINTI {
			extra = append(extra, fmt.Sprintf(`<xsd:import namespace="%s" schemaLocation="%s"/>`, nsINTI, filepath.Join(abs, "interpol-inti/XMLschemas/int-i/1.0/int-i.xsd")))
		}
	case Dialect2008:
		itlNS, itlLoc, ext = nsITL2008, filepath.Join(abs, "nbis/convertutil/schemas/ITL-2008-Package-Annex-B.xsd"), "schema/biogate-2008.xsd"
	default:
		return "", fmt.Errorf("no XSD for dialect %s", d)
	}
	dir, err := os.MkdirTemp("", "biogate-xsd-")
	if err != nil {
		return "", err
	}
	wrapperDirs.Store(dir, true)
	b, err := os.ReadFile(ext)
	if err != nil {
		return "", err
	}
	extPath := filepath.Join(dir, "biogate.xsd")
	if err := os.WriteFile(extPath, []byte(strings.ReplaceAll(string(b), "ITL_SCHEMA_LOCATION", itlLoc)), 0o644); err != nil {
		return "", err
	}
	w := `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:biogate:test-wrapper">
` + strings.Join(extra, "\n") + fmt.Sprintf(`
<xsd:import namespace="%s" schemaLocation="%s"/>
<xsd:import namespace="%s" schemaLocation="%s"/>
</xsd:schema>
`, itlNS, itlLoc, NSBiogate, extPath)
	p := filepath.Join(dir, "wrapper.xsd")
	return p, os.WriteFile(p, []byte(w), 0o644)
}

// xmllint validates files against the schemas of d and returns, per file,
// the validation messages ("" when valid). Where the tool or the schemas
// are unavailable it skips the test, saying why: a schema check that did
// not run is not a pass (what the test checked before still counts; a
// test that failed and is then skipped stays failed).
func xmllint(t testing.TB, d Dialect, files []string) map[string]string {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skipf("xmllint not installed (Debian: apt-get install libxml2-utils): the schema validation of %d documents (%s) did not run", len(files), d)
	}
	w, err := wrapperSchema(d)
	if err != nil {
		t.Skipf("no schema for dialect %s (%v): the schema validation of %d documents did not run", d, err, len(files))
	}
	out := map[string]string{}
	for start := 0; start < len(files); start += 40 {
		end := min(start+40, len(files))
		cmd := exec.Command("xmllint", append([]string{"--noout", "--nonet", "--schema", w}, files[start:end]...)...)
		b, _ := cmd.CombinedOutput()
		// A file is valid only when xmllint says so ("F validates"); a
		// schema that fails to compile validates nothing.
		for _, f := range files[start:end] {
			out[f] = "xmllint gave no verdict: " + lastLine(string(b)) + "\n"
		}
		for _, l := range strings.Split(string(b), "\n") {
			for _, f := range files[start:end] {
				switch {
				case l == f+" validates":
					out[f] = ""
				case strings.HasPrefix(l, f+":") || l == f+" fails to validate":
					if strings.HasPrefix(out[f], "xmllint gave no verdict") {
						out[f] = ""
					}
					out[f] += l + "\n"
				}
			}
		}
	}
	return out
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
