//! Lab 2: exceptions that belong to the guest. Two ways to get them there:
//!
//! 1. Pass-through: a set bit in hedeleg makes the hardware deliver that exception from V=1
//!    straight to VS-mode (vscause/vsepc/vstval, pc = vstvec) without the hypervisor running
//!    at all. We delegate breakpoints, page faults, ecalls from VU-mode and misaligned accesses:
//!    the guest kernel (guest/) says when it sees them.
//! 2. Injection: exceptions that reach HS-mode are given to the guest by doing in software what
//!    the hardware would have done (`inject`).
//!
//! What reaches HS at all also depends on the firmware: OpenSBI keeps illegal instructions and
//! access faults in M-mode (its medeleg lacks bits 1, 2, 5, 7) to emulate what it can, and
//! *redirects* the rest to S-mode; current OpenSBI redirects to VS-mode when our hedeleg has the
//! bit set (as the hardware would) and to HS-mode otherwise. The boot option `illegal=delegate`
//! sets hedeleg bit 2; `illegal=inject` (default) leaves it clear, so illegal instructions come
//! to us and are injected; the transcript shows which way each took. Access faults are always
//! injected; our own MMIO emulation also produces one (lab 4: a wide access to the byte-wide
//! 16550), which is how the guest's self-test reaches this path.

use crate::lab0_cell::ValueCell;
use crate::lab0_console::{first_times, Event};
use crate::lab0_csr::*;
use crate::lab1_run::After;
use crate::lab1_vcpu::{Exit, Vcpu};

/// The boot option `illegal=delegate`, kept to explain an illegal instruction that arrives anyway.
static DELEGATE_ILLEGAL: ValueCell<bool> = ValueCell::new(false);

/// Program hedeleg (exceptions from V=1 go straight to VS-mode), hideleg (the VS-level
/// interrupts VSSIP/VSTIP/VSEIP are VS-mode's own) and hcounteren (the guest may read time).
pub fn setup(delegate_illegal: bool) {
    let mut hedeleg = 1 << INSTRUCTION_MISALIGNED
        | 1 << BREAKPOINT
        | 1 << LOAD_MISALIGNED
        | 1 << STORE_MISALIGNED
        | 1 << ECALL_FROM_U
        | 1 << INSTRUCTION_PAGE_FAULT
        | 1 << LOAD_PAGE_FAULT
        | 1 << STORE_PAGE_FAULT;
    if delegate_illegal {
        hedeleg |= 1 << ILLEGAL_INSTRUCTION;
    }
    DELEGATE_ILLEGAL.set(delegate_illegal);
    csr_write!("hedeleg", hedeleg);
    csr_write!("hideleg", HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP);
    // hcounteren.CY/TM/IR: VS/VU-mode may read cycle, time and instret (else virtual-instruction).
    csr_write!("hcounteren", 0b111);
    hv!("lab2: hedeleg = {:#x} (breakpoint, page faults, U-ecall, misaligned{}), hideleg = {:#x}",
        csr_read!("hedeleg"), if delegate_illegal { ", illegal instruction" } else { "" },
        csr_read!("hideleg"));
    hv!("lab2: illegal instructions: {} (boot option illegal=inject|delegate)",
        if delegate_illegal { "delegated with hedeleg bit 2" } else { "injected by the hypervisor" });
}

/// Make the guest take exception `cause` as if the hardware had delivered it to VS-mode
/// (privileged spec, "Trap entry" for S-mode, applied to the VS CSRs):
/// vsstatus.SPP = privilege the guest was in, vsstatus.SPIE = vsstatus.SIE, vsstatus.SIE = 0,
/// vscause = cause, vsepc = guest pc, vstval = tval, and resume at vstvec in VS-mode.
pub fn inject(g: &mut Vcpu, cause: u64, tval: u64) -> After {
    let vstvec = csr_read!("vstvec");
    if vstvec == 0 {
        let pc = g.regs.sepc;
        g.stop(format_args!("exception {cause} at pc {pc:#x} but the guest has no trap vector (vstvec = 0)"));
        return After::Reschedule;
    }
    let mut vsstatus = csr_read!("vsstatus");
    // vsstatus.SPP: 1 if the guest was in VS-mode (sstatus.SPP as saved by guest_exit).
    vsstatus = (vsstatus & !SSTATUS_SPP) | (g.regs.sstatus & SSTATUS_SPP);
    // vsstatus.SPIE <- vsstatus.SIE; vsstatus.SIE <- 0.
    let sie = vsstatus & SSTATUS_SIE != 0;
    vsstatus = (vsstatus & !(SSTATUS_SPIE | SSTATUS_SIE)) | if sie { SSTATUS_SPIE } else { 0 };
    csr_write!("vsstatus", vsstatus);
    csr_write!("vscause", cause);
    csr_write!("vsepc", g.regs.sepc);
    csr_write!("vstval", tval);
    // Exceptions always go to the vector base, even in Vectored mode.
    g.regs.sepc = vstvec & !3;
    // Return to VS-mode (hstatus.SPV stays 1).
    g.regs.sstatus |= SSTATUS_SPP;
    After::Resume
}

fn cause_name(c: u64) -> &'static str {
    match c {
        INSTRUCTION_ACCESS_FAULT => "instruction access fault",
        ILLEGAL_INSTRUCTION => "illegal instruction",
        LOAD_ACCESS_FAULT => "load access fault",
        STORE_ACCESS_FAULT => "store/AMO access fault",
        INSTRUCTION_MISALIGNED => "instruction address misaligned",
        LOAD_MISALIGNED => "load address misaligned",
        STORE_MISALIGNED => "store/AMO address misaligned",
        BREAKPOINT => "breakpoint",
        ECALL_FROM_U => "ecall from VU-mode",
        INSTRUCTION_PAGE_FAULT | LOAD_PAGE_FAULT | STORE_PAGE_FAULT => "page fault",
        _ => "exception",
    }
}

/// An exception from the guest arrived in HS-mode although it is the guest's business:
/// inject it. This is lab 1's `Hypervisor::on_exception`.
pub fn forward_to_guest(g: &mut Vcpu, exit: &Exit) -> After {
    let cause = exit.scause;
    let from = if g.came_from_user() { "VU" } else { "VS" };
    first_times(Event::InjectedException, 0);
    let delegated = cause == ILLEGAL_INSTRUCTION && DELEGATE_ILLEGAL.get();
    if delegated && first_times(Event::ForwardedIllegalWhileDelegated, 1) {
        hv!("lab2: illegal instruction reached HS although hedeleg bit 2 is set: the firmware \
             redirected it to HS instead of VS; injecting it");
    }
    if first_times_for_cause(cause) {
        hv!("lab2: guest {} {} from {from}-mode at pc {:#x} (stval {:#x}): injected \
             (vscause={cause}, vsepc, vstval; resume at vstvec)",
            g.id, cause_name(cause), g.regs.sepc, exit.stval);
    }
    inject(g, cause, exit.stval)
}

fn first_times_for_cause(cause: u64) -> bool {
    static SEEN: ValueCell<u64> = ValueCell::new(0);
    let bit = 1u64 << (cause & 63);
    let seen = SEEN.replace(SEEN.get() | bit);
    seen & bit == 0
}
