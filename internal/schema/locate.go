package schema

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// locate turns an error of the library into an *Error naming the
// offending value. The library's error names the schema locations it
// descended through (each a JSON Pointer within the document, or the
// document's URI for its root); each step from one location to a
// sub-location under "properties/NAME", "prefixItems/N", "items",
// "additionalProperties", "patternProperties/RE" or "propertyNames" is a
// step into the instance too. Where the step does not say which item or
// member ("items", ...), the first one in the instance that fails the
// sub-schema on its own is the one: the library checks them in order
// and stops at the first failure. Other steps ($ref, allOf, oneOf,
// if/then, ...) stay on the same value.
func (s *Schema) locate(err error, v any) *Error {
	locs, leaf := errChain(err)
	path := ""
	prev := s.pointer
	for _, loc := range locs {
		if !strings.HasPrefix(loc, "/") {
			continue // the document itself, or the wrapper of a Sub
		}
		rel, ok := strings.CutPrefix(loc, prev+"/")
		prev = loc
		if !ok {
			continue // a $ref's jump
		}
		var tok string
		v, tok, ok = s.step(rel, loc, v, leaf)
		if !ok {
			continue
		}
		path += "/" + Escape(tok)
		if rel == "propertyNames" {
			break // the name is at fault, not its value
		}
	}
	return &Error{Path: path, Message: s.explain(leaf, prev, v)}
}

// step follows one schema step rel (to the sub-schema at loc) into the
// instance v: it returns the value stepped to and its pointer token, or
// ok false when the step stays on v.
func (s *Schema) step(rel, loc string, v any, leaf string) (next any, tok string, ok bool) {
	kw, arg, _ := strings.Cut(rel, "/")
	switch kw {
	case "properties":
		m, isMap := v.(map[string]any)
		if !isMap || strings.Contains(arg, "/") {
			return v, "", false
		}
		name := unescape(arg)
		return m[name], name, true
	case "prefixItems":
		a, isArr := v.([]any)
		i, err := strconv.Atoi(arg)
		if !isArr || err != nil || i < 0 || i >= len(a) {
			return v, "", false
		}
		return a[i], arg, true
	case "items":
		a, isArr := v.([]any)
		if !isArr || arg != "" {
			return v, "", false
		}
		keys := make([]string, len(a))
		for i := range a {
			keys[i] = strconv.Itoa(i)
		}
		i := s.firstFailing(loc, keys, func(k int) any { return a[k] }, leaf)
		if i < 0 {
			return v, "", false
		}
		return a[i], keys[i], true
	case "additionalProperties", "patternProperties", "propertyNames":
		m, isMap := v.(map[string]any)
		if !isMap {
			return v, "", false
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		get := func(i int) any { return m[keys[i]] }
		if kw == "propertyNames" {
			get = func(i int) any { return keys[i] }
		}
		i := s.firstFailing(loc, keys, get, leaf)
		if i < 0 {
			return v, "", false
		}
		return get(i), keys[i], true
	}
	return v, "", false
}

// firstFailing returns the index of the first of the values that fails
// the sub-schema at loc, preferring one whose failure is leaf; -1 when
// none fails (or the sub-schema cannot be compiled).
func (s *Schema) firstFailing(loc string, keys []string, get func(int) any, leaf string) int {
	sub, err := s.Sub(loc)
	if err != nil {
		return -1
	}
	first := -1
	for i := range keys {
		err := sub.rs.Validate(get(i))
		if err == nil {
			continue
		}
		if _, l := errChain(err); l == leaf {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

// explain rewords the library's innermost message where it says less
// than it could: a failed oneOf/anyOf says why each alternative failed
// (the library prints only "<anonymous schema>" for each), and whole
// numbers in bounds are printed as written ("1", not "1.000000").
func (s *Schema) explain(leaf, loc string, v any) string {
	for _, kw := range []string{"oneOf", "anyOf"} {
		if !strings.HasPrefix(leaf, kw+": did not validate") {
			continue
		}
		sch := lookup(s.rootSchema(), loc)
		if sch == nil {
			break
		}
		alts := sch.OneOf
		if kw == "anyOf" {
			alts = sch.AnyOf
		}
		var why []string
		for i := range alts {
			sub, err := s.Sub(loc + "/" + kw + "/" + strconv.Itoa(i))
			if err != nil {
				continue
			}
			switch err := sub.Validate(v).(type) {
			case nil:
			case *Error:
				if err.Path == "" {
					why = append(why, err.Message) // about v itself
					break
				}
				why = append(why, err.Error())
			default:
				why = append(why, err.Error())
			}
		}
		if len(why) > 0 {
			return "matches none of the " + strconv.Itoa(len(alts)) + " alternatives (" + kw + "): " + strings.Join(why, "; or ")
		}
	}
	for _, kw := range []string{"minimum:", "maximum:", "exclusiveMinimum:", "exclusiveMaximum:", "multipleOf:"} {
		if strings.HasPrefix(leaf, kw) {
			return wholeNumber().ReplaceAllString(leaf, "$1")
		}
	}
	return leaf
}

// wholeNumber is a whole number as the library prints its bounds (with
// %f: "1.000000") and values (as a big.Rat: "140/1").
var wholeNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(-?\d+)(?:\.000000|/1)\b`) })
