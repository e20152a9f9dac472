package batch

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// modernEdition is the edition an archive's ISO/INCITS record is
// modernised to: ISO/IEC 19794 2005 records to their 2011 edition, INCITS
// 378-2004 and 378-2007 to 378-2009. Other editions are current already.
var modernEdition = map[iso.Format]iso.Format{
	iso.FMR2005:            iso.FMR2011,
	iso.FMR2005CardNormal:  iso.FMR2011,
	iso.FMR2005CardCompact: iso.FMR2011,
	iso.ANSI378v2004:       iso.ANSI378v2009,
	iso.ANSI378v2007:       iso.ANSI378v2009,
	iso.FIR2005:            iso.FIR2011,
	iso.Face2005:           iso.Face2011,
	iso.Iris2005:           iso.Iris2011,
}

// Modernise is the ModerniseFunc of `biogate batch modernise`: a
// traditional transaction of VER 0200-0501 to VER 0502 (ANSI/NIST-ITL
// 1-2011 Update 2015) by convert.Modernise, an ISO/IEC 19794 2005 record
// to its 2011 edition and an INCITS 378-2004 record to 378-2009 by
// convert.Edition. Every loss the conversion reports is returned. Other
// inputs (XML and JSON transactions, which are 2008 or later encodings,
// and loose images) are exchange.KindUnsupported, so skipped and
// reported; ModerniseWith wraps loose images as well.
func Modernise(ctx context.Context, in []byte) ([]byte, *ModerniseReport, error) {
	switch f := sniff.Format(in); f {
	case sniff.AN2:
		t, err := nist.DecodeBytes(in, nil)
		if err != nil {
			return nil, nil, err
		}
		out, rep, err := convert.Modernise(t, nil)
		if err != nil {
			return nil, nil, err
		}
		b, err := nist.Marshal(out)
		if err != nil {
			return nil, nil, err
		}
		return b, &ModerniseReport{Version: "0502", Losses: rep.Strings()}, nil
	case sniff.ISO:
		from, err := iso.Identify(in)
		if err != nil {
			return nil, nil, err
		}
		to, ok := modernEdition[from]
		if !ok {
			return nil, nil, &exchange.Error{Kind: exchange.KindUnsupported, Msg: fmt.Sprintf("%s is a current edition; nothing to modernise", from)}
		}
		// The core of `biogate convert --to EDITION`: it reads what other
		// producers write (their quirks named in its notes) through
		// convert.Edition.
		out, err := exchange.Convert(ctx, in, exchange.ConvertOptions{To: string(to)})
		if err != nil {
			return nil, nil, err
		}
		return out.Body, &ModerniseReport{Version: string(to), Losses: out.Notes}, nil
	default:
		return nil, nil, &exchange.Error{Kind: exchange.KindUnsupported,
			Msg: fmt.Sprintf("a %s input is not modernised (traditional transactions of VER 0200-0501 and ISO/IEC 19794 2005 or INCITS 378-2004 records are)", f)}
	}
}
