//! WARL legalisation shared by several CSRs' write rules: the masks of the
//! bits software can change, and the fields whose illegal values keep the
//! old one.

use super::bits::*;
use crate::isa::table::Ext;
use crate::isa::Isa;
use defs::counteren::Counteren;

/// sstatus as software reads it (and vsstatus: the same layout).
pub const SSTATUS_READ: u64 = STATUS_SIE | SPIE | UBE | SPP | VS_FIELD | FS | XS | SUM | MXR | UXL | SD;
/// The sstatus (and vsstatus) bits software can write.
pub const SSTATUS_WRITE: u64 = STATUS_SIE | SPIE | SPP | FS | SUM | MXR;
/// The mstatus bits software can write (UXL, SXL are fixed at 64; no
/// big-endian modes).
pub const MSTATUS_WRITE: u64 = SSTATUS_WRITE | STATUS_MIE | MPIE | MPP | MPRV | TVM | TW | TSR | GVA | MPV;
/// The hstatus bits software can write (VSXL is fixed at 64; GEILEN = 0
/// makes VGEIN read zero).
pub const HSTATUS_WRITE: u64 =
    HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR;
/// medeleg: every exception below 24 except ecall from M (11) and the
/// reserved 14, 16..19.
pub const MEDELEG_WRITE: u64 = 0x00f0_b7ff;
/// hedeleg: as medeleg, but 9, 10, 11 (ecalls from HS, VS, M), 20..23 (the
/// guest-page faults and virtual instruction) are read-only zero.
pub const HEDELEG_WRITE: u64 = 0x0000_b1ff;
/// mideleg: the S-level interrupts (the VS-level ones are read-only one).
pub const MIDELEG_WRITE: u64 = S_INTERRUPTS;
/// mie: every interrupt this hart has, except SGEI (GEILEN = 0).
pub const MIE_WRITE: u64 = M_INTERRUPTS | S_INTERRUPTS | VS_INTERRUPTS;
/// menvcfg: FIOM, and Svadu's ADUE and Sstc's STCE when the hart has
/// them (read-only zero without).
pub fn menvcfg_write(isa: Isa) -> u64 {
    let mut m = ENVCFG_FIOM;
    if isa.has(Ext::Svadu) {
        m |= ENVCFG_ADUE;
    }
    if isa.has(Ext::Sstc) {
        m |= ENVCFG_STCE;
    }
    m
}
/// henvcfg: as menvcfg, each of ADUE and STCE only while menvcfg has it
/// (`henvcfg_mask`).
pub const HENVCFG_WRITE: u64 = ENVCFG_FIOM | ENVCFG_ADUE | ENVCFG_STCE;
/// menvcfg.PBMTE and henvcfg.PBMTE kept from `v` with Svpbmt, read-only
/// zero without it (henvcfg's also while menvcfg.PBMTE=0: `henvcfg_mask`).
pub fn envcfg_pbmte(isa: Isa, v: u64) -> u64 {
    if isa.has(Ext::Svpbmt) {
        v & ENVCFG_PBMTE
    } else {
        0
    }
}

/// The cache-block fields of menvcfg, senvcfg and henvcfg kept from `v`:
/// CBIE and CBCFE with Zicbom, CBZE with Zicboz, read-only zero without
/// them; CBIE's reserved value 10 is stored as 00 (off).
pub fn envcfg_cbo(isa: Isa, v: u64) -> u64 {
    let mut keep = 0;
    if isa.has(Ext::Zicbom) {
        keep |= ENVCFG_CBIE | ENVCFG_CBCFE;
    }
    if isa.has(Ext::Zicboz) {
        keep |= ENVCFG_CBZE;
    }
    let v = v & keep;
    match (v & ENVCFG_CBIE) >> ENVCFG_CBIE.trailing_zeros() {
        0b10 => v & !ENVCFG_CBIE,
        _ => v,
    }
}

