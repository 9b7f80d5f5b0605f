//! mcounteren, hcounteren and scounteren (priv spec, "Machine Counter-Enable
//! Register (mcounteren)"), and mcountinhibit, which uses the same positions
//! (bit 1, TM, is not an inhibit bit there).

use bitflags::bitflags;

bitflags! {
    /// Which counters the next lower privilege level may read (a 32-bit
    /// register, held in a u64 like every CSR value here).
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Counteren: u64 {
        /// cycle.
        const CY = 1 << 0;
        /// time (and, with Sstc, stimecmp/vstimecmp for the level below).
        const TM = 1 << 1;
        /// instret.
        const IR = 1 << 2;
    }
}

impl Counteren {
    /// The bit of hpmcounter`n` (3 <= n <= 31).
    #[inline]
    pub const fn hpm(n: u32) -> u64 {
        1 << n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Counteren::CY.bits(), 1);
        assert_eq!(Counteren::TM.bits(), 2);
        assert_eq!(Counteren::IR.bits(), 4);
        assert_eq!(Counteren::hpm(31), 1 << 31);
    }
}
