//go:build !linux

package server

import "net"

// bodyFile is Linux's copy of a body for sendfile (sendfile_linux.go); elsewhere
// large bodies are written from memory.
type bodyFile struct{}

func newBodyFile(name string, data []byte) *bodyFile { return nil }

func (b *bodyFile) send(c net.Conn, head []byte, size int) error { return errNoSendfile }
