package xml

import (
	"errors"
	"strings"
	"testing"
)

func TestUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name, in string
		is       error
		pos      string
	}{
		{"dtd", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`, ErrDTD, "line 2"},
		{"malformed", "<a>\n  <b></a>", nil, "line 2"},
		{"deep", strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100), ErrLimit, "line 1"},
		{"not a package", `<x xmlns="urn:other"/>`, ErrPackage, ""},
	}
	for _, tc := range tests {
		_, err := Unmarshal([]byte(tc.in), &DecodeOptions{MaxDepth: 50})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.is)
		}
		if !strings.Contains(err.Error(), tc.pos) {
			t.Errorf("%s: %v lacks position %q", tc.name, err, tc.pos)
		}
	}
	if _, err := decodeBase64(strings.Repeat("QUFB", 1000), 100); !errors.Is(err, ErrLimit) {
		t.Errorf("base64 bound: %v", err)
	}
}
