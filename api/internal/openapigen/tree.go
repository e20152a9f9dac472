package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// node is a JSON value that keeps the order of object members, so that
// the generated document reads in the order its author wrote it.
type node struct {
	members []member        // an object's members, in order (object when obj)
	items   []*node         // an array's items (array when arr)
	scalar  json.RawMessage // a string, number, boolean or null, as written
	obj     bool
	arr     bool
}

type member struct {
	key   string
	value *node
}

// parse reads one JSON document into a node tree.
func parse(b []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, fmt.Errorf("offset %d: %w", dec.InputOffset(), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("offset %d: data after the document", dec.InputOffset())
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		n := &node{obj: true}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			n.members = append(n.members, member{k.(string), v})
		}
		_, err := dec.Token() // '}'
		return n, err
	case json.Delim('['):
		n := &node{arr: true}
		for dec.More() {
			v, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, v)
		}
		_, err := dec.Token() // ']'
		return n, err
	}
	raw, err := marshal(tok)
	return &node{scalar: raw}, err
}

// marshal encodes a scalar without escaping <, > and & (the document is
// not HTML).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// get returns the member key of an object, or nil.
func (n *node) get(key string) *node {
	for _, m := range n.members {
		if m.key == key {
			return m.value
		}
	}
	return nil
}

// set replaces the member key of an object, or appends it.
func (n *node) set(key string, v *node) {
	for i, m := range n.members {
		if m.key == key {
			n.members[i].value = v
			return
		}
	}
	n.members = append(n.members, member{key, v})
}

// without returns a copy of object n without the members named.
func (n *node) without(keys ...string) *node {
	out := &node{obj: true}
next:
	for _, m := range n.members {
		for _, k := range keys {
			if m.key == k {
				continue next
			}
		}
		out.members = append(out.members, m)
	}
	return out
}

// write writes n indented by two spaces per level.
func (n *node) write(w *bytes.Buffer, indent string) {
	switch {
	case n.obj:
		if len(n.members) == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteString("{\n")
		for i, m := range n.members {
			k, _ := marshal(m.key)
			w.WriteString(indent + "  ")
			w.Write(k)
			w.WriteString(": ")
			m.value.write(w, indent+"  ")
			if i < len(n.members)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "}")
	case n.arr:
		if len(n.items) == 0 {
			w.WriteString("[]")
			return
		}
		if n.scalars() {
			w.WriteByte('[')
			for i, v := range n.items {
				if i > 0 {
					w.WriteString(", ")
				}
				w.Write(v.scalar)
			}
			w.WriteByte(']')
			return
		}
		w.WriteString("[\n")
		for i, v := range n.items {
			w.WriteString(indent + "  ")
			v.write(w, indent+"  ")
			if i < len(n.items)-1 {
				w.WriteByte(',')
			}
			w.WriteByte('\n')
		}
		w.WriteString(indent + "]")
	default:
		w.Write(n.scalar)
	}
}

// scalars tells whether every item of array n is a scalar (such an array,
// an enum or a list of required names, is written on one line).
func (n *node) scalars() bool {
	for _, v := range n.items {
		if v.obj || v.arr {
			return false
		}
	}
	return true
}

func mustMarshal(s string) json.RawMessage {
	b, err := marshal(s)
	if err != nil {
		panic(err) // a string always encodes
	}
	return b
}

// unmarshalString reads a scalar node holding a string.
func unmarshalString(n *node, s *string) error {
	if n.scalar == nil {
		return fmt.Errorf("not a string")
	}
	return json.Unmarshal(n.scalar, s)
}
