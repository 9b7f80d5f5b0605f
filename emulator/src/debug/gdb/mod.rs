//! `hemu run --gdb [HOST:]PORT`: a GDB remote-protocol stub over a
//! [`Debugger`], so GDB reaches the same stops, records and reverse
//! execution as `hemu debug`. gdbstub speaks the protocol; this module is
//! the target side ([`target`]), the registers and target description
//! ([`arch`]), and the loop that serves connections.
//!
//! The machine runs in slices of about 10 ms of host time (at most
//! [`SLICE`] steps) between looks at the connection, so a Ctrl-C (or a
//! new client, before one is attached) is noticed within milliseconds
//! (with `--realtime`, when the hart next wakes from WFI). One client at a time. A client
//! that detaches leaves the machine running, and another may attach; one
//! that disappears or sends what gdbstub cannot parse ends its session,
//! and the machine waits, stopped where it was, for the next client.
//!
//! `--gdb stdio` serves one client on hemu's standard input and output
//! (GDB's `target remote | hemu run --gdb stdio`, as QEMU's `-gdb stdio`):
//! the machine waits at its first instruction for GDB, the guest's console
//! goes to standard error, and the run ends when GDB goes away (detach,
//! kill, or quit) or the machine powers off.

pub mod arch;
pub mod conn;
pub mod target;

use std::io::ErrorKind;
use std::net::{TcpListener, TcpStream};

use conn::{Conn, Stdio};
use gdbstub::conn::{Connection, ConnectionExt};
use gdbstub::stub::run_blocking::{BlockingEventLoop, Event, WaitForStopReasonError};
use gdbstub::stub::{DisconnectReason, GdbStub, SingleThreadStopReason};

use crate::debug::command::Until;
use crate::debug::session::{Debugger, Stop, StopReason};
use target::{GdbTarget, Resume};

/// The most steps the machine runs between two looks at the connection.
pub const SLICE: u64 = 1 << 21;
/// The fewest (see `run_slice`).
pub(crate) const MIN_SLICE: u64 = 256;
/// The most with `--realtime`.
const REALTIME_SLICE: u64 = 4096;
/// The host time a slice aims at.
const SLICE_TIME: std::time::Duration = std::time::Duration::from_millis(10);

/// How a `--gdb` run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The guest powered off with this status.
    Exited(u64),
    /// The client sent `kill`.
    Killed,
    /// `--gdb stdio`: the client detached or went away.
    Detached,
}

/// The address `--gdb` names: `PORT` or `:PORT` (on 127.0.0.1), or
/// `HOST:PORT`.
pub fn listen_address(spec: &str) -> String {
    match spec.rsplit_once(':') {
        None => format!("127.0.0.1:{spec}"),
        Some(("", port)) => format!("127.0.0.1:{port}"),
        Some(_) => spec.to_string(),
    }
}

