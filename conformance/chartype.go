package conformance

import (
	"strings"
	"unicode/utf8"
)

// Character types of ANSI/NIST-ITL 1-2011 §5.5 (Table 3): A alphabetic,
// N numeric, S special (listed per field in the SpecialChar column), H
// hexadecimal, U any character of the declared encoding, B binary. Type
// names combine them (AN, ANS, NS, AS).

// charOK reports whether c is allowed by dataType plus special: "ALL"
// lets any printable ASCII character through, "[.-]" lists the characters.
// A type with S and no list allows every printable character; space is
// allowed in every type with S.
func charOK(dataType, special string, c rune) bool {
	switch dataType {
	case "", "B":
		return true
	case "U":
		return c >= 0x20 && c != 0x7f || c == '\t' || c == '\n' || c == '\r'
	case "H":
		return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f'
	}
	printable := c >= 0x20 && c < 0x7f
	switch {
	case strings.Contains(dataType, "A") && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'):
		return true
	case strings.Contains(dataType, "N") && c >= '0' && c <= '9':
		return true
	case special == "ALL":
		return printable
	case special != "" && strings.ContainsRune(strings.Trim(special, "[]"), c):
		return true
	case strings.Contains(dataType, "S"):
		return c == ' ' || special == "" && printable
	}
	return false
}

// charClass is a data type and its special characters, compiled for
// checking values quickly: ascii[c] says whether ASCII character c is
// allowed; other characters only by type U.
type charClass struct {
	any   bool // no type, or B: everything passes
	ascii [128]bool
	other bool // non-ASCII characters allowed (type U)
}

func newCharClass(dataType, special string) charClass {
	var cc charClass
	if dataType == "" || dataType == "B" {
		cc.any = true
		return cc
	}
	for c := rune(0); c < 128; c++ {
		cc.ascii[c] = charOK(dataType, special, c)
	}
	cc.other = dataType == "U"
	return cc
}

// check returns the first character of v the class does not allow.
func (cc *charClass) check(v []byte) (rune, bool) {
	if cc.any {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 128 {
			if !cc.ascii[c] {
				return rune(c), true
			}
			continue
		}
		r, n := utf8.DecodeRune(v[i:])
		if !cc.other || r == utf8.RuneError {
			return r, true
		}
		i += n - 1
	}
	return 0, false
}
