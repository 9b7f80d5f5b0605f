//! What every memory-mapped device offers the bus: its window in the
//! physical address space, loads and stores of 1, 2, 4 or 8 bytes, its
//! interrupt output, and a system reset.
//!
//! RAM is not a `Device`: it is on the hot path (every load, store and
//! fetch), so the bus reaches it directly and only sends what misses RAM
//! through this trait.
//!
//! Time is not a hook of this trait either. One device keeps time, the
//! CLINT, and the hart reports its progress to it once per block (the
//! `time` CSR and mtime reads must be exact to the instruction); that call
//! stays a direct, inlined call on the concrete [`super::Clint`]. The
//! machine moves time through [`super::Bus`] (`set_retired`,
//! `advance_time`, `timer_deadline`).

/// An access the bus cannot serve: nothing there, or a size/alignment the
/// device does not accept. The hart turns it into an access fault.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BusFault;

/// A device window in the memory map.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Region {
    /// What error messages and the memory-map listing call it.
    pub name: &'static str,
    pub base: u64,
    pub size: u64,
}

impl Region {
    /// The offset of `[addr, addr+size)` in this window, if the access lies
    /// wholly inside it (an access straddling the end is not the device's).
    #[inline]
    pub fn offset_of(&self, addr: u64, size: u8) -> Option<u64> {
        let off = addr.checked_sub(self.base)?;
        (off < self.size && off + size as u64 <= self.size).then_some(off)
    }

    /// True if `[addr, addr+len)` lies wholly inside the window.
    #[inline]
    pub fn contains(&self, addr: u64, len: u64) -> bool {
        let off = addr.wrapping_sub(self.base);
        off < self.size && off.checked_add(len).is_some_and(|end| end <= self.size)
    }

    /// True if the window shares a byte with `[start, end)`.
    pub fn overlaps(&self, start: u64, end: u64) -> bool {
        start < self.base + self.size && self.base < end
    }
}

/// A device on the bus, reached by loads and stores to its window (MMIO).
///
/// Contract between the bus and a device:
/// - [`Device::region`] is the same for the device's whole life, and no two
///   devices' windows overlap (the bus checks this when it is built).
/// - The bus calls `load`/`store` only for accesses wholly inside the
///   window, with `offset` relative to its base and `size` in {1, 2, 4, 8}.
///   The device checks everything else (which registers exist, which sizes
///   and alignments each accepts) and answers `Err(BusFault)` for what it
///   does not accept; the hart raises an access fault for it (priv spec,
///   "Physical Memory Attributes": an access a region does not support
///   raises an access-fault exception).
/// - A load or store may have side effects (a PLIC claim, a UART receive).
///   After every access that succeeds, the bus presents
///   [`Device::interrupt`] to the PLIC source [`Device::plic_source`], and
///   (unless [`Device::quiet_loads`] says a load cannot matter) makes the
///   hart re-read its interrupt lines before the next instruction.
/// - Nothing a guest does may make a device panic.
pub trait Device {
    /// Where the device sits (constant; see the trait's contract).
    fn region(&self) -> Region;

    /// The device's name (as in error messages).
    fn name(&self) -> &'static str {
        self.region().name
    }

    /// Read `size` bytes at `offset`, zero-extended.
    fn load(&mut self, offset: u64, size: u8) -> Result<u64, BusFault>;

    /// Write the low `size` bytes of `val` at `offset`.
    fn store(&mut self, offset: u64, size: u8, val: u64) -> Result<(), BusFault>;

    /// True if loads have no side effect and cannot change an interrupt
    /// line (plain memory such as the boot ROM, which is also fetched
    /// from): the bus then lets the hart keep its fast paths.
    fn quiet_loads(&self) -> bool {
        false
    }

    /// The PLIC source (1..=95) the interrupt output is wired to, if the
    /// device has one.
    fn plic_source(&self) -> Option<u32> {
        None
    }

    /// The level of the interrupt output (meaningful with a `plic_source`).
    fn interrupt(&self) -> bool {
        false
    }

    /// System reset: registers go back to their reset values. What lives on
    /// the host side (time, queued input, captured output) is kept.
    fn reset(&mut self) {}
}
