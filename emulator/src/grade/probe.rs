//! What the grader reads from a session: the hart's registers and CSRs, stops explained in
//! a student's words, and the bytes a guest passed to an SBI call.

use crate::debug::command::{Until, XretKind};
use crate::debug::record::{Kind, Record};
use crate::debug::session::{Debugger, StopReason};
use crate::debug::translate::{peek_physical, translate, Access};
use crate::hart::Mode;

/// A CSR's value now (0 if the hart does not have it: all the grader reads are there).
pub fn csr(d: &Debugger, addr: u16) -> u64 {
    d.machine().hart.csr_peek(addr).unwrap_or(0)
}

/// Integer register `r` now.
pub fn x(d: &Debugger, r: u8) -> u64 {
    d.machine().hart.xreg(r)
}

/// An address with its symbol, as the debugger prints it: `0x80206a00 <guest_exit>`.
pub fn at(d: &Debugger, addr: u64) -> String {
    match d.symbols().label(addr) {
        Some(label) => format!("{addr:#x} <{label}>"),
        None => format!("{addr:#x}"),
    }
}

/// Run until `u`; Err says, in a student's words, why the hart never got there.
pub fn until(d: &mut Debugger, u: &Until, what: &str) -> Result<Vec<Record>, String> {
    let stop = d.until(u);
    match stop.reason {
        StopReason::Reached(_) => Ok(stop.records),
        other => Err(format!("{what} never happened: {}", ended(d, &other))),
    }
}

/// Execute the next step (an xRET the caller stopped before) and return its record.
pub fn step(d: &mut Debugger) -> Result<Record, String> {
    let stop = d.stepi(1);
    match stop.records.into_iter().last() {
        Some(r) if r.kind != Kind::Waiting => Ok(r),
        _ => Err(format!("the hart could not take its next step: {}", ended(d, &stop.reason))),
    }
}

/// Run to the hypervisor's next sret into the guest and stop before it (the guest's own
/// srets, in VS-mode, are run through).
pub fn to_guest_sret(d: &mut Debugger, what: &str) -> Result<(), String> {
    loop {
        until(d, &Until::Xret(XretKind::Sret), what)?;
        if d.machine().hart.mode() == Mode::HS {
            return Ok(());
        }
        step(d)?;
    }
}

/// Why a run ended, with the last line the machine printed (a hypervisor's panic message).
fn ended(d: &mut Debugger, reason: &StopReason) -> String {
    let why = match reason {
        StopReason::Exited(code) => format!("the machine powered off (exit code {code})"),
        StopReason::Idle => "the hart waits in WFI and nothing can wake it".into(),
        StopReason::Stalled => "the hart cannot make progress".into(),
        StopReason::TrapLoop(found) => found.to_string(),
        StopReason::StepLimit(n) => format!("not within the first {n} steps"),
        other => format!("{other:?}"),
    };
    let out = d.take_output();
    let text = String::from_utf8_lossy(&out);
    match text.lines().rev().find(|l| !l.trim().is_empty()) {
        Some(last) => format!("{why}; the console's last line: \"{}\"", last.trim_end()),
        None => why,
    }
}

/// `len` bytes a guest passed by guest-physical address `gpa`, read through the G-stage
/// (hgatp) as the hypervisor must read them; None where the G-stage does not map them.
/// Read with V=1 in VS-mode's translation: the caller makes sure vsatp is Bare, so the
/// VS-stage is the identity and only the G-stage applies.
pub fn guest_bytes(d: &Debugger, gpa: u64, len: u64) -> Option<Vec<u8>> {
    let h = &d.machine().hart;
    (0..len)
        .map(|i| {
            let pa = translate(h, gpa + i, Access::Load, Some(Mode::VS)).pa()?;
            peek_physical(&h.bus, pa, 1).ok().map(|b| b as u8)
        })
        .collect()
}

/// `len` bytes at physical address `pa` (the hypervisor's own buffers: HS with satp Bare).
pub fn host_bytes(d: &Debugger, pa: u64, len: u64) -> Option<Vec<u8>> {
    let bus = &d.machine().hart.bus;
    (0..len).map(|i| peek_physical(bus, pa + i, 1).ok().map(|b| b as u8)).collect()
}

/// Text for a console check: the bytes without their line end, quoted.
pub fn quoted(bytes: &[u8]) -> String {
    format!("\"{}\"", String::from_utf8_lossy(bytes).trim_end_matches(['\n', '\r']))
}
