//! Privilege levels as the spec encodes them in mstatus.MPP, sstatus.SPP and
//! hstatus.SPVP (priv spec, "Privilege Levels": U = 0, S = 1, M = 3; 2 is
//! reserved). Whether the hart is virtualized (V) is a separate bit.

/// A privilege level, with its spec encoding as discriminant.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum Privilege {
    /// User (U, or VU when V = 1).
    U = 0,
    /// Supervisor (HS, or VS when V = 1).
    S = 1,
    /// Machine.
    M = 3,
}

impl Privilege {
    /// The encoding (0, 1 or 3).
    #[inline]
    pub const fn bits(self) -> u64 {
        self as u64
    }

    /// The level encoded by `bits` (only the low two bits are looked at);
    /// None for the reserved encoding 2.
    #[inline]
    pub const fn from_bits(bits: u64) -> Option<Privilege> {
        match bits & 3 {
            0 => Some(Privilege::U),
            1 => Some(Privilege::S),
            3 => Some(Privilege::M),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        for p in [Privilege::U, Privilege::S, Privilege::M] {
            assert_eq!(Privilege::from_bits(p.bits()), Some(p));
        }
        assert_eq!(Privilege::M.bits(), 3);
        assert_eq!(Privilege::from_bits(2), None);
    }
}
