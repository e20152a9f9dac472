package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

func TestEnrolmentCodecRoundTrip(t *testing.T) {
	for _, e := range []*Enrolment{
		{Space: "s", Gallery: "g", Subject: "x"},
		enrolment(SpaceEmbedded, "criminal", "A:1", "0123", 3),
		{Space: "s", Gallery: "g", Subject: "x", Created: time.Unix(-5, 7).UTC(), Samples: []EnrolledSample{{Format: "f", Position: -3}}},
	} {
		got, err := decodeEnrolment(encodeEnrolment(e))
		if err != nil {
			t.Fatal(err)
		}
		if !e.Created.IsZero() || !got.Created.IsZero() {
			if !got.Created.Equal(e.Created) {
				t.Errorf("created %v, want %v", got.Created, e.Created)
			}
			got.Created = e.Created
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip %+v, want %+v", got, e)
		}
	}
}

func TestEnrolmentCodecErrors(t *testing.T) {
	good := encodeEnrolment(enrolment(SpaceEmbedded, "g", "a", "T", 2))
	for _, tc := range []struct {
		name string
		v    []byte
	}{
		{"empty", nil},
		{"version 2", append([]byte{2}, good[1:]...)},
		{"truncated", good[:len(good)-1]},
		{"trailing", append(append([]byte(nil), good...), 0)},
		{"huge string", []byte{1, 0xff, 0xff, 0xff, 0xff, 0x0f}},
		{"huge sample count", []byte{1, 1, 's', 1, 'g', 1, 'x', 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}},
		{"bad nanoseconds", []byte{1, 1, 's', 1, 'g', 1, 'x', 0, 0, 0, 0, 0, 0x80, 0x94, 0xeb, 0xdc, 0x03, 0}},
	} {
		var fe *EnrolmentFormatError
		if _, err := decodeEnrolment(tc.v); !errors.As(err, &fe) {
			t.Errorf("%s: %v, want an *EnrolmentFormatError", tc.name, err)
		}
	}
}

// FuzzDecodeEnrolment: any bytes decode without panic; what decodes
// encodes back to the same bytes.
func FuzzDecodeEnrolment(f *testing.F) {
	f.Add(encodeEnrolment(enrolment(SpaceEmbedded, "criminal", "a", "T", 2)))
	f.Add(encodeEnrolment(&Enrolment{Space: "s", Gallery: "g", Subject: "x"}))
	f.Add([]byte{1, 1, 's', 1, 'g', 1, 'x', 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := decodeEnrolment(b)
		if err != nil {
			return
		}
		again := encodeEnrolment(e)
		e2, err := decodeEnrolment(again)
		if err != nil {
			t.Fatalf("re-encoded enrolment does not decode: %v", err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("round trip changed the enrolment:\n%+v\n%+v", e, e2)
		}
	})
}

// enrolment is a subject's enrolment with samples samples.
func enrolment(space, gallery, subject, transaction string, samples int) *Enrolment {
	e := &Enrolment{
		Space: space, Gallery: gallery, Subject: subject,
		Created: time.Date(2026, 12, 3, 10, 0, 0, 123456789, time.UTC),
		Partner: "a", Transaction: transaction, Purpose: "criminal-records", Backend: "embedded",
	}
	for i := range samples {
		e.Samples = append(e.Samples, EnrolledSample{
			Format: "iso19794-2:2011", Position: i + 1,
			Data: []byte(fmt.Sprintf("record %s %d", subject, i)), Index: make([]byte, 12000+i),
		})
	}
	return e
}
