package xml

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run gen_mapping.go

//go:embed mapping.tsv
var mappingTSV string

//go:embed records.tsv
var recordsTSV string

//go:embed names.tsv
var namesTSV string

// row is one line of mapping.tsv: where item Item of the covered subfields of
// field Type.Field lives in the XML encoding.
type row struct {
	Type, Field int
	Subs        string   // "1", "*" or "2-"
	Item        int      // 1-based
	Group       []string // table-prefixed steps of the repeated element, nil for none
	Path        []string // steps below the group or record element; last may be "a|b"; empty for "."
	Occ         int      // occurrence of the last path step among same-named siblings (path "a#2"), 1 by default
	Codec       string
	Dialect     string // "*", "inti" or "2011"
	shared      bool   // the group elements also hold items of another field (9.140 and 9.141)
	line        int
}

// recordName is one line of records.tsv.
type recordName struct {
	Type     int
	NIEM2    string
	NIEM4    string
	Dialects string
}

type tables struct {
	rows    map[int][]*row // by record type, in file (schema) order
	records map[int]recordName
	aliases map[string][]string           // table name -> other accepted names
	renames map[Dialect]map[string]string // table name -> dialect name
}

var (
	tablesOnce sync.Once
	tbl        *tables
	tblErr     error
)

func loadTables() (*tables, error) {
	tablesOnce.Do(func() { tbl, tblErr = parseTables() })
	return tbl, tblErr
}

func dataLines(s string) [][]string {
	var out [][]string
	for _, l := range strings.Split(s, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			out = append(out, nil)
			continue
		}
		out = append(out, strings.Split(l, "\t"))
	}
	return out
}

func parseTables() (*tables, error) {
	t := &tables{rows: map[int][]*row{}, records: map[int]recordName{}, aliases: map[string][]string{}, renames: map[Dialect]map[string]string{}}
	for i, c := range dataLines(mappingTSV) {
		if c == nil {
			continue
		}
		if len(c) != 8 {
			return nil, fmt.Errorf("xml: mapping.tsv line %d: %d columns, want 8", i+1, len(c))
		}
		ty, err1 := strconv.Atoi(c[0])
		f, err2 := strconv.Atoi(c[1])
		it, err3 := strconv.Atoi(c[3])
		if err1 != nil || err2 != nil || err3 != nil || it < 1 {
			return nil, fmt.Errorf("xml: mapping.tsv line %d: bad number", i+1)
		}
		r := &row{Type: ty, Field: f, Subs: c[2], Item: it, Codec: c[6], Dialect: c[7], line: i + 1}
		if c[4] != "-" {
			r.Group = strings.Split(c[4], "/")
		}
		r.Occ = 1
		if c[5] != "." {
			r.Path = strings.Split(c[5], "/")
			last := r.Path[len(r.Path)-1]
			if name, occ, ok := strings.Cut(last, "#"); ok {
				n, err := strconv.Atoi(occ)
				if err != nil || n < 1 {
					return nil, fmt.Errorf("xml: mapping.tsv line %d: bad occurrence %q", i+1, last)
				}
				r.Path[len(r.Path)-1], r.Occ = name, n
			}
		}
		if r.Subs != "1" && r.Group == nil {
			return nil, fmt.Errorf("xml: mapping.tsv line %d: repeated subfields need a group", i+1)
		}
		t.rows[ty] = append(t.rows[ty], r)
	}
	// Group elements that more than one field writes into are shared: a
	// field is present only when its own items are.
	for _, rows := range t.rows {
		fields := map[string]map[int]bool{}
		for _, r := range rows {
			if r.Group == nil {
				continue
			}
			k := r.Subs + " " + strings.Join(r.Group, "/")
			if fields[k] == nil {
				fields[k] = map[int]bool{}
			}
			fields[k][r.Field] = true
		}
		for _, r := range rows {
			if r.Group != nil && len(fields[r.Subs+" "+strings.Join(r.Group, "/")]) > 1 {
				r.shared = true
			}
		}
	}
	for i, c := range dataLines(recordsTSV) {
		if c == nil {
			continue
		}
		ty, err := strconv.Atoi(c[0])
		if err != nil || len(c) != 4 {
			return nil, fmt.Errorf("xml: records.tsv line %d: malformed", i+1)
		}
		t.records[ty] = recordName{ty, c[1], c[2], c[3]}
	}
	for i, c := range dataLines(namesTSV) {
		if c == nil {
			continue
		}
		if len(c) != 4 {
			return nil, fmt.Errorf("xml: names.tsv line %d: malformed", i+1)
		}
		switch c[0] {
		case "alias":
			t.aliases[c[2]] = append(t.aliases[c[2]], c[3])
		case "rename":
			d := Dialect(c[1])
			if t.renames[d] == nil {
				t.renames[d] = map[string]string{}
			}
			t.renames[d][c[2]] = c[3]
		}
	}
	return t, nil
}

// recordElement is the table name of the record element of type ty in d.
func (t *tables) recordElement(ty int, d Dialect) (string, bool) {
	rn, ok := t.records[ty]
	if !ok || !strings.Contains(","+rn.Dialects+",", ","+string(d)+",") {
		return "", false
	}
	if d == Dialect2015 {
		return rn.NIEM4, true
	}
	return rn.NIEM2, true
}

// recordType finds the record type whose element is name in any dialect.
func (t *tables) recordType(name string) (int, bool) {
	for ty, rn := range t.records {
		if rn.NIEM2 == name || rn.NIEM4 == name {
			return ty, true
		}
	}
	return 0, false
}

// rowsFor returns the rows of record type ty that Marshal uses for d.
func (t *tables) rowsFor(ty int, d Dialect) []*row {
	var out []*row
	for _, r := range t.rows[ty] {
		if r.Dialect == "*" || r.Dialect == d.rowKey() {
			out = append(out, r)
		}
	}
	return out
}
