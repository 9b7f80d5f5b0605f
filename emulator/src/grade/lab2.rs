//! Lab 2, exceptions the guest handles: what the grader checks, in the order the hart does it.
//!
//! - 2-1 pass-through: "A synchronous trap that has been delegated to HS-mode (using medeleg)
//!   is further delegated to VS-mode if V=1 before the trap and the corresponding hedeleg bit
//!   is set" (H extension, "Hypervisor Trap Delegation"). The guest kernel's breakpoint, its
//!   tasks' system calls (ecall from VU-mode) and their page faults must go from V=1 straight
//!   to VS-mode at vstvec, without the hypervisor.
//! - 2-2 the way up of an exception the firmware keeps: medeleg[2] = 0 (OpenSBI, and ours,
//!   emulate what they can of illegal instructions), so the `illegal` task's illegal
//!   instruction traps from VU-mode to M-mode; with hedeleg[2] = 0 the firmware redirects it
//!   to HS-mode as the hardware would have trapped there: scause, sepc, stval, hstatus.SPV = 1,
//!   sstatus.SPP = 0 (from VU), pc = stvec.
//! - 2-3 injection: before its sret back to the guest, the hypervisor writes what trap entry
//!   into VS-mode writes ("Trap entry" for S-mode, on the VS CSRs): vscause = the cause,
//!   vsepc = the pc that trapped, vstval = the trap's stval, vsstatus.SPP = the guest's
//!   privilege, vsstatus.SPIE = vsstatus.SIE, vsstatus.SIE = 0. Checked on the first injected
//!   exception (a load access fault the lab-4 device emulation answers the self-test's 4-byte
//!   load of the byte-wide 16550 with, from VS-mode) and on the illegal instruction (from VU).
//! - 2-4 the guest resumes in its trap handler: the sret enters VS-mode (sstatus.SPP = 1,
//!   hstatus.SPV = 1) at vstvec's base ("exceptions always set pc to BASE").

use super::probe::{self, at, csr};
use super::Checks;
use crate::debug::command::{Until, XretKind};
use crate::debug::record::Record;
use crate::debug::session::Debugger;
use crate::debug::trace::CauseSel;
use crate::hart::{Exception, Mode};
use crate::isa::{decode, disasm};
use defs::csr::{HEDELEG, HSTATUS, SCAUSE, SEPC, SSTATUS, STVAL, STVEC, VSCAUSE, VSEPC, VSSTATUS, VSTVAL, VSTVEC};
use defs::hstatus::Hstatus;
use defs::status::Sstatus;

/// The check lines, in order.
const IDS: [&str; 8] = ["2-1", "2-3", "2-4", "2-1", "2-2", "2-3", "2-4", "2-1"];
/// The exceptions the lab's guest handles itself, which hedeleg should pass to it.
const GUEST_HANDLES: [Exception; 8] = [
    Exception::InstructionAddressMisaligned,
    Exception::Breakpoint,
    Exception::LoadAddressMisaligned,
    Exception::StoreAddressMisaligned,
    Exception::EcallFromU,
    Exception::InstructionPageFault,
    Exception::LoadPageFault,
    Exception::StorePageFault,
];
/// How many of the guest's exits to HS-mode on loads (lab 4's device emulation) the grader
/// looks through for the first injected exception: the finished hypervisor's is about the
/// 25th.
const EXITS_BEFORE_INJECTION: usize = 1000;

pub(super) fn grade(d: &mut Debugger) -> Vec<super::Check> {
    Checks::run(&IDS, |c| steps(d, c))
}

/// Each check in turn; `None` as soon as one fails.
fn steps(d: &mut Debugger, c: &mut Checks) -> Option<()> {
    let breakpoint = "the guest kernel's breakpoint";
    c.push("2-1", passed_through(d, Exception::Breakpoint, breakpoint)).then_some(())?;
    let fault = c.found("2-3", first_injection(d))?;
    c.push("2-3", injected(d, &fault)).then_some(())?;
    c.push("2-4", resumed(d, &fault)).then_some(())?;
    let syscall = "the first system call of a guest task";
    c.push("2-1", passed_through(d, Exception::EcallFromU, syscall)).then_some(())?;
    let illegal = c.found("2-2", redirected_illegal(d))?;
    c.push("2-2", Ok(illegal.describe_redirect(d))).then_some(())?;
    c.push("2-3", injected(d, &illegal)).then_some(())?;
    c.push("2-4", resumed(d, &illegal)).then_some(())?;
    let page_fault = "the store_kernel task's store page fault";
    c.push("2-1", passed_through(d, Exception::StorePageFault, page_fault));
    Some(())
}

