package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignedBytes is a byte string written as a JSON array of signed bytes
// (-128..127), the shape BIR.bdb has (@JsonFormat(shape = ARRAY)). It
// reads that array, and a Base64 string as IntArrayToByteArrayDeserializer
// does.
type SignedBytes []byte

// MarshalJSON writes the array of signed bytes.
func (s SignedBytes) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	out := make([]byte, 0, 2+4*len(s))
	out = append(out, '[')
	for i, b := range s {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendInt(out, int64(int8(b)), 10)
	}
	return append(out, ']'), nil
}

// UnmarshalJSON reads an array of integers in -128..127 or a Base64
// string. It allocates no more than the input's length.
func (s *SignedBytes) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*s = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		d, err := decodeBase64(str)
		if err != nil {
			return fmt.Errorf("bdb: %w", err)
		}
		*s = d
		return nil
	case len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']':
		return errors.New("bdb: neither an array of signed bytes nor a Base64 string")
	}
	body := b[1 : len(b)-1]
	out := make([]byte, 0, len(body)/2+1)
	for i := 0; ; i++ {
		body = bytes.TrimLeft(body, " \t\r\n")
		if len(body) == 0 {
			if i == 0 {
				break
			}
			return errors.New("bdb: array ends with a comma")
		}
		end := bytes.IndexByte(body, ',')
		last := end < 0
		if last {
			end = len(body)
		}
		tok := bytes.TrimRight(body[:end], " \t\r\n")
		v, err := strconv.ParseInt(string(tok), 10, 16)
		if err != nil || v < -128 || v > 127 {
			return fmt.Errorf("bdb: element %d (%.12q) is not a signed byte", i, tok)
		}
		out = append(out, byte(int8(v)))
		if last {
			break
		}
		body = body[end+1:]
	}
	*s = out
	return nil
}

// Analytics is an analyticsInfo map (Map<String, String>). Vendors write
// numbers and booleans there too; they are kept as their JSON text.
type Analytics map[string]string

// UnmarshalJSON reads an object of scalar values.
func (a *Analytics) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("analyticsInfo: %w", err)
	}
	if raw == nil {
		*a = nil
		return nil
	}
	m := make(Analytics, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			m[k] = s
			continue
		}
		m[k] = string(bytes.TrimSpace(v))
	}
	*a = m
	return nil
}

// DateTime is a LocalDateTime as bio-utils writes it: {"date": {year,
// month, day}, "time": {hour, minute, second, nano}}, in UTC here.
type DateTime struct{ time.Time }

type dateTimeObject struct {
	Date *struct {
		Year  int `json:"year"`
		Month int `json:"month"`
		Day   int `json:"day"`
	} `json:"date"`
	Time *struct {
		Hour   int `json:"hour"`
		Minute int `json:"minute"`
		Second int `json:"second"`
		Nano   int `json:"nano"`
	} `json:"time"`
}

// MarshalJSON writes the date and time object.
func (d DateTime) MarshalJSON() ([]byte, error) {
	t := d.UTC()
	return fmt.Appendf(nil, `{"date":{"year":%d,"month":%d,"day":%d},"time":{"hour":%d,"minute":%d,"second":%d,"nano":%d}}`,
		t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond()), nil
}

// UnmarshalJSON reads the object, an ISO 8601 string, epoch milliseconds
// or an array [year, month, day, hour, minute, second, nano], as
// DateTimeObjectToLocalDateTimeDeserializer does.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("date: empty")
	}
	switch b[0] {
	case 'n':
		d.Time = time.Time{}
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, s); err == nil {
				d.Time = t
				return nil
			}
		}
		return fmt.Errorf("date: %.40q is not an ISO 8601 date and time", s)
	case '[':
		var v []int
		if err := json.Unmarshal(b, &v); err != nil || len(v) != 7 {
			return errors.New("date: an array must hold 7 integers")
		}
		return d.set(v[0], v[1], v[2], v[3], v[4], v[5], v[6])
	case '{':
		var o dateTimeObject
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("date: %w", err)
		}
		if o.Date == nil || o.Time == nil {
			return errors.New("date: the object needs both date and time")
		}
		return d.set(o.Date.Year, o.Date.Month, o.Date.Day, o.Time.Hour, o.Time.Minute, o.Time.Second, o.Time.Nano)
	}
	ms, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("date: %.40q is not a date", b)
	}
	d.Time = time.UnixMilli(ms).UTC()
	return nil
}

func (d *DateTime) set(year, month, day, hour, minute, second, nano int) error {
	if year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
		nano < 0 || nano > 999_999_999 {
		return fmt.Errorf("date: %04d-%02d-%02dT%02d:%02d:%02d.%09d out of range", year, month, day, hour, minute, second, nano)
	}
	d.Time = time.Date(year, time.Month(month), day, hour, minute, second, nano, time.UTC)
	return nil
}

// EncodeEnvelope wraps an operation's JSON in the request envelope: the
// padded standard Base64 (java.util.Base64.getEncoder) of payload.
func EncodeEnvelope(payload []byte) []byte {
	const head, tail = `{"version":"` + SpecVersion + `","request":"`, `"}`
	out := make([]byte, 0, len(head)+base64.StdEncoding.EncodedLen(len(payload))+len(tail))
	out = append(out, head...)
	out = base64.StdEncoding.AppendEncode(out, payload)
	return append(out, tail...)
}

// DecodeEnvelope reads a request envelope and returns its version and the
// operation's JSON.
func DecodeEnvelope(b []byte) (version string, payload []byte, err error) {
	var e Envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return "", nil, fmt.Errorf("request envelope: %w", err)
	}
	if e.Request == "" {
		return e.Version, nil, errors.New("request envelope: no request")
	}
	payload, err = decodeBase64(e.Request)
	if err != nil {
		return e.Version, nil, fmt.Errorf("request envelope: %w", err)
	}
	return e.Version, payload, nil
}

// decodeBase64 decodes the basic alphabet with or without padding, as
// java.util.Base64.getDecoder does.
func decodeBase64(s string) ([]byte, error) {
	enc := base64.StdEncoding
	if !strings.HasSuffix(s, "=") && len(s)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	d, err := enc.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not Base64 (RFC 4648 basic alphabet): %w", err)
	}
	return d, nil
}

// DecodeMatchResponse reads the service's answer to /match: the envelope
// and its payload. A response whose errors list is not empty returns them
// in *ServiceErrors, whatever else it holds.
func DecodeMatchResponse(b []byte) (*MatchResponse, error) {
	var r Response
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("response: %w", err)
	}
	if len(r.Errors) > 0 {
		return nil, &ServiceErrors{Errors: r.Errors}
	}
	raw := bytes.TrimSpace(r.Response)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("response: no match result (response is %.20s)", raw)
	}
	var m MatchResponse
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("response.response: %w", err)
	}
	return &m, nil
}

// ServiceErrors is the errors list of a response.
type ServiceErrors struct{ Errors []ServiceError }

func (e *ServiceErrors) Error() string {
	parts := make([]string, len(e.Errors))
	for i, x := range e.Errors {
		parts[i] = fmt.Sprintf("%s: %.200s", x.Code, x.Message)
	}
	return "service errors: " + strings.Join(parts, "; ")
}
