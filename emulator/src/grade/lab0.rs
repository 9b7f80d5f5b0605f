//! Lab 0, the framework: what the grader checks.
//!
//! - 0-1 the firmware enters the hypervisor: its MRET goes to HS-mode (mstatus.MPP = 1,
//!   MPV = 0) at 0x80200000, where the hypervisor is linked.
//! - 0-2 the hypervisor has a trap vector before it relies on the firmware: by its first
//!   console write, stvec is 4-byte aligned in Direct mode (stvec.MODE = 0) and no longer
//!   what the firmware left there (the entry point, 0x80200000).
//! - 0-3 its first console write (SBI DBCN console_write, or legacy console_putchar) reaches
//!   the console.
//!
//! The exercise (`--features exercise-lab0`) leaves stvec as the firmware set it (0-2) and
//! swaps the DBCN write's length and address (0-3).

use super::probe::{self, at, csr, host_bytes, quoted, x};
use super::Checks;
use crate::debug::command::{Until, XretKind};
use crate::debug::session::Debugger;
use crate::debug::trace::CauseSel;
use crate::hart::{Exception, Mode};
use defs::csr::STVEC;
use defs::sbi::{dbcn, legacy};

/// The hypervisor's entry: where the firmware jumps.
const HV_ENTRY: u64 = 0x8020_0000;
const IDS: [&str; 3] = ["0-1", "0-2", "0-3"];
/// The firmware calls the hypervisor makes before its first console write (probes).
const CALLS_BEFORE_WRITE: usize = 50;

pub(super) fn grade(d: &mut Debugger) -> Vec<super::Check> {
    let mut c = Checks::new();
    let _ = c.push("0-1", enter(d)) && c.push("0-2", trap_vector(d)) && c.push("0-3", console(d));
    c.skip(&IDS);
    c.checks
}

fn enter(d: &mut Debugger) -> Result<String, String> {
    probe::until(d, &Until::Xret(XretKind::Mret), "the firmware's mret into the hypervisor")?;
    let r = probe::step(d)?;
    if r.to == Mode::HS && r.pc_after == HV_ENTRY {
        Ok(format!("the firmware's mret entered HS-mode at {}", at(d, HV_ENTRY)))
    } else {
        Err(format!("the firmware's mret went to {} at {:#x}, not HS-mode at {HV_ENTRY:#x}", r.to, r.pc_after))
    }
}

/// Run to the hypervisor's first console write: an ecall from HS-mode (cause 9).
fn first_console_call(d: &mut Debugger) -> Result<(), String> {
    let code = Exception::EcallFromS as u64;
    for _ in 0..CALLS_BEFORE_WRITE {
        probe::until(d, &Until::Trap(Some(CauseSel::Exception(code))), "the hypervisor's first console write")?;
        let (eid, fid) = (x(d, 17), x(d, 16));
        if (eid == dbcn::EID && fid == dbcn::CONSOLE_WRITE) || eid == legacy::CONSOLE_PUTCHAR {
            return Ok(());
        }
    }
    Err(format!("the hypervisor made {CALLS_BEFORE_WRITE} SBI calls without writing to the console"))
}

fn trap_vector(d: &mut Debugger) -> Result<String, String> {
    first_console_call(d)?;
    // The ecall has trapped to M-mode; stvec is still the hypervisor's.
    let stvec = csr(d, STVEC);
    if stvec == 0 || stvec == HV_ENTRY || stvec & 3 != 0 {
        return Err(format!(
            "stvec was {stvec:#x} at the hypervisor's first console write (the firmware leaves the entry point there): write the address of the hypervisor's trap vector (4-byte aligned, MODE = 0 Direct) first, or a fault restarts or loses the hypervisor"
        ));
    }
    Ok(format!("stvec = {} (Direct mode) by the hypervisor's first console write", at(d, stvec)))
}

fn console(d: &mut Debugger) -> Result<String, String> {
    let (eid, a0, a1) = (x(d, 17), x(d, 10), x(d, 11));
    let text = if eid == legacy::CONSOLE_PUTCHAR {
        vec![a0 as u8]
    } else {
        match host_bytes(d, a1, a0) {
            Some(bytes) => bytes,
            // SBI spec, "Debug Console Extension": sbi_debug_console_write(num_bytes,
            // base_addr_lo, base_addr_hi), so a0 is the length and a1 the address.
            None if host_bytes(d, a0, a1).is_some() => {
                return Err(format!(
                    "the console write passed a0 = {a0:#x} (an address in RAM) and a1 = {a1} (a length): sbi_debug_console_write takes num_bytes in a0 and the buffer's physical address in a1 (base_addr_lo), so the firmware was asked for {a0} bytes at {a1:#x} and wrote nothing"
                ))
            }
            None => return Err(format!("the console_write buffer at {a1:#x} ({a0} bytes) is not RAM")),
        }
    };
    d.take_output();
    probe::until(d, &Until::Xret(XretKind::Mret), "the firmware's return from the console write")?;
    probe::step(d)?;
    let out = d.take_output();
    if !out.windows(text.len()).any(|w| w == text.as_slice()) {
        return Err(format!("the console write of {} did not reach the console", quoted(&text)));
    }
    Ok(format!("the hypervisor's first console write reached the console: {}", quoted(&text)))
}
