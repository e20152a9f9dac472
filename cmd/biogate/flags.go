package main

import (
	"flag"
	"fmt"
	"io"
)

// parseArgs parses flags that may come before or after the positional
// arguments ("inspect FILE --json" as well as "inspect --json FILE") and
// returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// oneFile checks that exactly one input was named.
func oneFile(pos []string) (string, error) {
	if len(pos) != 1 {
		return "", fmt.Errorf("expected one input FILE, got %d", len(pos))
	}
	return pos[0], nil
}
