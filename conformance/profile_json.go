package conformance

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/biogate/biogate/internal/schema"
)

// ProfileSchema is the JSON Schema (draft 2020-12) of a partner's profile
// ([LoadProfileJSON]). A profile names itself (id, the prefix of its
// assertion ids, and name), and may:
//
//   - restrict 1.004 TOT to transactionTypes;
//   - bound the records of some types (records: types counted together,
//     min, max), for some TOTs or all;
//   - set rules on fields or on one information item of every subfield
//     (fields: field "2.018", item, tot, required, occurrences,
//     minLength, maxLength, values, codeList naming one of codeLists,
//     pattern a Go regular expression the whole value matches);
//   - raise base warnings to errors (raise: assertion ids, or prefixes
//     ending in "*").
//
// testdata/profiles/partner.json is an example.
//
//go:embed profile.schema.json
var ProfileSchema []byte

// profileSchema is compiled on first use, not at start-up.
var profileSchema = sync.OnceValue(func() *schema.Schema { return schema.MustCompile(ProfileSchema) })

// jsonProfile is a profile as written (see profile.schema.json).
type jsonProfile struct {
	ID               string              `json:"id"`
	Name             string              `json:"name"`
	TransactionTypes []string            `json:"transactionTypes"`
	CodeLists        map[string][]string `json:"codeLists"`
	Records          []struct {
		TOT   []string `json:"tot"`
		Types []int    `json:"types"`
		Min   *int     `json:"min"`
		Max   *int     `json:"max"`
	} `json:"records"`
	Fields []struct {
		Field       string   `json:"field"`
		Item        int      `json:"item"`
		TOT         []string `json:"tot"`
		Required    bool     `json:"required"`
		Occurrences *struct {
			Min *int `json:"min"`
			Max *int `json:"max"`
		} `json:"occurrences"`
		MinLength *int     `json:"minLength"`
		MaxLength *int     `json:"maxLength"`
		Values    []string `json:"values"`
		CodeList  string   `json:"codeList"`
		Pattern   string   `json:"pattern"`
	} `json:"fields"`
	Raise []string `json:"raise"`
}

// ProfileError is a JSON profile that [LoadProfileJSON] refuses: each
// problem names the JSON path (a JSON Pointer) of the value at fault.
type ProfileError struct {
	Problems []string // "/fields/0/field: does not match pattern ..."
}

func (e *ProfileError) Error() string {
	return "conformance: profile: " + strings.Join(e.Problems, "; ")
}

// LoadProfileJSON reads a partner's profile written as JSON, checks it
// against [ProfileSchema] and returns it as a catalogue to add after the
// base one. A refused profile gives a *ProfileError.
func LoadProfileJSON(b []byte) (*Catalogue, error) {
	var doc any
	err := json.Unmarshal(b, &doc)
	if err != nil {
		return nil, &ProfileError{Problems: []string{"/: not JSON: " + err.Error()}}
	}
	if err := profileSchema().Validate(doc); err != nil {
		var se *schema.Error
		if !errors.As(err, &se) {
			return nil, fmt.Errorf("conformance: profile: %w", err)
		}
		return nil, &ProfileError{Problems: []string{se.Error()}}
	}
	var jp jsonProfile
	if err := json.Unmarshal(b, &jp); err != nil {
		return nil, &ProfileError{Problems: []string{"/: " + err.Error()}}
	}
	return jp.catalogue()
}

func (jp *jsonProfile) catalogue() (*Catalogue, error) {
	p := &totProfile{prefix: jp.ID, source: "profile " + jp.Name, codes: CodeTables{}, counts: map[string][]recordCount{}}
	var problems []string
	if len(jp.TransactionTypes) > 0 {
		p.tots = map[string]bool{}
		for _, t := range jp.TransactionTypes {
			p.tots[t] = true
		}
	}
	for name, codes := range jp.CodeLists {
		p.codes[name] = map[string]bool{}
		for _, c := range codes {
			p.codes[name][c] = true
		}
	}
	for _, r := range jp.Records {
		rc := recordCount{types: r.Types, max: -1}
		if r.Min != nil {
			rc.min = *r.Min
		}
		if r.Max != nil {
			rc.max = *r.Max
		}
		tots := r.TOT
		if len(tots) == 0 {
			tots = []string{"*"}
		}
		for _, t := range tots {
			p.counts[t] = append(p.counts[t], rc)
		}
	}
	var rules []*FieldRule
	for i, f := range jp.Fields {
		path := "/fields/" + strconv.Itoa(i)
		typ, _ := strconv.Atoi(f.Field[:strings.IndexByte(f.Field, '.')])
		num, _ := strconv.Atoi(f.Field[strings.IndexByte(f.Field, '.')+1:])
		if num == 0 {
			problems = append(problems, path+"/field: field number 0 does not exist")
			continue
		}
		r := &FieldRule{RecordType: typ, Field: num, Item: f.Item, FieldID: f.Field, MinOccur: 0, MaxOccur: -1, MaxLength: -1,
			Source: fmt.Sprintf("profile %s, %s", jp.Name, path)}
		if f.Item > 0 {
			r.FieldID = fmt.Sprintf("%s-%c", f.Field, 'A'+rune(f.Item-1))
			r.MaxOccur = 1
		}
		if o := f.Occurrences; o != nil {
			if o.Min != nil {
				r.MinOccur = *o.Min
			}
			if o.Max != nil {
				r.MaxOccur = *o.Max
			}
			if f.Item > 0 {
				problems = append(problems, path+"/occurrences: occurrences count the subfields of a field, not items")
			}
		}
		if f.MinLength != nil {
			r.MinLength = *f.MinLength
		}
		if f.MaxLength != nil {
			r.MaxLength = *f.MaxLength
			if r.MaxLength < r.MinLength {
				problems = append(problems, path+"/maxLength: less than minLength")
			}
		}
		if len(f.Values) > 0 {
			name := jp.ID + path
			p.codes[name] = map[string]bool{}
			for _, v := range f.Values {
				p.codes[name][v] = true
			}
			r.CodeTables = append(r.CodeTables, name)
		}
		if f.CodeList != "" {
			if _, ok := jp.CodeLists[f.CodeList]; !ok {
				problems = append(problems, fmt.Sprintf("%s/codeList: no code list %q in /codeLists", path, f.CodeList))
			}
			r.CodeTables = append(r.CodeTables, f.CodeList)
		}
		if f.Pattern != "" {
			re, err := regexp.Compile(`^(?:` + f.Pattern + `)$`)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s/pattern: not a regular expression: %v", path, err))
			}
			r.Regexp = re
		}
		cond := "O"
		if f.Required {
			cond = "M"
		}
		if f.Item > 0 {
			cond += "^"
		}
		r.chars = newCharClass("", "")
		rules = append(rules, r)
		add := func(r *FieldRule, cond string) {
			tr := totRule{rule: r, cond: cond}
			if len(f.TOT) > 0 {
				tr.tots = map[string]string{}
				for _, t := range f.TOT {
					tr.tots[t] = cond
				}
			}
			p.rules = append(p.rules, tr)
		}
		add(r, cond)
		if f.Item > 0 && f.Required {
			// A required item needs its field.
			add(&FieldRule{RecordType: typ, Field: num, FieldID: f.Field, MaxOccur: -1, MaxLength: -1, Source: r.Source}, "M")
		}
	}
	if len(problems) > 0 {
		return nil, &ProfileError{Problems: problems}
	}
	newTable(jp.ID, rules, p.codes)
	return &Catalogue{Name: jp.Name, Rules: []Rule{p}, Raise: jp.Raise}, nil
}