/// An instruction as the debugger shows it: `ebreak at 0x900018b6 <kmain+0x1d6> in VS-mode`.
fn instruction(d: &Debugger, r: &Record) -> String {
    let text = match r.raw {
        Some(raw) => format!("{} at ", disasm(&decode(raw), r.pc)),
        None => String::new(),
    };
    format!("{text}{} in {}-mode", at(d, r.pc), r.from)
}

/// 2-1: run to the first `cause` from the guest; Ok if it went straight to VS-mode.
fn passed_through(d: &mut Debugger, cause: Exception, what: &str) -> Result<String, String> {
    let code = cause.code();
    let records = probe::until(d, &Until::Trap(Some(CauseSel::Exception(code))), what)?;
    let Some(r) = records.last() else {
        return Err(format!("{what}: the session stopped without its record"));
    };
    if r.to == Mode::VS {
        return Ok(format!(
            "{what} ({}) went straight to VS-mode at vstvec={} with vscause={code}, vsepc={:#x}: hedeleg[{code}]=1, the hypervisor did not run",
            instruction(d, r),
            at(d, r.pc_after),
            csr(d, VSEPC)
        ));
    }
    let hedeleg = csr(d, HEDELEG);
    let missing: Vec<String> =
        GUEST_HANDLES.iter().filter(|e| hedeleg & e.bit() == 0).map(|e| format!("{} ({})", e.name(), e.code())).collect();
    let mut why = format!(
        "{what} ({}) trapped to {}-mode at {}, not VS-mode: hedeleg[{code}] was 0 (a trap from V=1 goes on to VS-mode only when its hedeleg bit is set; {} is the guest's to handle)",
        instruction(d, r),
        r.to,
        at(d, r.pc_after),
        cause.name()
    );
    if !missing.is_empty() {
        why.push_str(&format!("; hedeleg = {hedeleg:#x} lacks {}", missing.join(", ")));
    }
    Err(why)
}

/// The VS CSRs that trap entry into VS-mode writes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct VsTrapCsrs {
    vsstatus: u64,
    vscause: u64,
    vsepc: u64,
    vstval: u64,
}

impl VsTrapCsrs {
    fn now(d: &Debugger) -> VsTrapCsrs {
        VsTrapCsrs { vsstatus: csr(d, VSSTATUS), vscause: csr(d, VSCAUSE), vsepc: csr(d, VSEPC), vstval: csr(d, VSTVAL) }
    }
}

/// An exception of the guest that reached the hypervisor, as HS-mode saw it, and the VS CSRs
/// as they were then (before any injection).
struct Fault {
    cause: Exception,
    /// The guest pc that trapped (sepc in HS-mode).
    pc: u64,
    /// stval in HS-mode: what vstval must say.
    tval: u64,
    /// The guest's mode when it trapped (VS or VU).
    from: Mode,
    /// The instruction as the debugger shows it.
    what: String,
    /// Where the hypervisor's trap vector took it (stvec).
    stvec: u64,
    before: VsTrapCsrs,
}

impl Fault {
    fn describe_redirect(&self, d: &Debugger) -> String {
        format!(
            "the illegal instruction ({}) trapped to M-mode (medeleg[2]=0: the firmware keeps illegal instructions) and the firmware's mret redirected it to HS-mode at stvec={} with scause=2, sepc={:#x}, stval={:#x}, hstatus.SPV=1, sstatus.SPP=0 (from VU-mode), as a trap to HS-mode would (hedeleg[2]=0)",
            self.what,
            at(d, self.stvec),
            self.pc,
            self.tval
        )
    }
}

