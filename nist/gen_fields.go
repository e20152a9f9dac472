//go:build ignore

// gen_fields reads fields.tsv, the field catalogue of ANSI/NIST-ITL 1-2011 and its 2013 and
// 2015 updates, checks it, and writes fields_gen.go.
//
// Usage: go run gen_fields.go [-i fields.tsv] [-o fields_gen.go]
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"slices"
	"strconv"
	"strings"
)

// recordType is one row of the record type table: the record types of ANSI/NIST-ITL 1-2011
// (STANDARDS.md §1.7), types 11, 12 and 22 added by Update 2013, and types 3, 5 and 6, which
// the 2011 edition no longer allows (STANDARDS.md §2.4) and Biogate still reads.
type recordType struct {
	typ          int
	name         string
	binary       bool
	since, until int
}

var recordTypes = []recordType{
	{1, "transaction information", false, 200, 0},
	{2, "user-defined descriptive text", false, 200, 0},
	{3, "low-resolution grayscale fingerprint image", true, 200, 400},
	{4, "high-resolution grayscale fingerprint image", true, 200, 0},
	{5, "low-resolution binary fingerprint image", true, 200, 400},
	{6, "high-resolution binary fingerprint image", true, 200, 400},
	{7, "user-defined image", true, 200, 0},
	{8, "signature image", true, 200, 0},
	{9, "minutiae data", false, 200, 0},
	{10, "facial, other body part and smt image", false, 201, 0},
	{11, "forensic and investigatory voice", false, 501, 0},
	{12, "forensic dental and oral data", false, 501, 0},
	{13, "variable-resolution latent friction ridge image", false, 300, 0},
	{14, "variable-resolution fingerprint image", false, 300, 0},
	{15, "variable-resolution palm print image", false, 300, 0},
	{16, "user-defined variable-resolution testing image", false, 300, 0},
	{17, "iris image", false, 400, 0},
	{18, "dna data", false, 500, 0},
	{19, "variable-resolution plantar image", false, 500, 0},
	{20, "source representation", false, 500, 0},
	{21, "associated context", false, 500, 0},
	{22, "non-photographic imagery", false, 501, 0},
	{98, "information assurance", false, 500, 0},
	{99, "cbeff biometric data record", false, 400, 0},
}

var versions = []int{200, 201, 300, 400, 500, 501, 502}

const header = "type\tfield\tmnemonic\tname\tsince\tuntil\tsource"

type field struct {
	typ, first, last int
	mnemonic, name   string
	since, until     int
	source           string
}

func main() {
	in := flag.String("i", "fields.tsv", "catalogue to read")
	out := flag.String("o", "fields_gen.go", "Go file to write")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen_fields: ")

	data, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	fields, err := parse(data)
	if err != nil {
		log.Fatalf("%s:%v", *in, err)
	}
	if err := check(fields); err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	src, err := format.Source(generate(fields))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// parse reads the TSV: '#' lines and blank lines are skipped, the first other line is the header.
func parse(data []byte) ([]field, error) {
	var fields []field
	seenHeader := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !seenHeader {
			if line != header {
				return nil, fmt.Errorf("%d: header is %q, want %q", n, line, header)
			}
			seenHeader = true
			continue
		}
		f, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("%d: %v", n, err)
		}
		fields = append(fields, f)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !seenHeader {
		return nil, fmt.Errorf("no header line")
	}
	return fields, nil
}

