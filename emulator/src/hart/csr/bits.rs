//! Field positions of the status, interrupt and translation CSRs, as the
//! emulator's masks: taken from the shared `defs` crate (one declaration of
//! each position for hemu, the firmware, the hypervisor and the guest).
//! For names and meanings see the table's fields (`fields.rs`).

use defs::envcfg::Envcfg;
use defs::hstatus::{self, Hstatus};
use defs::interrupts::Mip;
use defs::satp::{self, SatpMode};
use defs::status::{self, ExtState, Mstatus};

// mstatus / sstatus / vsstatus (priv spec, "Machine Status Register").
pub const STATUS_SIE: u64 = Mstatus::SIE.bits();
pub const STATUS_MIE: u64 = Mstatus::MIE.bits();
pub const SPIE: u64 = Mstatus::SPIE.bits();
pub const UBE: u64 = Mstatus::UBE.bits();
pub const MPIE: u64 = Mstatus::MPIE.bits();
pub const SPP: u64 = Mstatus::SPP.bits();
pub const VS_FIELD: u64 = Mstatus::VS.bits();
pub const MPP_SHIFT: u64 = status::MPP_SHIFT as u64;
pub const MPP: u64 = Mstatus::MPP.bits();
pub const FS_SHIFT: u64 = status::FS_SHIFT as u64;
pub const FS: u64 = Mstatus::FS.bits();
pub const FS_OFF: u64 = (ExtState::Off as u64) << FS_SHIFT;
pub const FS_INITIAL: u64 = (ExtState::Initial as u64) << FS_SHIFT;
pub const FS_CLEAN: u64 = (ExtState::Clean as u64) << FS_SHIFT;
pub const FS_DIRTY: u64 = (ExtState::Dirty as u64) << FS_SHIFT;
pub const XS: u64 = Mstatus::XS.bits();
pub const MPRV: u64 = Mstatus::MPRV.bits();
pub const SUM: u64 = Mstatus::SUM.bits();
pub const MXR: u64 = Mstatus::MXR.bits();
pub const TVM: u64 = Mstatus::TVM.bits();
pub const TW: u64 = Mstatus::TW.bits();
pub const TSR: u64 = Mstatus::TSR.bits();
pub const UXL_SHIFT: u64 = status::UXL_SHIFT as u64;
pub const UXL: u64 = Mstatus::UXL.bits();
pub const SXL_SHIFT: u64 = status::SXL_SHIFT as u64;
pub const SXL: u64 = Mstatus::SXL.bits();
pub const SBE: u64 = Mstatus::SBE.bits();
pub const MBE: u64 = Mstatus::MBE.bits();
pub const GVA: u64 = Mstatus::GVA.bits();
pub const MPV: u64 = Mstatus::MPV.bits();
pub const SD: u64 = Mstatus::SD.bits();

// hstatus (priv spec, "Hypervisor Status Register").
pub const HSTATUS_VSBE: u64 = Hstatus::VSBE.bits();
pub const HSTATUS_GVA: u64 = Hstatus::GVA.bits();
pub const HSTATUS_SPV: u64 = Hstatus::SPV.bits();
pub const HSTATUS_SPVP: u64 = Hstatus::SPVP.bits();
pub const HSTATUS_HU: u64 = Hstatus::HU.bits();
pub const HSTATUS_VGEIN_SHIFT: u64 = hstatus::VGEIN_SHIFT as u64;
pub const HSTATUS_VGEIN: u64 = Hstatus::VGEIN.bits();
pub const HSTATUS_VTVM: u64 = Hstatus::VTVM.bits();
pub const HSTATUS_VTW: u64 = Hstatus::VTW.bits();
pub const HSTATUS_VTSR: u64 = Hstatus::VTSR.bits();
pub const HSTATUS_VSXL_SHIFT: u64 = hstatus::VSXL_SHIFT as u64;
pub const HSTATUS_VSXL: u64 = Hstatus::VSXL.bits();

// mip / mie bits.
pub const SSIP: u64 = Mip::SSIP.bits();
pub const VSSIP: u64 = Mip::VSSIP.bits();
pub const MSIP: u64 = Mip::MSIP.bits();
pub const STIP: u64 = Mip::STIP.bits();
pub const VSTIP: u64 = Mip::VSTIP.bits();
pub const MTIP: u64 = Mip::MTIP.bits();
pub const SEIP: u64 = Mip::SEIP.bits();
pub const VSEIP: u64 = Mip::VSEIP.bits();
pub const MEIP: u64 = Mip::MEIP.bits();
pub const SGEIP: u64 = Mip::SGEIP.bits();
pub const LCOFIP: u64 = Mip::LCOFIP.bits();
/// The VS-level interrupts, which hideleg can delegate and hvip can inject.
pub const VS_INTERRUPTS: u64 = Mip::VS_LEVEL.bits();
pub const S_INTERRUPTS: u64 = Mip::S_LEVEL.bits();
pub const M_INTERRUPTS: u64 = Mip::M_LEVEL.bits();

