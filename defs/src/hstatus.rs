//! hstatus, the hypervisor status register (priv spec, "Hypervisor Status
//! Register (hstatus)"). RV64 positions.

use crate::status::Xlen;
use bitflags::bitflags;

bitflags! {
    /// hstatus. VGEIN and VSXL are multi-bit masks here; use
    /// [`Hstatus::vgein`] and [`Hstatus::vsxl`] to read them.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Hstatus: u64 {
        /// VS-mode explicit accesses are big-endian.
        const VSBE = 1 << 5;
        /// Guest virtual address: stval holds a guest virtual address.
        const GVA = 1 << 6;
        /// Supervisor previous virtualization mode: the trap came from V = 1;
        /// SRET returns to V = SPV.
        const SPV = 1 << 7;
        /// Supervisor previous virtual privilege: the nominal privilege of the
        /// guest (1 = VS), used by HLV/HSV and written on traps from V = 1.
        const SPVP = 1 << 8;
        /// Hypervisor in U-mode: HLV/HSV are allowed in U-mode.
        const HU = 1 << 9;
        /// Virtual guest external interrupt number (6 bits).
        const VGEIN = 0x3f << 12;
        /// Virtual TVM: satp accesses and SFENCE.VMA/SINVAL.VMA in VS-mode
        /// raise a virtual-instruction exception.
        const VTVM = 1 << 20;
        /// Virtual TW: WFI in VS-mode raises a virtual-instruction exception.
        const VTW = 1 << 21;
        /// Virtual TSR: SRET in VS-mode raises a virtual-instruction exception.
        const VTSR = 1 << 22;
        /// VS-mode XLEN (2 bits, [`Xlen`]).
        const VSXL = 3 << 32;
    }
}

/// Bit position of VGEIN.
pub const VGEIN_SHIFT: u32 = 12;
/// Bit position of VSXL.
pub const VSXL_SHIFT: u32 = 32;

impl Hstatus {
    /// VGEIN: the guest external interrupt line VS-mode sees as its SEIP.
    #[inline]
    pub const fn vgein(self) -> u64 {
        (self.bits() >> VGEIN_SHIFT) & 0x3f
    }
    /// VSXL.
    #[inline]
    pub const fn vsxl(self) -> Option<Xlen> {
        Xlen::from_bits(self.bits() >> VSXL_SHIFT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(Hstatus::VSBE.bits(), 1 << 5);
        assert_eq!(Hstatus::GVA.bits(), 1 << 6);
        assert_eq!(Hstatus::SPV.bits(), 1 << 7);
        assert_eq!(Hstatus::SPVP.bits(), 1 << 8);
        assert_eq!(Hstatus::HU.bits(), 1 << 9);
        assert_eq!(Hstatus::VGEIN.bits(), 0x3f << 12);
        assert_eq!(Hstatus::VTVM.bits(), 1 << 20);
        assert_eq!(Hstatus::VTW.bits(), 1 << 21);
        assert_eq!(Hstatus::VTSR.bits(), 1 << 22);
        assert_eq!(Hstatus::VSXL.bits(), 3 << 32);
        let h = Hstatus::from_bits_retain((5 << 12) | (2 << 32));
        assert_eq!(h.vgein(), 5);
        assert_eq!(h.vsxl(), Some(Xlen::X64));
    }
}
