package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Bounds on the numbers of a JSON body. A schema validator may read each
// number as a big.Rat (the one used before internal/schema did, and
// panicked on an exponent it could not represent: 2.5e10000000), and a
// long number costs time and memory in proportion. No number of a
// Biogate document needs more than a few digits.
const (
	maxNumberLen      = 40  // characters of one number
	maxNumberExponent = 400 // magnitude of its exponent
)

// decodeJSONBody decodes a JSON request body for schema validation,
// numbers as json.Number, and refuses with a 400 problem saying where
// (JSON pointer) a number outside the bounds above. It is the one place
// every JSON body passes before the schema sees it.
func decodeJSONBody(b []byte) (any, *Problem) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, problem(http.StatusBadRequest, "invalid-request", "the JSON body is not JSON: "+err.Error())
	}
	if ptr, msg := hostileNumber(v, ""); msg != "" {
		return nil, problem(http.StatusBadRequest, "invalid-request", fmt.Sprintf("the JSON body's number at %s %s", pointerText(ptr), msg))
	}
	return v, nil
}

// hostileNumber returns the JSON pointer of the first number of v outside
// the bounds, and what is wrong with it.
func hostileNumber(v any, ptr string) (string, string) {
	switch x := v.(type) {
	case json.Number:
		if msg := numberProblem(string(x)); msg != "" {
			return ptr, msg
		}
	case []any:
		for i, e := range x {
			if p, msg := hostileNumber(e, ptr+"/"+strconv.Itoa(i)); msg != "" {
				return p, msg
			}
		}
	case map[string]any:
		for k, e := range x {
			if p, msg := hostileNumber(e, ptr+"/"+pointerToken(k)); msg != "" {
				return p, msg
			}
		}
	}
	return "", ""
}

// numberProblem checks a JSON number's text (already valid JSON syntax).
func numberProblem(s string) string {
	if len(s) > maxNumberLen {
		return fmt.Sprintf("has %d characters; at most %d are accepted", len(s), maxNumberLen)
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || exp > maxNumberExponent || exp < -maxNumberExponent {
			return fmt.Sprintf("%s has an exponent outside ±%d", s, maxNumberExponent)
		}
	}
	return ""
}

// pointerToken escapes a member name for a JSON pointer (RFC 6901 §3).
func pointerToken(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

func pointerText(ptr string) string {
	if ptr == "" {
		return "the top level"
	}
	return ptr
}
