package conformance

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/biogate/biogate/nist"
)

// The catalogues of the base standard, one table per edition (see the
// header of each file for its sources and columns).
//
//go:embed catalogue/*.tsv
var catalogueFS embed.FS

// FieldRule is one row of a field-definition table, in the column model of
// NIST's and INTERPOL's machine-readable tables (MRT_INT-I_FieldDefinition.csv):
// the same evaluator runs the base-standard catalogues and profile tables.
type FieldRule struct {
	RecordType int
	Field      int    // field number; 0 never
	Item       int    // information item from 1 (A = 1), 0 for the field row
	FieldID    string // "[14.013]" or "[14.013-A]", as written
	Mnemonic   string
	CondCode   string // M, O, D, M^, O^, D^
	DataType   string // A, N, AN, AS, ANS, NS, H, U, B
	MinLength  int    // 0 when not given
	MaxLength  int    // -1 for no limit
	MinOccur   int
	MaxOccur   int // -1 for no limit
	Set        bool
	Special    string // characters allowed besides the data type's; "ALL" = any printable
	CodeTables []string
	Range      *valueRange
	Regexp     *regexp.Regexp
	NotRegexp  *regexp.Regexp // a form the value must not have (OpenEBTS nregex)
	Since      nist.Version
	Until      nist.Version // 0 while still in force
	Source     string
	Basis      Basis  // what the row was checked against; "" (as in profiles) is the source's own word
	Encoding   string // the MRT TradXML column in capitals: "T", "X", "TX"; "" when not given

	chars charClass   // DataType and SpecialChar compiled
	sets  []*codeList // CodeTables resolved by table.compile; nil for an unknown table
}

// Basis says what a catalogue row was checked against (the Basis column).
// A row whose basis is not the standard's published text cannot make an
// input nonconformant on its own: its findings are warnings that name the
// source (see Advisory).
type Basis string

const (
	BasisStandard  Basis = "standard"  // the published text of the edition (or a machine-readable transcription of it)
	BasisChkan2k   Basis = "chkan2k"   // NBIS chkan2k default.conf: a validator's profile, the standard's text not reached
	BasisDraft2013 Basis = "draft2013" // the May 2013 draft of Update 2013 only, the published text not reached
	BasisLabels    Basis = "labels"    // field numbers and mnemonics from PYNIST labels only
)

// basisSources names each unverified basis in the findings it caps.
var basisSources = map[Basis]string{
	BasisChkan2k:   "rule from the NBIS chkan2k profile (default.conf), not verified against the standard's text: a warning, not an error",
	BasisDraft2013: "rule from the May 2013 draft of Update 2013, not verified against the published text: a warning, not an error",
	BasisLabels:    "rule from PYNIST field labels only, not verified against the published text: a warning, not an error",
}

// Advisory reports whether the rule's basis is one the standard's text was
// not checked against, so that its findings are warnings. A nil rule is not.
func (r *FieldRule) Advisory() bool {
	if r == nil {
		return false
	}
	_, ok := basisSources[r.Basis]
	return ok
}

// basisNote is the sentence an advisory rule's findings end with.
func (r *FieldRule) basisNote() string { return basisSources[r.Basis] }

// mandatory reports whether the field (or item) must be present.
func (r *FieldRule) mandatory() bool { return r.CondCode == "M" || r.CondCode == "M^" }

// fieldTag returns "14.013".
func (r *FieldRule) fieldTag() string { return nist.FieldTag(r.RecordType, r.Field) }

// appliesTo reports whether the rule is in force at version v.
func (r *FieldRule) appliesTo(v nist.Version) bool {
	if r.Since != 0 && v < r.Since {
		return false
	}
	return r.Until == 0 || v <= r.Until
}

// fieldIDPattern reads "[14.013]", "[14.013-A]" and the ":T" variants the
// MRT tables use for rows that apply to the traditional encoding only.
var fieldIDPattern = lazyRegexp(`^\[(\d{1,2})\.(\d{3})(?:-([A-Z]))?(?::T)?\]$`)

