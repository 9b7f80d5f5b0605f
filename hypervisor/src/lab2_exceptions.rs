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
use crate::lab1_vcpu::{Exit, GuestRegs, Vcpu};
use defs::counteren::Counteren;
use defs::csr::{self, HCOUNTEREN, HEDELEG, HIDELEG, VSCAUSE, VSTVAL, VSTVEC};
use defs::trap::Exception;

/// The boot option `illegal=delegate`, kept to explain an illegal instruction that arrives anyway.
static DELEGATE_ILLEGAL: ValueCell<bool> = ValueCell::new(false);

/// Lab 2-1: the exceptions the guest kernel handles itself, as hedeleg bits. A synchronous
/// trap from V=1 that medeleg sent to HS-mode goes on to VS-mode when its hedeleg bit is set
/// ("Hypervisor Trap Delegation"): the hardware writes vscause, vsepc, vstval and vsstatus and
/// jumps to vstvec, and the hypervisor never runs. Ours: breakpoints, the guest's own page
/// faults (its Sv39, not our G-stage), its user programs' system calls (ecall from VU-mode)
/// and misaligned accesses. Not ecall from VS-mode (SBI calls are ours; bit 10 is read-only
/// zero anyway) nor the guest-page faults and virtual instructions (bits 20-23, also read-only
/// zero: only the hypervisor can answer them).
#[cfg(not(feature = "exercise-lab2-deleg"))]
fn guest_exceptions() -> u64 {
    use Exception::*;
    InstructionAddressMisaligned.bit()
        | Breakpoint.bit()
        | LoadAddressMisaligned.bit()
        | StoreAddressMisaligned.bit()
        | EcallFromU.bit()
        | InstructionPageFault.bit()
        | LoadPageFault.bit()
        | StorePageFault.bit()
}

/// Lab 2-1, the exercise (`--features exercise-lab2`): this starting point delegates nothing,
/// so every exception of the guest comes to HS-mode first. `hemu grade lab2` says which trap
/// should not have.
#[cfg(feature = "exercise-lab2-deleg")]
fn guest_exceptions() -> u64 {
    // TODO(lab 2-1): which exceptions can the guest kernel handle without the hypervisor?
    // Set their bits (`Exception::Breakpoint.bit() | ...`): the hardware then delivers them
    // from V=1 straight to VS-mode.
    0
}

/// Program hedeleg (exceptions from V=1 go straight to VS-mode), hideleg (the VS-level
/// interrupts VSSIP/VSTIP/VSEIP are VS-mode's own) and hcounteren (the guest may read time).
pub fn setup(delegate_illegal: bool) {
    use Exception::*;
    let mut hedeleg = guest_exceptions();
    if delegate_illegal {
        hedeleg |= IllegalInstruction.bit();
    }
    DELEGATE_ILLEGAL.set(delegate_illegal);
    // SAFETY: delegating guest exceptions and VS-level interrupts to VS-mode and letting it read
    // the counters only changes what the guest handles itself; HS-mode's traps are unaffected.
    unsafe {
        csr::write::<HEDELEG>(hedeleg);
        csr::write::<HIDELEG>(crate::lab3_interrupts::guest_interrupts());
        // hcounteren.CY/TM/IR: VS/VU-mode may read cycle, time and instret (else virtual-instruction).
        csr::write::<HCOUNTEREN>((Counteren::CY | Counteren::TM | Counteren::IR).bits());
    }
    let hedeleg = csr::read::<HEDELEG>();
    hv!("lab2: hedeleg = {hedeleg:#x} ({}), hideleg = {:#x}", Delegated(hedeleg), csr::read::<HIDELEG>());
    hv!("lab2: illegal instructions: {} (boot option illegal=inject|delegate)",
        if delegate_illegal { "delegated with hedeleg bit 2" } else { "injected by the hypervisor" });
}

/// The exceptions a hedeleg value passes to the guest, in the transcript's words.
struct Delegated(u64);

