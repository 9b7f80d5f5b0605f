//! Physical memory attributes that translation must know: which regions
//! can be executed from. Only RAM and the boot ROM hold code; an
//! instruction fetch from a device region or from nothing is an
//! instruction access fault (priv spec, "Physical Memory Attributes").

use crate::bus::{BootRom, Bus};

/// True if `[pa, pa+len)` is executable memory: RAM or the boot ROM's
/// window (QEMU `virt`'s "mrom").
#[inline]
pub fn executable(bus: &Bus, pa: u64, len: u64) -> bool {
    bus.ram.contains(pa, len) || BootRom::REGION.contains(pa, len)
}

/// True if the whole 4 KiB page at `page` is executable.
#[inline]
pub fn page_executable(bus: &Bus, page: u64) -> bool {
    executable(bus, page, 0x1000)
}