// ReadFieldRules reads a field-definition table, tab- or comma-separated
// with a header row naming the columns (FieldID, InfoItem, CondCode,
// DataType, MinLength, MaxLength, MinOccur, MaxOccur, SpecialChar,
// CodeTable, ValueRange, RegExpression, and optionally Since, Until,
// Source, Basis). Lines starting with # are comments. Rows whose FieldID is not a
// traditional-encoding field or item (XML-only rows, ranges) are skipped;
// the count of skipped rows is returned.
func ReadFieldRules(r io.Reader, comma rune) (rules []*FieldRule, skipped int, err error) {
	cr := newTableReader(r, comma)
	head, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("conformance: field table: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	if _, ok := col["FieldID"]; !ok {
		return nil, 0, fmt.Errorf("conformance: field table has no FieldID column")
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, skipped, fmt.Errorf("conformance: field table: %w", err)
		}
		if tx := get(row, "TradXML"); tx != "" && !strings.ContainsAny(tx, "Tt") {
			skipped++
			continue
		}
		m := fieldIDPattern().FindStringSubmatch(get(row, "FieldID"))
		if m == nil {
			skipped++
			continue
		}
		fr := &FieldRule{FieldID: get(row, "FieldID"), Mnemonic: get(row, "Mnemonic"), CondCode: get(row, "CondCode"),
			DataType: get(row, "DataType"), Special: get(row, "SpecialChar"), Source: get(row, "Source")}
		fr.RecordType, _ = strconv.Atoi(m[1])
		fr.Field, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			fr.Item = int(m[3][0]-'A') + 1
		}
		fr.Set = get(row, "InfoItem") == "SET"
		switch b := Basis(get(row, "Basis")); b {
		case "", BasisStandard, BasisChkan2k, BasisDraft2013, BasisLabels:
			fr.Basis = b
		default:
			return nil, skipped, fmt.Errorf("conformance: %s: basis %q is not one of standard, chkan2k, draft2013, labels", fr.FieldID, b)
		}
		fr.Encoding = strings.ToUpper(get(row, "TradXML"))
		if strings.HasSuffix(fr.FieldID, ":T]") {
			fr.Encoding = "T"
		}
		fr.chars = newCharClass(fr.DataType, fr.Special)
		fr.MinLength = atoiDefault(get(row, "MinLength"), 0)
		fr.MaxLength = atoiDefault(get(row, "MaxLength"), -1)
		fr.MinOccur = atoiDefault(get(row, "MinOccur"), 0)
		fr.MaxOccur = atoiDefault(get(row, "MaxOccur"), -1)
		for _, t := range strings.Split(get(row, "CodeTable"), ";") {
			if t = strings.TrimSpace(t); t != "" {
				fr.CodeTables = append(fr.CodeTables, t)
			}
		}
		if s := get(row, "ValueRange"); s != "" {
			if fr.Range, err = parseValueRange(s); err != nil {
				return nil, skipped, fmt.Errorf("conformance: %s: %w", fr.FieldID, err)
			}
		}
		if s := get(row, "RegExpression"); s != "" {
			if fr.Regexp, err = regexp.Compile(`^(?:` + s + `)$`); err != nil {
				return nil, skipped, fmt.Errorf("conformance: %s: regular expression: %w", fr.FieldID, err)
			}
		}
		if s := get(row, "Since"); s != "" {
			fr.Since, _ = nist.ParseVersion(s)
		}
		if s := get(row, "Until"); s != "" {
			fr.Until, _ = nist.ParseVersion(s)
		}
		rules = append(rules, fr)
	}
	return rules, skipped, nil
}

func atoiDefault(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// tableReader reads rows of a table: tab-separated values split at tabs
// with no quoting (the catalogue files), anything else as CSV (the MRT
// files as INTERPOL publishes them).
type tableReader interface{ Read() ([]string, error) }

type tsvReader struct{ sc *bufio.Scanner }

func (t *tsvReader) Read() ([]string, error) {
	for t.sc.Scan() {
		line := strings.TrimRight(t.sc.Text(), "\r")
		if line == "" {
			continue
		}
		return strings.Split(line, "\t"), nil
	}
	if err := t.sc.Err(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}

func newTableReader(r io.Reader, comma rune) tableReader {
	r = stripComments(r)
	if comma == '\t' {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		return &tsvReader{sc}
	}
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr
}

// stripComments drops lines starting with # so that csv sees only the table.
func stripComments(r io.Reader) io.Reader {
	var out bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if line := sc.Bytes(); len(line) == 0 || line[0] != '#' {
			out.Write(line)
			out.WriteByte('\n')
		}
	}
	return &out
}

// CodeTables maps a table name to its codes.
type CodeTables map[string]map[string]bool

// ReadCodeTables reads a code table file with CodeTable and Code columns
// (MRT_INT-I_LookupCodes.csv or catalogue/codes.tsv).
func ReadCodeTables(r io.Reader, comma rune) (CodeTables, error) {
	cr := newTableReader(r, comma)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("conformance: code tables: %w", err)
	}
	ti, ci := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(h) {
		case "CodeTable":
			ti = i
		case "Code":
			ci = i
		}
	}
	if ti < 0 || ci < 0 {
		return nil, fmt.Errorf("conformance: code tables need CodeTable and Code columns")
	}
	ct := CodeTables{}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return ct, nil
		}
		if err != nil {
			return nil, fmt.Errorf("conformance: code tables: %w", err)
		}
		if ti >= len(row) || ci >= len(row) {
			continue
		}
		name, code := strings.TrimSpace(row[ti]), strings.TrimSpace(row[ci])
		if ct[name] == nil {
			ct[name] = map[string]bool{}
		}
		ct[name][code] = true
		if n, err := strconv.Atoi(code); err == nil {
			ct[name]["#"+strconv.Itoa(n)] = true // numeric form: "01" matches "1"
		}
	}
}

