package nist

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var catalogueVersions = []Version{V0200, V0201, V0300, V0400, V0500, V0501, V0502}

func TestLookupField(t *testing.T) {
	tests := []struct {
		typ, num int
		v        Version
		mnemonic string // "-" when the field must not resolve
		first    int    // expected Number when it differs from num (range entries)
		last     int
		name     string // checked when not ""
	}{
		{typ: 1, num: 2, mnemonic: "VER"},
		{typ: 1, num: 2, v: V0200, mnemonic: "VER"},
		{typ: 14, num: 13, mnemonic: "FGP", name: "friction ridge generalized position"},
		{typ: 10, num: 999, mnemonic: "DATA"},
		{typ: 9, num: 126, mnemonic: "CBI"},
		{typ: 9, num: 137, v: V0400, mnemonic: "FMD"},
		{typ: 9, num: 331, mnemonic: "MIN"},
		{typ: 98, num: 900, mnemonic: "ALF"},
		{typ: 98, num: 4, mnemonic: "SRC"},
		{typ: 2, num: 5, mnemonic: "UDF", first: 3, last: 999},
		{typ: 98, num: 300, mnemonic: "UDF", first: 200, last: 899},
		{typ: 10, num: 200, mnemonic: "UDF", first: 200, last: 900},
		{typ: 9, num: 20, mnemonic: "", first: 13, last: 30},
		{typ: 9, num: 175, mnemonic: "", first: 151, last: 175},
		// Binary records, numbered by this package (STANDARDS.md §2).
		{typ: 4, num: 8, mnemonic: "GCA"},
		{typ: 6, num: 8, v: V0400, mnemonic: "BCA"},
		{typ: 7, num: 3, mnemonic: "", name: "user-defined image data"},
		{typ: 8, num: 4, mnemonic: "SRT"},
		// Renamed in 2011.
		{typ: 10, num: 9, v: V0400, mnemonic: "HPS"},
		{typ: 10, num: 9, v: V0500, mnemonic: "THPS"},
		{typ: 17, num: 3, v: V0400, mnemonic: "FID"},
		{typ: 17, num: 3, mnemonic: "ELR"},
		{typ: 99, num: 999, v: V0400, mnemonic: "BDB"},
		{typ: 99, num: 999, mnemonic: "DATA"},
		// Withdrawn in 2011.
		{typ: 10, num: 22, v: V0400, mnemonic: "PXS"},
		{typ: 10, num: 22, v: V0500, mnemonic: "-"},
		{typ: 17, num: 18, mnemonic: "-"},
		// Older files fall back to the oldest entry of 2011 baseline fields.
		{typ: 15, num: 5, v: V0300, mnemonic: "PCD"},
		{typ: 14, num: 902, v: V0300, mnemonic: "ANN"},
		// Withdrawn record types keep their last layout.
		{typ: 3, num: 4, mnemonic: "FGP"},
		{typ: 5, num: 9, v: V0502, mnemonic: "DATA"},
		// Unknown.
		{typ: 1, num: 19, mnemonic: "-"},
		{typ: 9, num: 142, mnemonic: "-"},
		{typ: 10, num: 1000, mnemonic: "-"},
		{typ: 0, num: 1, mnemonic: "-"},
		{typ: 23, num: 1, mnemonic: "-"},
		{typ: 100, num: 1, mnemonic: "-"},
	}
	for _, tt := range tests {
		d, ok := LookupField(tt.typ, tt.num, tt.v)
		if tt.mnemonic == "-" {
			if ok {
				t.Errorf("LookupField(%d, %d, %v) = %+v, want none", tt.typ, tt.num, tt.v, d)
			}
			continue
		}
		first, last := tt.num, tt.num
		if tt.first != 0 {
			first, last = tt.first, tt.last
		}
		if !ok || d.RecordType != tt.typ || d.Mnemonic != tt.mnemonic || d.Number != first || d.Last != last {
			t.Errorf("LookupField(%d, %d, %v) = %+v, %t; want %q at %d-%d", tt.typ, tt.num, tt.v, d, ok, tt.mnemonic, first, last)
		}
		if tt.name != "" && d.Name != tt.name {
			t.Errorf("LookupField(%d, %d, %v).Name = %q, want %q", tt.typ, tt.num, tt.v, d.Name, tt.name)
		}
	}
}

