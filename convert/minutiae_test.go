package convert

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
)

// minutiaeSources returns the corpus minutiae records and a built record
// per format, each converted into format a (the start of a round trip).
func minutiaeSources(t *testing.T, a iso.Format) (names []string, recs []*iso.MinutiaeRecord) {
	t.Helper()
	for _, cf := range manifest(t, "iso19794-2", "incits378") {
		r, ok := decodeISO(t, cf).(*iso.MinutiaeRecord)
		if !ok {
			continue
		}
		c, _, err := Minutiae(r, a)
		if err != nil {
			t.Logf("%s → %s: %v (not a start record)", cf.path, a, err)
			continue
		}
		names, recs = append(names, cf.path), append(recs, c)
	}
	names, recs = append(names, "built"), append(recs, builtMinutiae(a))
	return names, recs
}

// builtMinutiae is a record of format f with every angle value of the
// edition, positions on the image edges, every type and quality kind, a
// ridge-count block and a core/delta block.
func builtMinutiae(f iso.Format) *iso.MinutiaeRecord {
	u := f.Units()
	const w, h, res = 400, 400, 197
	maxX, maxY := w-1, h-1
	switch u.Coordinate {
	case iso.CoordHundredMM:
		maxX, maxY = 2030, 2030
	case iso.CoordTenthMM:
		maxX, maxY = 203, 203
	}
	e, _ := editionOf(f)
	v := iso.MinutiaeView{Position: 2, Impression: 1, Quality: 80, Width: w, Height: h, XRes: res, YRes: res}
	if e.card {
		v = iso.MinutiaeView{}
	}
	edges := [][2]int{{0, 0}, {maxX, 0}, {0, maxY}, {maxX, maxY}, {maxX / 2, maxY / 3}}
	for a := 0; a < u.AngleSteps; a++ {
		p := edges[a%len(edges)]
		m := iso.Minutia{Type: uint8(a % 3), X: uint16(p[0]), Y: uint16(p[1]), Angle: uint8(a)}
		if !e.card {
			m.Quality = uint8(a % 101)
			if e.newQuality && a%7 == 0 {
				m.Quality = 254
			}
		}
		v.Minutiae = append(v.Minutiae, m)
	}
	if len(v.Minutiae) > 255 {
		v.Minutiae = v.Minutiae[:255]
		v.Minutiae[254].Angle = uint8(u.AngleSteps - 1)
	}
	if !e.card {
		v.Extensions = []iso.ExtendedBlock{
			{Type: iso.BlockRidgeCount, RidgeCounts: &iso.RidgeCounts{Method: 0, Counts: []iso.RidgeCount{{Index1: 1, Index2: 2, Count: 5}, {Index1: 2, Index2: 3, Count: 7}}}},
			{Type: iso.BlockCoreDelta, CoreDelta: builtCoreDelta(e)},
		}
	}
	if e.iso2011 {
		v.Capture = &iso.Capture{DateTime: iso.UnknownDateTime, Quality: []iso.QualityBlock{{Score: 80}}}
	}
	r := &iso.MinutiaeRecord{Format: f, Views: []iso.MinutiaeView{v}}
	if e.recordImage {
		r.Width, r.Height, r.XRes, r.YRes = w, h, res, res
	}
	return r
}

func builtCoreDelta(e edition) *iso.CoreDelta {
	cd := &iso.CoreDelta{
		Cores:  []iso.Core{{X: 200, Y: 150, HasAngle: true, Angle: 10}},
		Deltas: []iso.Delta{{X: 100, Y: 300, HasAngle: true, Angles: [3]uint8{20, 60, 100}}},
	}
	if e.ansi {
		cd.CoreInfo, cd.DeltaInfo = 0x40, 0x40
	} else {
		cd.Cores[0].Type, cd.Deltas[0].Type = 1, 1
	}
	return cd
}

// pathStats is the worst case of one round-trip path.
type pathStats struct {
	path                 string
	records, minutiae    int
	excluded             int // beyond what the intermediate can hold (compact card > 25.5 mm)
	pos, angle           int // worst |Δ| in the start format's units
	posLimit, angleLimit int
	findings             map[string]bool
}

// coordUnitMM is a coordinate unit in millimetres at res px/cm.
func coordUnitMM(u iso.CoordUnit, res int) float64 {
	switch u {
	case iso.CoordHundredMM:
		return 0.01
	case iso.CoordTenthMM:
		return 0.1
	}
	return 10 / float64(res)
}

// limits are one unit of the coarser format, in the start format's units.
func limits(a, b iso.Format) (pos, angle int) {
	ua, ub := coordUnitMM(a.Units().Coordinate, 197), coordUnitMM(b.Units().Coordinate, 197)
	pos = 1
	if ub > ua {
		pos = int(ub/ua + 0.999)
	}
	angle = 1
	if sa, sb := a.Units().AngleSteps, b.Units().AngleSteps; sb < sa {
		angle = (sa + sb - 1) / sb
	}
	return pos, angle
}

