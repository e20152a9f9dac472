package batch

import (
	"errors"
	"strings"
	"testing"
)

func TestSidecarRead(t *testing.T) {
	tests := []struct {
		name, csv string
		line      int // the line a bad sidecar's error names; 0: good
		lookups   map[string]SidecarEntry
		missing   []string
	}{
		{name: "header and optional impression",
			csv: "file,position,ppi,impression\nscans/a.tif, 2, 500\nb.wsq,7,1000,1\n# a comment\nc.png,0,,\n",
			lookups: map[string]SidecarEntry{
				"top/scans/a.tif": {Line: 2, Position: 2, PPI: 500, Impression: -1},
				"top/x/y/b.wsq":   {Line: 3, Position: 7, PPI: 1000, Impression: 1},
				"top/c.png":       {Line: 5, Position: 0, Impression: -1},
			},
			missing: []string{"top/a.tif", "top/other/scans/b.tif", ""}},
		{name: "longest trailing path wins",
			csv: "a.tif,1,500\nsub/a.tif,6,500\n",
			lookups: map[string]SidecarEntry{
				"top/sub/a.tif": {Line: 2, Position: 6, PPI: 500, Impression: -1},
				"top/a.tif":     {Line: 1, Position: 1, PPI: 500, Impression: -1},
			}},
		{name: "missing columns", csv: "a.tif,1,500\nb.tif,2\n", line: 2},
		{name: "too many columns", csv: "a.tif,1,500,0,extra\n", line: 1},
		{name: "position out of Table 8", csv: "file,position,ppi\na.tif,16,500\n", line: 2},
		{name: "position not a number", csv: "a.tif,thumb,500\n", line: 1},
		{name: "ppi zero", csv: "a.tif,1,0\n", line: 1},
		{name: "ppi not a number", csv: "a.tif,1,500dpi\n", line: 1},
		{name: "impression out of range", csv: "a.tif,1,500,256\n", line: 1},
		{name: "absolute path", csv: "/etc/a.tif,1,500\n", line: 1},
		{name: "outside the source", csv: "../a.tif,1,500\n", line: 1},
		{name: "empty file", csv: "a.tif,1,500\n,1,500\n", line: 2},
		{name: "duplicate", csv: "a.tif,1,500\n./a.tif,2,500\n", line: 2},
		{name: "bad quoting", csv: "a.tif,1,500\n\"b.tif,1,500\n", line: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSidecar(strings.NewReader(tc.csv))
			if tc.line > 0 {
				var se *SidecarError
				if !errors.As(err, &se) || se.Line != tc.line {
					t.Fatalf("error %v; want a SidecarError on line %d", err, tc.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.lookups {
				if got, ok := s.Lookup(name); !ok || got != want {
					t.Errorf("Lookup(%q) = %+v, %v; want %+v", name, got, ok, want)
				}
			}
			for _, name := range tc.missing {
				if got, ok := s.Lookup(name); ok {
					t.Errorf("Lookup(%q) = %+v; want none", name, got)
				}
			}
		})
	}
}

func TestSidecarOversized(t *testing.T) {
	line := "scans/a-rather-long-file-name-to-fill-the-sidecar.tif,1,500\n"
	big := strings.Repeat("#"+line, MaxSidecarSize/len(line)+2)
	_, err := ReadSidecar(strings.NewReader(big))
	var se *SidecarError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "larger than") {
		t.Fatalf("error %v; want a SidecarError saying the sidecar is too large", err)
	}
}

func TestSidecarNameFacts(t *testing.T) {
	tests := []struct {
		name     string
		position int
		ppi      float64
	}{
		{"101_1.tif", -1, 0},    // FVC: impression number, no finger
		{"f0001_01.png", -1, 0}, // NIST SD4: a file number
		{"s12_fgp02.wsq", 2, 0}, // the fgp token
		{"dir/s12-FGP7-1000ppi.png", 7, 1000},
		{"s12_fgp16.wsq", -1, 0}, // no Table 8 finger code
		{"a_500ppi.tif", -1, 500},
		{"fgp3.bmp", 3, 0},
		{"myfgp3.bmp", -1, 0}, // not a token of its own
	}
	for _, tc := range tests {
		p, ppi := nameFacts(tc.name)
		if p != tc.position || ppi != tc.ppi {
			t.Errorf("nameFacts(%q) = %d, %g; want %d, %g", tc.name, p, ppi, tc.position, tc.ppi)
		}
	}
}
