package conformance

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/biogate/biogate/nist"
)

// fieldRules is the Level 1 rule that evaluates a field-definition table:
// presence of mandatory fields and items, occurrences, data types,
// lengths, code tables, value ranges and regular expressions.
//
// It is compiled once per (table, version): a plan per record type lists
// the field groups in force and, for the base catalogues, the fields the
// version defines. Values are checked as bytes of the decoded field, with
// no conversion to strings and no allocation unless a finding is made.
type fieldRules struct {
	mu      sync.Mutex
	present [1000]*nist.Field // scratch: the fields of the record being checked, by number
	items   [][]byte          // scratch for split: every item of the field
	ends    []int             // scratch for split: end of each subfield in items
	t       *table
	v       nist.Version
	groups  map[int][]*fieldGroup
	plans   [100]*recordPlan // by record type, built on first use
	defined bool             // also report fields the version does not define (base catalogues only)
	open    bool             // items beyond those the rules describe are not reported (profiles)
}

// recordPlan is what checking a record of one type needs.
type recordPlan struct {
	groups  []*fieldGroup
	defined [1000/64 + 1]uint64 // fields defined at the version (when fieldRules.defined)
}

func (p *recordPlan) isDefined(n int) bool { return p.defined[n>>6]&(1<<(n&63)) != 0 }

// newFieldRules prepares t for version v.
func newFieldRules(t *table, v nist.Version, defined bool) *fieldRules {
	return &fieldRules{t: t, v: v, groups: t.group(v), defined: defined}
}

// plan returns the plan for records of type typ, nil when the type is out
// of range. The caller holds fr.mu.
func (fr *fieldRules) plan(typ int) *recordPlan {
	if typ < 0 || typ >= len(fr.plans) {
		return nil
	}
	if p := fr.plans[typ]; p != nil {
		return p
	}
	p := &recordPlan{groups: fr.groups[typ]}
	if fr.defined && !nist.IsBinaryType(typ) && typ != 2 {
		for n := 1; n < 1000; n++ {
			if _, ok := nist.LookupField(typ, n, fr.v); ok {
				p.defined[n>>6] |= 1 << (n & 63)
			}
		}
	}
	fr.plans[typ] = p
	return p
}

func (fr *fieldRules) Check(in *Input) []Finding {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	var out []Finding
	for i, r := range in.Transaction.Records {
		if p := fr.plan(r.Type); p != nil {
			out = fr.checkRecord(out, i+1, r, p)
		}
	}
	return out
}

// uniqueRule is the source of the ".unique" assertion.
var uniqueRule = &FieldRule{Source: "ANSI/NIST-ITL 1-2011 §7.2 (a field appears once in a record)"}

// findingAt builds a Level 1 finding of rule ru located at item j of
// subfield i of f (counting from 0; i or j < 0 for the whole field): an
// error, or a warning naming its source when the rule's basis is not the
// standard's verified text (FieldRule.Advisory).
func (fr *fieldRules) findingAt(idx int, r *nist.Record, f *nist.Field, num, i, j int, id string, ru *FieldRule, msg string) Finding {
	loc := Location{Record: idx, RecordType: r.Type, Field: nist.FieldTag(r.Type, num), Offset: -1}
	switch {
	case f == nil:
		loc.Offset = r.Offset
	case i < 0:
		loc.Offset = f.Offset
	default:
		loc.Subfield, loc.Item = i+1, j+1
		if j < 0 {
			loc.Item = 0
			loc.Offset = r.ItemOffset(f, i, 0)
		} else {
			loc.Offset = r.ItemOffset(f, i, j)
		}
	}
	out := Finding{Assertion: fr.t.name + "." + id, Level: Level1, Severity: Error, Location: loc, Message: msg}
	if ru != nil {
		out.Source = ru.Source
		if ru.Advisory() {
			out.Severity = Warning
			out.Message += "; " + ru.basisNote()
		}
	}
	return out
}

