package conformance

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// LoadEBTSProfile reads a verification file in OpenEBTS's format (the
// FBI's EBTS 9.1 as EBTS9.1_ENUS.txt; the lookup tables it names with
// mmap="file://T2_POB.txt" are read from the same folder) and returns the
// EBTS profile.
//
// The file has two parts. TRANSACTIONS lists the transaction types (1.004
// TOT), each group followed by its record counts: "1:1 2:1 414:1-14
// 10:0-4;" (one Type-1, one Type-2, 1 to 14 Type-4 and Type-14 records
// together, up to four Type-10; a record type of three or four digits is
// two types counted together). FIELDS holds one rule per field or item,
// ended by ";":
//
//	[M, CAR, CNA, LFS O]                 condition (M or O) and the TOTs it applies to
//	2.010:  T2_CIN  ANS  2-48  1-5       location, mnemonic, character type, size, occurrences
//	        sca="PRINT" mmap="Y:Yes|N:No" date="CCYYMMDD" regex="..." nregex="..." desc="..."
//
// A rule with no TOT list applies to every TOT; a TOT may override the
// condition ("LFS O"); a rule without a list takes the previous rule's.
// Locations: "2.005" a field of single values (each subfield one item),
// "2.010:" a field of items (the size bounds each subfield's items
// together), "2.010..1" item 1 of every subfield (checked when present),
// "4.04...6" an element of a binary record at a byte offset. sca lists
// the special characters allowed ("PRINT": any printable), mmap the
// allowed values (or a file of them), date a date format, regex and
// nregex a form the value must or must not have.
//
// The profile checks: 1.004 TOT is a transaction type of the file; the
// record counts of the TOT, and no record type it does not list; per TOT,
// the mandatory fields, the fields of other TOTs that it does not use,
// occurrences, sizes, character types, value lists, dates and regular
// expressions. Advanced rules (xor, greatereq, ...) and omap (suggested
// values) are not checked. Assertion ids start with "EBTS.".
func LoadEBTSProfile(path string) (*Catalogue, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("conformance: EBTS profile needs OpenEBTS's verification file: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	p := &totProfile{prefix: "EBTS", source: "EBTS verification file " + filepath.Base(path), codes: CodeTables{},
		tots: map[string]bool{}, counts: map[string][]recordCount{}, closed: true, notInTOT: true}
	text := string(b)
	fi := fieldsSection().FindStringIndex(text)
	if fi == nil {
		return nil, fmt.Errorf("conformance: %s: no FIELDS section: not an OpenEBTS verification file", path)
	}
	if err := parseEBTSTransactions(text[:fi[0]], p); err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", path, err)
	}
	if len(p.tots) == 0 {
		return nil, fmt.Errorf("conformance: %s: no transaction types in its TRANSACTIONS sections", path)
	}
	var rules []*FieldRule
	var list []string
	for n, rule := range splitEBTSRules(text[fi[1]:]) {
		tr, l, err := parseEBTSRule(rule, list, filepath.Dir(path), p)
		if err != nil {
			return nil, fmt.Errorf("conformance: %s: rule %d: %w", path, n+1, err)
		}
		list = l
		if tr == nil {
			continue
		}
		p.rules = append(p.rules, *tr)
		rules = append(rules, tr.rule)
	}
	if len(p.rules) == 0 {
		return nil, fmt.Errorf("conformance: %s: no field rules", path)
	}
	newTable("EBTS", rules, p.codes) // resolve the code tables of the rules
	return &Catalogue{Name: "EBTS (OpenEBTS verification file " + name + ")", Rules: []Rule{p}}, nil
}

var (
	fieldsSection = lazyRegexp(`(?m)^FIELDS[ \t]*\r?$`)
	totLine       = lazyRegexp(`^([A-Z0-9]+)\s+"[^"]*"`)
	countToken    = lazyRegexp(`^(\d+):(\d+|x)(?:-(\d+|x))?;?$`)
)