// satp / vsatp / hgatp.
pub const SATP_MODE_SHIFT: u64 = satp::MODE_SHIFT as u64;
pub const SATP_MODE_BARE: u64 = SatpMode::Bare as u64;
pub const SATP_MODE_SV39: u64 = SatpMode::Sv39 as u64;
pub const SATP_MODE_SV48: u64 = SatpMode::Sv48 as u64;
pub const SATP_MODE_SV57: u64 = SatpMode::Sv57 as u64;
pub const SATP_ASID_SHIFT: u64 = satp::ASID_SHIFT as u64;
pub const SATP_ASID_MASK: u64 = satp::ASID_MASK;
pub const SATP_PPN_MASK: u64 = satp::PPN_MASK;
pub const HGATP_VMID_SHIFT: u64 = satp::ASID_SHIFT as u64;
pub const HGATP_VMID_MASK: u64 = satp::VMID_MASK;

// menvcfg / henvcfg.
pub const ENVCFG_FIOM: u64 = Envcfg::FIOM.bits();
pub const ENVCFG_CBIE: u64 = Envcfg::CBIE.bits();
pub const ENVCFG_CBCFE: u64 = Envcfg::CBCFE.bits();
pub const ENVCFG_CBZE: u64 = Envcfg::CBZE.bits();
pub const ENVCFG_ADUE: u64 = Envcfg::ADUE.bits();
pub const ENVCFG_PBMTE: u64 = Envcfg::PBMTE.bits();
pub const ENVCFG_STCE: u64 = Envcfg::STCE.bits();

// misa letters.
pub const fn misa_ext(letter: u8) -> u64 {
    defs::misa::extension(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions hemu had before it took them from `defs` (priv spec).
    #[test]
    fn positions_unchanged() {
        assert_eq!((STATUS_SIE, STATUS_MIE, SPIE, UBE, MPIE, SPP), (1 << 1, 1 << 3, 1 << 5, 1 << 6, 1 << 7, 1 << 8));
        assert_eq!((VS_FIELD, MPP, FS, XS), (3 << 9, 3 << 11, 3 << 13, 3 << 15));
        assert_eq!((FS_OFF, FS_INITIAL, FS_CLEAN, FS_DIRTY), (0, 1 << 13, 2 << 13, 3 << 13));
        assert_eq!((MPRV, SUM, MXR, TVM, TW, TSR), (1 << 17, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22));
        assert_eq!((UXL, SXL, SBE, MBE, GVA, MPV, SD), (3 << 32, 3 << 34, 1 << 36, 1 << 37, 1 << 38, 1 << 39, 1 << 63));
        assert_eq!((MPP_SHIFT, FS_SHIFT, UXL_SHIFT, SXL_SHIFT), (11, 13, 32, 34));
        assert_eq!((HSTATUS_VSBE, HSTATUS_GVA, HSTATUS_SPV, HSTATUS_SPVP, HSTATUS_HU), (32, 64, 128, 256, 512));
        assert_eq!((HSTATUS_VGEIN, HSTATUS_VGEIN_SHIFT), (0x3f << 12, 12));
        assert_eq!((HSTATUS_VTVM, HSTATUS_VTW, HSTATUS_VTSR), (1 << 20, 1 << 21, 1 << 22));
        assert_eq!((HSTATUS_VSXL, HSTATUS_VSXL_SHIFT), (3 << 32, 32));
        assert_eq!((SSIP, VSSIP, MSIP, STIP, VSTIP, MTIP), (2, 4, 8, 32, 64, 128));
        assert_eq!((SEIP, VSEIP, MEIP, SGEIP), (1 << 9, 1 << 10, 1 << 11, 1 << 12));
        assert_eq!(
            (VS_INTERRUPTS, S_INTERRUPTS, M_INTERRUPTS),
            (VSSIP | VSTIP | VSEIP, SSIP | STIP | SEIP, MSIP | MTIP | MEIP)
        );
        assert_eq!((SATP_MODE_SHIFT, SATP_MODE_BARE, SATP_MODE_SV39, SATP_MODE_SV48), (60, 0, 8, 9));
        assert_eq!((SATP_ASID_SHIFT, SATP_ASID_MASK, SATP_PPN_MASK), (44, 0xffff, (1 << 44) - 1));
        assert_eq!((HGATP_VMID_SHIFT, HGATP_VMID_MASK), (44, 0x3fff));
        assert_eq!((ENVCFG_FIOM, ENVCFG_CBIE, ENVCFG_CBCFE, ENVCFG_CBZE), (1, 3 << 4, 1 << 6, 1 << 7));
        assert_eq!((ENVCFG_ADUE, ENVCFG_PBMTE, ENVCFG_STCE), (1 << 61, 1 << 62, 1 << 63));
        assert_eq!(misa_ext(b'H'), 1 << 7);
    }
}
