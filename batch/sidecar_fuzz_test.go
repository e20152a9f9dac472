package batch

import (
	"bytes"
	"testing"
)

// FuzzReadSidecar: a sidecar CSV is outside bytes; whatever they are,
// ReadSidecar returns entries within their ranges or an error, never a
// panic.
func FuzzReadSidecar(f *testing.F) {
	for _, s := range []string{
		"file,position,ppi,impression\nscans/a.tif, 2, 500\nb.wsq,7,1000,1\n# a comment\nc.png,0,,\n",
		"101_1.tif,2,500,0\nright/101_2.tif,7,500\n",
		"a.tif,1,500\n\"b.tif,1,500\n",
		"\"a\nb.tif\",3,500.5\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ReadSidecar(bytes.NewReader(b))
		if err != nil {
			return
		}
		for name, e := range s.entries {
			if e.Position < 0 || e.Position > 15 || e.PPI < 0 || e.PPI > 65535 || e.Impression < -1 || e.Impression > 255 {
				t.Fatalf("%q: entry %+v out of range", name, e)
			}
			if got, ok := s.Lookup("top/" + name); !ok || got != e {
				t.Fatalf("Lookup(top/%q) = %+v, %v; want %+v", name, got, ok, e)
			}
		}
	})
}
