package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestComposeExample: every command of docs/compose.yaml is serve or
// matcher serve, and every flag it gives is one of that command's, so
// the example does not drift from the binary.
func TestComposeExample(t *testing.T) {
	b, err := os.ReadFile("../../docs/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	commands := regexp.MustCompile(`(?m)^\s+command: \[("(?:serve|matcher)".*(?:\n\s+".*)*)\]$`).FindAllStringSubmatch(string(b), -1)
	if len(commands) != 4 {
		t.Fatalf("%d biogate commands in docs/compose.yaml, want 4 (two gateways, two matchers)", len(commands))
	}
	for _, m := range commands {
		line := m[1]
		cmd := newServeCommand(&cli{})
		if strings.HasPrefix(line, `"matcher"`) {
			cmd = newMatcherServeCommand(&cli{})
		}
		for _, f := range regexp.MustCompile(`"--([a-z-]+)"`).FindAllStringSubmatch(line, -1) {
			if cmd.Flags().Lookup(f[1]) == nil {
				t.Errorf("docs/compose.yaml gives %s the flag --%s, which it does not have", cmd.Name(), f[1])
			}
		}
	}
}
