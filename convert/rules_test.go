package convert

import (
	"testing"

	"github.com/biogate/biogate/iso"
)

// TestConvertAngleBoundaries pins the angle rule at 0, 359 and 360 degrees
// (and the ties) in every pair of units.
func TestConvertAngleBoundaries(t *testing.T) {
	tests := []struct {
		name        string
		a, from, to int
		want        int
	}{
		{"0° ISO→ANSI", 0, 256, 180, 0},
		{"0° ANSI→ISO", 0, 180, 256, 0},
		{"0° ISO→compact", 0, 256, 64, 0},
		{"359° degrees→ISO wraps", 359, 360, 256, 255},    // 255.29
		{"359° degrees→ANSI wraps", 359, 360, 180, 0},     // 179.5 → 180 → 0
		{"359° degrees→compact", 359, 360, 64, 0},         // 63.82 → 64 → 0
		{"358° ANSI 179→ISO", 179, 180, 256, 255},         // 254.58
		{"358.6° ISO 255→ANSI", 255, 256, 180, 179},       // 179.30
		{"358.6° ISO 255→compact wraps", 255, 256, 64, 0}, // 63.75 → 64 → 0
		{"360° ANSI 180 (out of range) wraps", 180, 180, 256, 0},
		{"360° ISO 256 (out of range) wraps", 256, 256, 180, 0},
		{"360° degrees wraps", 360, 360, 180, 0},
		{"tie 45°: ISO 32→ANSI 23 (annex B2/C2)", 32, 256, 180, 23},
		{"tie 135°: ISO 96→ANSI 68", 96, 256, 180, 68},
		{"worked example ANSI 56→ISO 80 (STANDARDS §9.3)", 56, 180, 256, 80},
		{"worked example ISO 80→ANSI 56", 80, 256, 180, 56},
		{"ISO 2→compact tie rounds up", 2, 256, 64, 1},
		{"negative wraps", -1, 180, 180, 179},
	}
	for _, tt := range tests {
		if got := convertAngle(tt.a, tt.from, tt.to); got != tt.want {
			t.Errorf("%s: convertAngle(%d, %d, %d) = %d, want %d", tt.name, tt.a, tt.from, tt.to, got, tt.want)
		}
	}
}

// TestAngleRoundTripsExhaustive checks every stored angle of every unit
// through every other unit: back within one unit of the coarser of the
// two, exact where the target is finer.
func TestAngleRoundTripsExhaustive(t *testing.T) {
	units := []int{stepsISO, stepsANSI, stepsCompact, stepsDegrees}
	for _, from := range units {
		for _, to := range units {
			worst := 0
			for a := 0; a < from; a++ {
				b := convertAngle(convertAngle(a, from, to), to, from)
				d := (b - a + from) % from
				d = min(d, from-d)
				worst = max(worst, d)
			}
			// One unit of the coarser format, in units of from.
			limit := 0
			if to < from {
				limit = (from + to - 1) / to / 2 // half a coarse unit, rounded up
				if limit == 0 {
					limit = 1
				}
			}
			if worst > limit {
				t.Errorf("%d→%d→%d: worst %d units, want ≤ %d", from, to, from, worst, limit)
			}
		}
	}
}

func TestLegacyTheta(t *testing.T) {
	tests := []struct{ a, steps, theta int }{
		{56, 180, 292}, // STANDARDS §9.2 worked example
		{80, 256, 293}, // 112.5° → 113 (halves up) + 180
		{0, 180, 180},
		{90, 180, 0},    // 180° + 180 wraps to 0
		{179, 180, 178}, // 358° + 180 = 538 → 178
		{255, 256, 179}, // 358.59° → 359 → 179
		{128, 256, 0},
	}
	for _, tt := range tests {
		if got := toLegacyTheta(tt.a, tt.steps); got != tt.theta {
			t.Errorf("toLegacyTheta(%d, %d) = %d, want %d", tt.a, tt.steps, got, tt.theta)
		}
		if back := fromLegacyTheta(tt.theta, tt.steps); back != tt.a {
			t.Errorf("fromLegacyTheta(%d, %d) = %d, want %d", tt.theta, tt.steps, back, tt.a)
		}
	}
	// 9.012 boundaries read into ANSI units: 359 and 360 (out of range).
	for _, tt := range []struct{ theta, want int }{{0, 90}, {179, 0}, {359, 90}, {360, 90}, {181, 1}} {
		if got := fromLegacyTheta(tt.theta, 180); got != tt.want {
			t.Errorf("fromLegacyTheta(%d, 180) = %d, want %d", tt.theta, got, tt.want)
		}
	}
}

