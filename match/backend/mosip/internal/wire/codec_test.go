package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignedBytes(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		json string
	}{
		{[]byte{}, `[]`},
		{[]byte{0, 1, 0x7f, 0x80, 0xff}, `[0,1,127,-128,-1]`},
		{[]byte("FIR\x00"), `[70,73,82,0]`},
	} {
		out, err := json.Marshal(SignedBytes(tc.in))
		if err != nil || string(out) != tc.json {
			t.Errorf("marshal %v: %s, %v; want %s", tc.in, out, err, tc.json)
		}
		var back SignedBytes
		if err := json.Unmarshal(out, &back); err != nil || !bytes.Equal(back, tc.in) {
			t.Errorf("unmarshal %s: %v, %v", out, back, err)
		}
	}
	for _, tc := range []struct {
		json string
		want []byte
		err  string
	}{
		{` [ 70 , -1 ] `, []byte{70, 0xff}, ""},
		{`"RklSAA=="`, []byte("FIR\x00"), ""}, // Base64, as IntArrayToByteArrayDeserializer takes
		{`"RklSAA"`, []byte("FIR\x00"), ""},   // unpadded, as java.util.Base64 takes
		{`null`, nil, ""},
		{`[128]`, nil, "not a signed byte"},
		{`[-129]`, nil, "not a signed byte"},
		{`[255]`, nil, "not a signed byte"},
		{`[1.5]`, nil, "not a signed byte"},
		{`[1,]`, nil, "comma"},
		{`[,1]`, nil, "not a signed byte"},
		{`{}`, nil, "neither"},
		{`"***"`, nil, "Base64"},
	} {
		var got SignedBytes
		err := got.UnmarshalJSON([]byte(tc.json))
		switch {
		case tc.err == "" && (err != nil || !bytes.Equal(got, tc.want)):
			t.Errorf("%s: %v, %v; want %v", tc.json, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one saying %q", tc.json, err, tc.err)
		}
	}
}

func TestDateTime(t *testing.T) {
	want := time.Date(2026, 12, 3, 20, 1, 2, 3000000, time.UTC)
	out, err := json.Marshal(DateTime{want})
	if err != nil {
		t.Fatal(err)
	}
	if s := `{"date":{"year":2026,"month":12,"day":3},"time":{"hour":20,"minute":1,"second":2,"nano":3000000}}`; string(out) != s {
		t.Errorf("marshal: %s, want %s", out, s)
	}
	for _, in := range []string{string(out), `"2026-12-03T20:01:02.003Z"`, `"2026-12-03T20:01:02.003"`, `1796328062003`, `[2026,12,3,20,1,2,3000000]`} {
		var d DateTime
		if err := json.Unmarshal([]byte(in), &d); err != nil || !d.Equal(want) {
			t.Errorf("%s: %v, %v; want %v", in, d.Time, err, want)
		}
	}
	for _, in := range []string{`{"date":{"year":2026,"month":13,"day":1},"time":{}}`, `{"date":{"year":2026,"month":1,"day":1}}`, `[2026,1]`, `"yesterday"`, `true`} {
		var d DateTime
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("%s: read as %v", in, d.Time)
		}
	}
}

func TestEnvelope(t *testing.T) {
	for _, payload := range [][]byte{[]byte(`{}`), []byte(`{"a":1}`), []byte(`{"ab":"c"}`)} {
		env := EncodeEnvelope(payload)
		var e Envelope
		if err := json.Unmarshal(env, &e); err != nil || e.Version != "1.0" {
			t.Fatalf("%s: %v", env, err)
		}
		if _, err := base64.StdEncoding.Strict().DecodeString(e.Request); err != nil {
			t.Errorf("%s: request not padded standard Base64: %v", env, err)
		}
		v, p, err := DecodeEnvelope(env)
		if err != nil || v != SpecVersion || !bytes.Equal(p, payload) {
			t.Errorf("round trip of %s: %q %s %v", payload, v, p, err)
		}
	}
	for _, bad := range []string{`{"version":"1.0"}`, `{"version":"1.0","request":"%%%"}`, `[]`} {
		if _, _, err := DecodeEnvelope([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestDecodeMatchResponse(t *testing.T) {
	m, err := DecodeMatchResponse([]byte(`{"version":"1.0","responsetime":"2026-12-03T20:28:50.990Z",
	 "response":{"statusCode":200,"statusMessage":null,"response":[
	  {"galleryIndex":1,"decisions":{"FINGER":{"match":"MATCHED","errors":[],"analyticsInfo":{"score":0.5,"note":"x"}}},"analyticsInfo":{}}]},
	 "errors":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	d := m.Response[0]
	if *m.StatusCode != 200 || d.GalleryIndex != 1 || d.Decisions["FINGER"].Match != Matched ||
		d.Decisions["FINGER"].AnalyticsInfo["score"] != "0.5" || d.Decisions["FINGER"].AnalyticsInfo["note"] != "x" {
		t.Errorf("decoded %+v", m)
	}
	_, err = DecodeMatchResponse([]byte(`{"version":"1.0","response":"","errors":[{"code":"BIOSDK_LIB_EXCEPTION","message":"boom"}]}`))
	var se *ServiceErrors
	if !errors.As(err, &se) || se.Errors[0].Code != CodeLibException || !strings.Contains(err.Error(), "boom") {
		t.Errorf("errors answer: %v", err)
	}
	for _, bad := range []string{`{"response":""}`, `{"response":[]}`, `{"response":{"response":{}}}`, `not json`} {
		if _, err := DecodeMatchResponse([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
