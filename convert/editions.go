package convert

import "github.com/biogate/biogate/iso"

// edition says what a finger minutiae format carries, for the mapping of
// record and view fields (STANDARDS.md §7).
type edition struct {
	card        bool // 19794-2:2005 card formats: minutiae only
	recordImage bool // image size and resolution once per record (2004/2005)
	ansi        bool // INCITS 378: CBEFF product ID, ANSI core/delta layout, 2-degree angles
	equipment   bool // 2-byte capture equipment word (2004, 2005, 2007 draft)
	device2009  bool // 378-2009 certification byte and device ID
	iso2011     bool // 19794-1:2011 representation header, no finger quality byte
	newQuality  bool // 254 "not reported" and 255 "failed" (2007 draft, 2009, 2011)
	viewQAlgo   bool // finger quality vendor and algorithm (2007 draft, 2009)
	nibbleView  bool // view number and impression type share one byte (2004/2005)
}

func editionOf(f iso.Format) (edition, bool) {
	switch f {
	case iso.FMR2005:
		return edition{recordImage: true, equipment: true, nibbleView: true}, true
	case iso.FMR2005CardNormal, iso.FMR2005CardCompact:
		return edition{card: true}, true
	case iso.FMR2011:
		return edition{iso2011: true, newQuality: true}, true
	case iso.ANSI378v2004:
		return edition{recordImage: true, ansi: true, equipment: true, nibbleView: true}, true
	case iso.ANSI378v2007:
		return edition{ansi: true, equipment: true, newQuality: true, viewQAlgo: true}, true
	case iso.ANSI378v2009, iso.ANSI378v2009AM1:
		return edition{ansi: true, device2009: true, newQuality: true, viewQAlgo: true}, true
	}
	return edition{}, false
}

// MinutiaeFormats lists the finger minutiae formats [Minutiae] converts
// between, in the order of the package's round-trip table.
var MinutiaeFormats = []iso.Format{
	iso.FMR2005, iso.FMR2005CardNormal, iso.FMR2005CardCompact, iso.FMR2011,
	iso.ANSI378v2004, iso.ANSI378v2007, iso.ANSI378v2009, iso.ANSI378v2009AM1,
}

// readQuality reads a stored minutia or finger quality of edition e.
func readQuality(q uint8, e edition) quality {
	switch {
	case e.card:
		return quality{notStated: true, legacyCode: -1}
	case e.newQuality && q == 254:
		return quality{notStated: true, legacyCode: -1}
	case e.newQuality && q == 255:
		return quality{failed: true, legacyCode: -1}
	case !e.newQuality && q == 0:
		return quality{notStated: true, legacyCode: -1}
	}
	return quality{score: int(q), legacyCode: -1}
}

// writeQuality stores q in edition e; ok is false when e has no code for
// it (a 255 "failed" in 2004/2005, written 0 "not reported"), or a 9.012
// "manually encoded" (written as not reported).
func writeQuality(q quality, e edition) (uint8, bool) {
	switch {
	case q.failed && e.newQuality:
		return 255, true
	case q.failed:
		return 0, false
	case q.notStated || q.manual:
		if e.newQuality {
			return 254, !q.manual
		}
		return 0, !q.manual
	}
	s := q.score
	if s > 100 {
		s = 100
	}
	if s == 0 && !e.newQuality {
		// A measured 0 reads as "not reported" in 2004/2005; 1 is the
		// lowest score those editions can state.
		return 1, false
	}
	return uint8(s), true
}
