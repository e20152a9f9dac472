//go:build !unix

package bench

import "time"

// cpuTime is not measured here: 0, and the figures fall back to wall time.
func cpuTime() time.Duration { return 0 }