func (fr *fieldRules) checkRecord(out []Finding, idx int, r *nist.Record, p *recordPlan) []Finding {
	binary := nist.IsBinaryType(r.Type)
	present := &fr.present
	defer func() { // leave the scratch array empty for the next record
		for _, f := range r.Fields {
			if f.Number > 0 && f.Number < len(present) {
				present[f.Number] = nil
			}
		}
	}()
	for _, f := range r.Fields {
		if f.Number <= 0 || f.Number >= len(present) {
			continue
		}
		if present[f.Number] != nil && !binary {
			out = append(out, fr.findingAt(idx, r, f, f.Number, -1, -1, nist.FieldTag(r.Type, f.Number)+".unique", uniqueRule,
				fmt.Sprintf("field %s appears more than once in the record", nist.FieldTag(r.Type, f.Number))))
			continue
		}
		present[f.Number] = f
		if fr.defined && !binary && r.Type != 2 && !p.isDefined(f.Number) {
			out = append(out, fr.findingAt(idx, r, f, f.Number, -1, -1, nist.FieldTag(r.Type, f.Number)+".defined",
				&FieldRule{Source: "record layout table of Type-" + strconv.Itoa(r.Type)},
				fmt.Sprintf("field %s is not defined for Type-%d records in VER %s (reserved or of another version)",
					nist.FieldTag(r.Type, f.Number), r.Type, fr.v)))
		}
	}
	for _, g := range p.groups {
		if g.num <= 0 || g.num >= len(present) || present[g.num] == nil {
			if g.field != nil && g.field.mandatory() {
				out = append(out, fr.findingAt(idx, r, nil, g.num, -1, -1, g.tag+".present", g.field,
					fmt.Sprintf("mandatory field %s %s is missing", g.tag, g.field.Mnemonic)))
			}
			continue
		}
		f := present[g.num]
		head := g.field
		if head == nil && len(g.items) > 0 {
			head = g.items[0] // item rows without a field row: treat as optional set
		}
		if g.field != nil && g.field.DataType == "B" || f.Binary {
			continue
		}
		out = fr.checkField(out, idx, r, f, g, head, binary)
	}
	return out
}

func (fr *fieldRules) checkField(out []Finding, idx int, r *nist.Record, f *nist.Field, g *fieldGroup, head *FieldRule, binary bool) []Finding {
	tag := g.tag
	items, ends := fr.split(f)
	if g.field != nil && !binary {
		min, max := g.field.MinOccur, g.field.MaxOccur
		if min < 1 {
			min = 1
		}
		if n := len(ends); n < min || max >= 0 && n > max && max > 0 {
			out = append(out, fr.findingAt(idx, r, f, g.num, -1, -1, tag+".occurrence", g.field,
				fmt.Sprintf("field %s %s has %d subfields; the standard allows %s", tag, g.field.Mnemonic, n, occurrence(min, max))))
		}
	}
	if g.field != nil && g.field.Set && g.field.DataType != "" && !binary {
		out = fr.checkSet(out, idx, r, f, g, items, ends)
	}
	if len(g.items) == 0 && g.field != nil && g.field.Set {
		return out // items not described
	}
	start := 0
	if len(g.items) == 0 {
		// A field of single values: each subfield one value (binary
		// multi-value elements such as FGP: each item one value).
		for i, end := range ends {
			s := items[start:end]
			start = end
			for j, v := range s {
				if !binary && j > 0 {
					out = append(out, fr.findingAt(idx, r, f, g.num, i, j, tag+".items", g.field,
						fmt.Sprintf("field %s %s holds one value per subfield, but subfield %d has %d information items", tag, g.field.Mnemonic, i+1, len(s))))
					break
				}
				out = fr.checkValue(out, idx, r, f, g.num, i, j, g.field, tag, v, binary)
			}
		}
		return out
	}
	for i, end := range ends {
		s := items[start:end]
		start = end
		rules := g.items
		if r.Type == 1 && g.num == 3 && (len(rules) == 4 || fr.open && len(rules) == 2) {
			// 1.003 CNT: items A-B (FRC, CRC) in the first subfield, C-D
			// (REC, IDC) in the others (Table 9; the MRT letters them so;
			// a profile read for XML input keeps only A-B).
			if i == 0 {
				rules = rules[:2]
			} else {
				rules = rules[2:]
			}
		}
		out = fr.checkItems(out, idx, r, f, g, head, binary, tag, i, s, rules)
	}
	return out
}

