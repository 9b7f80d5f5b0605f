//! The timer: a tick every QUANTUM_MS through SBI set_timer (the hypervisor turns it into a
//! VS timer interrupt, lab 3); the `time` CSR gives the clock.

use defs::cell::ValueCell;
use defs::counteren::Counteren;
use defs::csr::{self, SCOUNTEREN, SIE, TIME};
use defs::interrupts::Mip;

/// Longer than the hypervisor's 10 ms slice: with two guests sharing the hart, a task still
/// gets several milliseconds of CPU per quantum.
pub const QUANTUM_MS: u64 = 50;
static TIMEBASE: ValueCell<u64> = ValueCell::new(10_000_000);
static BOOT_TIME: ValueCell<u64> = ValueCell::new(0);

pub fn now() -> u64 {
    // Allowed by the hypervisor's hcounteren.TM.
    csr::read::<TIME>()
}

pub fn init(timebase_hz: u64) {
    if timebase_hz != 0 {
        TIMEBASE.set(timebase_hz);
    }
    BOOT_TIME.set(now());
    // sie.STIE and sie.SEIE: timer and UART interrupts (taken in VU-mode only).
    // scounteren.CY/TM/IR: tasks may read the counters (with a bit clear, a VU-mode access
    // would be a virtual-instruction exception rather than a plain illegal instruction).
    // SAFETY: interrupt enables and counter access only.
    unsafe {
        csr::set::<SIE>((Mip::STIP | Mip::SEIP).bits());
        csr::write::<SCOUNTEREN>((Counteren::CY | Counteren::TM | Counteren::IR).bits());
    }
}

/// Start a new time slice: the next timer interrupt in QUANTUM_MS.
pub fn arm() {
    crate::sbi::set_timer(now() + TIMEBASE.get() * QUANTUM_MS / 1000);
}

pub fn ms_since_boot() -> u64 {
    (now() - BOOT_TIME.get()) * 1000 / TIMEBASE.get()
}