// TestPositions pins pixel ↔ 0.01 mm at the image edges, and checks that
// every pixel of a 1000×1000 image at several resolutions comes back.
func TestPositions(t *testing.T) {
	tests := []struct {
		name                 string
		px, h, ppcm, want01x int
		want01y              int
	}{
		{"STANDARDS §9.2 worked example (X 100, Y 14 of 512)", 100, 512, 197, 510, 2525},
		{"top-left pixel", 0, 512, 197, 3, 2596},
		{"last row", 511, 512, 197, 2596, 3},
		{"1000 ppi", 0, 1000, 394, 1, 2537},
	}
	for _, tt := range tests {
		if got := pixelToMetric(tt.px, tt.ppcm, hundredthsPerCM); got != tt.want01x {
			t.Errorf("%s: X %d px → %d, want %d", tt.name, tt.px, got, tt.want01x)
		}
		y := 14
		switch tt.name {
		case "top-left pixel", "1000 ppi":
			y = 0
		case "last row":
			y = 511
		}
		if got, _ := pixelToLegacyY(y, tt.h, tt.ppcm); got != tt.want01y {
			t.Errorf("%s: Y %d px → %d, want %d", tt.name, y, got, tt.want01y)
		}
	}
	if _, ok := pixelToLegacyY(512, 512, 197); ok {
		t.Error("a row below the image is not reported")
	}
	if y, ok := legacyYToPixel(0, 512, 197); y != 511 || !ok {
		t.Errorf("a point on the bottom edge → row %d, %v; want 511", y, ok)
	}
	if _, ok := legacyYToPixel(30000, 512, 197); ok {
		t.Error("a point above the top edge is not reported")
	}
	for _, ppcm := range []int{99, 197, 394, 591, 999} {
		for p := 0; p < 1000; p++ {
			if back := metricToPixel(pixelToMetric(p, ppcm, hundredthsPerCM), ppcm, hundredthsPerCM); back != p {
				t.Fatalf("%d px/cm: X %d → %d", ppcm, p, back)
			}
			u, _ := pixelToLegacyY(p, 1000, ppcm)
			if back, _ := legacyYToPixel(u, 1000, ppcm); back != p {
				t.Fatalf("%d px/cm: Y %d → %d → %d", ppcm, p, u, back)
			}
		}
	}
	// 0.1 mm at 197 px/cm: within one pixel.
	for p := 0; p < 500; p++ {
		back := metricToPixel(pixelToMetric(p, 197, tenthsPerCM), 197, tenthsPerCM)
		if back < p-1 || back > p+1 {
			t.Fatalf("compact: %d → %d", p, back)
		}
	}
}

func TestResolutionUnits(t *testing.T) {
	for _, tt := range []struct {
		got, want int
		what      string
	}{
		{ppcmFromPPI(500), 197, "500 ppi"},
		{ppcmFromPPI(1000), 394, "1000 ppi"},
		{ppcmFromPPI(250), 98, "250 ppi"},
		{ppcmFromPPMM(19.69), 197, "19.69 ppmm"},
		{ppcmFromPPMM(39.37), 394, "39.37 ppmm"},
		{ppcmFromPPMM(19.685), 197, "19.685 ppmm"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s → %d px/cm, want %d", tt.what, tt.got, tt.want)
		}
	}
}

