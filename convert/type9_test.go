package convert

import (
	"fmt"
	"strings"
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// t9Case is one Type-9 record of the corpus.
type t9Case struct {
	name string
	t    *nist.Transaction
	r    *nist.Record
}

func corpusType9(t *testing.T) []t9Case {
	manifest(t, "an2-traditional") // skips without the corpus
	var out []t9Case
	for _, p := range type9Files {
		tr := decodeAN2(t, p)
		for i, r := range tr.Records {
			if r.Type == 9 && (nist.HasM1Minutiae(r) || nist.HasLegacyMinutiae(r)) {
				out = append(out, t9Case{fmt.Sprintf("%s record %d", p, i+1), tr, r})
			}
		}
	}
	return out
}

// type9Points are the minutiae of one block of a Type-9 record in its own
// units: pixels and 2-degree units (M1), 0.01 mm and degrees (legacy).
func type9Points(t *testing.T, r *nist.Record, block Type9Blocks) [][4]int {
	t.Helper()
	var out [][4]int
	if block == BlockM1 {
		m, err := nist.ParseM1Minutiae(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, mn := range m.Minutiae {
			out = append(out, [4]int{mn.X, mn.Y, mn.Theta, mn.Type})
		}
		return out
	}
	m, err := nist.ParseLegacyMinutiae(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, mn := range m.Minutiae {
		ty := 0
		switch mn.Type {
		case "A":
			ty = 1
		case "B":
			ty = 2
		}
		out = append(out, [4]int{mn.X, mn.Y, mn.Theta, ty})
	}
	return out
}

// TestType9RoundTrips: corpus Type-9 (M1 block, legacy block) → every ISO
// format → Type-9 (the same block), and every ISO format (corpus and
// built records) → Type-9 → the same format, with the worst case per path.
func TestType9RoundTrips(t *testing.T) {
	cases := corpusType9(t)
	var table []*pathStats
	for _, block := range []Type9Blocks{BlockM1, BlockLegacy} {
		label := "Type-9 M1"
		from := iso.ANSI378v2009 // the M1 block's units: pixels, 2 degrees
		if block == BlockLegacy {
			label, from = "Type-9 legacy", ""
		}
		for _, b := range MinutiaeFormats {
			st := &pathStats{path: fmt.Sprintf("%s → %s → %s", label, b, label), findings: map[string]bool{}}
			if block == BlockM1 {
				st.posLimit, st.angleLimit = limits(from, b)
			} else {
				// One unit of the coarser format in 0.01 mm and degrees.
				st.posLimit = 6 // a 197 px/cm pixel is 5.08 units
				if b == iso.FMR2005CardCompact {
					st.posLimit = 10
				}
				st.angleLimit = 360/b.Units().AngleSteps + 1
			}
			for _, c := range cases {
				has := nist.HasM1Minutiae(c.r)
				if block == BlockLegacy {
					has = nist.HasLegacyMinutiae(c.r)
				}
				if !has {
					continue
				}
				rec, rep, err := Type9ToMinutiaeWith(c.t, c.r, b, &Type9Options{Blocks: block})
				if err != nil {
					t.Errorf("%s → %s: %v", c.name, b, err)
					continue
				}
				for _, f := range rep.Findings {
					st.findings[f.What] = true
				}
				enc, err := iso.Marshal(rec, b)
				if err != nil {
					t.Errorf("%s → %s: encode: %v", c.name, b, err)
					continue
				}
				dec, err := iso.DecodeAs(enc, b, &iso.DecodeOptions{Lenient: true})
				if dec == nil {
					t.Errorf("%s → %s: decode: %v", c.name, b, err)
					continue
				}
				// Through a card the image geometry is lost; give it back.
				opts := &Type9Options{Blocks: block}
				if e, _ := editionOf(b); e.card {
					opts.Width, opts.Height, opts.Resolution = int(rec.Views[0].Width), int(rec.Views[0].Height), int(rec.Views[0].XRes)
					if b.Units().Coordinate != iso.CoordPixel {
						g := (&t9reader{t: c.t, r: c.r, opts: &Type9Options{}}).imageGeometry()
						opts.Resolution = g.ppcm
						if g.width == 0 {
							opts.Width, opts.Height = 0, 0
						} else {
							opts.Width, opts.Height = g.width, g.height
						}
						if block == BlockLegacy && g.height == 0 {
							// libbiomeval type9: the height was assumed
							// from the minutiae; recompute it the same way.
							mid, _, _ := Type9ToMinutiaeWith(c.t, c.r, iso.FMR2005, &Type9Options{Blocks: block})
							opts.Width, opts.Height = int(mid.Views[0].Width), int(mid.Views[0].Height)
						}
					}
				}
				back, _, err := MinutiaeToType9(dec.(*iso.MinutiaeRecord), 0, opts)
				if err != nil {
					t.Errorf("%s → %s → Type-9: %v", c.name, b, err)
					continue
				}
				orig, got := type9Points(t, c.r, block), type9Points(t, back, block)
				if len(orig) != len(got) {
					t.Errorf("%s → %s: %d minutiae came back %d", c.name, b, len(orig), len(got))
					continue
				}
				st.records++
				steps := stepsANSI
				if block == BlockLegacy {
					steps = stepsDegrees
				}
				for i := range orig {
					if b == iso.FMR2005CardCompact {
						// Clamped at the compact format's 25.5 mm edge.
						if cm := rec.Views[0].Minutiae[i]; cm.X == 255 || cm.Y == 255 {
							st.excluded++
							continue
						}
					}
					st.minutiae++
					st.pos = max(st.pos, abs(orig[i][0]-got[i][0]), abs(orig[i][1]-got[i][1]))
					d := ((got[i][2]-orig[i][2])%steps + steps) % steps
					st.angle = max(st.angle, min(d, steps-d))
					if orig[i][3] != got[i][3] {
						t.Errorf("%s → %s: minutia %d type %d came back %d", c.name, b, i+1, orig[i][3], got[i][3])
					}
				}
			}
			if st.pos > st.posLimit || st.angle > st.angleLimit {
				t.Errorf("%s: worst Δposition %d, Δangle %d; limits %d and %d", st.path, st.pos, st.angle, st.posLimit, st.angleLimit)
			}
			table = append(table, st)
		}
	}
	// ISO → Type-9 → ISO.
	for _, a := range MinutiaeFormats {
		names, recs := minutiaeSources(t, a)
		for _, block := range []Type9Blocks{BlockM1, BlockLegacy} {
			label := "Type-9 M1"
			if block == BlockLegacy {
				label = "Type-9 legacy"
			}
			pl, al := limits(a, iso.ANSI378v2009)
			if block == BlockLegacy {
				pl, al = 1, limitsDegrees(a)
				if a.Units().Coordinate != iso.CoordPixel {
					pl, _ = limits(a, iso.FMR2005) // the legacy block goes through pixels
				}
			}
			st := &pathStats{path: fmt.Sprintf("%s → %s → %s", a, label, a), posLimit: pl, angleLimit: al, findings: map[string]bool{}}
			for i, src := range recs {
				e, _ := editionOf(a)
				for v := range src.Views {
					r, rep, err := MinutiaeToType9(src, v, &Type9Options{Blocks: block})
					if err != nil {
						t.Errorf("%s → %s: %v", names[i], label, err)
						continue
					}
					for _, f := range rep.Findings {
						st.findings[f.What] = true
					}
					tr := nist.NewTransaction(nist.V0502)
					tr.AddRecord(r)
					enc, err := nist.Marshal(tr)
					if err != nil {
						t.Fatal(err)
					}
					tr2, err := nist.DecodeBytes(enc, nil)
					if err != nil {
						t.Fatalf("%s: the Type-9 made does not decode: %v", names[i], err)
					}
					var opts *Type9Options
					if e.card {
						w := r // the card's assumed geometry, as MinutiaeToType9 chose it
						m, _ := nist.ParseM1Minutiae(w)
						if block == BlockLegacy {
							mid, _, _ := MinutiaeWith(src, iso.FMR2005, nil)
							m = &nist.M1Minutiae{Width: int(mid.Views[0].Width), Height: int(mid.Views[0].Height), HPS: 197}
						}
						opts = &Type9Options{Blocks: block, Width: m.Width, Height: m.Height, Resolution: m.HPS}
					} else {
						// The legacy block alone does not carry the image
						// size: a transaction gives it with the image
						// record; here the options do.
						sv := src.Views[v]
						opts = &Type9Options{Blocks: block, Width: int(sv.Width), Height: int(sv.Height), Resolution: int(sv.XRes)}
						if sv.Width == 0 {
							opts.Width, opts.Height, opts.Resolution = int(src.Width), int(src.Height), int(src.XRes)
						}
					}
					back, _, err := Type9ToMinutiaeWith(tr2, tr2.Records[1], a, opts)
					if err != nil {
						t.Errorf("%s → %s → %s: %v", names[i], label, a, err)
						continue
					}
					one := *src
					one.Views = src.Views[v : v+1]
					st.records++
					compareViews(t, st, names[i], &one, back, a)
				}
			}
			if st.pos > st.posLimit || st.angle > st.angleLimit {
				t.Errorf("%s: worst Δposition %d, Δangle %d; limits %d and %d", st.path, st.pos, st.angle, st.posLimit, st.angleLimit)
			}
			table = append(table, st)
		}
	}
	logTable(t, table)
}

// limitsDegrees is one 9.012 degree in the units of a, at least 1.
func limitsDegrees(a iso.Format) int {
	return max(1, (a.Units().AngleSteps+359)/360)
}

func compareViews(t *testing.T, st *pathStats, name string, src, back *iso.MinutiaeRecord, a iso.Format) {
	t.Helper()
	sa := a.Units().AngleSteps
	sv, bv := src.Views[0], back.Views[0]
	if len(sv.Minutiae) != len(bv.Minutiae) {
		t.Errorf("%s: %d minutiae came back %d", name, len(sv.Minutiae), len(bv.Minutiae))
		return
	}
	for j, m := range sv.Minutiae {
		n := bv.Minutiae[j]
		st.minutiae++
		st.pos = max(st.pos, abs(int(m.X)-int(n.X)), abs(int(m.Y)-int(n.Y)))
		d := (int(n.Angle) - int(m.Angle)%sa + 2*sa) % sa
		st.angle = max(st.angle, min(d, sa-d))
		if m.Type != n.Type && m.Type != 3 {
			t.Errorf("%s: minutia %d type %d came back %d", name, j+1, m.Type, n.Type)
		}
	}
}

// TestType9AgainstNISTPairs converts the legacy block of NIST's
// type-9-1x-std.an2 files to the M1 block and compares with the M1 block
// NIST made of the same minutiae (type-9-1x-m1.an2): positions must agree
// exactly (the rule of legacyYToPixel); angles within one 2-degree unit
// (NIST truncates, this package rounds halves up).
func TestType9AgainstNISTPairs(t *testing.T) {
	for _, pair := range [][2]string{{"type-9-14-std.an2", "type-9-14-m1.an2"}, {"type-9-13-std.an2", "type-9-13-m1.an2"}} {
		std := decodeAN2(t, "jnbis/ansi/references/"+pair[0])
		m1 := decodeAN2(t, "jnbis/ansi/references/"+pair[1])
		rec, _, err := Type9ToMinutiaeWith(std, std.Records[2], iso.ANSI378v2009, &Type9Options{Blocks: BlockLegacy})
		if err != nil {
			t.Fatal(err)
		}
		want := type9Points(t, m1.Records[2], BlockM1)
		got := rec.Views[0].Minutiae
		posDiff, angDiff, worstAng := 0, 0, 0
		for i, w := range want {
			g := got[i]
			if int(g.X) != w[0] || int(g.Y) != w[1] {
				posDiff++
			}
			if d := abs(int(g.Angle) - w[2]); d != 0 {
				angDiff++
				worstAng = max(worstAng, min(d, 180-d))
			}
		}
		t.Logf("%s → M1 vs NIST's %s: %d of %d positions differ, %d angles differ (worst %d unit)", pair[0], pair[1], posDiff, len(want), angDiff, worstAng)
		if pair[0] == "type-9-14-std.an2" && posDiff != 0 {
			t.Errorf("positions differ from NIST's conversion in %d minutiae", posDiff)
		}
		if worstAng > 1 {
			t.Errorf("an angle differs by %d units", worstAng)
		}
	}
}

// TestType9WorkedExample is STANDARDS.md §9.2's example: ISO minutia X 100,
// Y 14 of a 512-row image at 197 px/cm, ANSI angle 56 (112°), ending.
func TestType9WorkedExample(t *testing.T) {
	src := &iso.MinutiaeRecord{Format: iso.ANSI378v2004, Width: 512, Height: 512, XRes: 197, YRes: 197,
		Views: []iso.MinutiaeView{{Position: 7, Quality: 90, Minutiae: []iso.Minutia{{Type: 1, X: 100, Y: 14, Angle: 56, Quality: 90}}}}}
	r, rep, err := MinutiaeToType9(src, 0, &Type9Options{Blocks: BlockM1 | BlockLegacy})
	if err != nil {
		t.Fatal(err)
	}
	// BIOMDI gives 05082522292 (its X rounds the pixel's corner, its Y
	// truncates from h-1); this package writes the pixel's centre.
	mrc, _ := r.Field(12).Item(0, 1)
	if mrc != "05102525292" {
		t.Errorf("9.012 item 2 = %s, want 05102525292", mrc)
	}
	typ, _ := r.Field(12).Item(0, 3)
	if typ != "A" {
		t.Errorf("9.012 type %s, want A", typ)
	}
	fmd := strings.ReplaceAll(r.Text(137), "\x1f", "␟")
	if fmd != "001␟100␟14␟56␟1␟90" {
		t.Errorf("9.137 = %s, want 001␟100␟14␟56␟1␟90 (STANDARDS.md §9.2)", fmd)
	}
	if r.Text(4) != "S" {
		t.Errorf("9.004 FMT = %q with the legacy block, want S", r.Text(4))
	}
	if !rep.Has("minutia quality (9.012)") {
		t.Errorf("the 9.012 quality rescaling is not reported:\n%s", rep)
	}
}

// TestType9NotCarried lists what the Type-9 conversions report.
func TestType9NotCarried(t *testing.T) {
	cases := corpusType9(t)
	byName := map[string]t9Case{}
	for _, c := range cases {
		byName[c.name] = c
	}
	tests := []struct {
		name  string
		block Type9Blocks
		want  []string
	}{
		{"jnbis/ansi/references/type-9-13-std.an2 record 3", BlockLegacy, []string{"originating fingerprint reading system (9.005 OFR)", "minutia quality 0 (manually encoded)"}},
		{"jnbis/ansi/references/type-9-14-std.an2 record 3", BlockLegacy, []string{"pattern classification (9.007 FPC)", "ridge count (9.012)"}},
		{"libbiomeval/type9.an2k record 2", BlockLegacy, []string{"image size", "ridge count (9.012)"}},
		{"jnbis/ansi/references/type-9-14-m1.an2 record 3", BlockM1, []string{"finger quality algorithm"}},
	}
	for _, tt := range tests {
		c, ok := byName[tt.name]
		if !ok {
			t.Errorf("%s: not in the corpus", tt.name)
			continue
		}
		_, rep, err := Type9ToMinutiaeWith(c.t, c.r, iso.FMR2005, &Type9Options{Blocks: tt.block})
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
	// The EFS record: neither block.
	efs := decodeAN2(t, "libbiomeval/type9-efs.an2k")
	if _, _, err := Type9ToMinutiae(efs, efs.Records[1], iso.FMR2005); err == nil {
		t.Error("an EFS-only Type-9 converted")
	}
	// The IAFIS record: legacy block absent but 9.011 present; other fields listed.
	iafis := decodeAN2(t, "jnbis/ansi/references/type-9-4-iafis.an2")
	if nist.HasM1Minutiae(iafis.Records[2]) {
		t.Error("IAFIS record read as M1")
	}
}
