package xml

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
)

// manifest lists the corpus files of one format (MANIFEST.tsv column 6).
func manifest(t testing.TB, format string) []string {
	t.Helper()
	needCorpus(t)
	f, err := os.Open(filepath.Join(corpus, "MANIFEST.tsv"))
	if err != nil {
		t.Skipf("no MANIFEST.tsv: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) > 5 && c[5] == format {
			out = append(out, c[0])
		}
	}
	return out
}

// TestTraditionalRoundTrip converts every traditional corpus transaction to
// XML and back and reports, per file, byte-identical or the findings; the
// XML is validated with xmllint. A difference the encoder did not report is
// a failure.
func TestTraditionalRoundTrip(t *testing.T) {
	for _, d := range []Dialect{Dialect2011, DialectINTI, Dialect2008} {
		t.Run(string(d), func(t *testing.T) { traditionalRoundTrip(t, d) })
	}
}

func traditionalRoundTrip(t *testing.T, d Dialect) {
	files := manifest(t, "an2-traditional")
	dir := t.TempDir()
	var written []string
	identical, explained, unreadable := 0, 0, 0
	var table strings.Builder
	for i, name := range files {
		raw, err := os.ReadFile(filepath.Join(corpus, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		// Lenient decoding returns the transaction together with the
		// problems it found; those files convert too.
		tr, err := nist.DecodeBytes(raw, &nist.DecodeOptions{Lenient: true})
		if tr == nil || len(tr.Records) == 0 || tr.Records[0].Type != 1 {
			unreadable++
			fmt.Fprintf(&table, "%-95s unreadable as traditional: %v\n", name, err)
			continue
		}
		note := ""
		if err != nil {
			note = "; read with problems"
		}
		x, findings, err := Marshal(tr, &EncodeOptions{Dialect: d})
		if err != nil {
			t.Errorf("%s: Marshal: %v", name, err)
			continue
		}
		p := filepath.Join(dir, fmt.Sprintf("%03d.xml", i))
		if err := os.WriteFile(p, x, 0o644); err != nil {
			t.Fatal(err)
		}
		written = append(written, p)
		doc, err := Unmarshal(x, nil)
		if err != nil {
			t.Errorf("%s: Unmarshal of our own XML: %v", name, err)
			continue
		}
		if doc.Dialect != d {
			t.Errorf("%s: detected dialect %s, wrote %s", name, doc.Dialect, d)
		}
		back, err := nist.Marshal(doc.Transaction)
		if err != nil {
			t.Errorf("%s: nist.Marshal after XML: %v (findings %v)", name, err, findings)
			continue
		}
		switch {
		case bytes.Equal(back, raw):
			identical++
			fmt.Fprintf(&table, "%-95s byte-identical (%d B XML%s)\n", name, len(x), note)
		case len(findings) > 0:
			explained++
			fmt.Fprintf(&table, "%-95s differs at byte %d; findings:\n", name, firstDiff(back, raw))
			for _, f := range findings {
				fmt.Fprintf(&table, "    %s\n", f)
			}
		default:
			t.Errorf("%s: round trip differs at byte %d (len %d vs %d) with no finding", name, firstDiff(back, raw), len(back), len(raw))
		}
	}
	t.Logf("dialect %s: %d files: %d byte-identical, %d with findings, %d unreadable\n%s", d, len(files), identical, explained, unreadable, table.String())
	if explained > 0 {
		t.Errorf("dialect %s: %d files differ after the round trip (explained by findings, listed above)", d, explained)
	}
	res, ok := xmllint(t, d, written)
	if !ok {
		return
	}
	valid := 0
	for _, p := range written {
		if res[p] == "" {
			valid++
		} else {
			t.Logf("xmllint %s:\n%s", p, truncate(res[p], 1500))
		}
	}
	t.Logf("xmllint (%s): %d of %d documents valid", d, valid, len(written))
	// The figures reached so far; the test guards against regressions
	// below them (the goal is all documents valid).
	if floor := validFloor[d]; valid < floor {
		t.Errorf("xmllint (%s): %d valid documents, fewer than the %d reached before", d, valid, floor)
	}
}

// validFloor is the number of corpus conversions per dialect that
// validated against the dialect's XSDs when last measured.
var validFloor = map[Dialect]int{Dialect2011: 45, DialectINTI: 0, Dialect2008: 0}

// TestMappingUpToDate regenerates mapping.tsv from the MRT CSV and
// mapping_supplement.tsv and compares it with the checked-in table.
func TestMappingUpToDate(t *testing.T) {
	needCorpus(t)
	if testing.Short() {
		t.Skip("runs go run gen_mapping.go")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not found: %v", err)
	}
	out := filepath.Join(t.TempDir(), "mapping.tsv")
	cmd := exec.Command(goTool, "run", "gen_mapping.go", "-corpus", corpus, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_mapping.go: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != mappingTSV {
		t.Errorf("mapping.tsv is stale: run go generate ./xml (first difference at byte %d)", firstDiff(got, []byte(mappingTSV)))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
