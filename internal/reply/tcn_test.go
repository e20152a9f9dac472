package reply

import (
	"regexp"
	"testing"
	"time"
)

// intiTCN is the form of an INT-I TCN (MRT [01.009] TCN, RegExpression).
var intiTCN = regexp.MustCompile(`^\d{14}[A-HJ-NP-RT-Z]$`)

func TestINTITCN(t *testing.T) {
	tests := []struct {
		yy     int
		serial int64
		want   string // "" for an error
	}{
		{19, 125458357684, "19125458357684J"}, // INTERPOL's samples: 1.009 TCN
		{19, 125458357683, "19125458357683H"}, // and 1.010 TCR
		{0, 0, "00000000000000Z"},             // check digit 0 is Z
		{0, 1, "00000000000001A"},
		{0, 22, "00000000000022Y"},
		{99, 999999999999, "99999999999999" + string(checkCharacters[(99*maxSerial+999999999999)%23])},
		{100, 0, ""},
		{-1, 0, ""},
		{19, maxSerial, ""},
		{19, -1, ""},
	}
	for _, tt := range tests {
		got, err := INTITCN(tt.yy, tt.serial)
		if tt.want == "" {
			if err == nil {
				t.Errorf("INTITCN(%d, %d) = %q, want an error", tt.yy, tt.serial, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("INTITCN(%d, %d) = %q, %v; want %q", tt.yy, tt.serial, got, err, tt.want)
		}
		if !intiTCN.MatchString(got) {
			t.Errorf("INTITCN(%d, %d) = %q does not have INT-I's TCN form", tt.yy, tt.serial, got)
		}
	}
}

// TestDefaultTCNsUnique: replies built at the same instant get different
// TCNs, each of INT-I's form and of the instant's year.
func TestDefaultTCNsUnique(t *testing.T) {
	now := time.Date(2026, 12, 31, 23, 59, 59, 999_000_000, time.UTC)
	seen := map[string]bool{}
	for range 200 {
		tcn := defaultTCNs(now)
		for n := range 3 {
			s := tcn(n)
			if !intiTCN.MatchString(s) || s[:2] != "26" {
				t.Fatalf("default TCN %q: not an INT-I TCN of 2026", s)
			}
			if seen[s] {
				t.Fatalf("default TCN %q made twice", s)
			}
			seen[s] = true
		}
	}
}
