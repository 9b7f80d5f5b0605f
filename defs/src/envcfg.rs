//! menvcfg, henvcfg and senvcfg (priv spec, "Machine Environment
//! Configuration Register (menvcfg)"): what the next lower privilege level may
//! use. senvcfg has only the low fields (FIOM, CBIE, CBCFE, CBZE).

use bitflags::bitflags;

bitflags! {
    /// menvcfg / henvcfg / senvcfg.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Envcfg: u64 {
        /// Fence of I/O implies memory.
        const FIOM = 1 << 0;
        /// Cache-block invalidate instruction enable (2 bits, Zicbom).
        const CBIE = 3 << 4;
        /// Cache-block clean and flush instruction enable (Zicbom).
        const CBCFE = 1 << 6;
        /// Cache-block zero instruction enable (Zicboz).
        const CBZE = 1 << 7;
        /// Hardware A/D bit updating enable (Svadu).
        const ADUE = 1 << 61;
        /// Page-based memory types enable (Svpbmt).
        const PBMTE = 1 << 62;
        /// Supervisor timer compare enable (Sstc): stimecmp/vstimecmp exist
        /// for the lower level, and mip.STIP (hip.VSTIP) follows them.
        const STCE = 1 << 63;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Envcfg::FIOM.bits(), 1);
        assert_eq!(Envcfg::CBIE.bits(), 0b11 << 4);
        assert_eq!(Envcfg::CBCFE.bits(), 1 << 6);
        assert_eq!(Envcfg::CBZE.bits(), 1 << 7);
        assert_eq!(Envcfg::ADUE.bits(), 1 << 61);
        assert_eq!(Envcfg::PBMTE.bits(), 1 << 62);
        assert_eq!(Envcfg::STCE.bits(), 1 << 63);
    }
}
