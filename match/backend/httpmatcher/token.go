package httpmatcher

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Token bounds: a shared secret long enough not to be guessed, short
// enough to be one line.
const (
	minToken = 16
	maxToken = 4096
)

// ReadToken reads a shared secret from a file: its one line, white space
// around it removed, of 16 to 4096 printable ASCII characters.
func ReadToken(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxToken+2))
	if err != nil {
		return "", fmt.Errorf("token file %s: %w", name, err)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < minToken || len(tok) > maxToken {
		return "", fmt.Errorf("token file %s: the token is %d characters; 16 to %d are required", name, len(tok), maxToken)
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] <= ' ' || tok[i] > '~' {
			return "", fmt.Errorf("token file %s: character %d of the token is not printable ASCII (one line, no spaces)", name, i+1)
		}
	}
	return tok, nil
}