// parseEBTSTransactions reads the TRANSACTIONS sections: the TOTs of a
// group, then the record counts that apply to all of them.
func parseEBTSTransactions(s string, p *totProfile) error {
	var pending []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "", strings.HasPrefix(line, "TRANSACTIONS"):
		case totLine().MatchString(line):
			tot := totLine().FindStringSubmatch(line)[1]
			p.tots[tot] = true
			pending = append(pending, tot)
		default:
			var counts []recordCount
			for _, tok := range strings.Fields(line) {
				m := countToken().FindStringSubmatch(tok)
				if m == nil {
					return fmt.Errorf("record counts %q: %q is not TYPE:MIN-MAX", line, tok)
				}
				rc := recordCount{min: rangeBound(m[2], 0), max: rangeBound(m[2], -1)}
				if m[3] != "" {
					rc.max = rangeBound(m[3], -1)
				}
				switch t := m[1]; {
				case len(t) <= 2:
					n, _ := strconv.Atoi(t)
					rc.types = []int{n}
				default: // "414": Types 4 and 14 counted together
					a, _ := strconv.Atoi(t[:len(t)-2])
					b, _ := strconv.Atoi(t[len(t)-2:])
					rc.types = []int{a, b}
				}
				counts = append(counts, rc)
			}
			for _, tot := range pending {
				p.counts[tot] = counts
			}
			pending = nil
		}
	}
	return sc.Err()
}

func rangeBound(s string, x int) int {
	if s == "x" || s == "X" {
		return x
	}
	n, _ := strconv.Atoi(s)
	return n
}

// splitEBTSRules cuts the FIELDS section at the semicolons outside quotes.
func splitEBTSRules(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return out
}

// skipComments drops the blank and comment lines that start s.
func skipComments(s string) string {
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if !strings.HasPrefix(s, "#") {
			return s
		}
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		} else {
			return ""
		}
	}
}

var (
	locationPattern = lazyRegexp(`^(\d+)\.(\d+)(:|\.\.(\d+)|\.\.\.(\d+)|\.\d+(?:\.\d+)?)?$`)
	rangePattern    = lazyRegexp(`^(\d+|[xX])(?:-(\d+|[xX]))?$`)
	tagPattern      = lazyRegexp(`(?s)\b(desc|sca|date|regex|nregex|mmap|omap|empty)="([^"]*)"`)
)

