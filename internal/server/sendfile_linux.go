package server

import (
	"io"
	"net"
	"os"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// bodyFile is a copy of a large body in a file of our own, which the fast
// path sends with sendfile(2): the kernel hands the file's pages to the
// socket, where writev would first copy every byte out of Go's memory.
// nginx sends from the page cache the same way.
//
// A copy, not the file in the folder, so the bytes always match the head
// computed with them, even while a build rewrites the folder. It is an
// unnamed file (O_TMPFILE) in the temporary folder: on a disk file system
// sendfile finds its pages in batches, and measured a sixth less CPU per
// wasm answer than from a memfd (shmem looks each page up alone), which
// is the fallback. Neither is mapped, so neither counts in the RSS;
// a disk-backed copy's pages can also be evicted and read back.
type bodyFile struct{ fd int }

// newBodyFile copies data into a new unnamed file, or is nil if none can
// be made (then the body is written from memory). name only labels a
// memfd in /proc/PID/fd ("/memfd:web/app.wasm.br").
func newBodyFile(name string, data []byte) *bodyFile {
	fd, err := unix.Open(os.TempDir(), unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err != nil {
		if fd, err = unix.MemfdCreate(name, unix.MFD_CLOEXEC); err != nil {
			return nil
		}
	}
	for rest := data; len(rest) > 0; {
		n, err := unix.Write(fd, rest)
		if err != nil && err != unix.EINTR {
			unix.Close(fd) // out of space, say
			return nil
		}
		rest = rest[max(n, 0):]
	}
	b := &bodyFile{fd: fd}
	// Closed when no file in memory refers to it: after a change in the
	// folder, once the answers in flight are sent.
	runtime.AddCleanup(b, func(fd int) { unix.Close(fd) }, fd)
	return b
}

// send writes head, then the body's size bytes, to c (under its write
// deadline): head with MSG_MORE, so the kernel sends it in the same
// segment as the body's first bytes, then sendfile until the body is out.
func (b *bodyFile) send(c net.Conn, head []byte, size int) error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return errNoSendfile
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var off int64
	var werr error
	err = raw.Write(func(s uintptr) bool {
		for len(head) > 0 {
			n, err := unix.SendmsgN(int(s), head, nil, nil, unix.MSG_MORE|unix.MSG_NOSIGNAL)
			switch err {
			case nil:
				head = head[n:]
			case unix.EINTR:
			case unix.EAGAIN:
				return false // wait until the socket can take more
			default:
				werr = err
				return true
			}
		}
		for off < int64(size) {
			n, err := unix.Sendfile(int(s), b.fd, &off, size-int(off))
			switch {
			case err == unix.EINTR:
			case err == unix.EAGAIN:
				return false
			case err != nil:
				werr = err
				return true
			case n == 0:
				werr = io.ErrUnexpectedEOF // the copy is shorter than size: cannot happen
				return true
			}
		}
		return true
	})
	runtime.KeepAlive(b) // the fd stays open until sendfile is done
	if err != nil {
		return err
	}
	return werr
}
