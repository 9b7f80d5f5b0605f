//! The interrupt bits of mip and mie (priv spec, "Machine Interrupt
//! Registers"), with the H extension's VS-level and guest-external bits.
//!
//! Bit `i` is interrupt [`Interrupt`] code `i`. The same positions are used by
//! mie (xxIE enables xxIP), mideleg, sip/sie (the S-level bits), hip/hie and
//! hideleg (the VS-level bits and SGEI), hvip (the VS-level bits HS-mode
//! injects) and vsip/vsie (where VS-mode sees its VS bits one position lower,
//! at the S positions).

use crate::trap::Interrupt;
use bitflags::bitflags;

bitflags! {
    /// A set of interrupts as mip/mie/sip/sie/hip/hie/hvip/mideleg/hideleg hold them.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Mip: u64 {
        /// Supervisor software interrupt.
        const SSIP = 1 << 1;
        /// Virtual supervisor software interrupt.
        const VSSIP = 1 << 2;
        /// Machine software interrupt.
        const MSIP = 1 << 3;
        /// Supervisor timer interrupt.
        const STIP = 1 << 5;
        /// Virtual supervisor timer interrupt.
        const VSTIP = 1 << 6;
        /// Machine timer interrupt.
        const MTIP = 1 << 7;
        /// Supervisor external interrupt.
        const SEIP = 1 << 9;
        /// Virtual supervisor external interrupt.
        const VSEIP = 1 << 10;
        /// Machine external interrupt.
        const MEIP = 1 << 11;
        /// Supervisor guest external interrupt.
        const SGEIP = 1 << 12;
        /// Local count-overflow interrupt (Sscofpmf): an hpmcounter wrapped.
        const LCOFIP = 1 << 13;
    }
}

impl Mip {
    /// The supervisor-level interrupts (SSI, STI, SEI).
    pub const S_LEVEL: Mip = Mip::SSIP.union(Mip::STIP).union(Mip::SEIP);
    /// The VS-level interrupts (VSSI, VSTI, VSEI): those hideleg can delegate
    /// to VS-mode and hvip can inject.
    pub const VS_LEVEL: Mip = Mip::VSSIP.union(Mip::VSTIP).union(Mip::VSEIP);
    /// The machine-level interrupts (MSI, MTI, MEI).
    pub const M_LEVEL: Mip = Mip::MSIP.union(Mip::MTIP).union(Mip::MEIP);
}

impl From<Interrupt> for Mip {
    #[inline]
    fn from(i: Interrupt) -> Mip {
        i.bit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_is_the_interrupt_code() {
        for (bit, code) in [
            (Mip::SSIP, 1),
            (Mip::VSSIP, 2),
            (Mip::MSIP, 3),
            (Mip::STIP, 5),
            (Mip::VSTIP, 6),
            (Mip::MTIP, 7),
            (Mip::SEIP, 9),
            (Mip::VSEIP, 10),
            (Mip::MEIP, 11),
            (Mip::SGEIP, 12),
            (Mip::LCOFIP, 13),
        ] {
            assert_eq!(bit.bits(), 1 << code);
            assert_eq!(Interrupt::from_code(code).map(Mip::from), Some(bit));
        }
        assert_eq!(Mip::VS_LEVEL.bits(), 0x444);
        assert_eq!(Mip::S_LEVEL.bits(), 0x222);
        assert_eq!(Mip::M_LEVEL.bits(), 0x888);
    }
}