// Fields added by Update 2013 (VER 0501) and Update 2015 (VER 0502) are absent before.
func TestLookupFieldUpdates(t *testing.T) {
	tests := []struct {
		typ, num int
		since    Version
	}{
		{1, 18, V0501},   // GNS
		{10, 992, V0501}, // T2C
		{21, 46, V0501},  // SUB
		{11, 3, V0501},   // Type-11 is new in 2013
		{22, 101, V0501}, // Type-22 is new in 2013
		{14, 901, V0502}, // FCT
	}
	for _, tt := range tests {
		if d, ok := LookupField(tt.typ, tt.num, tt.since-1); ok && tt.since == V0501 {
			t.Errorf("LookupField(%d, %d, V0500) = %+v, want none", tt.typ, tt.num, d)
		}
		if d, ok := LookupField(tt.typ, tt.num, V0501); ok != (tt.since == V0501) {
			t.Errorf("LookupField(%d, %d, V0501) = %+v, %t", tt.typ, tt.num, d, ok)
		}
		for _, v := range []Version{V0200, V0400, V0500} {
			if d, ok := LookupField(tt.typ, tt.num, v); ok {
				t.Errorf("LookupField(%d, %d, %v) = %+v, want none", tt.typ, tt.num, v, d)
			}
		}
		if d, ok := LookupField(tt.typ, tt.num, 0); !ok || d.Since != tt.since {
			t.Errorf("LookupField(%d, %d, 0) = %+v, %t; want Since %v", tt.typ, tt.num, d, ok, tt.since)
		}
	}
}

func TestLookupRecordType(t *testing.T) {
	tests := []struct {
		typ    int
		ok     bool
		binary bool
		until  Version
	}{
		{1, true, false, 0}, {3, true, true, V0400}, {4, true, true, 0}, {7, true, true, 0}, {8, true, true, 0},
		{9, true, false, 0}, {11, true, false, 0}, {22, true, false, 0}, {99, true, false, 0},
		{0, false, false, 0}, {23, false, false, 0}, {97, false, false, 0},
	}
	for _, tt := range tests {
		r, ok := LookupRecordType(tt.typ)
		if ok != tt.ok || ok && (r.Type != tt.typ || r.Binary != tt.binary || r.Until != tt.until || r.Name == "") {
			t.Errorf("LookupRecordType(%d) = %+v, %t", tt.typ, r, ok)
		}
	}
	if r, _ := LookupRecordType(14); r.Name != "variable-resolution fingerprint image" {
		t.Errorf("LookupRecordType(14).Name = %q", r.Name)
	}
}

// Fields and LookupField agree, and every record type has its header fields.
func TestFields(t *testing.T) {
	for _, r := range recordTypeDefs {
		for _, v := range append([]Version{0}, catalogueVersions...) {
			defs := Fields(r.Type, v)
			if v != 0 && v < r.Since && r.Since > V0500 {
				if len(defs) != 0 {
					t.Errorf("Fields(%d, %v) = %v before the type existed", r.Type, v, defs)
				}
				continue
			}
			if len(defs) == 0 || defs[0].Number != 1 || defs[0].Mnemonic != "LEN" {
				t.Errorf("Fields(%d, %v) does not start with LEN: %v", r.Type, v, defs)
				continue
			}
			for i, d := range defs {
				if i > 0 && d.Number <= defs[i-1].Last {
					t.Errorf("Fields(%d, %v): %d.%03d out of order", r.Type, v, d.RecordType, d.Number)
				}
				for _, n := range []int{d.Number, d.Last} {
					if got, ok := LookupField(r.Type, n, v); !ok || got != d {
						t.Errorf("LookupField(%d, %d, %v) = %+v, %t; Fields gives %+v", r.Type, n, v, got, ok, d)
					}
				}
			}
		}
	}
	if n := len(Fields(14, V0500)); n < 35 {
		t.Errorf("Fields(14, V0500) has %d entries", n)
	}
	if defs := Fields(50, 0); defs != nil {
		t.Errorf("Fields(50, 0) = %v", defs)
	}
}

