package iso_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all"
)

// Decoding a record of unknown edition, and re-encoding it in another:
// here an INCITS 378-2004 record as ISO/IEC 19794-2:2005, converting the
// angles from 2-degree units to 360/256-degree units on the way (what
// package convert does in full).
func Example() {
	b, err := os.ReadFile(filepath.Join(corpus, "biomdi/Sampledata/fingerminutia/ANSI-INCITS-378_2004/Appendix-B2_Example.raw"))
	if err != nil {
		fmt.Println("corpus not available")
		return
	}
	rec, f, err := iso.Decode(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmr := rec.(*iso.MinutiaeRecord)
	m := fmr.Views[0].Minutiae[0]
	from, to := f.Units(), iso.FMR2005.Units()
	fmt.Printf("%s: x=%d y=%d angle=%d (%.0f degrees)\n", f, m.X, m.Y, m.Angle, from.AngleDegrees(int(m.Angle)))
	for i := range fmr.Views {
		for j := range fmr.Views[i].Minutiae {
			a := &fmr.Views[i].Minutiae[j].Angle
			*a = uint8((int(*a)*to.AngleSteps + from.AngleSteps/2) / from.AngleSteps % to.AngleSteps)
		}
	}
	out, err := iso.Marshal(fmr, iso.FMR2005)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := iso.Identify(out)
	back, _, _ := iso.Decode(out)
	fmt.Printf("%s: angle=%d, %d bytes\n", g, back.(*iso.MinutiaeRecord).Views[0].Minutiae[0].Angle, len(out))
	// Output:
	// incits378:2004: x=100 y=14 angle=56 (112 degrees)
	// iso19794-2:2005: angle=80, 341 bytes
}
