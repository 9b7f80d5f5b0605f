//! Physical memory attributes that translation must know: which regions
//! can be executed from. Only RAM and the boot ROM hold code; an
//! instruction fetch from a device region or from nothing is an
//! instruction access fault (priv spec, "Physical Memory Attributes").

use crate::bus::Bus;

/// The boot ROM region of the QEMU `virt` memory map (its "mrom").
pub const BOOT_ROM_BASE: u64 = 0x1000;
pub const BOOT_ROM_END: u64 = 0x1_0000;

/// True if `[pa, pa+len)` is executable memory.
#[inline]
pub fn executable(bus: &Bus, pa: u64, len: u64) -> bool {
    bus.ram.contains(pa, len) || (pa >= BOOT_ROM_BASE && pa.saturating_add(len) <= BOOT_ROM_END)
}

/// True if the whole 4 KiB page at `page` is executable.
#[inline]
pub fn page_executable(bus: &Bus, page: u64) -> bool {
    executable(bus, page, 0x1000)
}
