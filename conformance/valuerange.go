package conformance

import (
	"fmt"
	"strconv"
	"strings"
)

// valueRange is the ValueRange column of a field table: a comma-separated
// list in braces of numbers, closed ranges "a..b", comparisons ">=n", ">n",
// "<=n", "<n" (comparisons in one list all apply together, as in
// "{>0,<60}") and quoted strings. A value satisfies the range when it equals
// a listed value, lies in a listed range, or meets every comparison.
type valueRange struct {
	text    string
	strs    map[string]bool
	spans   [][2]float64
	compare []comparison
}

type comparison struct {
	op string
	n  float64
}

func parseValueRange(s string) (*valueRange, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("value range %q is not in braces", s)
	}
	vr := &valueRange{text: s, strs: map[string]bool{}}
	for _, p := range strings.Split(s[1:len(s)-1], ",") {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case strings.HasPrefix(p, `"`):
			vr.strs[strings.Trim(p, `"`)] = true
		case strings.HasPrefix(p, ">=") || strings.HasPrefix(p, "<="):
			n, err := strconv.ParseFloat(p[2:], 64)
			if err != nil {
				return nil, fmt.Errorf("value range %q: %q", s, p)
			}
			vr.compare = append(vr.compare, comparison{p[:2], n})
		case strings.HasPrefix(p, ">") || strings.HasPrefix(p, "<"):
			n, err := strconv.ParseFloat(p[1:], 64)
			if err != nil {
				return nil, fmt.Errorf("value range %q: %q", s, p)
			}
			vr.compare = append(vr.compare, comparison{p[:1], n})
		case strings.Contains(p, ".."):
			a, b, _ := strings.Cut(p, "..")
			lo, err1 := strconv.ParseFloat(a, 64)
			hi, err2 := strconv.ParseFloat(b, 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("value range %q: %q", s, p)
			}
			vr.spans = append(vr.spans, [2]float64{lo, hi})
		default:
			n, err := strconv.ParseFloat(p, 64)
			if err != nil {
				vr.strs[p] = true // an unquoted code
				continue
			}
			vr.spans = append(vr.spans, [2]float64{n, n})
		}
	}
	return vr, nil
}

// contains reports whether v satisfies the range.
func (vr *valueRange) contains(v string) bool {
	if vr.strs[v] {
		return true
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return false
	}
	return vr.containsNumber(n)
}

// containsNumber reports whether the number n satisfies the range.
func (vr *valueRange) containsNumber(n float64) bool {
	for _, sp := range vr.spans {
		if n >= sp[0] && n <= sp[1] {
			return true
		}
	}
	if len(vr.compare) == 0 {
		return false
	}
	for _, c := range vr.compare {
		ok := false
		switch c.op {
		case ">=":
			ok = n >= c.n
		case ">":
			ok = n > c.n
		case "<=":
			ok = n <= c.n
		case "<":
			ok = n < c.n
		}
		if !ok {
			return false
		}
	}
	return true
}

// containsBytes is contains for a value held as bytes: integers, the
// common case, are read without converting the value to a string.
func (vr *valueRange) containsBytes(v []byte) bool {
	if vr.strs[string(v)] {
		return true
	}
	n, ok := atoiBytes(v)
	if !ok {
		return vr.contains(string(v))
	}
	return vr.containsNumber(float64(n))
}

// atoiBytes reads a non-negative decimal integer of at most 15
// significant digits (leading zeros allowed).
func atoiBytes(v []byte) (int, bool) {
	if len(v) == 0 {
		return 0, false
	}
	for len(v) > 1 && v[0] == '0' {
		v = v[1:]
	}
	if len(v) > 15 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func (vr *valueRange) String() string { return vr.text }
