// Package pgtest gives tests a throwaway PostgreSQL database: DSN creates
// a database with a random name on the test server and drops it when the
// test ends.
//
// The server is the one at $BIOGATE_TEST_POSTGRES, else
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable (an
// administrative connection: it must be allowed to CREATE DATABASE). When
// none answers, a test skips, saying so, unless
// $BIOGATE_REQUIRE_SERVICES=1 (scripts/test and CI set it, after starting
// a server), in which case it fails: a test that needs the database never
// passes silently without one.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by Server and DSN.
const (
	EnvServer  = "BIOGATE_TEST_POSTGRES"
	EnvRequire = "BIOGATE_REQUIRE_SERVICES"
)

// DefaultServer is the server used when $BIOGATE_TEST_POSTGRES is unset.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Server returns the connection string of the test server's
// administrative database.
func Server() string {
	if s := os.Getenv(EnvServer); s != "" {
		return s
	}
	return DefaultServer
}

// connectTimeout bounds the wait for a server that does not answer.
const connectTimeout = 5 * time.Second

// DSN creates a fresh, empty database on the test server and returns its
// connection string; the database is dropped (its connections closed) at
// the test's cleanup. It skips the test when no server answers, or fails
// it when $BIOGATE_REQUIRE_SERVICES=1.
func DSN(t testing.TB) string {
	t.Helper()
	admin := Server()
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("PostgreSQL required ($%s=1) but the server at %s does not answer: %v", EnvRequire, redact(admin), err)
		}
		t.Skipf("no PostgreSQL server answers at %s (set $%s, or run scripts/test, which starts one): %v", redact(admin), EnvServer, err)
	}
	defer conn.Close(context.Background())
	name := "biogate_test_" + randomHex(8)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() { drop(t, admin, name) })
	dsn, err := withDatabase(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// drop removes a test database, closing what is still connected to it
// (WITH (FORCE), PostgreSQL 13 and later).
func drop(t testing.TB, admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Errorf("pgtest: drop database %s: %v", name, err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("pgtest: drop database %s: %v", name, err)
	}
}

// withDatabase returns the connection string dsn naming database name
// instead: a URL (postgres:// or postgresql://) has its path replaced, a
// keyword/value string gets a dbname that overrides its own.
func withDatabase(dsn, name string) (string, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " dbname=" + name, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("pgtest: $%s: %w", EnvServer, err)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

// redact hides a password in a connection URL for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxx")
	}
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