// checkSet applies the data type and length of a field row that describes
// a whole set of items (a profile's "14.013:" row in the OpenEBTS model):
// every item has the field's character type, and the items of each
// subfield together have its length.
func (fr *fieldRules) checkSet(out []Finding, idx int, r *nist.Record, f *nist.Field, g *fieldGroup, items [][]byte, ends []int) []Finding {
	ru := g.field
	start := 0
	for i, end := range ends {
		total := 0
		for j, v := range items[start:end] {
			total += utf8.RuneCount(v)
			if c, bad := ru.chars.check(v); bad {
				out = append(out, fr.findingAt(idx, r, f, g.num, i, j, g.tag+".chars", ru,
					fmt.Sprintf("%s %s value %q holds %q, which character type %s%s does not allow", g.tag, ru.Mnemonic, clip(string(v)), c, ru.DataType, specialNote(ru.Special))))
			}
		}
		if total < ru.MinLength || ru.MaxLength >= 0 && total > ru.MaxLength {
			out = append(out, fr.findingAt(idx, r, f, g.num, i, -1, g.tag+".length", ru,
				fmt.Sprintf("%s %s subfield %d has %d characters in its items; %s allowed", g.tag, ru.Mnemonic, i+1, total, occurrence(ru.MinLength, ru.MaxLength))))
		}
		start = end
	}
	return out
}

// checkItems checks subfield i (items s) against the item rules.
func (fr *fieldRules) checkItems(out []Finding, idx int, r *nist.Record, f *nist.Field, g *fieldGroup, head *FieldRule, binary bool, tag string, i int, s [][]byte, items []*FieldRule) []Finding {
	repeatFrom := len(items)
	for k := len(items) - 1; k >= 0; k-- {
		if it := items[k]; it != nil && (it.MaxOccur < 0 || it.MaxOccur > 1) {
			repeatFrom = k
		} else {
			break
		}
	}
	for j, v := range s {
		it := itemRule(items, repeatFrom, j)
		if it == nil {
			if j >= len(items) && repeatFrom == len(items) && !fr.open {
				out = append(out, fr.findingAt(idx, r, f, g.num, i, j, tag+".items", head,
					fmt.Sprintf("field %s %s subfield %d has %d information items; the standard defines %d", tag, head.Mnemonic, i+1, len(s), len(items))))
				break
			}
			continue
		}
		if len(v) == 0 {
			if it.mandatory() && (j < repeatFrom) {
				out = append(out, fr.findingAt(idx, r, f, g.num, i, j, itemTag(tag, it)+".present", it,
					fmt.Sprintf("field %s subfield %d: mandatory information item %d %s is empty", tag, i+1, j+1, it.Mnemonic)))
			}
			continue
		}
		out = fr.checkValue(out, idx, r, f, g.num, i, j, it, "", v, binary)
	}
	for j := len(s); j < repeatFrom && j < len(items); j++ {
		if it := items[j]; it != nil && it.mandatory() {
			out = append(out, fr.findingAt(idx, r, f, g.num, i, -1, fmt.Sprintf("%s-%c.present", tag, 'A'+rune(it.Item-1)), it,
				fmt.Sprintf("field %s subfield %d: mandatory information item %d %s is missing", tag, i+1, j+1, it.Mnemonic)))
		}
	}
	return out
}

// split returns the items of f as views of its value, and the end (in
// items) of each subfield, reusing the rule's scratch slices (valid until
// the next call). A binary field is one subfield of one item.
func (fr *fieldRules) split(f *nist.Field) (items [][]byte, ends []int) {
	items, ends = fr.items[:0], fr.ends[:0]
	if f.Binary {
		items = append(items, f.Value)
		ends = append(ends, 1)
	} else {
		v := f.Value
		for {
			k := indexSeparator(v)
			if k < 0 {
				items = append(items, v)
				ends = append(ends, len(items))
				break
			}
			items = append(items, v[:k])
			if v[k] == nist.RS {
				ends = append(ends, len(items))
			}
			v = v[k+1:]
		}
	}
	fr.items, fr.ends = items, ends
	return items, ends
}

