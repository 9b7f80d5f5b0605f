//! mstatus and its S-level view sstatus (also the layout of vsstatus), priv
//! spec "Machine Status Register (mstatus)" and "Supervisor Status Register
//! (sstatus)", with the H extension's GVA and MPV. RV64 positions.

use crate::privilege::Privilege;
use bitflags::bitflags;

bitflags! {
    /// mstatus. Multi-bit fields are masks here (`Mstatus::MPP.bits()` is
    /// `3 << 11`); read and write them with the typed accessors
    /// ([`Mstatus::mpp`], [`Mstatus::with_mpp`], ...).
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Mstatus: u64 {
        /// Supervisor interrupt enable.
        const SIE = 1 << 1;
        /// Machine interrupt enable.
        const MIE = 1 << 3;
        /// SIE before the last trap into S-mode.
        const SPIE = 1 << 5;
        /// U-mode explicit accesses are big-endian.
        const UBE = 1 << 6;
        /// MIE before the last trap into M-mode.
        const MPIE = 1 << 7;
        /// The privilege before the last trap into S-mode: 0 = U, 1 = S.
        const SPP = 1 << 8;
        /// Vector unit state (2 bits, [`ExtState`]).
        const VS = 3 << 9;
        /// The privilege before the last trap into M-mode (2 bits, [`Mstatus::mpp`]).
        const MPP = 3 << 11;
        /// Floating-point unit state (2 bits, [`ExtState`]).
        const FS = 3 << 13;
        /// Other extensions' state summary (2 bits, read-only).
        const XS = 3 << 15;
        /// Modify privilege: M-mode loads and stores translate as MPP (and MPV).
        const MPRV = 1 << 17;
        /// Supervisor may access user memory.
        const SUM = 1 << 18;
        /// Make executable readable.
        const MXR = 1 << 19;
        /// Trap virtual memory: satp accesses and SFENCE.VMA in S-mode are illegal.
        const TVM = 1 << 20;
        /// Timeout wait: WFI in a mode below M traps.
        const TW = 1 << 21;
        /// Trap SRET in S-mode.
        const TSR = 1 << 22;
        /// U-mode XLEN (2 bits, [`Xlen`]).
        const UXL = 3 << 32;
        /// S-mode XLEN (2 bits, [`Xlen`]).
        const SXL = 3 << 34;
        /// S-mode explicit accesses are big-endian.
        const SBE = 1 << 36;
        /// M-mode explicit accesses are big-endian.
        const MBE = 1 << 37;
        /// Guest virtual address: mtval holds a guest virtual address (H).
        const GVA = 1 << 38;
        /// The virtualization mode before the last trap into M-mode (H).
        const MPV = 1 << 39;
        /// State dirty summary: FS, VS or XS is Dirty (read-only).
        const SD = 1 << 63;
    }
}

bitflags! {
    /// sstatus, the S-level view of mstatus (the same positions, the machine
    /// fields hidden); vsstatus has this layout too. `Sstatus::all()` is the
    /// set of mstatus bits sstatus shows.
    #[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
    pub struct Sstatus: u64 {
        /// Supervisor interrupt enable.
        const SIE = Mstatus::SIE.bits();
        /// SIE before the last trap into S-mode.
        const SPIE = Mstatus::SPIE.bits();
        /// U-mode explicit accesses are big-endian.
        const UBE = Mstatus::UBE.bits();
        /// The privilege before the last trap into S-mode: 0 = U, 1 = S.
        const SPP = Mstatus::SPP.bits();
        /// Vector unit state (2 bits, [`ExtState`]).
        const VS = Mstatus::VS.bits();
        /// Floating-point unit state (2 bits, [`ExtState`]).
        const FS = Mstatus::FS.bits();
        /// Other extensions' state summary (2 bits, read-only).
        const XS = Mstatus::XS.bits();
        /// Supervisor may access user memory.
        const SUM = Mstatus::SUM.bits();
        /// Make executable readable.
        const MXR = Mstatus::MXR.bits();
        /// U-mode XLEN (2 bits, [`Xlen`]).
        const UXL = Mstatus::UXL.bits();
        /// State dirty summary (read-only).
        const SD = Mstatus::SD.bits();
    }
}

