package conformance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Level is the conformance level of an assertion (ISO/IEC 29109-1 clause
// 6; NIST BioCTS).
type Level int

const (
	Level1 Level = 1 // syntax and format
	Level2 Level = 2 // internal consistency
	Level3 Level = 3 // content
)

func (l Level) String() string { return "level " + strconv.Itoa(int(l)) }

// Severity says whether a finding makes the input nonconformant.
type Severity int

const (
	Error   Severity = iota // the input does not conform
	Warning                 // the input conforms but something deserves attention
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalJSON writes the severity as "error" or "warning".
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads "error" or "warning".
func (s *Severity) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch v {
	case "error":
		*s = Error
	case "warning":
		*s = Warning
	default:
		return fmt.Errorf("conformance: severity %q is not error or warning", v)
	}
	return nil
}

// Location says where a finding is. Record, Subfield and Item count from
// 1; zero means the finding does not go that deep. Offset is the byte
// offset in the input, -1 where unknown. For ISO records Record is the
// view (representation) number and Field names the header or view field.
type Location struct {
	Record     int    `json:"record,omitempty"`
	RecordType int    `json:"recordType,omitempty"`
	Field      string `json:"field,omitempty"` // "14.013", or an ISO field name
	Subfield   int    `json:"subfield,omitempty"`
	Item       int    `json:"item,omitempty"`
	Offset     int64  `json:"offset"`
}

func (l Location) String() string {
	var parts []string
	if l.Record > 0 {
		if l.RecordType > 0 {
			parts = append(parts, fmt.Sprintf("record %d (Type-%d)", l.Record, l.RecordType))
		} else {
			parts = append(parts, fmt.Sprintf("record %d", l.Record))
		}
	}
	if l.Field != "" {
		s := "field " + l.Field
		if l.Subfield > 0 {
			s += fmt.Sprintf(" subfield %d", l.Subfield)
		}
		if l.Item > 0 {
			s += fmt.Sprintf(" item %d", l.Item)
		}
		parts = append(parts, s)
	}
	if l.Offset >= 0 {
		parts = append(parts, fmt.Sprintf("byte %d", l.Offset))
	}
	return strings.Join(parts, ", ")
}

// Finding is one assertion that failed.
type Finding struct {
	Assertion string   `json:"assertion"` // stable id, such as "AN2011.14.013.value"
	Level     Level    `json:"level"`
	Severity  Severity `json:"severity"`
	Location  Location `json:"location"`
	Message   string   `json:"message"`          // what is wrong and what is expected
	Source    string   `json:"source,omitempty"` // the clause or table the assertion comes from
}

func (f Finding) String() string {
	loc := f.Location.String()
	if loc != "" {
		loc += ": "
	}
	s := fmt.Sprintf("%s %s [%s] %s%s", f.Severity, f.Level, f.Assertion, loc, f.Message)
	if f.Source != "" {
		s += " (" + f.Source + ")"
	}
	return s
}
