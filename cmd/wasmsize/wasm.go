package main

import (
	"bytes"
	"encoding/binary"
	"errors"
)

// parse reads the sizes of the code section's function bodies, the
// function names, how many functions are imported, and each section's size.
func parse(b []byte) (sizes []int, names map[int]string, imported int, sections map[byte]int, err error) {
	// The reader does not check bounds: a truncated or malformed file
	// panics with an index out of range, reported as an error here.
	defer func() {
		if recover() != nil {
			sizes, names, imported, sections, err = nil, nil, 0, nil, errors.New("malformed wasm file")
		}
	}()
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, nil, 0, nil, errors.New("not a wasm file")
	}
	names, sections = map[int]string{}, map[byte]int{}
	r := &reader{b: b, i: 8}
	for r.i < len(b) {
		id := r.byte()
		n := int(r.uleb())
		if n > len(b)-r.i {
			return nil, nil, 0, nil, errors.New("truncated wasm file")
		}
		body := &reader{b: b[r.i : r.i+n]}
		sections[id] += n
		switch id {
		case 2: // imports: count the functions
			for count := int(body.uleb()); count > 0; count-- {
				body.name()
				body.name()
				switch body.byte() {
				case 0:
					body.uleb()
					imported++
				case 1:
					body.byte()
					body.limits()
				case 2:
					body.limits()
				case 3:
					body.byte()
					body.byte()
				}
			}
		case 10: // code
			for count := int(body.uleb()); count > 0; count-- {
				size := int(body.uleb())
				sizes = append(sizes, size)
				body.i += size
			}
		case 0: // custom: the name section's function names
			if body.name() == "name" {
				for body.i < len(body.b) {
					sub := body.byte()
					sn := int(body.uleb())
					if sub != 1 {
						body.i += sn
						continue
					}
					for count := int(body.uleb()); count > 0; count-- {
						idx := int(body.uleb())
						names[idx] = body.name()
					}
				}
			}
		}
		r.i += n
	}
	if len(names) == 0 {
		return nil, nil, 0, nil, errors.New("no function names: build without -s")
	}
	return sizes, names, imported, sections, nil
}

type reader struct {
	b []byte
	i int
}

func (r *reader) byte() byte { c := r.b[r.i]; r.i++; return c }

func (r *reader) uleb() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	r.i += n
	return v
}

func (r *reader) name() string {
	n := int(r.uleb())
	s := string(r.b[r.i : r.i+n])
	r.i += n
	return s
}

func (r *reader) limits() {
	if r.byte() == 1 {
		r.uleb()
	}
	r.uleb()
}
