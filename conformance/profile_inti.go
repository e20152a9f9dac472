package conformance

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/biogate/biogate/nist"
)

// INTERPOL's machine-readable tables, as published with INT-I (the
// Interpol Implementation of ANSI/NIST-ITL 1-2011 Update 2015).
const (
	intiFields      = "MRT_INT-I_FieldDefinition.csv"
	intiCodes       = "MRT_INT-I_LookupCodes.csv"
	intiRecordTypes = "MRT_INT-I_RecordTypeDesc.csv"
	intiVersion     = "MRT_Version.csv"
)

// LoadINTIProfile reads INTERPOL's machine-readable tables for INT-I from
// dir, the files as INTERPOL publishes them (MRT_INT-I_FieldDefinition.csv
// and MRT_INT-I_LookupCodes.csv; MRT_INT-I_RecordTypeDesc.csv and
// MRT_Version.csv when present), and returns the INT-I profile:
//
//   - every traditional-encoding row of the field table (TradXML T or TX)
//     through the same evaluator as the base catalogues: presence,
//     occurrences, character types, lengths, INT-I's code tables (1.004
//     TOT among them), value ranges and regular expressions;
//   - DependValueReq: a dependent field required when a value condition
//     holds ("[1/TOT]=”SRE”": 1.010 TCR in a search result);
//   - the record types INT-I uses (RecordTypeDesc).
//
// Assertion ids start with "INTI." ("INTI.2.064.value"). Rows of the
// traditional encoding only (TradXML T, FieldID "[..:T]") are left out for a
// transaction decoded from XML ([Options.XML]).
func LoadINTIProfile(dir string) (*Catalogue, error) {
	if _, err := os.Stat(filepath.Join(dir, intiFields)); err != nil {
		return nil, fmt.Errorf("conformance: INT-I profile needs INTERPOL's machine-readable tables (%s, %s) in %s: %w", intiFields, intiCodes, dir, err)
	}
	f, err := os.Open(filepath.Join(dir, intiFields))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rules, _, err := ReadFieldRules(f, ',')
	if err != nil {
		return nil, fmt.Errorf("%s: %w", intiFields, err)
	}
	cf, err := os.Open(filepath.Join(dir, intiCodes))
	if err != nil {
		return nil, fmt.Errorf("conformance: INT-I profile: %w", err)
	}
	defer cf.Close()
	codes, err := ReadCodeTables(cf, ',')
	if err != nil {
		return nil, fmt.Errorf("%s: %w", intiCodes, err)
	}
	version := "06"
	if rows, err := readCSV(filepath.Join(dir, intiVersion)); err == nil && len(rows) > 1 {
		version = rows[len(rows)-1][0]
	}
	name := "INT-I " + version + " (INTERPOL machine-readable tables)"
	source := "INT-I MRT " + version

	p := &totProfile{prefix: "INTI", source: source, codes: codes}
	newTable("INTI", rules, codes) // resolve the code tables of the rules
	var fieldRows []*FieldRule
	xmlItems, err := xmlOnlyItems(filepath.Join(dir, intiFields), source)
	if err != nil {
		return nil, err
	}
	for _, r := range rules {
		if r.Source == "" {
			r.Source = source + " " + r.FieldID
		}
		cond := ""
		if r.CondCode == "D" || r.CondCode == "D^" {
			cond = "O" + strings.TrimPrefix(r.CondCode, "D") // checked by the dependency rule
		}
		p.rules = append(p.rules, totRule{cond: cond, rule: r, tradOnly: r.Encoding == "T"})
		if r.Item == 0 {
			fieldRows = append(fieldRows, r)
		}
	}
	deps, err := readDependencies(filepath.Join(dir, intiFields), fieldRows, rules)
	if err != nil {
		return nil, err
	}
	if len(deps.deps) > 0 {
		deps.prefix, deps.source = p.prefix, source
		p.extra = append(p.extra, deps)
	}
	if rows, err := readCSV(filepath.Join(dir, intiRecordTypes)); err == nil && len(rows) > 1 {
		types := map[int]bool{}
		for _, row := range rows[1:] {
			if n, err := strconv.Atoi(strings.TrimSpace(row[0])); err == nil {
				types[n] = true
			}
		}
		p.extra = append(p.extra, recordTypesRule{prefix: p.prefix, source: source + " " + intiRecordTypes, types: types})
	}
	return &Catalogue{Name: name, Rules: []Rule{p}, XMLItems: xmlItems}, nil
}