/// The state of an extension's registers in FS, VS and XS (priv spec,
/// "Extension Context Status in mstatus Register").
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum ExtState {
    /// The unit is off: its instructions raise illegal instruction.
    Off = 0,
    /// On, with its reset values.
    Initial = 1,
    /// On, unchanged since the state was last saved.
    Clean = 2,
    /// On and modified.
    Dirty = 3,
}

impl ExtState {
    /// The state encoded in the two bits `bits & 3`.
    #[inline]
    pub const fn from_bits(bits: u64) -> ExtState {
        match bits & 3 {
            0 => ExtState::Off,
            1 => ExtState::Initial,
            2 => ExtState::Clean,
            _ => ExtState::Dirty,
        }
    }
}

/// An XLEN encoding (misa.MXL, mstatus.UXL/SXL, hstatus.VSXL).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(u8)]
pub enum Xlen {
    /// 32-bit.
    X32 = 1,
    /// 64-bit.
    X64 = 2,
    /// 128-bit.
    X128 = 3,
}

impl Xlen {
    /// The XLEN encoded by `bits & 3`; None for 0 (reserved).
    #[inline]
    pub const fn from_bits(bits: u64) -> Option<Xlen> {
        match bits & 3 {
            1 => Some(Xlen::X32),
            2 => Some(Xlen::X64),
            3 => Some(Xlen::X128),
            _ => None,
        }
    }
}

/// Bit position of MPP.
pub const MPP_SHIFT: u32 = 11;
/// Bit position of FS.
pub const FS_SHIFT: u32 = 13;
/// Bit position of VS.
pub const VS_SHIFT: u32 = 9;
/// Bit position of XS.
pub const XS_SHIFT: u32 = 15;
/// Bit position of UXL.
pub const UXL_SHIFT: u32 = 32;
/// Bit position of SXL.
pub const SXL_SHIFT: u32 = 34;

/// Reads the two-bit field at `shift`.
#[inline]
const fn field2(bits: u64, shift: u32) -> u64 {
    (bits >> shift) & 3
}

/// Replaces the two-bit field at `shift` with `value`.
#[inline]
const fn with_field2(bits: u64, shift: u32, value: u64) -> u64 {
    (bits & !(3 << shift)) | ((value & 3) << shift)
}

impl Mstatus {
    /// MPP; None for the reserved encoding 2 (which the hart never holds).
    #[inline]
    pub const fn mpp(self) -> Option<Privilege> {
        Privilege::from_bits(field2(self.bits(), MPP_SHIFT))
    }
    /// This value with MPP = `p`.
    #[inline]
    pub const fn with_mpp(self, p: Privilege) -> Mstatus {
        Mstatus::from_bits_retain(with_field2(self.bits(), MPP_SHIFT, p.bits()))
    }
    /// SPP as a privilege (U or S).
    #[inline]
    pub const fn spp(self) -> Privilege {
        if self.contains(Mstatus::SPP) {
            Privilege::S
        } else {
            Privilege::U
        }
    }
    /// FS.
    #[inline]
    pub const fn fs(self) -> ExtState {
        ExtState::from_bits(field2(self.bits(), FS_SHIFT))
    }
    /// This value with FS = `s`.
    #[inline]
    pub const fn with_fs(self, s: ExtState) -> Mstatus {
        Mstatus::from_bits_retain(with_field2(self.bits(), FS_SHIFT, s as u64))
    }
    /// VS (the vector unit's state).
    #[inline]
    pub const fn vs(self) -> ExtState {
        ExtState::from_bits(field2(self.bits(), VS_SHIFT))
    }
    /// UXL.
    #[inline]
    pub const fn uxl(self) -> Option<Xlen> {
        Xlen::from_bits(field2(self.bits(), UXL_SHIFT))
    }
    /// This value with UXL = `x`.
    #[inline]
    pub const fn with_uxl(self, x: Xlen) -> Mstatus {
        Mstatus::from_bits_retain(with_field2(self.bits(), UXL_SHIFT, x as u64))
    }
    /// SXL.
    #[inline]
    pub const fn sxl(self) -> Option<Xlen> {
        Xlen::from_bits(field2(self.bits(), SXL_SHIFT))
    }
    /// This value with SXL = `x`.
    #[inline]
    pub const fn with_sxl(self, x: Xlen) -> Mstatus {
        Mstatus::from_bits_retain(with_field2(self.bits(), SXL_SHIFT, x as u64))
    }
}

