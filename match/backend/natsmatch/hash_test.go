package natsmatch

import (
	"strings"
	"testing"
)

func TestGalleryToken(t *testing.T) {
	for _, tt := range []struct{ gallery, want string }{
		{"criminal", "criminal"},
		{"Missing_Persons-2", "Missing_Persons-2"},
		{"a.b", "~YS5i"},
		{"a*", "~YSo"},
		{">", "~Pg"},
		{"with space", "~d2l0aCBzcGFjZQ"},
		{strings.Repeat("g", 65), "~" + strings.Repeat("Z2dn", 21) + "Z2c"},
	} {
		if got := galleryToken(tt.gallery); got != tt.want {
			t.Errorf("galleryToken(%q) = %q, want %q", tt.gallery, got, tt.want)
		}
	}
}

func TestEnrolSubject(t *testing.T) {
	subj := enrolSubject("biogate", "a.b", "S1")
	tok, hash, err := parseEnrolSubject("biogate", subj)
	if err != nil || tok != "~YS5i" || hash != subjectHash("a.b", "S1") || len(hash) != hashLen {
		t.Fatalf("%s parsed as %q %q %v", subj, tok, hash, err)
	}
	for _, bad := range []string{"biogate.enrol.g", "biogate.enrol..h", "biogate.enrol.g.h.x", "other.enrol.g.h", "biogate.match.g.h"} {
		if _, _, err := parseEnrolSubject("biogate", bad); err == nil {
			t.Errorf("parseEnrolSubject(%q) took it", bad)
		}
	}
	// Galleries apart: the same subject in two galleries hashes apart.
	if subjectHash("g1", "S") == subjectHash("g2", "S") || subjectHash("ab", "c") == subjectHash("a", "bc") {
		t.Error("hash does not separate gallery and subject")
	}
}

func TestShardOf(t *testing.T) {
	counts := make([]int, 3)
	for i := range 3000 {
		s := ShardOf("g", "subject-"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('A'+i/26%26))+string(rune('0'+i/676)), 3)
		counts[s]++
	}
	for i, c := range counts {
		if c < 800 || c > 1200 { // 1000 expected; 6 sigma is about 150
			t.Errorf("shard %d of 3 holds %d of 3000 subjects: %v", i, c, counts)
		}
	}
	if ShardOf("g", "x", 1) != 0 {
		t.Error("one shard is not shard 0")
	}
	for _, bad := range []string{"", "zz", strings.Repeat("g", hashLen)} {
		if _, err := shardOfHash(bad, 2); err == nil {
			t.Errorf("shardOfHash(%q) took it", bad)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, tt := range []struct {
		in   string
		i, n int
		ok   bool
	}{
		{"0/1", 0, 1, true}, {"1/2", 1, 2, true}, {"255/256", 255, 256, true},
		{"2/2", 0, 0, false}, {"-1/2", 0, 0, false}, {"0/0", 0, 0, false}, {"0/257", 0, 0, false},
		{"1", 0, 0, false}, {"a/b", 0, 0, false}, {"", 0, 0, false}, {"1/2/3", 0, 0, false},
	} {
		i, n, err := ParseShard(tt.in)
		if (err == nil) != tt.ok || i != tt.i || n != tt.n {
			t.Errorf("ParseShard(%q) = %d, %d, %v", tt.in, i, n, err)
		}
	}
}

func TestOptions(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil || o.Stream != DefaultStream || o.Prefix != DefaultPrefix || o.Shards != 1 || o.Timeout != DefaultTimeout {
		t.Fatalf("defaults %+v, %v", o, err)
	}
	for _, bad := range []Options{
		{Stream: "a.b"}, {Stream: strings.Repeat("s", 33)}, {Prefix: "a..b"}, {Prefix: "a.*"}, {Prefix: ".a"},
		{Shards: -1}, {Shards: MaxShards + 1}, {Timeout: -1},
	} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%+v taken", bad)
		}
	}
}