/// Serve GDB clients on `listen` until the machine powers off or a client
/// kills it. With `wait`, the machine stays at its first instruction until
/// a client attaches (QEMU's `-s -S`); otherwise it runs until one does.
/// Prints `hemu: gdb listening on HOST:PORT` on stderr once listening (the
/// port the system chose, for port 0).
pub fn serve(
    d: Debugger,
    listen: &str,
    wait: bool,
    input: Option<std::sync::mpsc::Receiver<u8>>,
) -> Result<Ended, String> {
    if listen == "stdio" {
        return serve_stdio(d);
    }
    let addr = listen_address(listen);
    let listener = TcpListener::bind(&addr).map_err(|e| format!("--gdb {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("--gdb {addr}: {e}"))?;
    eprintln!("hemu: gdb listening on {local}");
    let mut t = GdbTarget::new(d);
    if let Some(rx) = input {
        t.attach_input(rx);
    }
    let mut stopped = wait;
    loop {
        let conn = if stopped {
            accept_blocking(&listener)?
        } else {
            match run_until_client(&mut t, &listener)? {
                Ok(conn) => conn,
                Err(end) => return Ok(end),
            }
        };
        if let Ok(peer) = conn.peer_addr() {
            eprintln!("hemu: gdb connected from {peer}");
        }
        t.new_client();
        match GdbStub::new(Conn::Tcp(conn)).run_blocking::<Loop>(&mut t) {
            Ok(DisconnectReason::Disconnect) => {
                eprintln!("hemu: gdb detached; the machine runs on");
                // Nothing the client left inserted stops it any more.
                t.new_client();
                stopped = false;
            }
            Ok(DisconnectReason::Kill) => return Ok(Ended::Killed),
            Ok(DisconnectReason::TargetExited(_)) | Ok(DisconnectReason::TargetTerminated(_)) => {
                return Ok(Ended::Exited(t.d.machine().exit().map_or(0, |(code, _)| code)));
            }
            Err(e) => {
                eprintln!("hemu: gdb session ended: {e}; waiting for a new client on {local}");
                stopped = true;
            }
        }
        t.flush_console();
        if let Some((code, _)) = t.d.machine().exit() {
            return Ok(Ended::Exited(code));
        }
    }
}

/// `--gdb stdio`: one client, on stdin/stdout (see the module doc).
fn serve_stdio(d: Debugger) -> Result<Ended, String> {
    let mut t = GdbTarget::new(d);
    t.console_to_stderr();
    t.new_client();
    let ended = match GdbStub::new(Conn::Stdio(Stdio::new())).run_blocking::<Loop>(&mut t) {
        Ok(DisconnectReason::Kill) => Ended::Killed,
        Ok(DisconnectReason::TargetExited(_)) | Ok(DisconnectReason::TargetTerminated(_)) => {
            Ended::Exited(t.d.machine().exit().map_or(0, |(code, _)| code))
        }
        // Detached, or the pipe closed: nobody can reach the machine any
        // more, and its console is not a terminal's; stop here.
        Ok(DisconnectReason::Disconnect) | Err(_) => Ended::Detached,
    };
    t.flush_console();
    Ok(ended)
}

fn accept_blocking(listener: &TcpListener) -> Result<TcpStream, String> {
    listener.set_nonblocking(false).map_err(|e| e.to_string())?;
    loop {
        match listener.accept() {
            Ok((conn, _)) => return Ok(conn),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("gdb: accept: {e}")),
        }
    }
}

/// Run the machine until a client connects (Ok) or it can run no more:
/// powered off (Err), or waiting with nothing to wake it (then wait for a
/// client, stopped).
fn run_until_client(t: &mut GdbTarget, listener: &TcpListener) -> Result<Result<TcpStream, Ended>, String> {
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    loop {
        match listener.accept() {
            Ok((conn, _)) => {
                conn.set_nonblocking(false).map_err(|e| e.to_string())?;
                return Ok(Ok(conn));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("gdb: accept: {e}")),
        }
        let stop = run_slice(t);
        match stop.reason {
            StopReason::Reached(_) | StopReason::Breakpoint(_) | StopReason::Watch(..) => {}
            StopReason::Exited(code) => return Ok(Err(Ended::Exited(code))),
            _ => {
                eprintln!("hemu: the hart can go no further ({:?}); waiting for gdb", stop.reason);
                return accept_blocking(listener).map(Ok);
            }
        }
    }
}

/// Run one slice of steps (fewer if a breakpoint or watch stops it).
/// Slices aim at a few milliseconds of host time, so the connection is
/// looked at often whatever the speed: the fast path runs [`SLICE`]
/// steps in that time, probes that stop often (watches) or `--realtime`
/// waits in WFI far fewer.
fn run_slice(t: &mut GdbTarget) -> Stop {
    t.feed_input();
    let to = t.d.position() + t.slice;
    let t0 = std::time::Instant::now();
    let stop = t.d.until(&Until::Step(to));
    let took = t0.elapsed();
    // With --realtime, a few steps may take long (WFI waits for the host
    // clock): the slice stays short enough that the next wait ends it.
    let most = if t.d.paced() { REALTIME_SLICE } else { SLICE };
    if took > SLICE_TIME * 2 {
        t.slice = (t.slice / 2).max(MIN_SLICE);
    } else if took < SLICE_TIME / 2 {
        t.slice = (t.slice * 2).min(most);
    }
    t.flush_console();
    stop
}

/// gdbstub's blocking loop over hemu: runs the resume the client asked for.
enum Loop {}

impl BlockingEventLoop for Loop {
    type Target = GdbTarget;
    type Connection = Conn;
    type StopReason = SingleThreadStopReason<u64>;

    #[allow(clippy::type_complexity)]
    fn wait_for_stop_reason(
        t: &mut GdbTarget,
        conn: &mut Conn,
    ) -> Result<Event<Self::StopReason>, WaitForStopReasonError<&'static str, <Conn as Connection>::Error>> {
        let stop = match t.resume {
            Resume::Step => {
                // The session checks watches on runs; a watchpoint also
                // fires on the access a single step makes.
                let stop = t.d.stepi(1);
                match stop.records.last().and_then(|r| t.d.mem_watch_fired(r)) {
                    Some(reason) => Stop { reason, records: Vec::new() },
                    None => stop,
                }
            }
            Resume::ReverseStep => t.d.reverse_stepi(1),
            Resume::ReverseContinue => t.d.reverse_continue(),
            Resume::Continue => loop {
                // A byte from the client while running is a Ctrl-C (or
                // the client going away: the read then fails).
                if ConnectionExt::peek(conn).map_err(WaitForStopReasonError::Connection)?.is_some() {
                    let byte = ConnectionExt::read(conn).map_err(WaitForStopReasonError::Connection)?;
                    return Ok(Event::IncomingData(byte));
                }
                let stop = run_slice(t);
                if !matches!(stop.reason, StopReason::Reached(_)) {
                    break stop;
                }
                // A slice that ended right at a breakpoint: its
                // instruction has not run; the next slice would step
                // over it.
                if let Some(id) = t.breakpoint_here() {
                    break Stop { reason: StopReason::Breakpoint(id), records: Vec::new() };
                }
            },
        };
        // GDB's RISC-V watchpoints are "non-steppable": it expects the
        // stop before the access, steps over it itself and then compares
        // the values. The session stops after it: go back one step. (Going
        // backwards GDB expects the stop after the access, where the
        // session's reverse-continue lands.)
        if matches!(t.resume, Resume::Continue | Resume::Step) && matches!(stop.reason, StopReason::Watch(..)) {
            t.d.reverse_stepi(1);
        }
        t.flush_console();
        Ok(Event::TargetStopped(t.gdb_stop(&stop)))
    }

    fn on_interrupt(_t: &mut GdbTarget) -> Result<Option<Self::StopReason>, &'static str> {
        // The machine runs only inside wait_for_stop_reason: it is
        // already stopped between two steps.
        Ok(Some(SingleThreadStopReason::Signal(gdbstub::common::Signal::SIGINT)))
    }
}

#[cfg(test)]
mod tests {
    use super::listen_address;

    #[test]
    fn listen_addresses() {
        assert_eq!(listen_address("1234"), "127.0.0.1:1234");
        assert_eq!(listen_address(":1234"), "127.0.0.1:1234");
        assert_eq!(listen_address("0.0.0.0:1234"), "0.0.0.0:1234");
        assert_eq!(listen_address("[::1]:0"), "[::1]:0");
    }
}
