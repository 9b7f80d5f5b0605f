//! mstateen0, hstateen0 and sstateen0 (Smstateen/Ssstateen, priv spec
//! "State Enable 0 Registers"): which state the next lower levels may
//! access. hemu has only the state of these two bits; the others (custom
//! state, FCSR for Zfinx, JVT, AIA, contexts) are read-only zero.

use bitflags::bitflags;

bitflags! {
    /// mstateen0 / hstateen0 (sstateen0 has none of these: its low bits
    /// are for state hemu lacks).
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Stateen0: u64 {
        /// henvcfg and senvcfg (in hstateen0: senvcfg).
        const ENVCFG = 1 << 62;
        /// hstateen0 and sstateen0 (in hstateen0: sstateen0). Bit 63 of
        /// mstateen1-3 and hstateen1-3 does the same for their number.
        const SE0 = 1 << 63;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Stateen0::ENVCFG.bits(), 1 << 62);
        assert_eq!(Stateen0::SE0.bits(), 1 << 63);
    }
}