/// 2-3's first case: the guest's exits on loads (load guest-page faults, lab 4) until the
/// hypervisor answers one by injecting an exception: it writes a VS trap CSR, or sends the
/// guest to its trap vector or back to the faulting instruction instead of emulating the
/// load (an emulated one resumes after it). Stops before that sret.
fn first_injection(d: &mut Debugger) -> Result<Fault, String> {
    let code = Exception::LoadGuestPageFault.code();
    let what = "an injected exception (the load access fault for the self-test's 4-byte load of the byte-wide 16550)";
    for _ in 0..EXITS_BEFORE_INJECTION {
        let records = probe::until(d, &Until::Trap(Some(CauseSel::Exception(code))), what)?;
        let Some(r) = records.last() else {
            return Err(format!("{what}: the session stopped without its record"));
        };
        if r.to != Mode::HS {
            continue;
        }
        let fault = Fault {
            // What the hypervisor is to inject: lab 4 answers a device access it cannot
            // emulate with an access fault.
            cause: Exception::LoadAccessFault,
            pc: r.pc,
            tval: csr(d, STVAL),
            from: r.from,
            what: instruction(d, r),
            stvec: r.pc_after,
            before: VsTrapCsrs::now(d),
        };
        probe::to_guest_sret(d, "the hypervisor's sret back into the guest after its load exit")?;
        let resumes_at = csr(d, SEPC);
        let handler = csr(d, VSTVEC) & !3;
        if VsTrapCsrs::now(d) != fault.before || resumes_at == fault.pc || resumes_at == handler {
            return Ok(fault);
        }
        probe::step(d)?;
    }
    Err(format!(
        "{what} never happened: the hypervisor emulated {EXITS_BEFORE_INJECTION} guest loads without injecting one (write vscause, vsepc, vstval, vsstatus and resume the guest at vstvec)"
    ))
}

/// 2-2: run to the guest's first illegal instruction, follow the firmware's redirect to
/// HS-mode, and stop before the hypervisor's sret back into the guest.
fn redirected_illegal(d: &mut Debugger) -> Result<Fault, String> {
    let what = "the illegal task's illegal instruction";
    let code = Exception::IllegalInstruction.code();
    let r = loop {
        let records = probe::until(d, &Until::Trap(Some(CauseSel::Exception(code))), what)?;
        match records.last() {
            Some(r) if matches!(r.from, Mode::VU | Mode::VS) => break r.clone(),
            Some(_) => continue,
            None => return Err(format!("{what}: the session stopped without its record")),
        }
    };
    let insn = instruction(d, &r);
    if r.to != Mode::M {
        return Err(format!("{what} ({insn}) trapped to {}, not M-mode: the firmware's medeleg[2] is set", r.to));
    }
    let before = VsTrapCsrs::now(d);
    probe::until(d, &Until::Xret(XretKind::Mret), "the firmware's redirect of the illegal instruction")?;
    let back = probe::step(d)?;
    if back.to != Mode::HS {
        let why = if back.to == Mode::VS && csr(d, HEDELEG) & Exception::IllegalInstruction.bit() != 0 {
            "hedeleg[2] is set, so the firmware redirected it straight to VS-mode; lab 2 has the hypervisor inject illegal instructions (leave bit 2 clear: the boot option illegal=delegate is the other way)".to_string()
        } else {
            format!("the firmware's mret went to {}", back.to)
        };
        return Err(format!("{what} ({insn}) did not reach HS-mode: {why}"));
    }
    let hstatus = Hstatus::from_bits_retain(csr(d, HSTATUS));
    let sstatus = Sstatus::from_bits_retain(csr(d, SSTATUS));
    let (scause, sepc, stval) = (csr(d, SCAUSE), csr(d, SEPC), csr(d, STVAL));
    let stvec = csr(d, STVEC);
    if scause != code || sepc != r.pc || !hstatus.contains(Hstatus::SPV) || sstatus.contains(Sstatus::SPP) || back.pc_after != stvec & !3 {
        return Err(format!(
            "the firmware's redirect of {what} ({insn}) reached HS-mode at {} with scause={scause}, sepc={sepc:#x}, hstatus.SPV={}, sstatus.SPP={}: a trap from VU-mode to HS-mode has scause=2, sepc=the pc, SPV=1, SPP=0, pc=stvec",
            at(d, back.pc_after),
            hstatus.contains(Hstatus::SPV) as u8,
            sstatus.contains(Sstatus::SPP) as u8
        ));
    }
    let fault = Fault {
        cause: Exception::IllegalInstruction,
        pc: r.pc,
        tval: stval,
        from: r.from,
        what: insn,
        stvec: back.pc_after,
        before,
    };
    probe::to_guest_sret(d, "the hypervisor's sret back into the guest after the illegal instruction")?;
    Ok(fault)
}