// roundTrip converts src (format a) to b, encodes and decodes b, converts
// back to a and compares minutia by minutia.
func roundTrip(t *testing.T, st *pathStats, name string, src *iso.MinutiaeRecord, a, b iso.Format) {
	t.Helper()
	mid, rep, err := Minutiae(src, b)
	if err != nil {
		t.Errorf("%s: %s → %s: %v", name, a, b, err)
		return
	}
	for _, f := range rep.Findings {
		st.findings[f.What] = true
	}
	enc, err := iso.Marshal(mid, b)
	if err != nil {
		t.Errorf("%s: encoding %s: %v", name, b, err)
		return
	}
	// Lenient: a block the source already had malformed (libbiomeval's
	// fmr.ansi2004 has a truncated core/delta block) is carried as bytes.
	dec, err := iso.DecodeAs(enc, b, &iso.DecodeOptions{Lenient: true})
	if dec == nil {
		t.Errorf("%s: decoding the %s just encoded: %v", name, b, err)
		return
	}
	back, _, err := Minutiae(dec.(*iso.MinutiaeRecord), a)
	if err != nil {
		t.Errorf("%s: %s → %s: %v", name, b, a, err)
		return
	}
	st.records++
	sa := a.Units().AngleSteps
	for i := range back.Views {
		sv, bv := src.Views[i], back.Views[i]
		res := int(sv.XRes)
		if res == 0 {
			res = int(src.XRes)
		}
		if res == 0 {
			res = 197
		}
		if len(sv.Minutiae) != len(bv.Minutiae) {
			t.Errorf("%s: view %d: %d minutiae, came back %d", name, i+1, len(sv.Minutiae), len(bv.Minutiae))
			continue
		}
		for j, m := range sv.Minutiae {
			if b == iso.FMR2005CardCompact {
				mm := coordUnitMM(a.Units().Coordinate, res)
				if float64(max(m.X, m.Y))*mm > 25.5 {
					st.excluded++
					continue
				}
			}
			n := bv.Minutiae[j]
			st.minutiae++
			st.pos = max(st.pos, abs(int(m.X)-int(n.X)), abs(int(m.Y)-int(n.Y)))
			d := (int(n.Angle) - int(m.Angle)%sa + 2*sa) % sa
			st.angle = max(st.angle, min(d, sa-d))
			if m.Type != n.Type {
				t.Errorf("%s: view %d minutia %d: type %d came back %d", name, i+1, j+1, m.Type, n.Type)
			}
		}
	}
}

// TestMinutiaeRoundTrips runs every pair of minutiae formats, A → B → A,
// over the corpus records and a built record, and logs the worst case of
// each path; every minutia must come back within one unit of the coarser
// format of the path.
func TestMinutiaeRoundTrips(t *testing.T) {
	var table []*pathStats
	for _, a := range MinutiaeFormats {
		names, recs := minutiaeSources(t, a)
		for _, b := range MinutiaeFormats {
			if a == b {
				continue
			}
			pl, al := limits(a, b)
			st := &pathStats{path: fmt.Sprintf("%s → %s → %s", a, b, a), posLimit: pl, angleLimit: al, findings: map[string]bool{}}
			for i, src := range recs {
				roundTrip(t, st, names[i], src, a, b)
			}
			if st.pos > pl || st.angle > al {
				t.Errorf("%s: worst Δposition %d, Δangle %d; limits %d and %d", st.path, st.pos, st.angle, pl, al)
			}
			table = append(table, st)
		}
	}
	logTable(t, table)
}

func logTable(t *testing.T, table []*pathStats) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-72s %4s %6s %5s %9s %9s  %s\n", "path", "recs", "minut.", "excl.", "Δpos/lim", "Δang/lim", "findings")
	for _, st := range table {
		var fs []string
		for f := range st.findings {
			fs = append(fs, f)
		}
		sort.Strings(fs)
		fmt.Fprintf(&b, "%-72s %4d %6d %5d %5d/%-3d %5d/%-3d  %s\n", st.path, st.records, st.minutiae, st.excluded,
			st.pos, st.posLimit, st.angle, st.angleLimit, strings.Join(fs, "; "))
	}
	t.Log(b.String())
}

// TestMinutiaeIdentity converts each corpus record into its own format:
// nothing may be reported but what the model does not carry from the input
// (Edition returns the input bytes for these).
func TestMinutiaeIdentity(t *testing.T) {
	for _, cf := range manifest(t, "iso19794-2", "incits378") {
		r := decodeISO(t, cf).(*iso.MinutiaeRecord)
		out, rep, err := Minutiae(r, r.Format)
		if err != nil {
			t.Errorf("%s: %v", cf.path, err)
			continue
		}
		for _, f := range rep.Findings {
			if f.What != "bytes after the last view" && f.What != "extended data block length" && f.What != "record length" {
				t.Errorf("%s: identity conversion reports %s", cf.path, f)
			}
		}
		if len(out.Views) != len(r.Views) {
			t.Errorf("%s: views", cf.path)
		}
	}
}

