//! The timer: a tick every QUANTUM_MS through SBI set_timer (the hypervisor turns it into a
//! VS timer interrupt, lab 3); the `time` CSR gives the clock.

use crate::console::Global;

/// Longer than the hypervisor's 10 ms slice: with two guests sharing the hart, a task still
/// gets several milliseconds of CPU per quantum.
pub const QUANTUM_MS: u64 = 50;
static TIMEBASE: Global<u64> = Global::new(10_000_000);
static BOOT_TIME: Global<u64> = Global::new(0);

pub fn now() -> u64 {
    let t: u64;
    // SAFETY: reading time (allowed by the hypervisor's hcounteren.TM).
    unsafe { core::arch::asm!("csrr {0}, time", out(reg) t) };
    t
}

pub fn init(timebase_hz: u64) {
    if timebase_hz != 0 {
        *TIMEBASE.get() = timebase_hz;
    }
    *BOOT_TIME.get() = now();
    // sie.STIE (bit 5) and sie.SEIE (bit 9): timer and UART interrupts (taken in VU-mode only).
    // scounteren.CY/TM/IR: tasks may read the counters (with a bit clear, a VU-mode access
    // would be a virtual-instruction exception rather than a plain illegal instruction).
    // SAFETY: interrupt enables only.
    unsafe { core::arch::asm!("csrs sie, {0}", "csrw scounteren, {1}", in(reg) (1u64 << 5) | (1 << 9), in(reg) 7u64) };
}

/// Start a new time slice: the next timer interrupt in QUANTUM_MS.
pub fn arm() {
    crate::sbi::set_timer(now() + *TIMEBASE.get() * QUANTUM_MS / 1000);
}

pub fn ms_since_boot() -> u64 {
    (now() - *BOOT_TIME.get()) * 1000 / *TIMEBASE.get()
}
