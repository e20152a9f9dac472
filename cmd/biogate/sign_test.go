package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// keygen makes a key for alg in dir and returns the private and public
// file names.
func keygen(t *testing.T, dir, alg string) (string, string) {
	t.Helper()
	key := filepath.Join(dir, alg+".jwk")
	code, out, errOut := biogate(t, nil, "keygen", "--alg", alg, "--out", key)
	if code != exitOK {
		t.Fatalf("keygen: exit %d: %s", code, errOut)
	}
	pub := filepath.Join(dir, alg+".pub.jwks")
	if !strings.Contains(out, pub) {
		t.Errorf("keygen output %q does not name %s", out, pub)
	}
	fi, err := os.Stat(key)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, %v", fi.Mode(), err)
	}
	b, err := os.ReadFile(pub)
	if err != nil || !strings.Contains(string(b), `"keys"`) || strings.Contains(string(b), `"d"`) {
		t.Errorf("public set %s: %v", b, err)
	}
	return key, pub
}

func TestKeygenSignVerify(t *testing.T) {
	dir := t.TempDir()
	for _, alg := range []string{"ES256", "EdDSA", "RS256"} {
		t.Run(alg, func(t *testing.T) {
			key, pub := keygen(t, dir, alg)
			signed := filepath.Join(dir, alg+".an2")
			if code, _, errOut := biogate(t, nil, "sign", "--key", key, "-o", signed, sample); code != exitOK {
				t.Fatalf("sign: exit %d: %s", code, errOut)
			}
			code, out, errOut := biogate(t, nil, "verify", "--keys", pub, signed)
			if code != exitOK || !strings.Contains(out, "verified: "+alg) {
				t.Fatalf("verify: exit %d: %s%s", code, out, errOut)
			}
			// As XML, signed and checked.
			x := filepath.Join(dir, alg+".xml")
			if code, _, errOut := biogate(t, nil, "convert", "--to", "xml", "-o", x, signed); code != exitOK {
				t.Fatalf("convert: %s", errOut)
			}
			if code, out, errOut := biogate(t, nil, "verify", "--keys", pub, x); code != exitOK {
				t.Fatalf("verify XML: exit %d: %s%s", code, out, errOut)
			}
		})
	}
}

func TestSignVerifyFailures(t *testing.T) {
	dir := t.TempDir()
	key, pub := keygen(t, dir, "ES256")
	_, otherPub := keygen(t, t.TempDir(), "ES256")
	signed := filepath.Join(dir, "s.an2")
	if code, _, errOut := biogate(t, nil, "sign", "--key", key, "-o", signed, sample); code != exitOK {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(signed)
	changed := filepath.Join(dir, "changed.an2")
	c := append([]byte(nil), b...)
	i := strings.Index(string(c), "BIOGATE-SAMPLE-0001")
	c[i] = 'X'
	os.WriteFile(changed, c, 0o600)
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"changed byte", []string{"verify", "--keys", pub, changed}, exitFailed, "does not match"},
		{"untrusted", []string{"verify", "--keys", otherPub, signed}, exitFailed, "not trusted"},
		{"unsigned", []string{"verify", "--keys", pub, sample}, exitFailed, "no Biogate signature"},
		{"unreadable", []string{"verify", "--keys", pub, "/nonexistent"}, exitUnusable, "no such file"},
		{"not a transaction", []string{"verify", "--keys", pub, pub}, exitUnusable, ""},
		{"no keys", []string{"verify", signed}, exitUnusable, "--keys is required"},
		{"keys not JWKS", []string{"verify", "--keys", sample, signed}, exitUnusable, "JWK set"},
		{"sign twice", []string{"sign", "--key", key, "-o", filepath.Join(dir, "twice.an2"), signed}, exitFailed, "already carries"},
		{"sign with public key", []string{"sign", "--key", pub, sample}, exitUnusable, ""},
		{"keygen bad alg", []string{"keygen", "--alg", "HS256", "--out", filepath.Join(dir, "h.jwk")}, exitUnusable, "not one of"},
		{"keygen no overwrite", []string{"keygen", "--out", key}, exitUnusable, "exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := biogate(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) {
				t.Fatalf("exit %d, want %d; stderr %q, want %q (stdout %q)", code, tt.code, errOut, tt.msg, out)
			}
			if code != exitOK && strings.Count(errOut, "\n") != 1 {
				t.Errorf("not one line: %q", errOut)
			}
		})
	}
	// --replace re-signs.
	if code, _, errOut := biogate(t, nil, "sign", "--replace", "--key", key, "-o", filepath.Join(dir, "again.an2"), signed); code != exitOK {
		t.Fatal(errOut)
	}
}
