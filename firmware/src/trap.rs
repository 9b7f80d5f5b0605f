//! Everything that traps into M-mode after boot: SBI calls, the machine timer
//! and software interrupts, and the exceptions M-mode keeps (illegal
//! instruction, access faults, misaligned accesses), which are redirected to
//! S-mode the way OpenSBI's `sbi_trap_redirect` does.

use crate::console::println;
use crate::platform::{self, Finish};
use crate::sbi;
use defs::csr::{self, *};
use defs::hstatus::Hstatus;
use defs::interrupts::Mip;
use defs::status::{Mstatus, Sstatus};
use defs::trap::{Exception, Interrupt, INTERRUPT_BIT};
use defs::Privilege;

/// The interrupted context, saved by the trap vector in `entry.rs`.
/// `regs[2]` is the interrupted sp; `regs[0]` is unused.
#[repr(C)]
pub struct TrapFrame {
    pub regs: [u64; 32],
    pub mepc: u64,
    pub mstatus: u64,
}

impl TrapFrame {
    pub fn a(&self, n: usize) -> u64 {
        self.regs[10 + n]
    }
    pub fn set_a(&mut self, n: usize, value: u64) {
        self.regs[10 + n] = value;
    }
    /// The saved mstatus.
    pub fn mstatus(&self) -> Mstatus {
        Mstatus::from_bits_retain(self.mstatus)
    }
    /// The privilege level the trap came from (mstatus.MPP; None for the
    /// reserved encoding, which the hart never writes).
    pub fn prev_privilege(&self) -> Option<Privilege> {
        self.mstatus().mpp()
    }
    /// The trap came from a virtualized mode (mstatus.MPV, VS or VU).
    pub fn prev_virt(&self) -> bool {
        self.mstatus().contains(Mstatus::MPV)
    }
}

/// Called by the trap vector with the saved context; the vector restores the
/// (possibly updated) context and executes mret.
#[no_mangle]
extern "C" fn hemu_sbi_trap(frame: &mut TrapFrame) {
    let mcause = csr::read::<MCAUSE>();
    if mcause & INTERRUPT_BIT != 0 {
        interrupt(mcause & !INTERRUPT_BIT);
        return;
    }
    if frame.prev_privilege() == Some(Privilege::M) {
        fatal(frame, mcause, "trap taken from M-mode");
    }
    if mcause == Exception::EcallFromS.code() && !frame.prev_virt() {
        sbi::dispatch(frame);
        // ecall is always 4 bytes; resume after it.
        frame.mepc = frame.mepc.wrapping_add(4);
        return;
    }
    let has_h = platform::get().has_h;
    let info = TrapInfo {
        cause: mcause,
        tval: csr::read::<MTVAL>(),
        tval2: if has_h { csr::read::<MTVAL2>() } else { 0 },
        tinst: if has_h { csr::read::<MTINST>() } else { 0 },
        gva: has_h && frame.mstatus().contains(Mstatus::GVA),
    };
    redirect(frame, &info);
}

/// M-level interrupts: the machine timer is forwarded to the supervisor as
/// STIP (when Sstc is not in use), the machine software interrupt is cleared.
fn interrupt(code: u64) {
    let hartid = csr::read::<MHARTID>();
    match Interrupt::from_code(code) {
        Some(Interrupt::MachineTimer) => {
            // Silence MTIP (mtimecmp = max) and raise the supervisor timer
            // interrupt instead; SBI set_timer clears STIP again.
            platform::set_mtimecmp(hartid, u64::MAX);
            // SAFETY: a pending-bit change only; S-mode takes it later.
            unsafe { csr::set::<MIP>(Mip::STIP.bits()) };
        }
        Some(Interrupt::MachineSoftware) => platform::clear_msip(hartid),
        _ => {
            // Nothing else is enabled in mie; mask it so it cannot storm.
            // SAFETY: only disables an interrupt.
            unsafe { csr::clear::<MIE>(1u64.checked_shl(code as u32).unwrap_or(0)) };
        }
    }
}

/// A trap to hand to S-mode: the values hardware would have written.
pub struct TrapInfo {
    pub cause: u64,
    pub tval: u64,
    /// htval: guest physical address >> 2 for guest-page faults.
    pub tval2: u64,
    /// htinst: transformed instruction (0 when not provided).
    pub tinst: u64,
    /// The tval is a guest virtual address (mstatus.GVA).
    pub gva: bool,
}