// parseEBTSRule reads one rule. list is the TOT list in force (the
// previous rule's); the rule's own list, if any, is returned in its place.
// A rule of a location form the profile does not check returns nil.
func parseEBTSRule(s string, list []string, dir string, p *totProfile) (*totRule, []string, error) {
	s = skipComments(s)
	if s == "" {
		return nil, list, nil
	}
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return nil, list, fmt.Errorf("unclosed TOT list")
		}
		var body []string
		for _, line := range strings.Split(s[1:end], "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			body = append(body, line)
		}
		list = nil
		for _, tok := range strings.Split(strings.Join(body, " "), ",") {
			if tok = strings.TrimSpace(tok); tok != "" {
				list = append(list, tok)
			}
		}
		s = s[end+1:]
	}
	if len(list) == 0 {
		return nil, list, fmt.Errorf("no TOT list before %q", firstLine(s))
	}
	// The head: location, mnemonic, character type, size, occurrences.
	head := s
	if i := strings.IndexAny(s, "=("); i >= 0 {
		head = s[:strings.LastIndexFunc(s[:i], unicode.IsSpace)+1]
	}
	toks := strings.Fields(head)
	if len(toks) == 4 && rangePattern().MatchString(toks[2]) { // no character type
		toks = append(toks[:2], append([]string{""}, toks[2:]...)...)
	}
	if len(toks) != 5 {
		return nil, list, fmt.Errorf("%q: expected location, mnemonic, character type, size and occurrences", firstLine(s))
	}
	loc := locationPattern().FindStringSubmatch(toks[0])
	if loc == nil {
		return nil, list, fmt.Errorf("%q: location %q", firstLine(s), toks[0])
	}
	size, occ := rangePattern().FindStringSubmatch(toks[3]), rangePattern().FindStringSubmatch(toks[4])
	if size == nil || occ == nil {
		return nil, list, fmt.Errorf("%q: size %q or occurrences %q", firstLine(s), toks[3], toks[4])
	}
	tags := map[string]string{}
	for _, m := range tagPattern().FindAllStringSubmatch(s[len(head):], -1) {
		if _, dup := tags[m[1]]; !dup {
			tags[m[1]] = m[2]
		}
	}
	r := &FieldRule{Mnemonic: toks[1], DataType: toks[2], FieldID: toks[0]}
	r.RecordType, _ = strconv.Atoi(loc[1])
	r.Field, _ = strconv.Atoi(loc[2])
	r.MinLength, r.MaxLength = rangeBound(size[1], 0), rangeBound(size[1], -1)
	if size[2] != "" {
		r.MaxLength = rangeBound(size[2], -1)
	}
	r.MinOccur, r.MaxOccur = rangeBound(occ[1], 0), rangeBound(occ[1], -1)
	if occ[2] != "" {
		r.MaxOccur = rangeBound(occ[2], -1)
	}
	switch form := loc[3]; {
	case form == "":
	case form == ":":
		r.Set = true
	case loc[4] != "": // item of every subfield
		r.Item, _ = strconv.Atoi(loc[4])
		if r.Item < 1 {
			return nil, list, fmt.Errorf("%q: item 0", toks[0])
		}
	case loc[5] != "": // binary record element: values are decimal numbers, but for the image data
		r.DataType, r.MinLength, r.MaxLength = "N", 0, -1
		if strings.HasSuffix(r.Mnemonic, "_DAT") {
			r.DataType = "B"
		}
	default: // subfield or subfield item forms: not checked (as in OpenEBTS)
		return nil, list, nil
	}
	if strings.HasPrefix(r.DataType, "B") {
		r.DataType = "B"
	}
	switch sca := tags["sca"]; sca {
	case "":
	case "PRINT":
		r.Special = "ALL"
	default:
		r.Special = "[" + sca + "]"
	}
	r.chars = newCharClass(r.DataType, r.Special)
	if d := tags["date"]; d != "" {
		re, ok := dateForms()[d]
		if !ok {
			return nil, list, fmt.Errorf("%s: date format %q", r.Mnemonic, d)
		}
		r.Regexp = re
	}
	var err error
	if x := tags["regex"]; x != "" {
		if r.Regexp, err = regexp.Compile(`^(?:` + x + `)$`); err != nil {
			return nil, list, fmt.Errorf("%s: regex: %w", r.Mnemonic, err)
		}
	}
	if x := tags["nregex"]; x != "" {
		if r.NotRegexp, err = regexp.Compile(`^(?:` + x + `)$`); err != nil {
			return nil, list, fmt.Errorf("%s: nregex: %w", r.Mnemonic, err)
		}
	}
	if m := tags["mmap"]; m != "" {
		codes, err := mmapCodes(m, dir)
		if err != nil {
			return nil, list, fmt.Errorf("%s: %w", r.Mnemonic, err)
		}
		if e := tags["empty"]; e != "" {
			codes[e] = true // the filler of unused elements (FGP 255)
		}
		p.codes[r.Mnemonic] = codes
		r.CodeTables = []string{r.Mnemonic}
	}
	r.Source = p.source + ", " + r.Mnemonic + " " + toks[0]
	if d := tags["desc"]; d != "" {
		r.Source += " (" + d + ")"
	}

	tr := &totRule{rule: r}
	def := strings.ToUpper(list[0])
	if def != "M" && def != "O" {
		return nil, list, fmt.Errorf("%s: TOT list starts with %q, not M or O", r.Mnemonic, list[0])
	}
	if len(list) > 1 {
		tr.tots = map[string]string{}
		for _, t := range list[1:] {
			f := strings.Fields(t)
			cond := def
			if len(f) > 1 {
				cond = strings.ToUpper(f[1])
			}
			tr.tots[f[0]] = cond
		}
	} else {
		tr.cond = def
	}
	if r.Item > 0 { // items are checked when present (OpenEBTS: never mandatory)
		for t := range tr.tots {
			tr.tots[t] = "O^"
		}
		tr.cond = "O^"
	}
	return tr, list, nil
}

// dateForms are the date formats of the verification file: Z allows the
// all-zero date of an unknown one.
var dateForms = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"CCYYMMDD":        regexp.MustCompile(`^(?:\d\d\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$`),
		"ZCCYYMMDD":       regexp.MustCompile(`^(?:00000000|\d\d\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))$`),
		"YYYYMMDDhhmmssZ": regexp.MustCompile(`^(?:\d\d\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\dZ)$`),
	}
})

// mmapCodes reads the allowed values of an mmap tag: "V:description|..."
// or "file://NAME" (a table of VALUE<TAB>description lines beside the
// verification file).
func mmapCodes(m, dir string) (map[string]bool, error) {
	codes := map[string]bool{}
	if name, ok := strings.CutPrefix(strings.TrimSpace(m), "file://"); ok {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("mmap table: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			code, _, _ := strings.Cut(strings.TrimRight(line, "\r"), "\t")
			if code = strings.TrimSpace(code); code != "" {
				codes[code] = true
			}
		}
		return codes, nil
	}
	for _, e := range strings.Split(m, "|") {
		e = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(e), "\\"))
		v, _, _ := strings.Cut(e, ":")
		if v = strings.TrimSpace(v); v != "" {
			codes[v] = true
		}
	}
	return codes, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
