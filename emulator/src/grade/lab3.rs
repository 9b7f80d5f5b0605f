//! Lab 3, interrupts: what the grader checks, in the order the hart does it. Two boots: the
//! default one, where the hart has Sstc and the hypervisor gives the guest vstimecmp, and one
//! with `--append sstc=off`, where the hypervisor makes the guest's timer interrupt itself.
//!
//! - 3-1 hideleg: "Among bits 15:0 of hideleg, bits 10, 6, and 2 (corresponding to the
//!   standard VS-level interrupts) are writable"; "An interrupt that has been delegated to
//!   HS-mode (using mideleg) is further delegated to VS-mode if the corresponding hideleg bit
//!   is set", where "a virtual supervisor timer interrupt (6) is translated into a supervisor
//!   timer interrupt (5)". With bit 6 clear, vsie.STIE is read-only zero: the guest cannot
//!   even enable it. Checked on the guest's first timer interrupt (Sstc boot).
//! - 3-2 the host's own interrupts while a guest runs: an interrupt traps to HS-mode when
//!   "either the current operating mode is HS-mode and the SIE bit in the sstatus register is
//!   set, or the current operating mode has less privilege than HS-mode": in V=1 the host
//!   timer (irq 5) exits the guest to HS-mode at stvec although the hypervisor keeps
//!   sstatus.SIE = 0.
//! - 3-3 without Sstc: when the guest's deadline passes, the hypervisor sets hvip.VSTIP
//!   ("setting VSTIP asserts a VS-level timer interrupt") and the guest takes its timer
//!   interrupt in VS-mode.
//! - 3-4 without Sstc: the guest's next SBI set_timer "must clear the pending timer interrupt
//!   bit as well" (SBI, "Set Timer"): hvip.VSTIP is 0 when the hypervisor returns to the guest
//!   with a deadline still ahead.

use super::probe::{self, at, csr, x};
use super::{Boot, Check, Checks};
use crate::debug::command::Until;
use crate::debug::record::Record;
use crate::debug::session::Debugger;
use crate::debug::trace::CauseSel;
use crate::hart::{Exception, Mode};
use defs::csr::{HENVCFG, HIDELEG, HVIP, SSTATUS, TIME, VSCAUSE, VSIE, VSTIMECMP};
use defs::envcfg::Envcfg;
use defs::interrupts::Mip;
use defs::status::Sstatus;

/// The check lines, in order.
const IDS: [&str; 4] = ["3-1", "3-2", "3-3", "3-4"];
/// The VS-level timer interrupt (as HS-mode and hvip number it).
const VSTI: u64 = 6;
/// The supervisor timer interrupt: the host's own timer.
const STI: u64 = 5;
/// Integer registers a0 and a7 (the SBI call's argument and extension id).
const A0: u8 = 10;
const A7: u8 = 17;

pub(super) fn grade(boot: &Boot) -> Result<Vec<Check>, String> {
    let mut sstc = boot.session(None)?;
    let mut hvip = boot.session(Some("sstc=off"))?;
    Ok(Checks::run(&IDS, |c| steps(&mut sstc, &mut hvip, c)))
}

/// Each check in turn; `None` as soon as one fails.
fn steps(sstc: &mut Debugger, hvip: &mut Debugger, c: &mut Checks) -> Option<()> {
    c.push("3-1", delegated(sstc)).then_some(())?;
    c.push("3-2", host_interrupt_exits(hvip)).then_some(())?;
    let deadline = c.found("3-3", first_set_timer(hvip))?;
    c.push("3-3", raised_by_hvip(hvip, deadline)).then_some(())?;
    c.push("3-4", cleared_by_set_timer(hvip));
    Some(())
}

/// A pending bit of an interrupt CSR (hvip, hideleg, vsie...), as 0 or 1.
fn bit(value: u64, mask: Mip) -> u8 {
    (value & mask.bits() != 0) as u8
}

/// The guest's timer interrupt as the debugger shows it: `in VU-mode at 0x400001b4`.
fn interrupted(d: &Debugger, r: &Record) -> String {
    format!("in {}-mode at {}", r.from, at(d, r.pc))
}

/// 3-1: run to the guest's first timer interrupt (Sstc: the hardware raises VSTIP from
/// vstimecmp); Ok if hideleg sent it to VS-mode as interrupt 5.
fn delegated(d: &mut Debugger) -> Result<String, String> {
    let what = "the guest's first timer interrupt (VS-level timer interrupt, irq 6)";
    let r = match probe::until(d, &Until::Irq(Some(VSTI)), what) {
        Ok(records) => records.last().cloned().ok_or_else(|| format!("{what}: the session stopped without its record"))?,
        Err(e) => return Err(format!("{e}{}", hideleg_lacks(d))),
    };
    if r.to != Mode::VS {
        return Err(format!(
            "{what} {} trapped to {}-mode at {}, not VS-mode: hideleg[6] was 0 (a VS-level interrupt goes from V=1 to VS-mode only when its hideleg bit is set){}",
            interrupted(d, &r),
            r.to,
            at(d, r.pc_after),
            hideleg_lacks(d)
        ));
    }
    let vscause = csr(d, VSCAUSE);
    let stce = Envcfg::from_bits_retain(csr(d, HENVCFG)).contains(Envcfg::STCE);
    let source = if stce {
        format!("raised by the hart itself when time passed vstimecmp={:#x} (Sstc, henvcfg.STCE=1)", csr(d, VSTIMECMP))
    } else {
        format!("raised through hvip.VSTIP={}", bit(csr(d, HVIP), Mip::VSTIP))
    };
    Ok(format!(
        "{what}, {source}, {} went to VS-mode at vstvec={} with vscause={vscause:#x} (interrupt 5, the guest's STI): hideleg[6]=1, the hypervisor did not run",
        interrupted(d, &r),
        at(d, r.pc_after)
    ))
}