func parseLine(line string) (field, error) {
	var f field
	cols := strings.Split(line, "\t")
	if len(cols) != 7 {
		return f, fmt.Errorf("%d columns, want 7", len(cols))
	}
	var err error
	if f.typ, err = strconv.Atoi(cols[0]); err != nil || f.typ < 1 || f.typ > 99 {
		return f, fmt.Errorf("bad record type %q", cols[0])
	}
	first, last, isRange := strings.Cut(cols[1], "-")
	if f.first, err = fieldNumber(first); err != nil {
		return f, err
	}
	f.last = f.first
	if isRange {
		if f.last, err = fieldNumber(last); err != nil {
			return f, err
		}
		if f.last <= f.first {
			return f, fmt.Errorf("empty range %q", cols[1])
		}
	}
	f.mnemonic, f.name, f.source = cols[2], cols[3], cols[6]
	for _, c := range f.mnemonic {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return f, fmt.Errorf("bad mnemonic %q", f.mnemonic)
		}
	}
	if f.name == "" || f.name != strings.ToLower(f.name) {
		return f, fmt.Errorf("name %q must be non-empty lower case", f.name)
	}
	if f.source == "" {
		return f, fmt.Errorf("no source")
	}
	if f.since, err = version(cols[4]); err != nil || f.since == 0 {
		return f, fmt.Errorf("bad since %q", cols[4])
	}
	if cols[5] != "" {
		if f.until, err = version(cols[5]); err != nil || f.until < f.since {
			return f, fmt.Errorf("bad until %q", cols[5])
		}
	}
	return f, nil
}

func fieldNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 3 || n < 1 {
		return 0, fmt.Errorf("bad field number %q", s)
	}
	return n, nil
}

func version(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || !slices.Contains(versions, n) {
		return 0, fmt.Errorf("bad version %q", s)
	}
	return n, nil
}

// check sorts the entries and rejects entries of an unknown record type or outside its
// lifetime, and entries whose field numbers overlap unless they are the same field number
// (or range) over disjoint version spans.
func check(fields []field) error {
	slices.SortStableFunc(fields, func(a, b field) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.first, b.first), cmp.Compare(a.since, b.since))
	})
	for i, f := range fields {
		j := slices.IndexFunc(recordTypes, func(r recordType) bool { return r.typ == f.typ })
		if j < 0 {
			return fmt.Errorf("%d.%03d: unknown record type", f.typ, f.first)
		}
		if rt := recordTypes[j]; f.since < rt.since || rt.until != 0 && (f.until == 0 || f.until > rt.until) {
			return fmt.Errorf("%d.%03d: version span outside that of record type %d", f.typ, f.first, f.typ)
		}
		for _, g := range fields[:i] {
			if g.typ != f.typ || g.last < f.first {
				continue
			}
			if g.first != f.first || g.last != f.last {
				return fmt.Errorf("%d.%03d: overlaps %d.%03d-%03d", f.typ, f.first, g.typ, g.first, g.last)
			}
			if g.until == 0 || g.until >= f.since {
				return fmt.Errorf("%d.%03d: version spans overlap", f.typ, f.first)
			}
		}
	}
	return nil
}

func generate(fields []field) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by \"go run gen_fields.go\"; DO NOT EDIT.\n\n")
	b.WriteString("package nist\n\n")
	b.WriteString("// fieldDefs holds fields.tsv sorted by record type, field number and Since.\n")
	b.WriteString("var fieldDefs = []FieldDef{\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "{RecordType: %d, Number: %d, Last: %d, Mnemonic: %q, Name: %q, Since: %s",
			f.typ, f.first, f.last, f.mnemonic, f.name, versionName(f.since))
		if f.until != 0 {
			fmt.Fprintf(&b, ", Until: %s", versionName(f.until))
		}
		fmt.Fprintf(&b, ", Source: %q},\n", f.source)
	}
	b.WriteString("}\n\n")
	b.WriteString("// recordTypeDefs lists the record types sorted by number.\n")
	b.WriteString("var recordTypeDefs = []RecordTypeDef{\n")
	for _, r := range recordTypes {
		fmt.Fprintf(&b, "{Type: %d, Name: %q, Binary: %t, Since: %s", r.typ, r.name, r.binary, versionName(r.since))
		if r.until != 0 {
			fmt.Fprintf(&b, ", Until: %s", versionName(r.until))
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func versionName(v int) string { return fmt.Sprintf("V%04d", v) }