/// mcounteren, scounteren, hcounteren: 32 bits, all writable.
pub const COUNTEREN_WRITE: u64 = 0xffff_ffff;
/// mcountinhibit: CY, IR, and the hpm counters with Zihpm; TM does not exist.
pub fn mcountinhibit_write(isa: Isa) -> u64 {
    if isa.has(Ext::Zihpm) {
        COUNTEREN_WRITE & !Counteren::TM.bits()
    } else {
        Counteren::CY.union(Counteren::IR).bits()
    }
}

/// LCOFIP (bit 13 of mip, mie, mideleg, hideleg) exists with Sscofpmf.
pub fn lcofi(isa: Isa) -> u64 {
    if isa.has(Ext::Sscofpmf) {
        LCOFIP
    } else {
        0
    }
}

/// vsip/vsie from mip/mie bits already masked by hideleg: the VS-level
/// interrupts one position lower (VS-mode sees them at the S positions),
/// LCOFI in place (it has no VS-level twin: delegated, it is code 13 in
/// VS-mode too).
pub fn to_vs(bits: u64) -> u64 {
    ((bits & VS_INTERRUPTS) >> 1) | (bits & LCOFIP)
}

/// The inverse of `to_vs`: a vsip/vsie value at mip/mie's positions.
pub fn from_vs(v: u64) -> u64 {
    ((v << 1) & VS_INTERRUPTS) | (v & LCOFIP)
}

/// `old` with the bits in `mask` taken from `v`.
pub fn merge(old: u64, v: u64, mask: u64) -> u64 {
    (old & !mask) | (v & mask)
}

/// xSTATUS.SD summarizes FS (and XS/VS, always 0 here) being Dirty.
pub fn with_sd(status: u64) -> u64 {
    if status & FS == FS_DIRTY {
        status | SD
    } else {
        status & !SD
    }
}

/// mstatus: the writable bits; MPP is WARL over {U, S, M}, so the reserved
/// 2 keeps the old value.
pub fn mstatus(old: u64, v: u64) -> u64 {
    let new = merge(old, v, MSTATUS_WRITE);
    if (v & MPP) >> MPP_SHIFT == 2 {
        merge(new, old, MPP)
    } else {
        new
    }
}

/// xtvec: MODE 0 (direct) and 1 (vectored) are implemented; a reserved mode
/// keeps the old mode (WARL).
pub fn tvec(old: u64, v: u64) -> u64 {
    let mode = if v & 3 < 2 { v & 3 } else { old & 3 };
    (v & !3) | mode
}

/// Whether satp/vsatp MODE `mode` (hgatp: its x4 twin, same number) is
/// implemented: Bare and Sv39 always, Sv48 and Sv57 when `isa` has them.
fn atp_mode_ok(isa: Isa, mode: u64) -> bool {
    match mode {
        SATP_MODE_BARE | SATP_MODE_SV39 => true,
        SATP_MODE_SV48 => isa.has(Ext::Sv48),
        SATP_MODE_SV57 => isa.has(Ext::Sv57),
        _ => false,
    }
}

/// satp/vsatp: a write with an unsupported MODE (not Bare, Sv39, or Sv48
/// and Sv57 where implemented) has no effect at all. With Bare the other
/// fields have no effect but are kept as written (as Spike and QEMU do);
/// ASID is 16 bits, all writable.
pub fn atp(isa: Isa, v: u64) -> Option<u64> {
    atp_mode_ok(isa, v >> SATP_MODE_SHIFT).then_some(v)
}

/// hgatp: unlike satp, an unsupported MODE does not drop the write; the
/// fields are WARL: the MODE keeps its old value, VMID is 14 bits, and
/// PPN[1:0] are zero (the root of an x4 table is 16 KiB aligned).
pub fn hgatp(isa: Isa, old: u64, v: u64) -> u64 {
    let mode = match v >> SATP_MODE_SHIFT {
        m if atp_mode_ok(isa, m) => m,
        _ => old >> SATP_MODE_SHIFT,
    };
    let vmid = (v >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
    let ppn = v & SATP_PPN_MASK & !3;
    (mode << SATP_MODE_SHIFT) | (vmid << HGATP_VMID_SHIFT) | ppn
}