/// Why the guest's timer interrupt cannot reach it, from hideleg: "" if hideleg has VSTI.
fn hideleg_lacks(d: &Debugger) -> String {
    let hideleg = csr(d, HIDELEG);
    if hideleg & Mip::VSTIP.bits() != 0 {
        return String::new();
    }
    format!(
        "; hideleg = {hideleg:#x} lacks VSTI (6): then vsie.STIE is read-only zero (vsie = {:#x}), so the guest cannot even enable its timer interrupt (set hideleg's VS-level bits VSSI (2), VSTI (6) and VSEI (10): they are the guest's interrupts)",
        csr(d, VSIE)
    )
}

/// 3-2 (sstc=off boot): the first host timer interrupt while a guest runs exits to HS-mode,
/// although the hypervisor keeps sstatus.SIE = 0.
fn host_interrupt_exits(d: &mut Debugger) -> Result<String, String> {
    let what = "the host's timer interrupt (supervisor timer interrupt, irq 5) while a guest ran";
    let r = loop {
        let records = probe::until(d, &Until::Irq(Some(STI)), what)?;
        match records.last() {
            Some(r) if matches!(r.from, Mode::VS | Mode::VU) => break r.clone(),
            Some(_) => continue,
            None => return Err(format!("{what}: the session stopped without its record")),
        }
    };
    if r.to != Mode::HS {
        return Err(format!("{what} {} went to {}-mode, not HS-mode: the firmware's mideleg[5] is clear", interrupted(d, &r), r.to));
    }
    // Trap entry copied the HS-level sstatus.SIE into SPIE: what it was in V=1.
    let sie = Sstatus::from_bits_retain(csr(d, SSTATUS)).contains(Sstatus::SPIE) as u8;
    Ok(format!(
        "{what} {} exited to HS-mode at stvec={} with sstatus.SIE={sie}: in V=1, HS-level interrupts are enabled whatever sstatus.SIE says (sie.STIE=1)",
        interrupted(d, &r),
        at(d, r.pc_after)
    ))
}

/// A guest's SBI set_timer, stopped right after its ecall trapped to HS-mode: its deadline.
fn next_set_timer(d: &mut Debugger, what: &str) -> Result<u64, String> {
    let ecall = CauseSel::Exception(Exception::EcallFromVS.code());
    loop {
        probe::until(d, &Until::Trap(Some(ecall)), what)?;
        if x(d, A7) == defs::sbi::time::EID {
            return Ok(x(d, A0));
        }
    }
}

/// 3-3's start (sstc=off boot): the guest's first timer request.
fn first_set_timer(d: &mut Debugger) -> Result<u64, String> {
    next_set_timer(d, "the guest's first SBI set_timer")
}

/// 3-3: run to the guest's first timer interrupt; without Sstc only hvip.VSTIP can raise it.
fn raised_by_hvip(d: &mut Debugger, deadline: u64) -> Result<String, String> {
    let what = "the guest's first timer interrupt without Sstc (irq 6)";
    let records = probe::until(d, &Until::Irq(Some(VSTI)), what).map_err(|e| {
        format!(
            "the guest's timer interrupt never reached VS: hvip.VSTIP stayed {} after its deadline {deadline:#x} (time is now {:#x}) (set hvip.VSTIP when the guest's deadline passes: without Sstc nothing else makes a VS timer interrupt pending); {e}",
            bit(csr(d, HVIP), Mip::VSTIP),
            csr(d, TIME)
        )
    })?;
    let r = records.last().ok_or_else(|| format!("{what}: the session stopped without its record"))?;
    let vstip = bit(csr(d, HVIP), Mip::VSTIP);
    if r.to != Mode::VS || vstip == 0 {
        return Err(format!("{what} {} went to {}-mode with hvip.VSTIP={vstip}", interrupted(d, r), r.to));
    }
    Ok(format!(
        "{what}, after the guest's deadline {deadline:#x}: the hypervisor set hvip.VSTIP=1, and the interrupt {} went to VS-mode at vstvec={} with vscause={:#x}",
        interrupted(d, r),
        at(d, r.pc_after),
        csr(d, VSCAUSE)
    ))
}

/// 3-4: the guest's next set_timer, from its timer interrupt handler: at the hypervisor's sret
/// back into the guest, hvip.VSTIP must be 0 while the new deadline is ahead.
fn cleared_by_set_timer(d: &mut Debugger) -> Result<String, String> {
    let deadline = next_set_timer(d, "the guest's SBI set_timer after its timer interrupt")?;
    probe::to_guest_sret(d, "the hypervisor's sret back into the guest after its set_timer")?;
    let (time, vstip) = (csr(d, TIME), bit(csr(d, HVIP), Mip::VSTIP));
    if deadline <= time {
        return Err(format!(
            "the guest's set_timer asked for {deadline:#x}, already past at the sret back into it (time {time:#x}): the grader cannot tell whether hvip.VSTIP was cleared"
        ));
    }
    if vstip != 0 {
        return Err(format!(
            "after the guest's SBI set_timer moved its deadline to {deadline:#x} (time is {time:#x}), hvip.VSTIP was still 1 at the sret back into the guest: it takes the same timer interrupt again at once (set_timer \"must clear the pending timer interrupt bit\": clear hvip.VSTIP when the guest sets a new deadline)"
        ));
    }
    Ok(format!(
        "the guest's handler moved its deadline to {deadline:#x} with SBI set_timer (time {time:#x}): hvip.VSTIP=0 at the sret back into the guest, its timer interrupt is no longer pending"
    ))
}
