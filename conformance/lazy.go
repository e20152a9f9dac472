package conformance

import (
	"regexp"
	"sync"
)

// lazyRegexp returns a function that compiles expr on its first call and
// returns the same *regexp.Regexp after. The package's fixed patterns
// are compiled so, on first use: compiled at start-up, they cost every
// biogate run 0.7 ms, whatever the command.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
