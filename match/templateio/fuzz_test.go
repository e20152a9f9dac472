package templateio_test

import (
	"bytes"
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/templateio"
)

// FuzzReadXYT: any text gives a template within the image or an error.
func FuzzReadXYT(f *testing.F) {
	f.Add([]byte("100 171 247 12\n101 258 202 13\n"))
	f.Add([]byte("1 1 0\n"))
	f.Add([]byte("-1 2 3 4\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tm, err := templateio.ReadXYT(bytes.NewReader(b), 388, 374, 500)
		if err != nil {
			return
		}
		for _, m := range tm.Minutiae {
			if m.X < 0 || m.X >= 388 || m.Y < 0 || m.Y >= 374 || m.Angle < 0 || m.Angle >= 360 {
				t.Fatalf("minutia %+v outside the image or the circle", m)
			}
		}
	})
}

// FuzzRecordTemplate: any minutiae record that decodes gives templates
// that write back to every record edition without a panic, and the
// 19794-2:2011 record written decodes.
func FuzzRecordTemplate(f *testing.F) {
	for _, b := range minutiaeSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rec, _, _ := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		mr, ok := rec.(*iso.MinutiaeRecord)
		if !ok {
			return
		}
		for i := range mr.Views {
			tm, _, err := templateio.FromRecord(mr, i)
			if err != nil {
				return
			}
			out, _, err := templateio.ToRecord(tm, iso.FMR2011)
			if err != nil {
				continue
			}
			raw, err := iso.Marshal(out, iso.FMR2011)
			if err != nil {
				t.Fatalf("view %d: the 19794-2:2011 record made does not encode: %v", i, err)
			}
			if _, err := iso.DecodeAs(raw, iso.FMR2011, nil); err != nil {
				t.Fatalf("view %d: the 19794-2:2011 record made does not decode: %v", i, err)
			}
		}
	})
}