// xmlOnlyItems returns the fields to which the table adds information
// items of the XML encoding only (TradXML "X" rows of an item, such as
// [01.017-C] DAC), by field ("1.017"), with the row's source.
func xmlOnlyItems(path, source string) (map[string]string, error) {
	rows, err := readCSV(path)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	tx, id := -1, -1
	for i, h := range rows[0] {
		switch strings.TrimSpace(h) {
		case "TradXML":
			tx = i
		case "FieldID":
			id = i
		}
	}
	out := map[string]string{}
	if tx < 0 || id < 0 {
		return out, nil
	}
	for _, row := range rows[1:] {
		if max(tx, id) >= len(row) || strings.ToUpper(strings.TrimSpace(row[tx])) != "X" {
			continue
		}
		m := fieldIDPattern().FindStringSubmatch(strings.TrimSpace(row[id]))
		if m == nil || m[3] == "" {
			continue
		}
		rt, _ := strconv.Atoi(m[1])
		f, _ := strconv.Atoi(m[2])
		out[fmt.Sprintf("%d.%s", rt, fmt.Sprintf("%03d", f))] = source + " " + row[id]
	}
	return out, nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r.ReadAll()
}

// recordTypesRule: the transaction carries only the record types the
// profile describes.
type recordTypesRule struct {
	prefix, source string
	types          map[int]bool
}

