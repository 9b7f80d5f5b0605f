//! The connections GDB reaches hemu through: a TCP socket (`--gdb PORT`)
//! or hemu's own standard input and output (`--gdb stdio`, for GDB's
//! `target remote | hemu run --gdb stdio`, as QEMU's `-gdb stdio`).

use std::io::{self, Write};
use std::net::TcpStream;

use gdbstub::conn::{Connection, ConnectionExt};

/// One client's connection.
pub enum Conn {
    Tcp(TcpStream),
    Stdio(Stdio),
}

/// hemu's stdin (GDB's packets) and stdout (the replies). A byte read to
/// answer `peek` is kept for the next `read`.
pub struct Stdio {
    peeked: Option<u8>,
    out: io::Stdout,
}

impl Stdio {
    pub fn new() -> Stdio {
        Stdio { peeked: None, out: io::stdout() }
    }

    /// One byte from fd 0, waiting for it. End of input (GDB went away)
    /// is an error, which ends the session.
    fn read_byte(&mut self) -> io::Result<u8> {
        let mut b = 0u8;
        loop {
            // SAFETY: reads at most one byte into `b`, which lives across the call.
            let n = unsafe { libc::read(0, (&mut b as *mut u8).cast(), 1) };
            match n {
                1 => return Ok(b),
                0 => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "gdb closed the pipe")),
                _ => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Whether a byte can be read from fd 0 now, without waiting.
    fn ready(&self) -> io::Result<bool> {
        let mut p = libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd, a zero timeout.
        let n = unsafe { libc::poll(&mut p, 1, 0) };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        // POLLHUP: the pipe is closed; the read will say so.
        Ok(n > 0 && p.revents & (libc::POLLIN | libc::POLLHUP) != 0)
    }
}

impl Default for Stdio {
    fn default() -> Self {
        Stdio::new()
    }
}

impl Connection for Conn {
    type Error = io::Error;

    fn write(&mut self, byte: u8) -> io::Result<()> {
        match self {
            Conn::Tcp(s) => Connection::write(s, byte),
            Conn::Stdio(s) => s.out.write_all(&[byte]),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Conn::Tcp(s) => Connection::write_all(s, buf),
            Conn::Stdio(s) => s.out.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Tcp(s) => Connection::flush(s),
            Conn::Stdio(s) => s.out.flush(),
        }
    }

    fn on_session_start(&mut self) -> io::Result<()> {
        match self {
            Conn::Tcp(s) => Connection::on_session_start(s),
            Conn::Stdio(_) => Ok(()),
        }
    }
}

impl ConnectionExt for Conn {
    fn read(&mut self) -> io::Result<u8> {
        match self {
            Conn::Tcp(s) => ConnectionExt::read(s),
            Conn::Stdio(s) => match s.peeked.take() {
                Some(b) => Ok(b),
                None => s.read_byte(),
            },
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        match self {
            Conn::Tcp(s) => ConnectionExt::peek(s),
            Conn::Stdio(s) => {
                if s.peeked.is_none() && s.ready()? {
                    s.peeked = Some(s.read_byte()?);
                }
                Ok(s.peeked)
            }
        }
    }
}
