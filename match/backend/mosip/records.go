package mosip

import (
	"fmt"
	"strconv"
	"time"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all" // the 19794-4/-5/-6 codecs checked at enrolment
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip/internal/wire"
)

// kind is how one sample format travels: its BiometricType and MOSIP
// format type (mosip/documentation docs/CBEFF-XML.md @762acf4f: BDB
// patron format identifiers 7 finger image, 8 face image, 9 iris image).
type kind struct {
	modality backend.Modality
	typ      string // BiometricType
	format   string // RegistryIDType.type under organization "Mosip"
	iso      iso.Format
}

var kinds = map[string]kind{
	backend.FingerImage: {backend.Finger, wire.Finger, wire.FormatFingerImage, iso.FIR2011},
	backend.FaceImage:   {backend.Face, wire.Face, wire.FormatFaceImage, iso.Face2011},
	backend.IrisImage:   {backend.Iris, wire.Iris, wire.FormatIrisImage, iso.Iris2011},
}

// fingerSubtypes maps a finger position code (ANSI/NIST-ITL Table 8,
// 19794-4 Table 5: 1-5 right thumb to little, 6-10 left) to the MOSIP
// subtype (mosip/bio-utils SingleAnySubtypeType @5ad0dcfa).
var fingerSubtypes = [11][]string{
	0:  {},
	1:  {"Right", "Thumb"},
	2:  {"Right", "IndexFinger"},
	3:  {"Right", "MiddleFinger"},
	4:  {"Right", "RingFinger"},
	5:  {"Right", "LittleFinger"},
	6:  {"Left", "Thumb"},
	7:  {"Left", "IndexFinger"},
	8:  {"Left", "MiddleFinger"},
	9:  {"Left", "RingFinger"},
	10: {"Left", "LittleFinger"},
}

// eyeSubtypes maps the eye label (19794-6: 0 undefined, 1 right, 2 left).
var eyeSubtypes = [3][]string{0: {}, 1: {"Right"}, 2: {"Left"}}

// subtype returns the BDBInfo subtype of a sample.
func subtype(k kind, position int) ([]string, error) {
	switch k.modality {
	case backend.Finger:
		if position >= 0 && position < len(fingerSubtypes) {
			return fingerSubtypes[position], nil
		}
		return nil, fmt.Errorf("finger position %d is not one finger (0-10)", position)
	case backend.Iris:
		if position >= 0 && position < len(eyeSubtypes) {
			return eyeSubtypes[position], nil
		}
		return nil, fmt.Errorf("eye %d is not 0 (undefined), 1 (right) or 2 (left)", position)
	}
	if position != 0 {
		return nil, fmt.Errorf("a face has no position (%d given)", position)
	}
	return []string{}, nil
}

// checkSample returns the sample's kind, or why the adapter cannot send
// it: a format the SDK does not take (ErrUnsupported) or bytes that are
// not a record of that format (ErrInvalidSample).
func checkSample(s backend.Sample, i int) (kind, error) {
	k, ok := kinds[s.Format]
	if !ok {
		return k, fmt.Errorf("sample %d: format %q: the MOSIP Bio-SDK takes finger, face and iris images (%s, %s, %s): %w",
			i+1, s.Format, backend.FingerImage, backend.FaceImage, backend.IrisImage, backend.ErrUnsupported)
	}
	if _, err := subtype(k, s.Position); err != nil {
		return k, fmt.Errorf("sample %d: %v: %w", i+1, err, backend.ErrInvalidSample)
	}
	// Lenient: a record with recoverable faults (a length that disagrees
	// with its content) is the SDK's to judge; one that cannot be read is
	// refused here.
	rec, f, err := iso.DecodeWith(s.Data, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		return k, fmt.Errorf("sample %d: not a %s record: %v: %w", i+1, s.Format, err, backend.ErrInvalidSample)
	}
	if f != k.iso {
		return k, fmt.Errorf("sample %d: a %s record where %s was declared: %w", i+1, f, s.Format, backend.ErrInvalidSample)
	}
	return k, nil
}

var (
	version11 = &wire.VersionType{Major: 1, Minor: 1}
	no        = false
)

// bir makes the BIR of one sample (its kind already checked).
func bir(s backend.Sample, index int, purpose string, created time.Time) wire.BIR {
	k := kinds[s.Format]
	sub, _ := subtype(k, s.Position)
	return wire.BIR{
		Version:      version11,
		CBEFFVersion: version11,
		BIRInfo:      &wire.BIRInfo{Integrity: &no},
		BDBInfo: &wire.BDBInfo{
			Index:        strconv.Itoa(index),
			Format:       &wire.RegistryID{Organization: wire.FormatOrganization, Type: k.format},
			CreationDate: &wire.DateTime{Time: created.UTC()},
			Type:         []string{k.typ},
			Subtype:      sub,
			Level:        wire.LevelRaw,
			Purpose:      purpose,
		},
		BDB: wire.SignedBytes(s.Data),
	}
}

// record makes the BiometricRecord of one person's samples.
func record(samples []backend.Sample, purpose string, created time.Time) wire.BiometricRecord {
	r := wire.BiometricRecord{
		Version:      version11,
		CBEFFVersion: version11,
		BIRInfo:      &wire.BIRInfo{Integrity: &no},
		Segments:     make([]wire.BIR, len(samples)),
	}
	for i, s := range samples {
		r.Segments[i] = bir(s, i+1, purpose, created)
	}
	return r
}

// encodedSize bounds the bytes a sample adds to a request: at most 4
// characters per signed byte plus the BIR's fields (600 bytes is above
// what bir writes), Base64 adding a third.
func encodedSize(s backend.Sample) int64 {
	return (int64(len(s.Data))*5 + 600) * 4 / 3
}