func (r recordTypesRule) Check(in *Input) []Finding {
	var out []Finding
	for i, rec := range in.Transaction.Records {
		if !r.types[rec.Type] {
			var ts []int
			for t := range r.types {
				ts = append(ts, t)
			}
			sort.Ints(ts)
			out = append(out, Finding{Assertion: r.prefix + ".record.type", Level: Level1, Severity: Error,
				Location: Location{Record: i + 1, RecordType: rec.Type, Offset: rec.Offset}, Source: r.source,
				Message: fmt.Sprintf("the profile does not use Type-%d records (it describes Types %s)", rec.Type, joinInts(ts))})
		}
	}
	return out
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// dependency is a field that a value condition requires (the MRT's
// DependValueReq column): the field is required when every condition of
// one of the alternatives holds.
type dependency struct {
	rule *FieldRule
	alts [][]condition
	text string
}

// condition is "[R/MNE]=”V”" or "[R/MNE/ITEM]=”V”": some record of type
// typ has value V in field num (item, from 1; 0 for the whole value).
type condition struct {
	typ, num, item int
	value          string
}

type dependRule struct {
	prefix, source string
	deps           []dependency
}

var conditionPattern = lazyRegexp(`^\[(\d+)/([A-Z0-9]+)(?:/([A-Z0-9]+))?\s*\]\s*=\s*["“”]([^"“”]*)["“”]$`)

// readDependencies reads the DependValueReq column of the field table and
// keeps the conditions it can evaluate: equalities on fields and items
// named by mnemonic. Others (comparisons, IN lists) are left out.
func readDependencies(path string, fieldRows, rules []*FieldRule) (*dependRule, error) {
	rows, err := readCSV(path)
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("conformance: INT-I profile: %w", err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	ci, fi, ti := col["DependValueReq"], col["FieldID"], col["TradXML"]
	byMnemonic := map[string]*FieldRule{} // "2/RLS"
	items := map[string]int{}             // "2/RLS/SRC" -> item
	byID := map[string]*FieldRule{}
	for _, r := range rules {
		byID[r.FieldID] = r
	}
	for _, r := range fieldRows {
		byMnemonic[strconv.Itoa(r.RecordType)+"/"+r.Mnemonic] = r
	}
	for _, r := range rules {
		if r.Item == 0 {
			continue
		}
		for _, f := range fieldRows {
			if f.RecordType == r.RecordType && f.Field == r.Field {
				items[strconv.Itoa(r.RecordType)+"/"+f.Mnemonic+"/"+r.Mnemonic] = r.Item
			}
		}
	}
	d := &dependRule{}
	for _, row := range rows[1:] {
		if ci >= len(row) || fi >= len(row) || strings.TrimSpace(row[ci]) == "" || !strings.ContainsAny(row[ti], "Tt") {
			continue
		}
		r := byID[strings.TrimSpace(row[fi])]
		if r == nil {
			continue
		}
		dep := dependency{rule: r, text: strings.Join(strings.Fields(row[ci]), " ")}
	alts:
		for _, line := range strings.Split(row[ci], "\n") {
			var alt []condition
			for _, part := range strings.Split(line, " and ") {
				m := conditionPattern().FindStringSubmatch(strings.TrimSpace(part))
				if m == nil {
					continue alts
				}
				typ, _ := strconv.Atoi(m[1])
				f := byMnemonic[m[1]+"/"+m[2]]
				if f == nil {
					continue alts
				}
				c := condition{typ: typ, num: f.Field, value: m[4]}
				if m[3] != "" {
					if c.item = items[m[1]+"/"+m[2]+"/"+m[3]]; c.item == 0 {
						continue alts
					}
				}
				alt = append(alt, c)
			}
			if len(alt) > 0 {
				dep.alts = append(dep.alts, alt)
			}
		}
		if len(dep.alts) > 0 {
			d.deps = append(d.deps, dep)
		}
	}
	return d, nil
}

// holds reports whether some record of the transaction meets c.
func (c condition) holds(t *nist.Transaction) bool {
	for _, r := range t.Records {
		if r.Type != c.typ {
			continue
		}
		f := r.Field(c.num)
		if f == nil || f.Binary {
			continue
		}
		if c.item == 0 {
			if string(f.Value) == c.value {
				return true
			}
			continue
		}
		for i := 0; ; i++ {
			v, ok := f.Item(i, c.item-1)
			if !ok && i >= f.SubfieldCount() {
				break
			}
			if ok && v == c.value {
				return true
			}
		}
	}
	return false
}

func (d *dependRule) Check(in *Input) []Finding {
	var out []Finding
	for _, dep := range d.deps {
		met := false
		for _, alt := range dep.alts {
			all := true
			for _, c := range alt {
				all = all && c.holds(in.Transaction)
			}
			if all {
				met = true
				break
			}
		}
		if !met {
			continue
		}
		r := dep.rule
		for i, rec := range in.Transaction.Records {
			if rec.Type != r.RecordType {
				continue
			}
			if f := rec.Field(r.Field); f != nil && (r.Item == 0 || f.Binary) {
				continue
			} else if f != nil {
				if v, ok := f.Item(0, r.Item-1); ok && v != "" {
					continue
				}
			}
			tag := nist.FieldTag(r.RecordType, r.Field)
			what := "field " + tag + " " + r.Mnemonic
			if r.Item > 0 {
				what = "information item " + itemTag(tag, r) + " " + r.Mnemonic
			}
			out = append(out, Finding{Assertion: d.prefix + "." + tag + ".depend", Level: Level2, Severity: Error,
				Location: at(i+1, rec, r.Field, -1, -1), Source: d.source + " " + r.FieldID + " DependValueReq",
				Message: fmt.Sprintf("%s is required when %s", what, dep.text)})
		}
	}
	return out
}
