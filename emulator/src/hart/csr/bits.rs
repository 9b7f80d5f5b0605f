//! Field positions of the status, interrupt and translation CSRs.

// mstatus / sstatus / vsstatus (priv spec, "Machine Status Register").
pub const STATUS_SIE: u64 = 1 << 1;
pub const STATUS_MIE: u64 = 1 << 3;
pub const SPIE: u64 = 1 << 5;
pub const UBE: u64 = 1 << 6;
pub const MPIE: u64 = 1 << 7;
pub const SPP: u64 = 1 << 8;
pub const VS_FIELD: u64 = 3 << 9;
pub const MPP_SHIFT: u64 = 11;
pub const MPP: u64 = 3 << MPP_SHIFT;
pub const FS_SHIFT: u64 = 13;
pub const FS: u64 = 3 << FS_SHIFT;
pub const FS_OFF: u64 = 0;
pub const FS_INITIAL: u64 = 1 << FS_SHIFT;
pub const FS_CLEAN: u64 = 2 << FS_SHIFT;
pub const FS_DIRTY: u64 = 3 << FS_SHIFT;
pub const XS: u64 = 3 << 15;
pub const MPRV: u64 = 1 << 17;
pub const SUM: u64 = 1 << 18;
pub const MXR: u64 = 1 << 19;
pub const TVM: u64 = 1 << 20;
pub const TW: u64 = 1 << 21;
pub const TSR: u64 = 1 << 22;
pub const UXL_SHIFT: u64 = 32;
pub const UXL: u64 = 3 << UXL_SHIFT;
pub const SXL_SHIFT: u64 = 34;
pub const SXL: u64 = 3 << SXL_SHIFT;
pub const SBE: u64 = 1 << 36;
pub const MBE: u64 = 1 << 37;
pub const GVA: u64 = 1 << 38;
pub const MPV: u64 = 1 << 39;
pub const SD: u64 = 1 << 63;

// hstatus (priv spec, "Hypervisor Status Register").
pub const HSTATUS_VSBE: u64 = 1 << 5;
pub const HSTATUS_GVA: u64 = 1 << 6;
pub const HSTATUS_SPV: u64 = 1 << 7;
pub const HSTATUS_SPVP: u64 = 1 << 8;
pub const HSTATUS_HU: u64 = 1 << 9;
pub const HSTATUS_VGEIN_SHIFT: u64 = 12;
pub const HSTATUS_VGEIN: u64 = 0x3f << 12;
pub const HSTATUS_VTVM: u64 = 1 << 20;
pub const HSTATUS_VTW: u64 = 1 << 21;
pub const HSTATUS_VTSR: u64 = 1 << 22;
pub const HSTATUS_VSXL_SHIFT: u64 = 32;
pub const HSTATUS_VSXL: u64 = 3 << 32;

// mip / mie bits.
pub const SSIP: u64 = 1 << 1;
pub const VSSIP: u64 = 1 << 2;
pub const MSIP: u64 = 1 << 3;
pub const STIP: u64 = 1 << 5;
pub const VSTIP: u64 = 1 << 6;
pub const MTIP: u64 = 1 << 7;
pub const SEIP: u64 = 1 << 9;
pub const VSEIP: u64 = 1 << 10;
pub const MEIP: u64 = 1 << 11;
pub const SGEIP: u64 = 1 << 12;
/// The VS-level interrupts, which hideleg can delegate and hvip can inject.
pub const VS_INTERRUPTS: u64 = VSSIP | VSTIP | VSEIP;
pub const S_INTERRUPTS: u64 = SSIP | STIP | SEIP;
pub const M_INTERRUPTS: u64 = MSIP | MTIP | MEIP;

// satp / vsatp / hgatp.
pub const SATP_MODE_SHIFT: u64 = 60;
pub const SATP_MODE_BARE: u64 = 0;
pub const SATP_MODE_SV39: u64 = 8;
pub const SATP_MODE_SV48: u64 = 9;
pub const SATP_ASID_SHIFT: u64 = 44;
pub const SATP_ASID_MASK: u64 = 0xffff;
pub const SATP_PPN_MASK: u64 = (1 << 44) - 1;
pub const HGATP_VMID_SHIFT: u64 = 44;
pub const HGATP_VMID_MASK: u64 = 0x3fff;

// menvcfg / henvcfg.
pub const ENVCFG_FIOM: u64 = 1 << 0;
pub const ENVCFG_CBIE: u64 = 3 << 4;
pub const ENVCFG_CBCFE: u64 = 1 << 6;
pub const ENVCFG_CBZE: u64 = 1 << 7;
pub const ENVCFG_ADUE: u64 = 1 << 61;
pub const ENVCFG_PBMTE: u64 = 1 << 62;
pub const ENVCFG_STCE: u64 = 1 << 63;

// misa letters.
pub const fn misa_ext(letter: u8) -> u64 {
    1 << (letter - b'A')
}
