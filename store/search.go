package store

// SearchState is what became of a search transaction (one a partner's
// matching rules name as a search): shown with the transaction's metadata.
// The exchange derives it from the transaction's JobSearch job on every
// read; the copy stored with the metadata is the state at acceptance.
type SearchState struct {
	// State is pending (waiting for its matching backend), answered (a
	// reply transaction is in the sender's inbox) or failed.
	State string `json:"state"`
	// Reply is the store id of the reply transaction, once answered.
	Reply string `json:"reply,omitempty"`
	// Replies are the ids of every reply transaction: INT-I answers a
	// hit with one SRE per candidate (Reply is the first).
	Replies []string `json:"replies,omitempty"`
	// Candidates is the number of candidates the reply disclosed.
	Candidates int `json:"candidates"`
	// Error says why the search is still pending or failed.
	Error string `json:"error,omitempty"`
}

// Search states.
const (
	SearchPending  = "pending"
	SearchAnswered = "answered"
	SearchFailed   = "failed"
)
