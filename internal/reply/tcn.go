package reply

import (
	"fmt"
	"sync"
	"time"
)

// checkCharacters maps the INT-I TCN check digit (0-22) to its character:
// 1 A ... 8 H, 9 J ... 13 N, 14 P, 15 Q, 16 R, 17 T ... 22 Y, 0 Z
// (MRT_INT-I_FieldDefinition.csv, [01.009] TCN, Notes: I, O and S are not
// used).
const checkCharacters = "ZABCDEFGHJKLMNPQRTUVWXY"

// maxSerial is one more than the largest twelve-digit serial.
const maxSerial = 1_000_000_000_000

// INTITCN returns the INT-I transaction control number of the two-digit
// year yy (0-99) and the twelve-digit serial (0 to 10^12-1): YY, the
// serial on twelve digits, and the check character of
// (YY × 10^12 + serial) mod 23 (MRT [01.009] TCN: "YYSSSSSSSSSSSSA",
// regular expression \d{14}[A-HJ-NP-RT-Z]). INTERPOL's example
// 19125458357684J is year 19, serial 125458357684.
func INTITCN(yy int, serial int64) (string, error) {
	if yy < 0 || yy > 99 || serial < 0 || serial >= maxSerial {
		return "", fmt.Errorf("reply: INT-I TCN of year %d and serial %d: the year must have two digits and the serial twelve", yy, serial)
	}
	n := int64(yy)*maxSerial + serial
	return fmt.Sprintf("%02d%012d%c", yy, serial, checkCharacters[n%23]), nil
}

// serials hands out the per-reply part of default TCNs: increasing within
// the process, so two replies built in the same hundredth of a second
// still get different numbers.
var serials struct {
	sync.Mutex
	last int64
}

// nextBase returns a number unique in the process and, across restarts,
// growing with the time: hundredths of a second since the start of now's
// year (UTC), at most 3,162,240,000, so base*100 + n stays within twelve
// digits for the n < 100 replies of one search.
func nextBase(now time.Time) int64 {
	now = now.UTC()
	start := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	b := int64(now.Sub(start) / (10 * time.Millisecond))
	serials.Lock()
	defer serials.Unlock()
	if b <= serials.last && serials.last-b < 1_000_000 { // same year, the clock has not moved on
		b = serials.last + 1
	}
	serials.last = b
	return b % (maxSerial / 100)
}

// defaultTCNs returns the TCN maker a Request without one uses: INT-I
// TCNs of now's year whose serial is a per-process unique base followed
// by the reply's two-digit number. The form suits EBTS as well (1.009 TCN
// ANS 10-40).
func defaultTCNs(now time.Time) func(n int) string {
	base := nextBase(now)
	yy := now.UTC().Year() % 100
	return func(n int) string {
		s, _ := INTITCN(yy, base*100+int64(n%100))
		return s
	}
}