// TestMinutiaeNotCarried is the table of what each target cannot hold.
func TestMinutiaeNotCarried(t *testing.T) {
	ansi := builtMinutiae(iso.ANSI378v2009)
	ansi.ProductOwner, ansi.ProductType = 0x0033, 0x0001
	ansi.DeviceCertification, ansi.DeviceID = 0x80, 0x1234
	ansi.Views[0].QualityVendor, ansi.Views[0].QualityAlgorithm = 0x000F, 1
	ansi.Views[0].Minutiae[0].Quality = 255

	iso11 := builtMinutiae(iso.FMR2011)
	iso11.Views[0].EndingType = 1
	iso11.Views[0].Capture = &iso.Capture{DateTime: iso.DateTime{Year: 2020, Month: 1, Day: 2, Hour: 3, Minute: 4, Second: 5}, DeviceTechnology: 1, DeviceVendor: 0x10, DeviceType: 7,
		Quality: []iso.QualityBlock{{Score: 60, Vendor: 1, Algorithm: 2}, {Score: 70, Vendor: 3, Algorithm: 4}}}
	iso11.Views[0].Extensions = append(iso11.Views[0].Extensions, iso.ExtendedBlock{Type: iso.BlockZonalQuality, Data: []byte{1, 1, 8, 50}})

	mixed := builtMinutiae(iso.FMR2005)
	mixed.Views[0].Extensions[1].CoreDelta.Cores = append(mixed.Views[0].Extensions[1].CoreDelta.Cores, iso.Core{X: 5, Y: 5})

	twoViews := builtMinutiae(iso.FMR2011)
	v2 := twoViews.Views[0]
	v2.Width = 300
	twoViews.Views = append(twoViews.Views, v2)

	tests := []struct {
		name    string
		src     *iso.MinutiaeRecord
		to      iso.Format
		want    []string // Finding.What substrings
		wantErr string
	}{
		{"ANSI 2009 → ISO 2005", ansi, iso.FMR2005, []string{"CBEFF product identifier", "finger quality algorithm", "minutia quality", "capture device ID"}, ""},
		{"ANSI 2009 → ISO 2011", ansi, iso.FMR2011, []string{"CBEFF product identifier", "capture device certification"}, ""},
		{"ISO 2011 → ANSI 2004", iso11, iso.ANSI378v2004, []string{"ridge ending type", "capture date and time", "capture device technology", "capture device vendor", "quality blocks", "zonal quality block"}, ""},
		{"ISO 2011 → ISO 2005", iso11, iso.FMR2005, []string{"ridge ending type", "quality blocks", "finger quality algorithm"}, ""},
		{"ISO 2005 → compact card", builtMinutiae(iso.FMR2005), iso.FMR2005CardCompact, []string{"finger position", "impression type", "image size", "finger quality", "minutia quality", "ridge count block", "core and delta block"}, ""},
		{"compact card → ISO 2005", builtMinutiae(iso.FMR2005CardCompact), iso.FMR2005, []string{"image resolution", "image size"}, ""},
		{"mixed core angles → ANSI", mixed, iso.ANSI378v2004, []string{"core angles"}, ""},
		{"two image sizes → ISO 2005", twoViews, iso.FMR2005, nil, "carries one per record"},
		{"two views → normal card", twoViews, iso.FMR2005CardNormal, []string{"finger view"}, ""},
	}
	for _, tt := range tests {
		_, rep, err := Minutiae(tt.src, tt.to)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		for _, w := range tt.want {
			if !rep.Has(w) {
				t.Errorf("%s: no finding %q in\n%s", tt.name, w, rep)
			}
		}
	}
}

// TestMinutiaeQualityAcrossGenerations: 2004 "0" ↔ 2009 "254".
func TestMinutiaeQualityAcrossGenerations(t *testing.T) {
	src := builtMinutiae(iso.ANSI378v2004)
	src.Views[0].Minutiae[0].Quality = 0
	src.Views[0].Quality = 0
	out, _, err := Minutiae(src, iso.ANSI378v2009)
	if err != nil {
		t.Fatal(err)
	}
	if q := out.Views[0].Minutiae[0].Quality; q != 254 {
		t.Errorf("minutia quality 0 (2004) → %d, want 254", q)
	}
	if q := out.Views[0].Quality; q != 254 {
		t.Errorf("finger quality 0 (2004) → %d, want 254", q)
	}
	back, _, _ := Minutiae(out, iso.ANSI378v2004)
	if q := back.Views[0].Minutiae[0].Quality; q != 0 {
		t.Errorf("254 (2009) → %d, want 0", q)
	}
}
