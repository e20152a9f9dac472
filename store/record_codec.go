package store

import "encoding/json"

// Encoded is a Record in the stored form every store keeps (the JSON of
// the transaction without its deliveries, of each delivery and of each
// job), encoded before a write begins so that a bad record is refused
// before anything is written.
type Encoded struct {
	Transaction Transaction // the transaction without its deliveries
	Deliveries  []*Delivery
	Meta        []byte   // Transaction's JSON
	Delivery    [][]byte // each delivery's JSON
	Jobs        [][]byte // each job's JSON (EncodeJob)
}

// Encode returns r in the stored form; ErrBadName for a job whose kind
// or id cannot be a key.
func Encode(r *Record) (*Encoded, error) {
	e := &Encoded{Transaction: *r.Transaction}
	e.Deliveries, e.Transaction.Deliveries = e.Transaction.Deliveries, nil
	var err error
	if e.Meta, err = json.Marshal(&e.Transaction); err != nil {
		return nil, err
	}
	e.Delivery = make([][]byte, len(e.Deliveries))
	for i, d := range e.Deliveries {
		if e.Delivery[i], err = json.Marshal(d); err != nil {
			return nil, err
		}
	}
	e.Jobs = make([][]byte, len(r.Jobs))
	for i, j := range r.Jobs {
		if e.Jobs[i], err = EncodeJob(j); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// EncodeJob checks a job's key parts (CheckNames) and encodes it.
func EncodeJob(j *Job) ([]byte, error) {
	if err := CheckNames(j.Kind, j.ID); err != nil {
		return nil, err
	}
	return json.Marshal(j)
}
