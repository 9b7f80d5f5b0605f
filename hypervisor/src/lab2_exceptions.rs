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
use crate::lab1_run::After;
use crate::lab1_vcpu::{Exit, Vcpu};
use defs::counteren::Counteren;
use defs::csr::{self, HCOUNTEREN, HEDELEG, HIDELEG, VSCAUSE, VSEPC, VSSTATUS, VSTVAL, VSTVEC};
use defs::interrupts::Mip;
use defs::status::Sstatus;
use defs::trap::Exception;

/// The boot option `illegal=delegate`, kept to explain an illegal instruction that arrives anyway.
static DELEGATE_ILLEGAL: ValueCell<bool> = ValueCell::new(false);

/// Program hedeleg (exceptions from V=1 go straight to VS-mode), hideleg (the VS-level
/// interrupts VSSIP/VSTIP/VSEIP are VS-mode's own) and hcounteren (the guest may read time).
pub fn setup(delegate_illegal: bool) {
    use Exception::*;
    let mut hedeleg = InstructionAddressMisaligned.bit()
        | Breakpoint.bit()
        | LoadAddressMisaligned.bit()
        | StoreAddressMisaligned.bit()
        | EcallFromU.bit()
        | InstructionPageFault.bit()
        | LoadPageFault.bit()
        | StorePageFault.bit();
    if delegate_illegal {
        hedeleg |= IllegalInstruction.bit();
    }
    DELEGATE_ILLEGAL.set(delegate_illegal);
    // SAFETY: delegating guest exceptions and VS-level interrupts to VS-mode and letting it read
    // the counters only changes what the guest handles itself; HS-mode's traps are unaffected.
    unsafe {
        csr::write::<HEDELEG>(hedeleg);
        csr::write::<HIDELEG>(Mip::VS_LEVEL.bits());
        // hcounteren.CY/TM/IR: VS/VU-mode may read cycle, time and instret (else virtual-instruction).
        csr::write::<HCOUNTEREN>((Counteren::CY | Counteren::TM | Counteren::IR).bits());
    }
    hv!("lab2: hedeleg = {:#x} (breakpoint, page faults, U-ecall, misaligned{}), hideleg = {:#x}",
        csr::read::<HEDELEG>(), if delegate_illegal { ", illegal instruction" } else { "" },
        csr::read::<HIDELEG>());
    hv!("lab2: illegal instructions: {} (boot option illegal=inject|delegate)",
        if delegate_illegal { "delegated with hedeleg bit 2" } else { "injected by the hypervisor" });
}

/// Make the guest take exception `cause` as if the hardware had delivered it to VS-mode
/// (privileged spec, "Trap entry" for S-mode, applied to the VS CSRs):
/// vsstatus.SPP = privilege the guest was in, vsstatus.SPIE = vsstatus.SIE, vsstatus.SIE = 0,
/// vscause = cause, vsepc = guest pc, vstval = tval, and resume at vstvec in VS-mode.
pub fn inject(g: &mut Vcpu, cause: Exception, tval: u64) -> After {
    let vstvec = csr::read::<VSTVEC>();
    if vstvec == 0 {
        let pc = g.regs.sepc;
        g.stop(format_args!("exception {} at pc {pc:#x} but the guest has no trap vector (vstvec = 0)", cause.code()));
        return After::Reschedule;
    }
    let mut vsstatus = Sstatus::from_bits_retain(csr::read::<VSSTATUS>());
    // vsstatus.SPP: 1 if the guest was in VS-mode (sstatus.SPP as saved by guest_exit).
    vsstatus.set(Sstatus::SPP, !g.came_from_user());
    // vsstatus.SPIE <- vsstatus.SIE; vsstatus.SIE <- 0.
    vsstatus.set(Sstatus::SPIE, vsstatus.contains(Sstatus::SIE));
    vsstatus.remove(Sstatus::SIE);
    // SAFETY: the VS CSRs are the guest's; they change only what the guest sees and does.
    unsafe {
        csr::write::<VSSTATUS>(vsstatus.bits());
        csr::write::<VSCAUSE>(cause.code());
        csr::write::<VSEPC>(g.regs.sepc);
        csr::write::<VSTVAL>(tval);
    }
    // Exceptions always go to the vector base, even in Vectored mode.
    g.regs.sepc = vstvec & !3;
    // Return to VS-mode (hstatus.SPV stays 1).
    g.regs.sstatus |= Sstatus::SPP.bits();
    After::Resume
}

/// How the transcript names an exception (the spec's name, shortened where the guest's
/// view reads better).
fn cause_name(c: Exception) -> &'static str {
    use Exception::*;
    match c {
        EcallFromU => "ecall from VU-mode",
        InstructionPageFault | LoadPageFault | StorePageFault => "page fault",
        InstructionAccessFault | IllegalInstruction | LoadAccessFault | StoreAccessFault
        | InstructionAddressMisaligned | LoadAddressMisaligned | StoreAddressMisaligned
        | Breakpoint => c.name(),
        _ => "exception",
    }
}

/// An exception from the guest arrived in HS-mode although it is the guest's business:
/// inject it. This is lab 1's `Hypervisor::on_exception`.
pub fn forward_to_guest(g: &mut Vcpu, cause: Exception, exit: &Exit) -> After {
    let from = if g.came_from_user() { "VU" } else { "VS" };
    first_times(Event::InjectedException, 0);
    let delegated = cause == Exception::IllegalInstruction && DELEGATE_ILLEGAL.get();
    if delegated && first_times(Event::ForwardedIllegalWhileDelegated, 1) {
        hv!("lab2: illegal instruction reached HS although hedeleg bit 2 is set: the firmware \
             redirected it to HS instead of VS; injecting it");
    }
    if first_times_for_cause(cause) {
        hv!("lab2: guest {} {} from {from}-mode at pc {:#x} (stval {:#x}): injected \
             (vscause={}, vsepc, vstval; resume at vstvec)",
            g.id, cause_name(cause), g.regs.sepc, exit.stval, cause.code());
    }
    inject(g, cause, exit.stval)
}

fn first_times_for_cause(cause: Exception) -> bool {
    static SEEN: ValueCell<u64> = ValueCell::new(0);
    let bit = cause.bit();
    let seen = SEEN.replace(SEEN.get() | bit);
    seen & bit == 0
}
