package nist

import "strconv"

// Version is the value of field 1.002 VER read as a number: 502 for "0502".
// The two leading digits are the major and the two trailing ones the minor
// version (ANSI/NIST-ITL 1-2011 Table 9, field 1.002).
type Version int

// The versions of the standard this package reads and writes.
const (
	V0200 Version = 200 // ANSI/NIST-CSL 1-1993
	V0201 Version = 201 // ANSI/NIST-ITL 1a-1997
	V0300 Version = 300 // ANSI/NIST-ITL 1-2000
	V0400 Version = 400 // ANSI/NIST-ITL 1-2007
	V0500 Version = 500 // ANSI/NIST-ITL 1-2011
	V0501 Version = 501 // ANSI/NIST-ITL 1-2011 Update 2013
	V0502 Version = 502 // ANSI/NIST-ITL 1-2011 Update 2015
)

var versionNames = map[Version]string{
	V0200: "ANSI/NIST-CSL 1-1993",
	V0201: "ANSI/NIST-ITL 1a-1997",
	V0300: "ANSI/NIST-ITL 1-2000",
	V0400: "ANSI/NIST-ITL 1-2007",
	V0500: "ANSI/NIST-ITL 1-2011",
	V0501: "ANSI/NIST-ITL 1-2011 Update 2013",
	V0502: "ANSI/NIST-ITL 1-2011 Update 2015",
}

// String returns the four-digit form used in field 1.002, such as "0502".
func (v Version) String() string {
	s := strconv.Itoa(int(v))
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// Standard names the standard the version stands for, or "" when unknown.
func (v Version) Standard() string { return versionNames[v] }

// Known reports whether v is one of the versions listed above.
func (v Version) Known() bool { _, ok := versionNames[v]; return ok }

// ParseVersion reads a 1.002 VER value. It must be exactly four ASCII digits.
func ParseVersion(s string) (Version, bool) {
	if len(s) != 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return Version(n), true
}
