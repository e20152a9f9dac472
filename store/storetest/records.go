package storetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/biogate/biogate/store"
)

// record is a transaction of sender delivered to each recipient.
func record(id, sender string, recipients ...string) *store.Record {
	r := &store.Record{
		Transaction: &store.Transaction{ID: id, Sender: sender, Received: time.Unix(1, 0).UTC(), Format: "an2"},
		Original:    []byte("original " + id),
		Bodies:      map[string][]byte{},
	}
	for _, p := range recipients {
		r.Transaction.Deliveries = append(r.Transaction.Deliveries, &store.Delivery{ID: id, Partner: p, Sender: sender, State: store.Delivered, Format: "xml"})
		r.Bodies[p] = []byte("to " + p + " " + id)
	}
	return r
}

// enrolment is a subject's enrolment with samples samples.
func enrolment(space, gallery, subject, transaction string, samples int) *store.Enrolment {
	e := &store.Enrolment{
		Space: space, Gallery: gallery, Subject: subject,
		Created: time.Date(2026, 12, 3, 10, 0, 0, 123456789, time.UTC),
		Partner: "a", Transaction: transaction, Purpose: "criminal-records", Backend: "embedded",
	}
	for i := range samples {
		e.Samples = append(e.Samples, store.EnrolledSample{
			Format: "iso19794-2:2011", Position: i + 1,
			Data: []byte(fmt.Sprintf("record %s %d", subject, i)), Index: make([]byte, 12000+i),
		})
	}
	return e
}

func job(kind, id, state string) *store.Job {
	return &store.Job{
		Kind: kind, ID: id, Partner: "a", State: state,
		Created: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC),
		Data:    json.RawMessage(`{"gallery":"criminal"}`),
	}
}

// ids returns the ids of a page of transactions.
func ids(ts []*store.Transaction) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}