impl Sstatus {
    /// SPP as a privilege (U or S).
    #[inline]
    pub const fn spp(self) -> Privilege {
        if self.contains(Sstatus::SPP) {
            Privilege::S
        } else {
            Privilege::U
        }
    }
    /// FS.
    #[inline]
    pub const fn fs(self) -> ExtState {
        ExtState::from_bits(field2(self.bits(), FS_SHIFT))
    }
    /// This value with FS = `s`.
    #[inline]
    pub const fn with_fs(self, s: ExtState) -> Sstatus {
        Sstatus::from_bits_retain(with_field2(self.bits(), FS_SHIFT, s as u64))
    }
    /// UXL.
    #[inline]
    pub const fn uxl(self) -> Option<Xlen> {
        Xlen::from_bits(field2(self.bits(), UXL_SHIFT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions from the spec's mstatus figure (RV64).
    #[test]
    fn mstatus_positions() {
        assert_eq!(Mstatus::SIE.bits(), 1 << 1);
        assert_eq!(Mstatus::MIE.bits(), 1 << 3);
        assert_eq!(Mstatus::SPIE.bits(), 1 << 5);
        assert_eq!(Mstatus::MPIE.bits(), 1 << 7);
        assert_eq!(Mstatus::SPP.bits(), 1 << 8);
        assert_eq!(Mstatus::VS.bits(), 0b11 << 9);
        assert_eq!(Mstatus::MPP.bits(), 0b11 << 11);
        assert_eq!(Mstatus::FS.bits(), 0b11 << 13);
        assert_eq!(Mstatus::XS.bits(), 0b11 << 15);
        assert_eq!(Mstatus::MPRV.bits(), 1 << 17);
        assert_eq!(Mstatus::SUM.bits(), 1 << 18);
        assert_eq!(Mstatus::MXR.bits(), 1 << 19);
        assert_eq!(Mstatus::TVM.bits(), 1 << 20);
        assert_eq!(Mstatus::TW.bits(), 1 << 21);
        assert_eq!(Mstatus::TSR.bits(), 1 << 22);
        assert_eq!(Mstatus::UXL.bits(), 0b11 << 32);
        assert_eq!(Mstatus::SXL.bits(), 0b11 << 34);
        assert_eq!(Mstatus::SBE.bits(), 1 << 36);
        assert_eq!(Mstatus::MBE.bits(), 1 << 37);
        assert_eq!(Mstatus::GVA.bits(), 1 << 38);
        assert_eq!(Mstatus::MPV.bits(), 1 << 39);
        assert_eq!(Mstatus::SD.bits(), 1 << 63);
    }

    #[test]
    fn sstatus_is_a_view_of_mstatus() {
        let s = Sstatus::all().bits();
        assert_eq!(s & Mstatus::all().bits(), s);
        for machine_only in [Mstatus::MIE, Mstatus::MPIE, Mstatus::MPP, Mstatus::MPRV, Mstatus::TSR, Mstatus::MPV] {
            assert_eq!(s & machine_only.bits(), 0);
        }
    }

    #[test]
    fn accessors() {
        let m = Mstatus::MIE.with_mpp(Privilege::S).with_fs(ExtState::Dirty).with_uxl(Xlen::X64);
        assert_eq!(m.bits(), (1 << 3) | (1 << 11) | (3 << 13) | (2 << 32));
        assert_eq!(m.mpp(), Some(Privilege::S));
        assert_eq!(m.fs(), ExtState::Dirty);
        assert_eq!(m.uxl(), Some(Xlen::X64));
        assert_eq!(m.with_mpp(Privilege::M).mpp(), Some(Privilege::M));
        assert_eq!(m.with_fs(ExtState::Initial).bits() & Mstatus::FS.bits(), 1 << 13);
        assert_eq!(Mstatus::SPP.spp(), Privilege::S);
        assert_eq!(Sstatus::empty().spp(), Privilege::U);
    }
}
