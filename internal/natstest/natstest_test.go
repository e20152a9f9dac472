package natstest

import (
	"net"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	// A listener that is not a NATS server, and a closed port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("HTTP/1.1 400 Bad Request\r\n"))
			c.Close()
		}
	}()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	defer ln.Close()
	for _, tt := range []struct{ url, err string }{
		{"nats://" + ln.Addr().String(), "not a NATS server"},
		{"nats://" + closedAddr, "refused"},
		{"::bad url", "missing protocol scheme"},
	} {
		if err := probe(tt.url); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("probe(%s) = %v, want an error saying %q", tt.url, err, tt.err)
		}
	}
}

func TestURLAndName(t *testing.T) {
	u := URL(t)
	if err := probe(u); err != nil {
		t.Fatalf("URL gave %s, which does not answer: %v", u, err)
	}
	a, b := Name(t, "S"), Name(t, "S")
	if a == b || !strings.HasPrefix(a, "S_") {
		t.Errorf("Name gave %q and %q", a, b)
	}
}
