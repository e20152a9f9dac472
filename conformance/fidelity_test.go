package conformance

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/internal/golden"
	"github.com/biogate/biogate/nist"
)

var update = flag.Bool("update", false, "rewrite the generated files of testdata/fidelity")

// fidelityFile is a transaction made here with the nist builder and kept in
// testdata/fidelity (go test -run TestFidelityFiles -update rewrites it), so
// that the file a user can feed to `biogate validate` is the one tested. Each
// reproduces what a NIST conformance "pass" file carries and an unverified
// catalogue row refused.
type fidelityFile struct {
	name  string
	build func(t *testing.T) []byte
	// findings are the exact findings expected: "severity assertion" ->
	// a part of the message each must have.
	findings map[string]string
}

// marshal encodes tr, failing the test on an error.
func marshal(t *testing.T, tr *nist.Transaction) []byte {
	t.Helper()
	b, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fidelityBase is a small transaction of version v: the mandatory Type-1
// fields and a Type-2 record.
func fidelityBase(v nist.Version, tot string) *nist.Transaction {
	return smallTransaction(v, map[int]string{4: tot, 5: "20240101", 7: "NISTDAI01", 8: "NISTORI01", 9: "TCN-2024-0001", 11: "00.00", 12: "00.00"})
}

// smallTransaction is a transaction of version v whose Type-1 has the
// fields given (by number, set in order) and a Type-2 record with IDC 0.
func smallTransaction(v nist.Version, header map[int]string) *nist.Transaction {
	tr := nist.NewTransaction(v)
	nums := make([]int, 0, len(header))
	for n := range header {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		tr.Records[0].Set(n, header[n])
	}
	t2 := nist.NewRecord(2)
	t2.Set(2, "00")
	tr.AddRecord(t2)
	return tr
}

var fidelityFiles = []fidelityFile{
	{
		// VER 0400: TOT "A" (1-2011 allows 1..16 characters; chkan2k 3..4)
		// and DCS CSI "0" (Table 4 index 0 = ASCII; chkan2k 3 characters).
		// Before the Basis column both were errors.
		name: "ver0400-tot-a-dcs-0.an2",
		build: func(t *testing.T) []byte {
			tr := fidelityBase(nist.V0400, "A")
			tr.Records[0].SetSubfields(15, []string{"0", "ASCII"})
			return marshal(t, tr)
		},
		findings: map[string]string{
			"warning AN2007.1.004.length":   "rule from the NBIS chkan2k profile (default.conf), not verified against the standard's text",
			"warning AN2007.1.015-A.length": "rule from the NBIS chkan2k profile (default.conf), not verified against the standard's text",
		},
	},
	{
		// VER 0501: 10.014 LHC and TVC 0 (Update 2013 bounds 0 <= LHC;
		// was the error AN2011.10.014-A.value), 11.014 CDC with three
		// items (the draft's two-item layout; was an error), 22.046 SSC
		// "D" (the draft's numeric codes; was an error).
		name: "ver0501-lhc0-cdc-ssc.an2",
		build: func(t *testing.T) []byte {
			tr := fidelityBase(nist.V0501, "CAR")
			tr.AddRecord(fidelityFace("01"))
			t11 := nist.NewRecord(11)
			t11.Set(2, "02")
			t11.Set(4, "NISTORI01")
			t11.SetSubfields(14, []string{"1", "8000", "16"})
			tr.AddRecord(t11)
			t22 := nist.NewRecord(22)
			t22.Set(2, "03")
			t22.Set(4, "NISTORI01")
			t22.SetSubfields(46, []string{"D"})
			tr.AddRecord(t22)
			return marshal(t, tr)
		},
		findings: map[string]string{
			"warning AN2011.11.014.items":   "rule from PYNIST field labels only, not verified against the published text",
			"warning AN2011.22.046-A.chars": "rule from the May 2013 draft of Update 2013, not verified against the published text",
		},
	},
	{
		// LEN one byte short of the FS, in a tagged record (Type-2) and in
		// an image record (Type-10): errors that say where the FS is.
		name: "len-one-short.an2",
		build: func(t *testing.T) []byte {
			tr := fidelityBase(nist.V0502, "CAR")
			tr.AddRecord(fidelityFace("01"))
			b := marshal(t, tr)
			return shortenLEN(t, shortenLEN(t, b, "\x1c2.001:"), "\x1c10.001:")
		},
		findings: map[string]string{
			"error AN.decode.LEN":       "LEN is 17 but the record is 18 bytes long (up to and including its FS at byte 160; LEN is 1 byte short)",
			"error AN.decode.separator": "the byte where LEN 268 ends the record is byte 0x80, not FS; the record's FS is at byte 429 (LEN is 1 byte short)",
		},
	},
}

// shortenLEN lowers by one the LEN that follows tag in b (a LEN of the
// same number of digits, as NIST's file has it).
func shortenLEN(t *testing.T, b []byte, tag string) []byte {
	t.Helper()
	i := bytes.Index(b, []byte(tag))
	if i < 0 {
		t.Fatalf("%q not in the transaction", tag)
	}
	p := i + len(tag)
	q := p + bytes.IndexByte(b[p:], nist.GS)
	n, err := strconv.Atoi(string(b[p:q]))
	if err != nil {
		t.Fatal(err)
	}
	short := strconv.Itoa(n - 1)
	if len(short) != q-p {
		t.Fatalf("LEN %d loses a digit when shortened", n)
	}
	out := append([]byte{}, b...)
	copy(out[p:q], short)
	return out
}

// fidelityFace is a small Type-10 face record with a raw 10x10 image and
// FIP coordinates that start at 0.
func fidelityFace(idc string) *nist.Record {
	t10 := nist.NewRecord(10)
	t10.Set(2, idc)
	t10.Set(3, "FACE")
	t10.Set(4, "NISTORI01")
	t10.Set(5, "20240101")
	t10.Set(6, "10")
	t10.Set(7, "10")
	t10.Set(8, "0")
	t10.Set(9, "1")
	t10.Set(10, "1")
	t10.Set(11, "NONE")
	t10.Set(12, "GRAY")
	t10.Set(13, "1")
	t10.SetSubfields(14, []string{"0", "9", "0", "9"})
	t10.SetBinary(999, bytes.Repeat([]byte{0x80}, 100))
	return t10
}

// fidelityPath is where a generated file lives.
func fidelityPath(name string) string { return filepath.Join("testdata", "fidelity", name) }

// readFidelity returns the committed file, checking that it is what its
// builder makes (or rewriting it with -update).
func readFidelity(t *testing.T, ff fidelityFile) []byte {
	t.Helper()
	return golden.Generated(t, fidelityPath(ff.name), ff.build(t), *update, "go test ./conformance -run TestFidelityFiles -update")
}

// TestFidelityFiles checks each generated file's findings exactly: the
// unverified rules warn and name their source, and nothing else is found.
func TestFidelityFiles(t *testing.T) {
	for _, ff := range fidelityFiles {
		t.Run(ff.name, func(t *testing.T) {
			rep := CheckBytes(readFidelity(t, ff), nil)
			got := map[string]bool{}
			for _, f := range rep.Findings {
				key := f.Severity.String() + " " + f.Assertion
				got[key] = true
				want, ok := ff.findings[key]
				if !ok {
					t.Errorf("unexpected finding %s", f)
					continue
				}
				if !strings.Contains(f.Message, want) {
					t.Errorf("finding %s\n  does not say %q", f, want)
				}
			}
			var missing []string
			for key := range ff.findings {
				if !got[key] {
					missing = append(missing, key)
				}
			}
			sort.Strings(missing)
			for _, key := range missing {
				t.Errorf("no finding %s", key)
			}
		})
	}
}

// TestISOVersion20Variant: an INCITS 378-2004 record whose version is
// "020" (testdata/iso, made by the convert tests) is identified, checked
// and reported with exactly one finding, a warning on the version.
func TestISOVersion20Variant(t *testing.T) {
	b, err := os.ReadFile("../testdata/iso/incits378-2004-version020.fmr")
	if err != nil {
		t.Fatalf("%v (made by go test ./convert -run TestEditionSameIsInput -update)", err)
	}
	rep := CheckISO(b, "", nil)
	if len(rep.Findings) != 1 {
		t.Fatalf("findings %v, want one", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Assertion != "INCITS378:2004.header.version" || f.Severity != Warning || f.Location.Offset != 4 ||
		!strings.Contains(f.Message, `version is "020", want " 20"`) {
		t.Errorf("finding %s, want a warning on the version at byte 4", f)
	}
}