/// 2-3: stopped before the sret that resumes the guest after `f`: the VS CSRs must say what
/// the hardware's trap entry into VS-mode would have.
fn injected(d: &Debugger, f: &Fault) -> Result<String, String> {
    let now = VsTrapCsrs::now(d);
    let status = Sstatus::from_bits_retain(now.vsstatus);
    let (spp, spie, sie) = (status.contains(Sstatus::SPP), status.contains(Sstatus::SPIE), status.contains(Sstatus::SIE));
    let sie_before = Sstatus::from_bits_retain(f.before.vsstatus).contains(Sstatus::SIE);
    let from_vs = f.from == Mode::VS;
    let code = f.cause.code();
    let mut why = Vec::new();
    if now.vsepc != f.pc {
        why.push(format!("the injected fault reached the guest with vsepc = {:#x}: set vsepc to the faulting pc {}", now.vsepc, at(d, f.pc)));
    }
    if now.vscause != code {
        why.push(format!("vscause = {}: set it to {code} ({}), the cause the guest's handler reads", now.vscause, f.cause.name()));
    }
    if now.vstval != f.tval {
        why.push(format!("vstval = {:#x}: set it to the trap's stval {:#x}", now.vstval, f.tval));
    }
    if spp != from_vs {
        why.push(format!(
            "vsstatus.SPP = {}: the guest was in {}-mode, so SPP must be {} (the guest's sret returns to the privilege SPP names)",
            spp as u8, f.from, from_vs as u8
        ));
    }
    if spie != sie_before {
        why.push(format!("vsstatus.SPIE = {}: trap entry copies vsstatus.SIE ({}) into SPIE", spie as u8, sie_before as u8));
    }
    if sie {
        why.push("vsstatus.SIE = 1: trap entry clears it, so the guest's handler starts with its interrupts off".to_string());
    }
    if !why.is_empty() {
        return Err(format!("injecting the {} ({}): {}", f.cause.name(), f.what, why.join("; ")));
    }
    Ok(format!(
        "the {} ({}) was injected: vscause={code}, vsepc={:#x}, vstval={:#x}, vsstatus.SPP={} (from {}-mode), SPIE={}, SIE=0",
        f.cause.name(),
        f.what,
        now.vsepc,
        now.vstval,
        spp as u8,
        f.from,
        spie as u8
    ))
}

/// 2-4: execute the sret; Ok if it entered VS-mode at vstvec's base.
fn resumed(d: &mut Debugger, f: &Fault) -> Result<String, String> {
    let vstvec = csr(d, VSTVEC);
    let handler = vstvec & !3;
    let spp = Sstatus::from_bits_retain(csr(d, SSTATUS)).contains(Sstatus::SPP) as u8;
    let spv = Hstatus::from_bits_retain(csr(d, HSTATUS)).contains(Hstatus::SPV) as u8;
    let sepc = csr(d, SEPC);
    let r = probe::step(d)?;
    if r.to == Mode::VS && r.pc_after == handler {
        return Ok(format!(
            "the sret resumed the guest in VS-mode at its trap vector vstvec={} (it read sepc={sepc:#x}, sstatus.SPP=1, hstatus.SPV=1)",
            at(d, handler)
        ));
    }
    let mut why = Vec::new();
    if r.pc_after == f.pc {
        why.push(format!(
            "the guest resumed at the faulting instruction {} again, not in its trap handler: set sepc to vstvec ({}) before sret",
            at(d, f.pc),
            at(d, handler)
        ));
    } else if r.pc_after != handler {
        why.push(format!("sret jumped to sepc={sepc:#x}: set sepc to vstvec's base {} (exceptions always go to BASE)", at(d, handler)));
    }
    if spv == 0 {
        why.push("sret entered V=0: hstatus.SPV was 0".to_string());
    } else if spp == 0 {
        why.push(format!(
            "sstatus.SPP was 0, so sret entered VU-mode (the trap from {}-mode left it so): set it to 1, the guest's handler runs in VS-mode",
            f.from
        ));
    }
    if why.is_empty() {
        why.push(format!("the sret went to {} at {}, not VS-mode at {}", r.to, at(d, r.pc_after), at(d, handler)));
    }
    Err(why.join("; "))
}
