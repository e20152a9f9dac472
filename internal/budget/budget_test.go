package budget

import (
	"context"
	"errors"
	"testing"
)

func TestMeter(t *testing.T) {
	p := NewPool(3 << 20)
	a, b := p.Meter(2<<20), p.Meter(2<<20)
	if err := a.Charge(100); err != nil || p.Used() != chunk {
		t.Fatalf("first charge: %v, pool %d", err, p.Used())
	}
	if err := a.Charge(3 << 20); !errors.Is(err, ErrRequest) {
		t.Errorf("over the request's limit: %v", err)
	}
	if err := b.Charge(chunk); err != nil {
		t.Fatal(err)
	}
	if err := b.Charge(chunk); err != nil {
		t.Fatal(err)
	}
	c := p.Meter(2 << 20)
	if err := c.Charge(1); !errors.Is(err, ErrBusy) || !Stopped(err) {
		t.Errorf("pool exhausted: %v", err)
	}
	a.Release()
	if err := c.Charge(1); err != nil {
		t.Errorf("after a release: %v", err)
	}
	b.Release()
	c.Release()
	if p.Used() != 0 {
		t.Errorf("pool holds %d after every release", p.Used())
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()
	if Account(ctx) != nil || Charge(ctx, 1<<40) != nil {
		t.Error("a context without a meter charges something")
	}
	m := NewPool(1 << 30).Meter(10)
	ctx = With(ctx, m)
	if err := Account(ctx)(11); !errors.Is(err, ErrRequest) || From(ctx).Used() != 11 {
		t.Errorf("Account: %v, used %d", err, m.Used())
	}
}
