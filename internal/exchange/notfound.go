package exchange

import (
	"errors"

	"github.com/biogate/biogate/match/backend"
)

// notEnrolled reports whether a backend's error says the subject (or
// gallery) is not there.
func notEnrolled(err error) bool { return errors.Is(err, backend.ErrNotFound) }
