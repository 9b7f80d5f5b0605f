//! The machine as the firmware sees it after boot (filled once from the device
//! tree and the hart's CSRs), and the platform services built on it: the CLINT
//! timer and the test finisher.

use defs::cell::ValueCell;

use crate::devices::UartInfo;

/// Facts about the machine, fixed after boot.
#[derive(Clone, Copy)]
pub struct Platform {
    pub uart: Option<UartInfo>,
    pub clint: Option<u64>,
    pub finisher: Option<u64>,
    /// RAM as (base, size).
    pub memory: (u64, u64),
    /// The firmware image's own range [start, end), protected by PMP.
    pub firmware: (u64, u64),
    /// misa.H: the hart has the hypervisor extension.
    pub has_h: bool,
    /// The hart has Sstc (stimecmp); menvcfg.STCE is then set.
    pub has_sstc: bool,
}

/// The platform, set once while booting and copied out by every reader
/// (`defs::cell::ValueCell`: no reference into it ever escapes; M-mode
/// runs on one hart with interrupts off, so nothing re-enters a copy).
static PLATFORM: ValueCell<Platform> = ValueCell::new(Platform {
    uart: None,
    clint: None,
    finisher: None,
    memory: (0, 0),
    firmware: (0, 0),
    has_h: false,
    has_sstc: false,
});

/// The platform (as set by `set`, or empty before).
pub fn get() -> Platform {
    PLATFORM.get()
}

/// Records the platform; called once while booting.
pub fn set(platform: Platform) {
    PLATFORM.set(platform)
}

/// CLINT layout (SiFive CLINT): msip words, then mtimecmp at 0x4000.
const CLINT_MSIP: u64 = 0x0;
const CLINT_MTIMECMP: u64 = 0x4000;

/// Writes this hart's mtimecmp (no CLINT: ignored).
pub fn set_mtimecmp(hartid: u64, value: u64) {
    if let Some(clint) = get().clint {
        let addr = clint + CLINT_MTIMECMP + 8 * hartid;
        // SAFETY: the device tree says a CLINT lives here.
        unsafe { core::ptr::write_volatile(addr as *mut u64, value) }
    }
}

/// Clears this hart's machine software interrupt (CLINT msip).
pub fn clear_msip(hartid: u64) {
    if let Some(clint) = get().clint {
        let addr = clint + CLINT_MSIP + 4 * hartid;
        // SAFETY: as for `set_mtimecmp`.
        unsafe { core::ptr::write_volatile(addr as *mut u32, 0) }
    }
}

/// How the machine should stop.
#[derive(Clone, Copy, Debug)]
pub enum Finish {
    /// Power off, success.
    Pass,
    /// Power off reporting a failure code (1..=0xffff).
    Fail(u16),
    /// Reset the machine.
    Reset,
}

/// Stops the machine through the SiFive test finisher: 0x5555 = pass, 0x7777 =
/// reset, `(code << 16) | 0x3333` = fail with `code`. If there is no finisher
/// or it did not stop us, parks the hart.
pub fn finish(how: Finish) -> ! {
    try_finish(how);
    loop {
        // SAFETY: wfi has no memory effects.
        unsafe { core::arch::asm!("wfi") }
    }
}

/// Like `finish`, but returns (instead of parking) when the finisher did not
/// stop the machine, so an SBI call can report SBI_ERR_FAILED.
pub fn try_finish(how: Finish) {
    if let Some(base) = get().finisher {
        let value: u32 = match how {
            Finish::Pass => 0x5555,
            Finish::Fail(code) => (u32::from(code.max(1)) << 16) | 0x3333,
            Finish::Reset => 0x7777,
        };
        // SAFETY: as in `finish`.
        unsafe { core::ptr::write_volatile(base as *mut u32, value) }
    }
}
