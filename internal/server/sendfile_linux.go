package server

import (
	"net"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// bodyFile is a large body's bytes in a sealed memfd, which the fast path
// sends with sendfile(2): the kernel hands the file's pages to the socket,
// where writev would first copy every byte out of Go's memory. nginx
// sends from the page cache the same way; this is what made its req/s
// for the 1.5 MB brotli wasm close to ours. A snapshot in memory, not the
// file on disk, so the bytes always match the head computed with them,
// even while a build rewrites the folder. The memfd is not mapped: it is
// not in the process's RSS, though it uses as much memory as the body.
type bodyFile struct{ fd int }

// newBodyFile copies data into a new memfd named after the file (as
// /proc/PID/fd shows it: "/memfd:web/app.wasm.br"), or is nil if the
// kernel cannot make one (then the body is written from memory).
func newBodyFile(name string, data []byte) *bodyFile {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil
	}
	for rest := data; len(rest) > 0; {
		n, err := unix.Write(fd, rest)
		if err != nil && err != unix.EINTR {
			unix.Close(fd)
			return nil
		}
		rest = rest[max(n, 0):]
	}
	// Nothing here writes it again; the seals say so to the kernel too.
	unix.FcntlInt(uintptr(fd), unix.F_ADD_SEALS, unix.F_SEAL_SEAL|unix.F_SEAL_SHRINK|unix.F_SEAL_GROW|unix.F_SEAL_WRITE)
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
				werr = errNoSendfile // the memfd is shorter than size: cannot happen
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
