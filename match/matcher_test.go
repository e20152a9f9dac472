package match

import (
	"math"
	"testing"
)

func TestSelfScoreIsHighest(t *testing.T) {
	ss := loadSet(t, "fvc2002-db1-b")
	ps := make([]*Prepared, len(ss))
	for i, s := range ss {
		ps[i] = Prepare(s.tmpl)
	}
	for i, p := range ps {
		self := Score(p, p)
		if self <= 0 {
			t.Fatalf("%s: self score %v", ss[i].name, self)
		}
		for j, q := range ps {
			if j != i && Score(p, q) >= self {
				t.Errorf("%s vs %s scores %v, not below the self score %v", ss[i].name, ss[j].name, Score(p, q), self)
			}
		}
	}
}

// TestRigidInvariance checks that turning and shifting a template changes
// its scores against the original and against a genuine mate by little
// (only the rounding of positions to pixels differs). Turns are within
// δθ = 90°: MCC pairs only minutiae whose directions differ by less (see
// Score).
func TestRigidInvariance(t *testing.T) {
	ss := loadSet(t, "fvc2002-db1-b")
	cases := []struct {
		deg    float64
		dx, dy int
	}{
		{0, 40, -25}, {30, 0, 0}, {-30, 15, 10}, {60, -20, 0}, {-75, 5, 5}, {85, 60, 40},
	}
	for _, pair := range [][2]int{{0, 1}, {8, 13}, {40, 41}} { // same finger each
		a, b := ss[pair[0]], ss[pair[1]]
		if a.finger != b.finger {
			t.Fatalf("%s and %s: not a genuine pair", a.name, b.name)
		}
		pa, pb := Prepare(a.tmpl), Prepare(b.tmpl)
		self, mate := Score(pa, pa), Score(pa, pb)
		for _, c := range cases {
			moved := Prepare(Transform(a.tmpl, c.deg, c.dx, c.dy))
			if s := Score(moved, pa); math.Abs(s-self) > 0.15*self {
				t.Errorf("%s turned %v° shifted (%d,%d): score with original %v, self score %v", a.name, c.deg, c.dx, c.dy, s, self)
			}
			// The mate is itself turned a little from a: keep the sum
			// well within δθ.
			if math.Abs(c.deg) > 30 {
				continue
			}
			if s := Score(moved, pb); math.Abs(s-mate) > 0.15*mate {
				t.Errorf("%s turned %v° shifted (%d,%d): score with %s %v, unmoved %v", a.name, c.deg, c.dx, c.dy, b.name, s, mate)
			}
		}
	}
}

func TestDegenerateTemplates(t *testing.T) {
	one := Template{PPI: 500, Minutiae: []Minutia{{X: 10, Y: 10, Angle: 45}}}
	same := Template{PPI: 500, Minutiae: []Minutia{{X: 10, Y: 10}, {X: 10, Y: 10}, {X: 10, Y: 10}}}
	line := Template{PPI: 500, Minutiae: []Minutia{{X: 0, Y: 0}, {X: 20, Y: 0, Angle: 90}, {X: 40, Y: 0, Angle: 180}}}
	wild := Template{PPI: math.NaN(), Minutiae: []Minutia{{X: -1 << 30, Y: 1 << 30, Angle: math.Inf(1)}, {X: 5, Y: 5, Angle: -720}, {X: 7, Y: 9, Angle: math.NaN()}}}
	tiny := Template{PPI: 1e-300, Minutiae: []Minutia{{X: 3, Y: 4}, {X: 30, Y: 40}, {X: 60, Y: 10}}}
	far := Template{PPI: 500} // a grid of minutiae beyond any image
	for i := range 25 {
		far.Minutiae = append(far.Minutiae, Minutia{X: 300000 + i%5*15, Y: 300000 + i/5*15, Angle: float64(i * 50 % 360)})
	}
	many := Template{PPI: 500}
	for i := range 400 {
		many.Minutiae = append(many.Minutiae, Minutia{X: i % 20 * 15, Y: i / 20 * 15, Angle: float64(i * 37 % 360)})
	}
	full := loadSetOrNil(t)
	if s := Score(nil, full); s != 0 {
		t.Errorf("nil template scores %v", s)
	}
	for _, tc := range []struct {
		name string
		t    Template
	}{{"empty", Template{}}, {"one", one}, {"coincident", same}, {"collinear", line}, {"non-finite", wild}, {"tiny PPI", tiny}, {"far", far}, {"400 minutiae", many}} {
		p := Prepare(tc.t)
		for _, q := range []*Prepared{p, Prepare(Template{}), full} {
			if q == nil {
				continue
			}
			if s := Score(p, q); math.IsNaN(s) || s < 0 || s > 1 {
				t.Errorf("%s: score %v outside [0, 1]", tc.name, s)
			}
		}
		if tc.name == "empty" || tc.name == "one" {
			if p.Len() != 0 || Score(p, p) != 0 {
				t.Errorf("%s: %d cylinders, self score %v; want none and 0", tc.name, p.Len(), Score(p, p))
			}
		}
		if p.Len() > MaxMinutiae {
			t.Errorf("%s: %d cylinders", tc.name, p.Len())
		}
		// Whatever Prepare makes survives its own binary form.
		enc, _ := p.MarshalBinary()
		if err := new(Prepared).UnmarshalBinary(enc); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func loadSetOrNil(t *testing.T) *Prepared {
	ss := loadSet(t, "fvc2002-db1-b")
	return Prepare(ss[0].tmpl)
}

func TestDeterminism(t *testing.T) {
	ss := loadSet(t, "fvc2004-db3-b")
	var c Comparer
	for i := 0; i+1 < len(ss); i += 7 {
		a1, b1 := Prepare(ss[i].tmpl), Prepare(ss[i+1].tmpl)
		a2, b2 := Prepare(ss[i].tmpl), Prepare(ss[i+1].tmpl)
		s1 := Score(a1, b1)
		// Another Comparer whose scratch holds a previous comparison.
		c.Score(b2, a2)
		if s2 := c.Score(a2, b2); s1 != s2 {
			t.Errorf("%s vs %s: %v then %v", ss[i].name, ss[i+1].name, s1, s2)
		}
	}
}

// TestResolutionNormalised checks that a template at 1000 ppi scores as
// the same minutiae at 500 ppi.
func TestResolutionNormalised(t *testing.T) {
	ss := loadSet(t, "fvc2002-db1-b")
	a, b := ss[0].tmpl, ss[1].tmpl
	hi := a
	hi.PPI, hi.Width, hi.Height = 1000, 2*a.Width, 2*a.Height
	hi.Minutiae = nil
	for _, m := range a.Minutiae {
		m.X, m.Y = 2*m.X, 2*m.Y
		hi.Minutiae = append(hi.Minutiae, m)
	}
	pb := Prepare(b)
	if s1, s2 := Score(Prepare(a), pb), Score(Prepare(hi), pb); s1 != s2 {
		t.Errorf("500 ppi score %v, 1000 ppi %v", s1, s2)
	}
}
