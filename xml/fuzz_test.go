package xml

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/nist"
)

// FuzzUnmarshal decodes arbitrary input with tight limits; whatever decodes
// must encode again (to traditional and to XML) without panicking.
func FuzzUnmarshal(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpus, "interpol-inti/XMLsamples/Sample-S*.xml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`))
	f.Add([]byte(`<itl:NISTBiometricInformationExchangePackage xmlns:itl="http://biometrics.nist.gov/standard/2011"/>`))
	opts := &DecodeOptions{MaxBytes: 1 << 20, MaxDepth: 32, MaxElements: 20000, MaxBinary: 1 << 20}
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Unmarshal(b, opts)
		if err != nil {
			return
		}
		if _, _, err := Marshal(doc.Transaction, &EncodeOptions{Dialect: doc.Dialect, Compact: true}); err != nil {
			t.Fatalf("decoded transaction does not re-encode: %v", err)
		}
		_, _ = nist.Marshal(doc.Transaction)
	})
}