impl core::fmt::Display for Delegated {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use Exception::*;
        let groups: [(&str, u64); 5] = [
            ("breakpoint", Breakpoint.bit()),
            ("page faults", InstructionPageFault.bit() | LoadPageFault.bit() | StorePageFault.bit()),
            ("U-ecall", EcallFromU.bit()),
            ("misaligned", InstructionAddressMisaligned.bit() | LoadAddressMisaligned.bit() | StoreAddressMisaligned.bit()),
            ("illegal instruction", IllegalInstruction.bit()),
        ];
        let mut sep = "";
        for (name, _) in groups.iter().filter(|(_, bits)| self.0 & bits != 0) {
            write!(f, "{sep}{name}")?;
            sep = ", ";
        }
        if sep.is_empty() {
            f.write_str("nothing: every guest exception comes to HS-mode")?;
        }
        Ok(())
    }
}

/// Make the guest take exception `cause` as if the hardware had delivered it to VS-mode
/// (privileged spec, "Trap entry" for S-mode, applied to the VS CSRs), then resume the guest
/// in its trap handler.
pub fn inject(g: &mut Vcpu, cause: Exception, tval: u64) -> After {
    let vstvec = csr::read::<VSTVEC>();
    if vstvec == 0 {
        let pc = g.regs.sepc;
        g.stop(format_args!("exception {} at pc {pc:#x} but the guest has no trap vector (vstvec = 0)", cause.code()));
        return After::Reschedule;
    }
    enter_vs_trap(g, cause, tval);
    resume_at_vs_vector(&mut g.regs, vstvec);
    After::Resume
}

/// Lab 2-3: what the hardware writes when a trap enters VS-mode, written by hand:
/// vsstatus.SPP = the privilege the guest was in, vsstatus.SPIE = vsstatus.SIE,
/// vsstatus.SIE = 0, vscause = cause, vsepc = the pc of the instruction that trapped,
/// vstval = tval. The guest's handler reads these as if the hardware had written them.
#[cfg(not(feature = "exercise-lab2-inject"))]
fn enter_vs_trap(g: &Vcpu, cause: Exception, tval: u64) {
    use defs::csr::{VSEPC, VSSTATUS};
    use defs::status::Sstatus;
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
}

/// Lab 2-3, the exercise (`--features exercise-lab2`): this starting point writes the cause
/// and the faulting address, and forgets the rest of trap entry.
#[cfg(feature = "exercise-lab2-inject")]
fn enter_vs_trap(g: &Vcpu, cause: Exception, tval: u64) {
    // TODO(lab 2-3): a trap into VS-mode also saves where the guest was (vsepc: the guest
    // pc is in g.regs.sepc) and its privilege and interrupt enable (vsstatus.SPP, SPIE,
    // SIE; was the guest in VU-mode? g.came_from_user()).
    let _ = g;
    // SAFETY: the VS CSRs are the guest's; they change only what the guest sees and does.
    unsafe {
        csr::write::<VSCAUSE>(cause.code());
        csr::write::<VSTVAL>(tval);
    }
}

/// Lab 2-4: the guest goes on in its trap handler, in VS-mode: the hypervisor's sret jumps
/// to sepc and enters the privilege in sstatus.SPP (hstatus.SPV stays 1: V = 1).
/// Exceptions always go to vstvec's base, even in Vectored mode.
#[cfg(not(feature = "exercise-lab2-resume"))]
fn resume_at_vs_vector(regs: &mut GuestRegs, vstvec: u64) {
    use defs::status::Sstatus;
    regs.sepc = vstvec & !3;
    regs.sstatus |= Sstatus::SPP.bits();
}

/// Lab 2-4, the exercise (`--features exercise-lab2`): this starting point leaves sepc and
/// sstatus as the exit left them, so the guest runs its faulting instruction again.
#[cfg(feature = "exercise-lab2-resume")]
fn resume_at_vs_vector(regs: &mut GuestRegs, vstvec: u64) {
    // TODO(lab 2-4): sret jumps to sepc, in the privilege sstatus.SPP names. Where does the
    // guest's handler start (vstvec, in Direct or Vectored mode), and in which mode?
    let _ = (regs, vstvec);
}

/// How the transcript names an exception (the spec's name, shortened where the guest's
/// view reads better).
fn cause_name(c: Exception) -> &'static str {
    use Exception::*;
    match c {
        EcallFromU => "ecall",
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