func TestQualityMappings(t *testing.T) {
	for v := 2; v <= 63; v++ {
		if back := scoreToLegacy(legacyToScore(v)); back != v {
			t.Errorf("9.012 quality %d → %d → %d", v, legacyToScore(v), back)
		}
	}
	if legacyToScore(2) != 100 || legacyToScore(63) != 1 {
		t.Errorf("ends: 2 → %d, 63 → %d; want 100 and 1", legacyToScore(2), legacyToScore(63))
	}
	for q := 1; q <= 100; q++ {
		back := legacyToScore(scoreToLegacy(q))
		if back < q-1 || back > q+1 {
			t.Errorf("score %d → %d → %d", q, scoreToLegacy(q), back)
		}
	}
	old, new := edition{}, edition{newQuality: true}
	for _, tt := range []struct {
		q    uint8
		from edition
		to   edition
		want uint8
		ok   bool
	}{
		{0, old, new, 254, true},  // not reported
		{254, new, old, 0, true},  // not reported
		{255, new, old, 0, false}, // failed: no 2005 code
		{255, new, new, 255, true},
		{0, new, old, 1, false}, // a measured 0 cannot be said in 2005
		{100, old, new, 100, true},
	} {
		got, ok := writeQuality(readQuality(tt.q, tt.from), tt.to)
		if got != tt.want || ok != tt.ok {
			t.Errorf("quality %d: got %d, %v; want %d, %v", tt.q, got, ok, tt.want, tt.ok)
		}
	}
}

// TestAnnexExamples measures what the package doc says of INCITS 378-2004
// Annex B2 and 19794-2:2005 Annex C2: converting one into the other's
// units differs from the other in 14 angles (ANSI→ISO) and 8 (ISO→ANSI),
// each by one unit, positions and types identical.
func TestAnnexExamples(t *testing.T) {
	files := manifest(t, "incits378-2004", "iso19794-2-2005")
	var b2, c2 *iso.MinutiaeRecord
	for _, cf := range files {
		switch {
		case cf.path == "biomdi/Sampledata/fingerminutia/ANSI-INCITS-378_2004/Appendix-B2_Example.raw":
			b2 = decodeISO(t, cf).(*iso.MinutiaeRecord)
		case cf.path == "biomdi/Sampledata/fingerminutia/ISO-19794-2_2005/Appendix-C2_Example.raw":
			c2 = decodeISO(t, cf).(*iso.MinutiaeRecord)
		}
	}
	if b2 == nil || c2 == nil {
		t.Skip("annex examples not in the corpus")
	}
	toISO, _, err := Minutiae(b2, iso.FMR2005)
	if err != nil {
		t.Fatal(err)
	}
	toANSI, _, err := Minutiae(c2, iso.ANSI378v2004)
	if err != nil {
		t.Fatal(err)
	}
	diff := func(a, b *iso.MinutiaeRecord) (n, worst int) {
		for i := range a.Views {
			for j, m := range a.Views[i].Minutiae {
				o := b.Views[i].Minutiae[j]
				if m.X != o.X || m.Y != o.Y || m.Type != o.Type {
					t.Errorf("view %d minutia %d: position or type differs", i+1, j+1)
				}
				if d := abs(int(m.Angle) - int(o.Angle)); d != 0 {
					n++
					worst = max(worst, d)
				}
			}
		}
		return
	}
	n1, w1 := diff(toISO, c2)
	n2, w2 := diff(toANSI, b2)
	t.Logf("B2 → ISO differs from C2 in %d angles (worst %d unit); C2 → ANSI differs from B2 in %d angles (worst %d unit)", n1, w1, n2, w2)
	if n1 != 14 || w1 != 1 || n2 != 8 || w2 != 1 {
		t.Errorf("annex comparison: %d/%d and %d/%d, the package doc says 14/1 and 8/1", n1, w1, n2, w2)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
