//go:build !openjp2 || !cgo

package jp2

import (
	"bytes"
	"errors"
	"image"
	"strings"
	"testing"
)

// Without libopenjp2 every entry point says how to get JPEG 2000.
func TestUnavailable(t *testing.T) {
	if Available {
		t.Fatal("Available is true in a build without openjp2")
	}
	check := func(what string, err error) {
		t.Helper()
		var u UnsupportedError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "-tags openjp2") {
			t.Errorf("%s: got %v, want the UnsupportedError naming -tags openjp2", what, err)
		}
	}
	_, err := DecodeBytes([]byte("\x00\x00\x00\x0cjP  \r\n\x87\n"))
	check("DecodeBytes", err)
	_, err = Decode(bytes.NewReader(nil))
	check("Decode", err)
	_, err = DecodeConfig(bytes.NewReader(nil))
	check("DecodeConfig", err)
	check("Encode", Encode(&bytes.Buffer{}, image.NewGray(image.Rect(0, 0, 8, 8)), nil))
}
