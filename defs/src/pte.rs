//! Page-table entries of Sv39/Sv48/Sv57 and of the G-stage's x4 schemes
//! (priv spec, "Sv39: Page-Based 39-bit Virtual-Memory System"): flags in
//! bits `[7:0]`, RSW in `[9:8]`, PPN from bit 10.

use bitflags::bitflags;

bitflags! {
    /// The flag bits of a page-table entry.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Pte: u64 {
        /// Valid.
        const V = 1 << 0;
        /// Readable.
        const R = 1 << 1;
        /// Writable.
        const W = 1 << 2;
        /// Executable.
        const X = 1 << 3;
        /// Accessible to U-mode (for the G-stage: must be 1 on every leaf).
        const U = 1 << 4;
        /// Global mapping (all address spaces).
        const G = 1 << 5;
        /// Accessed.
        const A = 1 << 6;
        /// Dirty.
        const D = 1 << 7;
    }
}

/// Bit position of the PPN in a PTE.
pub const PPN_SHIFT: u32 = 10;

impl Pte {
    /// A leaf or pointer entry for the page at physical address `pa` with `flags`.
    #[inline]
    pub const fn entry(pa: u64, flags: Pte) -> u64 {
        ((pa >> 12) << PPN_SHIFT) | flags.bits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Pte::V.bits(), 1);
        assert_eq!(Pte::R.bits(), 2);
        assert_eq!(Pte::W.bits(), 4);
        assert_eq!(Pte::X.bits(), 8);
        assert_eq!(Pte::U.bits(), 0x10);
        assert_eq!(Pte::G.bits(), 0x20);
        assert_eq!(Pte::A.bits(), 0x40);
        assert_eq!(Pte::D.bits(), 0x80);
        assert_eq!(Pte::entry(0x8000_0000, Pte::V | Pte::R), (0x80000 << 10) | 3);
    }
}
