package nist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestPointerAt(t *testing.T) {
	doc := `{"a": [1, {"b\/~": "xx"}, "yy"], "c": {"d": "zz"}}`
	tests := []struct {
		at   string
		want string
	}{
		{`xx`, "/a/1/b~1~0"},
		{`yy`, "/a/2"},
		{`zz`, "/c/d"},
		{`"d"`, "/c/d"},
	}
	for _, tc := range tests {
		off := strings.Index(doc, tc.at)
		if got := pointerAt([]byte(doc), off); got != tc.want {
			t.Errorf("byte %d (%s): %q, want %q", off, tc.at, got, tc.want)
		}
	}
}

// TestDecodeJSONInvalidUTF8: encoding/json replaced bytes that are not
// UTF-8 by U+FFFD, so the transaction changed silently; they are refused
// with the JSON pointer and offset.
func TestDecodeJSONInvalidUTF8(t *testing.T) {
	doc := []byte(`{"format":"biogate-an2","formatVersion":1,"records":[{"type":1,"fields":[{"tag":"1.001","value":"0"},{"tag":"1.009","value":"AB` + "\xc3\x28" + `"}]}]}`)
	_, err := DecodeJSON(bytes.NewReader(doc))
	var je *JSONError
	if !errors.As(err, &je) {
		t.Fatalf("%v, want a *JSONError", err)
	}
	off := bytes.IndexByte(doc, 0xc3)
	if je.Path != "/records/0/fields/1/value" || !strings.Contains(je.Msg, fmt.Sprintf("byte %d", off)) {
		t.Errorf("%v, want /records/0/fields/1/value and byte %d", err, off)
	}
}

func TestDecodeJSONBounds(t *testing.T) {
	rec := `{"type":2,"fields":[]},`
	doc := `{"format":"biogate-an2","formatVersion":1,"records":[` + strings.Repeat(rec, MaxRecords) + `{"type":1,"fields":[]}]}`
	if _, err := DecodeJSON(strings.NewReader(doc)); err == nil || !strings.Contains(err.Error(), "at most 1000") {
		t.Errorf("%d records: %v, want the record bound", MaxRecords+1, err)
	}
	budget := errors.New("over budget")
	_, err := DecodeJSONContext(context.Background(), strings.NewReader(doc), &DecodeJSONOptions{Account: func(n int64) error {
		if n < int64(len(doc)) {
			t.Errorf("charged %d bytes for a %d-byte document", n, len(doc))
		}
		return budget
	}})
	if !errors.Is(err, budget) {
		t.Errorf("%v, want the account's error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DecodeJSONContext(ctx, strings.NewReader(doc), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
