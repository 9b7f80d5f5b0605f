//! Everything that traps into M-mode after boot: SBI calls, the machine timer
//! and software interrupts, and the exceptions M-mode keeps (illegal
//! instruction, access faults, misaligned accesses), which are redirected to
//! S-mode the way OpenSBI's `sbi_trap_redirect` does.

use crate::console::println;
use crate::csr::{self, *};
use crate::platform::{self, Finish};
use crate::sbi;

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
    /// The privilege level the trap came from (mstatus.MPP).
    pub fn prev_privilege(&self) -> u64 {
        (self.mstatus & STATUS_MPP) >> STATUS_MPP_SHIFT
    }
    /// The trap came from a virtualized mode (mstatus.MPV, VS or VU).
    pub fn prev_virt(&self) -> bool {
        self.mstatus & STATUS_MPV != 0
    }
}

const MCAUSE_INTERRUPT: u64 = 1 << 63;

/// Called by the trap vector with the saved context; the vector restores the
/// (possibly updated) context and executes mret.
#[no_mangle]
extern "C" fn hemu_sbi_trap(frame: &mut TrapFrame) {
    let mcause = csr::read!(MCAUSE);
    if mcause & MCAUSE_INTERRUPT != 0 {
        interrupt(mcause & !MCAUSE_INTERRUPT);
        return;
    }
    if frame.prev_privilege() == PRV_M {
        fatal(frame, mcause, "trap taken from M-mode");
    }
    if mcause == CAUSE_SUPERVISOR_ECALL && !frame.prev_virt() {
        sbi::dispatch(frame);
        // ecall is always 4 bytes; resume after it.
        frame.mepc = frame.mepc.wrapping_add(4);
        return;
    }
    let has_h = platform::get().has_h;
    let info = TrapInfo {
        cause: mcause,
        tval: csr::read!(MTVAL),
        tval2: if has_h { csr::read!(MTVAL2) } else { 0 },
        tinst: if has_h { csr::read!(MTINST) } else { 0 },
        gva: has_h && frame.mstatus & STATUS_GVA != 0,
    };
    redirect(frame, &info);
}

/// M-level interrupts: the machine timer is forwarded to the supervisor as
/// STIP (when Sstc is not in use), the machine software interrupt is cleared.
fn interrupt(code: u64) {
    let hartid = csr::read!(MHARTID);
    match code {
        IRQ_M_TIMER => {
            // Silence MTIP (mtimecmp = max) and raise the supervisor timer
            // interrupt instead; SBI set_timer clears STIP again.
            platform::set_mtimecmp(hartid, u64::MAX);
            csr::set!(MIP, IP_STIP);
        }
        IRQ_M_SOFT => platform::clear_msip(hartid),
        other => {
            // Nothing else is enabled in mie; mask it so it cannot storm.
            csr::clear!(MIE, 1u64.checked_shl(other as u32).unwrap_or(0));
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
    let prev_mode = frame.prev_privilege();
    if prev_mode != PRV_S && prev_mode != PRV_U {
        fatal(frame, trap.cause, "cannot redirect a trap from this mode");
    }
    let has_h = platform::get().has_h;
    let prev_virt = has_h && frame.prev_virt();
    let next_virt = prev_virt
        && trap.cause < 64
        && csr::read!(HEDELEG) & (1u64 << trap.cause) != 0;

    if has_h && !next_virt {
        // A trap into HS-mode records where it came from in hstatus:
        // SPV = V before the trap, SPVP = the guest's privilege (only
        // written when V was 1), GVA = stval holds a guest virtual address.
        let mut hstatus = csr::read!(HSTATUS);
        if prev_virt {
            hstatus = set_bit(hstatus, HSTATUS_SPVP, prev_mode == PRV_S);
        }
        hstatus = set_bit(hstatus, HSTATUS_SPV, prev_virt);
        hstatus = set_bit(hstatus, HSTATUS_GVA, trap.gva);
        csr::write!(HSTATUS, hstatus);
        csr::write!(HTVAL, trap.tval2);
        csr::write!(HTINST, trap.tinst);
    }
    // mret returns to S-mode (VS-mode if MPV stays 1).
    frame.mstatus = set_bit(frame.mstatus, STATUS_MPV, next_virt);
    frame.mstatus = (frame.mstatus & !STATUS_MPP) | (PRV_S << STATUS_MPP_SHIFT);

    if next_virt {
        csr::write!(VSTVAL, trap.tval);
        csr::write!(VSEPC, frame.mepc);
        csr::write!(VSCAUSE, trap.cause);
        frame.mepc = csr::read!(VSTVEC) & !3;
        let vsstatus = csr::read!(VSSTATUS);
        csr::write!(VSSTATUS, enter_s_status(vsstatus, prev_mode));
    } else {
        csr::write!(STVAL, trap.tval);
        csr::write!(SEPC, frame.mepc);
        csr::write!(SCAUSE, trap.cause);
        frame.mepc = csr::read!(STVEC) & !3;
        frame.mstatus = enter_s_status(frame.mstatus, prev_mode);
    }
}

/// The sstatus update of a trap into S-mode: SPP = previous privilege,
/// SPIE = SIE, SIE = 0.
fn enter_s_status(status: u64, prev_mode: u64) -> u64 {
    let mut s = set_bit(status, STATUS_SPP, prev_mode == PRV_S);
    s = set_bit(s, STATUS_SPIE, status & STATUS_SIE != 0);
    s & !STATUS_SIE
}

fn set_bit(value: u64, bit: u64, on: bool) -> u64 {
    if on {
        value | bit
    } else {
        value & !bit
    }
}

/// A trap the firmware cannot handle: report it and stop the machine.
fn fatal(frame: &TrapFrame, mcause: u64, why: &str) -> ! {
    println!(
        "\n{}: fatal: {why}: mcause={mcause:#x} mepc={:#x} mtval={:#x} mstatus={:#x}",
        crate::NAME,
        frame.mepc,
        csr::read!(MTVAL),
        frame.mstatus
    );
    platform::finish(Finish::Fail(3))
}
