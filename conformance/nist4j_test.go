package conformance

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusDir is the shared corpus, read in place (DESIGN.md: tests skip
// where it is absent).
const corpusDir = "../../shared/corpus"

const nist4jDir = corpusDir + "/nist4j/standards/AN2011/Traditional_Encoding"

// expectedAbout says what the findings of a failing file must be about,
// from what its name says is wrong: an assertion id or level must match.
var expectedAbout = map[string]func(f Finding) bool{
	"fail-type-1-wrong-record-number.an2": func(f Finding) bool { return strings.HasPrefix(f.Assertion, "AN.decode.") },
	"fail_IDC_Sequential_Tests.an2":       func(f Finding) bool { return strings.Contains(f.Assertion, "IDC") },
	"fail-deprecated-records.an2":         func(f Finding) bool { return strings.Contains(f.Assertion, "1.003-C") },
	"fail-missing-info-items.an2":         func(f Finding) bool { return strings.HasSuffix(f.Assertion, ".present") },
}

// aboutName is the default reading of a file name: "...-L1" needs a
// Level 1 error on a record of the type(s) it names, "...-L2" a Level 2 one.
func aboutName(name string, f Finding) bool {
	if fn, ok := expectedAbout[name]; ok {
		return fn(f)
	}
	base := strings.TrimSuffix(name, ".an2")
	switch {
	case strings.HasSuffix(base, "-L1") && f.Level != Level1,
		strings.HasSuffix(base, "-L2") && f.Level != Level2:
		return false
	}
	if strings.HasPrefix(base, "fail-type-") {
		typ := strings.SplitN(strings.TrimPrefix(base, "fail-type-"), "-", 2)[0]
		return f.Location.RecordType == atoiOr(typ, -1)
	}
	return true
}

func atoiOr(s string, def int) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return def
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// knownDisagreements lists the files where Biogate's verdict differs from
// NIST's, each with the reason. The target is none.
// Each is a file NIST sorted as "pass" whose image data contradicts its
// own fields: BioCTS does not read image headers, Biogate does (Level 2
// AN.<type>.006.size / AN.<type>.011.data), and a receiver decoding the
// image meets the contradiction.
var knownDisagreements = map[string]string{
	"pass-type-10-face.an2":                                                        "10.006/10.007 say 147x196 but the JPEG data is 480x640",
	"pass-type-10-face-smt-combined.an2":                                           "10.006/10.007 say 147x196 and 196x87 but the JPEGs are 480x640 and 1241x551",
	"pass-type-10-sap10-AddJpegWithJfif.an2":                                       "10.006/10.007 say 147x196 but the JPEG data (added by nist4j) is 480x640",
	"pass-type-10-smt.an2":                                                         "10.006/10.007 say 196x87 but the JPEG data is 1241x551",
	"pass-type-10-tattoo-zoom-SyncValuesForMatchingIDCValues.an2":                  "10.006/10.007 say 196x87 but the JPEGs are 1241x551",
	"pass-type-10-14-17-piv-index-iris-replacedCorruptImages_fixedAspectRatio.an2": "14.011 CGA says JPEGL but nist4j replaced the images with baseline JPEG data",
}

func TestNIST4JAgreement(t *testing.T) {
	if _, err := os.Stat(nist4jDir); err != nil {
		t.Skipf("corpus not available (%v): the agreement table needs %s", err, nist4jDir)
	}
	var files []string
	for _, dir := range []string{"pass", "fail_validator", "fail_decoder", "unimplemented"} {
		m, _ := filepath.Glob(filepath.Join(nist4jDir, dir, "*.an2"))
		files = append(files, m...)
	}
	sort.Strings(files)
	agree, disagree := 0, 0
	t.Logf("%-88s %-15s %-9s %s", "file", "expected", "biogate", "findings that matter")
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		verdict := filepath.Base(filepath.Dir(path))
		name := filepath.Base(path)
		rep := CheckBytes(b, nil)
		errs, _ := rep.Count()
		got := "pass"
		if errs > 0 {
			got = "fail"
		}
		var matter []string
		ok := true
		switch verdict {
		case "pass":
			ok = errs == 0
			for _, f := range rep.Findings {
				if f.Severity == Error {
					matter = append(matter, f.String())
				}
			}
		case "fail_validator", "fail_decoder":
			about := 0
			for _, f := range rep.Findings {
				if f.Severity == Error && aboutName(name, f) {
					about++
					if len(matter) < 3 {
						matter = append(matter, f.String())
					}
				}
			}
			ok = about > 0
			if !ok {
				for _, f := range rep.Findings {
					if f.Severity == Error && len(matter) < 3 {
						matter = append(matter, "(not about the name) "+f.String())
					}
				}
			}
		default: // unimplemented: report what is found
			for _, f := range rep.Findings {
				if f.Severity == Error && len(matter) < 3 {
					matter = append(matter, f.String())
				}
			}
		}
		mark := "agree"
		if !ok {
			mark = "DISAGREE"
			if why, known := knownDisagreements[name]; known {
				mark = "known: " + why
			} else {
				disagree++
				t.Errorf("%s/%s: expected %s, Biogate says %s", verdict, name, verdict, got)
			}
		} else {
			agree++
		}
		t.Logf("%-88s %-15s %-9s %s (%d errors)", verdict+"/"+name, verdict, got, mark, errs)
		for _, m := range matter {
			t.Logf("      %s", m)
		}
	}
	t.Logf("agreement: %d files agree, %d disagree (%d known)", agree, disagree, len(knownDisagreements))
}