// codeList is one code table compiled for lookups of values held as bytes:
// the codes as text, and the decimal codes as numbers ("01" matches "1").
type codeList struct {
	strs map[string]bool
	nums map[int]bool
}

func newCodeList(codes map[string]bool) *codeList {
	s := &codeList{strs: make(map[string]bool, len(codes)), nums: map[int]bool{}}
	for c := range codes {
		if strings.HasPrefix(c, "#") {
			continue // ReadCodeTables' numeric form
		}
		s.strs[c] = true
		if n, ok := atoiBytes([]byte(c)); ok {
			s.nums[n] = true
		}
	}
	return s
}

func (s *codeList) has(v []byte) bool {
	if s.strs[string(v)] {
		return true
	}
	n, ok := atoiBytes(v)
	return ok && s.nums[n]
}

// table is a parsed field-definition table grouped for evaluation.
type table struct {
	name  string // assertion id prefix, "AN2011"
	rules []*FieldRule
	codes CodeTables
}

// newTable returns the table of rules and codes, its rules compiled: each
// rule's code tables resolved once (rules are then read-only and may be
// shared by the evaluators of several versions).
func newTable(name string, rules []*FieldRule, codes CodeTables) *table {
	sets := map[string]*codeList{}
	for _, r := range rules {
		r.sets = r.sets[:0]
		for _, n := range r.CodeTables {
			s, ok := sets[n]
			if !ok {
				if c, known := codes[n]; known {
					s = newCodeList(c)
				}
				sets[n] = s
			}
			r.sets = append(r.sets, s)
		}
	}
	return &table{name: name, rules: rules, codes: codes}
}

// fieldGroup is a field row with its item rows, for one version.
type fieldGroup struct {
	field *FieldRule   // nil when the table has only item rows for the field
	items []*FieldRule // by item number, from 1; nil entries where undefined
	num   int
	tag   string // "14.013"
}

// group returns the rows in force at v grouped by record type and field.
func (t *table) group(v nist.Version) map[int][]*fieldGroup {
	out := map[int][]*fieldGroup{}
	idx := map[[2]int]*fieldGroup{}
	for _, r := range t.rules {
		if !r.appliesTo(v) {
			continue
		}
		k := [2]int{r.RecordType, r.Field}
		g := idx[k]
		if g == nil {
			g = &fieldGroup{num: r.Field, tag: r.fieldTag()}
			idx[k] = g
			out[r.RecordType] = append(out[r.RecordType], g)
		}
		if r.Item == 0 {
			if g.field == nil || r.Since >= g.field.Since {
				g.field = r
			}
			continue
		}
		for len(g.items) < r.Item {
			g.items = append(g.items, nil)
		}
		if old := g.items[r.Item-1]; old == nil || r.Since >= old.Since {
			g.items[r.Item-1] = r
		}
	}
	for _, gs := range out {
		sort.Slice(gs, func(i, j int) bool { return gs[i].num < gs[j].num })
	}
	return out
}

var (
	baseOnce   sync.Once
	baseTables map[string]*table
	baseCodes  CodeTables
	baseErr    error
)

// loadBase reads the embedded catalogues once.
func loadBase() (map[string]*table, error) {
	baseOnce.Do(func() {
		f, err := catalogueFS.Open("catalogue/codes.tsv")
		if err != nil {
			baseErr = err
			return
		}
		baseCodes, baseErr = ReadCodeTables(f, '\t')
		f.Close()
		if baseErr != nil {
			return
		}
		baseTables = map[string]*table{}
		for _, name := range []string{"an2000", "an2007", "an2011"} {
			f, err := catalogueFS.Open("catalogue/" + name + ".tsv")
			if err != nil {
				baseErr = err
				return
			}
			rules, _, err := ReadFieldRules(f, '\t')
			f.Close()
			if err != nil {
				baseErr = fmt.Errorf("%s: %w", name, err)
				return
			}
			baseTables[name] = newTable(strings.ToUpper(name), rules, baseCodes)
		}
	})
	return baseTables, baseErr
}