// The table is sorted, and entries of a record type either cover the same field numbers over
// disjoint version spans or do not overlap at all.
func TestCatalogueConsistent(t *testing.T) {
	for i, d := range fieldDefs {
		rt, ok := LookupRecordType(d.RecordType)
		switch {
		case !ok:
			t.Errorf("%+v: unknown record type", d)
		case d.Number < 1 || d.Last < d.Number || d.Last > 999:
			t.Errorf("%+v: bad field numbers", d)
		case !d.Since.Known() || d.Until != 0 && (!d.Until.Known() || d.Until < d.Since):
			t.Errorf("%+v: bad version span", d)
		case d.Since < rt.Since || rt.Until != 0 && (d.Until == 0 || d.Until > rt.Until):
			t.Errorf("%+v: outside the span of record type %d", d, rt.Type)
		case d.Name == "" || d.Name != strings.ToLower(d.Name) || d.Source == "":
			t.Errorf("%+v: bad name or source", d)
		}
		if i == 0 {
			continue
		}
		p := fieldDefs[i-1]
		if p.RecordType > d.RecordType || p.RecordType == d.RecordType && (p.Number > d.Number || p.Number == d.Number && p.Since >= d.Since) {
			t.Errorf("%+v: not sorted after %+v", d, p)
		}
		if p.RecordType != d.RecordType || p.Last < d.Number {
			continue
		}
		if p.Number != d.Number || p.Last != d.Last {
			t.Errorf("%+v overlaps %+v", d, p)
		} else if p.Until == 0 || p.Until >= d.Since {
			t.Errorf("%+v and %+v: version spans overlap", d, p)
		}
	}
}

// Every line of fields.tsv parses and the generated table holds exactly its entries.
func TestTSVMatchesGenerated(t *testing.T) {
	data, err := os.ReadFile("fields.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var defs []FieldDef
	header := true
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			if line != "type\tfield\tmnemonic\tname\tsince\tuntil\tsource" {
				t.Fatalf("fields.tsv:%d: bad header %q", n, line)
			}
			header = false
			continue
		}
		d, err := parseCatalogueLine(line)
		if err != nil {
			t.Errorf("fields.tsv:%d: %v", n, err)
		}
		defs = append(defs, d)
	}
	slices.SortStableFunc(defs, func(a, b FieldDef) int {
		if a.RecordType != b.RecordType {
			return a.RecordType - b.RecordType
		}
		if a.Number != b.Number {
			return a.Number - b.Number
		}
		return int(a.Since - b.Since)
	})
	if !reflect.DeepEqual(defs, fieldDefs) {
		t.Errorf("fields_gen.go is out of date with fields.tsv (%d vs %d entries); run go generate", len(fieldDefs), len(defs))
	}
}

func parseCatalogueLine(line string) (FieldDef, error) {
	var d FieldDef
	cols := strings.Split(line, "\t")
	if len(cols) != 7 {
		return d, strconv.ErrSyntax
	}
	num := func(s string, width int) int {
		n, err := strconv.Atoi(s)
		if err != nil || len(s) != width {
			return -1
		}
		return n
	}
	first, last, isRange := strings.Cut(cols[1], "-")
	d.RecordType, d.Number = num(cols[0], len(cols[0])), num(first, 3)
	d.Last = d.Number
	if isRange {
		d.Last = num(last, 3)
	}
	d.Mnemonic, d.Name, d.Source = cols[2], cols[3], cols[6]
	d.Since, _ = ParseVersion(cols[4])
	if cols[5] != "" {
		d.Until, _ = ParseVersion(cols[5])
	}
	if d.RecordType < 1 || d.Number < 1 || d.Last < d.Number || !d.Since.Known() || cols[5] != "" && !d.Until.Known() {
		return d, strconv.ErrSyntax
	}
	return d, nil
}

// Running the generator reproduces fields_gen.go byte for byte.
func TestGeneratedUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not found (%v): the generator was not run", err)
	}
	out := filepath.Join(t.TempDir(), "fields_gen.go")
	cmd := exec.Command(goTool, "run", "gen_fields.go", "-o", out)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_fields.go: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("fields_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("fields_gen.go differs from the generator's output; run go generate ./nist/")
	}
}

func TestLookupAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		LookupField(14, 13, V0500)
		LookupField(2, 123, 0)
		LookupField(3, 4, V0502)
		LookupRecordType(17)
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %v times", allocs)
	}
}

func BenchmarkLookupField(b *testing.B) {
	for b.Loop() {
		LookupField(14, 13, V0501)
	}
}
