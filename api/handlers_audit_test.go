package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
)

// reviewPartners: fbi sends to ipsg, whose policy withholds the Type-4
// records; auditor reviews; root administers but was not granted audit.
const reviewPartners = `{
  "issuers": [{"name": "test-issuer", "jwks": %s}],
  "partners": [
    {"name": "fbi", "issuer": "test-issuer", "scopes": ["submit", "read", "convert"], "agencies": ["MDNISTIMG"], "receive": {"format": "an2"}},
    {"name": "ipsg", "issuer": "test-issuer", "scopes": ["read"], "agencies": ["DAI000000"], "receive": {"format": "an2"},
     "policy": {"partner": "ipsg", "submit": {"transactionTypes": [], "recordTypes": []},
                "read": {"transactionTypes": ["*"], "recordTypes": [1, 2, 14], "type2Fields": "*"}, "retentionDays": 30}},
    {"name": "auditor", "issuer": "test-issuer", "scopes": ["audit"], "receive": {"format": "an2"}},
    {"name": "root", "issuer": "test-issuer", "scopes": ["submit", "read", "convert", "admin"], "receive": {"format": "an2"}}
  ]
}`

// TestAuditReport: a scripted exchange, then its review as JSON and CSV,
// the refusals and the bounds.
func TestAuditReport(t *testing.T) {
	e := startEnv(t, &envOptions{partners: reviewPartners})
	b := readCorpus(t, slaps)
	fbi, ipsg, auditor, root := e.token(t, "fbi"), e.token(t, "ipsg"), e.token(t, "auditor"), e.token(t, "root")
	since := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)

	var tr struct{ ID string }
	e.do(t, "POST", "/v1/transactions", fbi, b).expect(t, "submit", 201).json(t, &tr)
	e.do(t, "GET", "/v1/inbox/"+tr.ID, ipsg, nil).expect(t, "inbox get", 200)
	e.do(t, "POST", "/v1/inbox/"+tr.ID+"/ack", ipsg, nil).expect(t, "ack", 204)
	e.do(t, "POST", "/v1/transactions", fbi, bytes.Replace(b, []byte("DAI000000"), []byte("NOBODY999"), 1)).expect(t, "unroutable", 422)
	until := time.Now().UTC().Add(time.Minute).Truncate(time.Second)
	period := "since=" + url.QueryEscape(since.Format(time.RFC3339)) + "&until=" + url.QueryEscape(until.Format(time.RFC3339))

	var s audit.Summary
	e.do(t, "GET", "/v1/audit/report?"+period, auditor, nil).expect(t, "report", 200).json(t, &s)
	if !s.Since.Equal(since) || !s.Until.Equal(until) {
		t.Errorf("period %v to %v, want %v to %v", s.Since, s.Until, since, until)
	}
	// submit, deliver (withheld), inboxGet (withheld), ack, the refused submit.
	want := audit.Totals{Calls: 5, Shares: 1, Rejections: 1, Withheld: 2}
	if s.Totals != want || s.Entries != 5 {
		t.Errorf("totals %+v (%d entries), want %+v", s.Totals, s.Entries, want)
	}
	if len(s.Days) != 1 || s.Days[0].Date != time.Now().UTC().Format(time.DateOnly) || s.Days[0].Totals != s.Totals {
		// (a run across midnight UTC gives two days: the sum still holds)
		var sum audit.Totals
		for _, d := range s.Days {
			sum.Calls += d.Calls
			sum.Withheld += d.Withheld
		}
		if sum.Calls != s.Totals.Calls || sum.Withheld != s.Totals.Withheld {
			t.Errorf("days %+v do not add up to %+v", s.Days, s.Totals)
		}
	}
	withheld := fmt.Sprint(s.Withheld)
	for _, w := range []string{"{ipsg deliver Type-4 record", "{ipsg inboxGet Type-4 record"} {
		if !strings.Contains(withheld, w) {
			t.Errorf("withheld %s lacks %s", withheld, w)
		}
	}
	if len(s.Shares) != 1 || s.Shares[0].From != "fbi" || s.Shares[0].To != "ipsg" || s.Shares[0].Action != "deliver" {
		t.Errorf("shares %+v", s.Shares)
	}

	// CSV, by parameter or by Accept: the same totals.
	for i, how := range []struct {
		name, query, accept string
	}{{"format=csv", "&format=csv", ""}, {"Accept", "", "text/csv, application/json;q=0.5"}} {
		req, _ := http.NewRequest("GET", e.url+"/v1/audit/report?"+period+how.query, nil)
		req.Header.Set("Authorization", "Bearer "+auditor)
		if how.accept != "" {
			req.Header.Set("Accept", how.accept)
		}
		res, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(res.Body)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=biogate-audit-") {
			t.Fatalf("%s: %d %v %v", how.name, res.StatusCode, res.Header, err)
		}
		got := ""
		for i, row := range rows {
			if len(row) == 1 && row[0] == "totals" && i+2 < len(rows) {
				got = strings.Join(rows[i+2], ",")
			}
		}
		// Each review call so far is in the period.
		if want := fmt.Sprintf("%d,%d,%d,%d,%d,%d,%d,%d", want.Calls+1+i, want.Shares, want.Searches, want.Hits, want.Rejections, want.Failures, want.Purges, want.Withheld); got != want {
			t.Errorf("%s: CSV totals %q, want %q", how.name, got, want)
		}
	}

	// Refusals and bounds.
	long := "since=2024-01-01T00:00:00Z&until=2025-01-02T00:00:01Z"
	for _, tt := range []struct {
		name, token, query string
		status             int
	}{
		{"no token", "", "", 401},
		{"partner without the audit scope", fbi, "", 403},
		{"admin is not audit", root, "", 403},
		{"since after until", auditor, "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", 400},
		{"since equal to until", auditor, "since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", 400},
		{"a period over 366 days", auditor, long, 400},
		{"a period of 366 days", auditor, "since=2024-01-01T00:00:00Z&until=2025-01-01T00:00:00Z", 200},
		{"since not RFC 3339", auditor, "since=yesterday", 400},
		{"unknown format", auditor, "format=xml", 400},
		{"defaults", auditor, "", 200},
	} {
		e.do(t, "GET", "/v1/audit/report?"+tt.query, tt.token, nil).expect(t, tt.name, tt.status)
	}

	// The review calls are audited, refusals included.
	var after audit.Summary
	e.do(t, "GET", "/v1/audit/report", auditor, nil).expect(t, "report", 200).json(t, &after)
	n := map[string]int{}
	for _, c := range after.Calls {
		if c.Action == "auditReport" {
			n[c.Actor+" "+c.Outcome] += c.N
		}
	}
	if n["auditor ok"] != 5 || n["auditor rejected"] != 5 || n["fbi rejected"] != 1 || n["root rejected"] != 1 {
		t.Errorf("audited review calls %v", n)
	}
}
