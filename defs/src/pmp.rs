//! PMP configuration bytes (priv spec, "Physical Memory Protection"): each
//! pmpcfg register holds eight of them on RV64, entry `i` in byte `i % 8` of
//! pmpcfg`2 * (i / 8)`.

use bitflags::bitflags;

bitflags! {
    /// One PMP entry's configuration byte. A is a two-bit field
    /// ([`AddressMatching`]).
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Pmpcfg: u8 {
        /// Readable.
        const R = 1 << 0;
        /// Writable.
        const W = 1 << 1;
        /// Executable.
        const X = 1 << 2;
        /// Address-matching mode (2 bits).
        const A = 3 << 3;
        /// Locked: the entry also applies to M-mode and cannot be changed.
        const L = 1 << 7;
    }
}

/// Bit position of A.
pub const A_SHIFT: u32 = 3;

/// pmpcfg.A: how the entry's pmpaddr describes its region.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum AddressMatching {
    /// The entry is disabled.
    Off = 0,
    /// Top of range: from the previous entry's pmpaddr to this one's.
    Tor = 1,
    /// Naturally aligned four-byte region.
    Na4 = 2,
    /// Naturally aligned power-of-two region, at least eight bytes.
    Napot = 3,
}

impl Pmpcfg {
    /// A configuration with permissions `perms` and matching mode `a`.
    #[inline]
    pub const fn new(perms: Pmpcfg, a: AddressMatching) -> Pmpcfg {
        Pmpcfg::from_bits_retain((perms.bits() & !Pmpcfg::A.bits()) | ((a as u8) << A_SHIFT))
    }
    /// The A field.
    #[inline]
    pub const fn address_matching(self) -> AddressMatching {
        match (self.bits() >> A_SHIFT) & 3 {
            0 => AddressMatching::Off,
            1 => AddressMatching::Tor,
            2 => AddressMatching::Na4,
            _ => AddressMatching::Napot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Pmpcfg::R.bits(), 1);
        assert_eq!(Pmpcfg::W.bits(), 2);
        assert_eq!(Pmpcfg::X.bits(), 4);
        assert_eq!(Pmpcfg::A.bits(), 0x18);
        assert_eq!(Pmpcfg::L.bits(), 0x80);
        let c = Pmpcfg::new(Pmpcfg::R | Pmpcfg::W | Pmpcfg::X, AddressMatching::Napot);
        assert_eq!(c.bits(), 0x1f);
        assert_eq!(c.address_matching(), AddressMatching::Napot);
    }
}
