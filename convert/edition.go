package convert

import (
	"fmt"

	"github.com/biogate/biogate/iso"
)

// Edition writes rec, decoded from the bytes in as edition from, as
// edition to of the same kind: minutiae through [Minutiae] (units,
// angles, what the target cannot hold), the other kinds by encoding the
// common model. A conversion to the edition the record was read as
// returns the input bytes themselves, as `--to an2` does for a
// transaction: nothing the codec keeps is lost on the way (bytes after
// the declared length, a declared length that disagrees with the content,
// extended data blocks whose length overruns, a version written as some
// producers write it).
func Edition(in []byte, rec iso.Record, from, to iso.Format) ([]byte, *Report, error) {
	rep := &Report{From: string(from), To: string(to)}
	if rec == nil {
		return nil, rep, fmt.Errorf("convert: no %s record", from)
	}
	if rec.Kind() != to.Kind() {
		return nil, rep, fmt.Errorf("convert: a %s record cannot become %s (a %s record)", rec.Kind(), to, to.Kind())
	}
	if from == to && in != nil {
		return in, rep, nil
	}
	if m, ok := rec.(*iso.MinutiaeRecord); ok {
		conv, mrep, err := Minutiae(m, to)
		if err != nil {
			return nil, mrep, err
		}
		rec, rep = conv, mrep
	}
	out, err := iso.Marshal(rec, to)
	if err != nil {
		return nil, rep, err
	}
	return out, rep, nil
}
