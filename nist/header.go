package nist

import (
	"fmt"
	"strconv"
	"time"
)

// Type-1 field numbers (ANSI/NIST-ITL 1-2011 §8.1, Table 9).
const (
	fieldVER = 2
	fieldCNT = 3
	fieldTOT = 4
	fieldDAT = 5
	fieldPRY = 6
	fieldDAI = 7
	fieldORI = 8
	fieldTCN = 9
	fieldTCR = 10
	fieldNSR = 11
	fieldNTR = 12
	fieldDOM = 13
	fieldGMT = 14
	fieldDCS = 15
)

// Header is a typed view of the Type-1 transaction information record
// (§8.1). It reads and writes the generic fields of the record; a zero
// Header (a transaction without records) returns zero values.
type Header struct{ r *Record }

// Header returns the view of the transaction's Type-1 record.
func (t *Transaction) Header() Header {
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return Header{}
	}
	return Header{t.Records[0]}
}

// Record returns the Type-1 record itself.
func (h Header) Record() *Record { return h.r }

func (h Header) text(n int) string {
	if h.r == nil {
		return ""
	}
	return h.r.Text(n)
}

func (h Header) item(n, sub, it int) string {
	if h.r == nil {
		return ""
	}
	if f := h.r.Field(n); f != nil {
		s, _ := f.Item(sub, it)
		return s
	}
	return ""
}

func (h Header) set(n int, s string) {
	if h.r != nil {
		h.r.Set(n, s)
	}
}

// Version returns 1.002 VER and whether it is four digits.
func (h Header) Version() (Version, bool) { return ParseVersion(h.text(fieldVER)) }

// ContentEntry is one record listed in 1.003 CNT: its record type and IDC.
type ContentEntry struct {
	Type int
	IDC  int
}

// Content returns the records that 1.003 CNT lists after Type-1, and false
// when CNT is absent or an entry is not numeric.
func (h Header) Content() ([]ContentEntry, bool) {
	if h.r == nil {
		return nil, false
	}
	f := h.r.Field(fieldCNT)
	if f == nil {
		return nil, false
	}
	subs := f.Subfields()
	out := make([]ContentEntry, 0, len(subs))
	ok := true
	for _, s := range subs[1:] {
		if len(s) != 2 {
			ok = false
			continue
		}
		typ, ok1 := atoi([]byte(s[0]))
		idc, ok2 := atoi([]byte(s[1]))
		ok = ok && ok1 && ok2
		out = append(out, ContentEntry{typ, idc})
	}
	return out, ok
}

// TypeOfTransaction returns 1.004 TOT.
func (h Header) TypeOfTransaction() string { return h.text(fieldTOT) }

// SetTypeOfTransaction sets 1.004 TOT.
func (h Header) SetTypeOfTransaction(s string) { h.set(fieldTOT, s) }

// Date returns 1.005 DAT, the local date the transaction was made
// (YYYYMMDD, §7.7.2.3).
func (h Header) Date() (time.Time, error) {
	return parseTime("20060102", h.text(fieldDAT), "1.005 DAT")
}

// SetDate sets 1.005 DAT.
func (h Header) SetDate(d time.Time) { h.set(fieldDAT, d.Format("20060102")) }

// Priority returns 1.006 PRY (1 highest to 9), and false when absent.
func (h Header) Priority() (int, bool) { return atoi([]byte(h.text(fieldPRY))) }

// DestinationAgency returns 1.007 DAI.
func (h Header) DestinationAgency() string { return h.text(fieldDAI) }

// SetDestinationAgency sets 1.007 DAI.
func (h Header) SetDestinationAgency(s string) { h.set(fieldDAI, s) }

// OriginatingAgency returns 1.008 ORI.
func (h Header) OriginatingAgency() string { return h.text(fieldORI) }

// SetOriginatingAgency sets 1.008 ORI.
func (h Header) SetOriginatingAgency(s string) { h.set(fieldORI, s) }

// ControlNumber returns 1.009 TCN.
func (h Header) ControlNumber() string { return h.text(fieldTCN) }

// SetControlNumber sets 1.009 TCN.
func (h Header) SetControlNumber(s string) { h.set(fieldTCN, s) }

// ControlReference returns 1.010 TCR.
func (h Header) ControlReference() string { return h.text(fieldTCR) }

// NativeScanningResolution returns 1.011 NSR in pixels per millimetre
// ("19.69"); false when absent or not a number. 00.00 means none applies.
func (h Header) NativeScanningResolution() (float64, bool) { return parsePPMM(h.text(fieldNSR)) }

// NominalTransmittingResolution returns 1.012 NTR in pixels per millimetre.
func (h Header) NominalTransmittingResolution() (float64, bool) { return parsePPMM(h.text(fieldNTR)) }

// SetResolutions sets 1.011 NSR and 1.012 NTR, written "NN.NN".
func (h Header) SetResolutions(nsr, ntr float64) {
	h.set(fieldNSR, fmt.Sprintf("%05.2f", nsr))
	h.set(fieldNTR, fmt.Sprintf("%05.2f", ntr))
}

// Domain returns 1.013 DOM: the domain name and its version.
func (h Header) Domain() (name, version string) {
	return h.item(fieldDOM, 0, 0), h.item(fieldDOM, 0, 1)
}

// GMT returns 1.014 GMT, the universal time of the transaction
// (YYYYMMDDhhmmssZ, §7.7.2.2).
func (h Header) GMT() (time.Time, error) {
	return parseTime("20060102150405Z", h.text(fieldGMT), "1.014 GMT")
}

// SetGMT sets 1.014 GMT.
func (h Header) SetGMT(t time.Time) { h.set(fieldGMT, t.UTC().Format("20060102150405Z")) }

// DCS returns the items of 1.015 DCS: character set index, name and
// version; ok is false when the field is absent.
func (h Header) DCS() (csi CharacterSet, name, version string, ok bool) {
	if h.r == nil || h.r.Field(fieldDCS) == nil {
		return ASCII, "", "", false
	}
	n, numeric := atoi([]byte(h.item(fieldDCS, 0, 0)))
	return CharacterSet(n), h.item(fieldDCS, 0, 1), h.item(fieldDCS, 0, 2), numeric
}

func parseTime(layout, s, what string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("nist: %s is absent", what)
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("nist: %s %q is not in the form %s", what, s, layout)
	}
	return t, nil
}

func parsePPMM(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v >= 0
}