/// Delivers `trap` to S-mode as if it had been delegated: into VS-mode when
/// it came from V=1 and hedeleg delegates it, otherwise into HS-mode (or
/// S-mode without H), updating the CSRs the privileged spec says a trap into
/// that mode writes. The mret at the end of the trap vector then enters the
/// handler (stvec / vstvec) in S-mode.
fn redirect(frame: &mut TrapFrame, trap: &TrapInfo) {
    let prev_mode = match frame.prev_privilege() {
        Some(p @ (Privilege::S | Privilege::U)) => p,
        _ => fatal(frame, trap.cause, "cannot redirect a trap from this mode"),
    };
    let has_h = platform::get().has_h;
    let prev_virt = has_h && frame.prev_virt();
    let next_virt = prev_virt
        && trap.cause < 64
        && csr::read::<HEDELEG>() & (1u64 << trap.cause) != 0;

    if has_h && !next_virt {
        // A trap into HS-mode records where it came from in hstatus:
        // SPV = V before the trap, SPVP = the guest's privilege (only
        // written when V was 1), GVA = stval holds a guest virtual address.
        let mut hstatus = Hstatus::from_bits_retain(csr::read::<HSTATUS>());
        if prev_virt {
            hstatus.set(Hstatus::SPVP, prev_mode == Privilege::S);
        }
        hstatus.set(Hstatus::SPV, prev_virt);
        hstatus.set(Hstatus::GVA, trap.gva);
        // SAFETY: the trap state HS-mode reads; nothing the firmware uses.
        unsafe {
            csr::write::<HSTATUS>(hstatus.bits());
            csr::write::<HTVAL>(trap.tval2);
            csr::write::<HTINST>(trap.tinst);
        }
    }
    // mret returns to S-mode (VS-mode if MPV stays 1).
    let mut mstatus = frame.mstatus();
    mstatus.set(Mstatus::MPV, next_virt);
    frame.mstatus = mstatus.with_mpp(Privilege::S).bits();

    if next_virt {
        // SAFETY: VS-mode's trap state; the firmware does not depend on it.
        unsafe {
            csr::write::<VSTVAL>(trap.tval);
            csr::write::<VSEPC>(frame.mepc);
            csr::write::<VSCAUSE>(trap.cause);
        }
        frame.mepc = csr::read::<VSTVEC>() & !3;
        let vsstatus = Sstatus::from_bits_retain(csr::read::<VSSTATUS>());
        // SAFETY: as above.
        unsafe { csr::write::<VSSTATUS>(enter_s_status(vsstatus, prev_mode).bits()) };
    } else {
        // SAFETY: the supervisor's trap state; the firmware does not depend on it.
        unsafe {
            csr::write::<STVAL>(trap.tval);
            csr::write::<SEPC>(frame.mepc);
            csr::write::<SCAUSE>(trap.cause);
        }
        frame.mepc = csr::read::<STVEC>() & !3;
        let sstatus = Sstatus::from_bits_retain(frame.mstatus);
        frame.mstatus = enter_s_status(sstatus, prev_mode).bits();
    }
}

/// The sstatus update of a trap into S-mode: SPP = previous privilege,
/// SPIE = SIE, SIE = 0. (On mstatus, Sstatus keeps the machine bits too:
/// `from_bits_retain` and `set` leave unnamed bits alone.)
fn enter_s_status(status: Sstatus, prev_mode: Privilege) -> Sstatus {
    let mut s = status;
    s.set(Sstatus::SPP, prev_mode == Privilege::S);
    s.set(Sstatus::SPIE, status.contains(Sstatus::SIE));
    s.remove(Sstatus::SIE);
    s
}

/// A trap the firmware cannot handle: report it and stop the machine.
fn fatal(frame: &TrapFrame, mcause: u64, why: &str) -> ! {
    println!(
        "\n{}: fatal: {why}: mcause={mcause:#x} mepc={:#x} mtval={:#x} mstatus={:#x}",
        crate::NAME,
        frame.mepc,
        csr::read::<MTVAL>(),
        frame.mstatus
    );
    platform::finish(Finish::Fail(3))
}