// indexSeparator returns the index of the first RS or US in v, or -1.
func indexSeparator(v []byte) int {
	for i, c := range v {
		if c == nist.RS || c == nist.US {
			return i
		}
	}
	return -1
}

// itemTag returns "14.015-A" for item rule it of field tag.
func itemTag(tag string, it *FieldRule) string {
	return tag + "-" + string(rune('A'+it.Item-1))
}

// itemRule returns the rule for item j (from 0): the j-th row, or a row of
// the trailing repeating group.
func itemRule(items []*FieldRule, repeatFrom, j int) *FieldRule {
	if j < len(items) {
		return items[j]
	}
	n := len(items) - repeatFrom
	if n <= 0 {
		return nil
	}
	return items[repeatFrom+(j-repeatFrom)%n]
}

func occurrence(min, max int) string {
	switch {
	case max < 0:
		return fmt.Sprintf("at least %d", min)
	case min == max:
		return strconv.Itoa(min)
	}
	return fmt.Sprintf("%d to %d", min, max)
}

// checkValue applies the value constraints of rule ru to v.
func (fr *fieldRules) checkValue(out []Finding, idx int, r *nist.Record, f *nist.Field, num, i, j int, ru *FieldRule, id string, v []byte, binary bool) []Finding {
	if ru == nil {
		return out
	}
	lazy := func() (string, string) {
		if id == "" {
			id = itemTag(nist.FieldTag(r.Type, num), ru)
		}
		return id, strings.TrimSpace(nist.FieldTag(r.Type, num) + " " + ru.Mnemonic)
	}
	if !binary && ru.DataType != "B" {
		n := utf8.RuneCount(v)
		if n < ru.MinLength || ru.MaxLength >= 0 && n > ru.MaxLength {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".length", ru,
				fmt.Sprintf("%s value %q has %d characters; the standard allows %s", name, clip(string(v)), n, occurrence(ru.MinLength, ru.MaxLength))))
			return out
		}
		if c, bad := ru.chars.check(v); bad {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".chars", ru,
				fmt.Sprintf("%s value %q holds %q, which character type %s%s does not allow", name, clip(string(v)), c, ru.DataType, specialNote(ru.Special))))
			return out
		}
	}
	if len(ru.sets) > 0 || ru.Range != nil {
		ok, known := false, false
		for _, s := range ru.sets {
			if s != nil {
				ok, known = ok || s.has(v), true
			}
		}
		if ru.Range != nil && !ok {
			ok, known = ru.Range.containsBytes(v), true
		}
		if known && !ok {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".value", ru,
				fmt.Sprintf("%s value %q is not allowed; expected %s", name, clip(string(v)), expected(ru))))
			return out
		}
	}
	if ru.Regexp != nil && !binary && !ru.Regexp.Match(v) {
		id, name := lazy()
		out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".format", ru,
			fmt.Sprintf("%s value %q does not have the required form %s", name, clip(string(v)), strings.TrimSuffix(strings.TrimPrefix(ru.Regexp.String(), "^(?:"), ")$"))))
		return out
	}
	if ru.NotRegexp != nil && !binary && ru.NotRegexp.Match(v) {
		id, name := lazy()
		out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".format", ru,
			fmt.Sprintf("%s value %q has a form the profile forbids (%s)", name, clip(string(v)), strings.TrimSuffix(strings.TrimPrefix(ru.NotRegexp.String(), "^(?:"), ")$"))))
	}
	return out
}

func expected(ru *FieldRule) string {
	var parts []string
	if ru.Range != nil {
		parts = append(parts, ru.Range.String())
	}
	for _, t := range ru.CodeTables {
		parts = append(parts, "a code of table "+t)
	}
	return strings.Join(parts, " or ")
}

func specialNote(s string) string {
	if s == "" {
		return ""
	}
	return " with special characters " + s
}

// clip shortens long values quoted in messages.
func clip(v string) string {
	if len(v) > 40 {
		return v[:37] + "..."
	}
	return v
}
