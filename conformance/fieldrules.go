package conformance

import (
	"bytes"
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
type fieldRules struct {
	present [1000]*nist.Field // scratch: the fields of the record being checked, by number
	subs    [][]string        // scratch for split
	items   []string
	mu      sync.Mutex
	t       *table
	v       nist.Version
	groups  map[int][]*fieldGroup
	defined bool // also report fields the version does not define (base catalogues only)
}

// newFieldRules prepares t for version v.
func newFieldRules(t *table, v nist.Version, defined bool) *fieldRules {
	return &fieldRules{t: t, v: v, groups: t.group(v), defined: defined}
}

func (fr *fieldRules) Check(in *Input) []Finding {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	var out []Finding
	for i, r := range in.Transaction.Records {
		out = fr.checkRecord(out, i+1, r)
	}
	return out
}

// findingAt builds a Level 1 error located at item j of subfield i of f
// (counting from 0; i or j < 0 for the whole field).
func (fr *fieldRules) findingAt(idx int, r *nist.Record, f *nist.Field, num, i, j int, id, source, msg string) Finding {
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
	return Finding{Assertion: fr.t.name + "." + id, Level: Level1, Severity: Error, Location: loc, Message: msg, Source: source}
}

func (fr *fieldRules) checkRecord(out []Finding, idx int, r *nist.Record) []Finding {
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
			out = append(out, fr.findingAt(idx, r, f, f.Number, -1, -1, nist.FieldTag(r.Type, f.Number)+".unique",
				"ANSI/NIST-ITL 1-2011 §7.2 (a field appears once in a record)",
				fmt.Sprintf("field %s appears more than once in the record", nist.FieldTag(r.Type, f.Number))))
			continue
		}
		present[f.Number] = f
		if fr.defined && !binary && r.Type != 2 {
			if _, ok := nist.LookupField(r.Type, f.Number, fr.v); !ok {
				out = append(out, fr.findingAt(idx, r, f, f.Number, -1, -1, nist.FieldTag(r.Type, f.Number)+".defined",
					"record layout table of Type-"+strconv.Itoa(r.Type),
					fmt.Sprintf("field %s is not defined for Type-%d records in VER %s (reserved or of another version)",
						nist.FieldTag(r.Type, f.Number), r.Type, fr.v)))
			}
		}
	}
	for _, g := range fr.groups[r.Type] {
		if g.num <= 0 || g.num >= len(present) || present[g.num] == nil {
			if g.field != nil && g.field.mandatory() {
				tag := nist.FieldTag(r.Type, g.num)
				out = append(out, fr.findingAt(idx, r, nil, g.num, -1, -1, tag+".present", g.field.Source,
					fmt.Sprintf("mandatory field %s %s is missing", tag, g.field.Mnemonic)))
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
	subs := fr.split(f)
	if g.field != nil && !binary {
		min, max := g.field.MinOccur, g.field.MaxOccur
		if min < 1 {
			min = 1
		}
		if n := len(subs); n < min || max >= 0 && n > max && max > 0 {
			out = append(out, fr.findingAt(idx, r, f, g.num, -1, -1, tag+".occurrence", g.field.Source,
				fmt.Sprintf("field %s %s has %d subfields; the standard allows %s", tag, g.field.Mnemonic, n, occurrence(min, max))))
		}
	}
	if len(g.items) == 0 && g.field != nil && g.field.Set {
		return out // items not described
	}
	if len(g.items) == 0 {
		// A field of single values: each subfield one value (binary
		// multi-value elements such as FGP: each item one value).
		for i, s := range subs {
			for j, v := range s {
				if !binary && j > 0 {
					out = append(out, fr.findingAt(idx, r, f, g.num, i, j, tag+".items", g.field.Source,
						fmt.Sprintf("field %s %s holds one value per subfield, but subfield %d has %d information items", tag, g.field.Mnemonic, i+1, len(s))))
					break
				}
				out = fr.checkValue(out, idx, r, f, g.num, i, j, g.field, tag, v, binary)
			}
		}
		return out
	}
	for i, s := range subs {
		items := g.items
		if r.Type == 1 && g.num == 3 && len(items) == 4 {
			// 1.003 CNT: items A-B (FRC, CRC) in the first subfield, C-D
			// (REC, IDC) in the others (Table 9; the MRT letters them so).
			if i == 0 {
				items = items[:2]
			} else {
				items = items[2:]
			}
		}
		out = fr.checkItems(out, idx, r, f, g, head, binary, tag, i, s, items)
	}
	return out
}

// checkItems checks subfield i (items s) against the item rules.
func (fr *fieldRules) checkItems(out []Finding, idx int, r *nist.Record, f *nist.Field, g *fieldGroup, head *FieldRule, binary bool, tag string, i int, s []string, items []*FieldRule) []Finding {
	repeatFrom := len(items)
	for k := len(items) - 1; k >= 0; k-- {
		if it := items[k]; it != nil && (it.MaxOccur < 0 || it.MaxOccur > 1) {
			repeatFrom = k
		} else {
			break
		}
	}
	{
		for j, v := range s {
			it := itemRule(items, repeatFrom, j)
			if it == nil {
				if j >= len(items) && repeatFrom == len(items) {
					out = append(out, fr.findingAt(idx, r, f, g.num, i, j, tag+".items", head.Source,
						fmt.Sprintf("field %s %s subfield %d has %d information items; the standard defines %d", tag, head.Mnemonic, i+1, len(s), len(items))))
					break
				}
				continue
			}
			if v == "" {
				itag := itemTag(tag, it)
				if it.mandatory() && (j < repeatFrom) {
					out = append(out, fr.findingAt(idx, r, f, g.num, i, j, itag+".present", it.Source,
						fmt.Sprintf("field %s subfield %d: mandatory information item %d %s is empty", tag, i+1, j+1, it.Mnemonic)))
				}
				continue
			}
			out = fr.checkValue(out, idx, r, f, g.num, i, j, it, "", v, binary)
		}
		for j := len(s); j < repeatFrom && j < len(items); j++ {
			if it := items[j]; it != nil && it.mandatory() {
				out = append(out, fr.findingAt(idx, r, f, g.num, i, -1, fmt.Sprintf("%s-%c.present", tag, 'A'+rune(it.Item-1)), it.Source,
					fmt.Sprintf("field %s subfield %d: mandatory information item %d %s is missing", tag, i+1, j+1, it.Mnemonic)))
			}
		}
	}
	return out
}

// split returns the subfields and items of f like [nist.Field.Subfields],
// reusing the rule's scratch slices (valid until the next call).
func (fr *fieldRules) split(f *nist.Field) [][]string {
	fr.subs, fr.items = fr.subs[:0], fr.items[:0]
	if f.Binary {
		fr.items = append(fr.items, string(f.Value))
		return append(fr.subs, fr.items)
	}
	v := f.Value
	start := 0
	for {
		k := bytes.IndexAny(v, "\x1e\x1f")
		if k < 0 {
			fr.items = append(fr.items, string(v))
			break
		}
		fr.items = append(fr.items, string(v[:k]))
		if v[k] == nist.RS {
			fr.subs = append(fr.subs, fr.items[start:len(fr.items):len(fr.items)])
			start = len(fr.items)
		}
		v = v[k+1:]
	}
	return fr.resplit(start)
}

// resplit rebuilds the subfield slices over the final items array (append
// may have moved it while splitting).
func (fr *fieldRules) resplit(lastStart int) [][]string {
	n := 0
	for i := range fr.subs {
		l := len(fr.subs[i])
		fr.subs[i] = fr.items[n : n+l : n+l]
		n += l
	}
	return append(fr.subs, fr.items[lastStart:len(fr.items):len(fr.items)])
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
func (fr *fieldRules) checkValue(out []Finding, idx int, r *nist.Record, f *nist.Field, num, i, j int, ru *FieldRule, id, v string, binary bool) []Finding {
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
		n := utf8.RuneCountInString(v)
		if n < ru.MinLength || ru.MaxLength >= 0 && n > ru.MaxLength {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".length", ru.Source,
				fmt.Sprintf("%s value %q has %d characters; the standard allows %s", name, clip(v), n, occurrence(ru.MinLength, ru.MaxLength))))
			return out
		}
		if c, bad := ru.chars.check(v); bad {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".chars", ru.Source,
				fmt.Sprintf("%s value %q holds %q, which character type %s%s does not allow", name, clip(v), c, ru.DataType, specialNote(ru.Special))))
			return out
		}
	}
	if len(ru.CodeTables) > 0 || ru.Range != nil {
		ok, known := false, false
		for _, t := range ru.CodeTables {
			found, k := fr.t.codes.has(t, v)
			ok, known = ok || found, known || k
		}
		if ru.Range != nil {
			ok, known = ok || ru.Range.contains(v), true
		}
		if known && !ok {
			id, name := lazy()
			out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".value", ru.Source,
				fmt.Sprintf("%s value %q is not allowed; expected %s", name, clip(v), expected(ru))))
			return out
		}
	}
	if ru.Regexp != nil && !binary && !ru.Regexp.MatchString(v) {
		id, name := lazy()
		out = append(out, fr.findingAt(idx, r, f, num, i, j, id+".format", ru.Source,
			fmt.Sprintf("%s value %q does not have the required form %s", name, clip(v), strings.TrimSuffix(strings.TrimPrefix(ru.Regexp.String(), "^(?:"), ")$"))))
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
