//! The translation regime of one access: the effective privilege and V,
//! and the CSRs that decide the translation, read through `Csrs`, a trait
//! the hart's CSR file implements. The mmu never sees the hart.
//!
//! Which mode applies is the hart's rule (mstatus.MPRV for loads and
//! stores, hstatus.SPVP for HLV/HSV; `hart/memory.rs`); the context holds
//! its outcome. The CSRs stay behind a reference, and each rule below reads
//! only what it needs, so building a context per access costs nothing on
//! the TLB's hit path.

use super::pmp::Pmp;
use super::pte::{Kind, Rules, COMBO_MXR1, COMBO_MXR2, COMBO_SUM, COMBO_USER};
use super::tlb::{self, CTX_V};
use defs::envcfg::Envcfg;
use defs::status::Mstatus;
use defs::Privilege;

/// The CSRs address translation reads (priv spec: mstatus/vsstatus for SUM
/// and MXR, satp/vsatp/hgatp, menvcfg/henvcfg for ADUE, the PMP registers).
pub trait Csrs {
    fn mstatus(&self) -> u64;
    fn vsstatus(&self) -> u64;
    fn satp(&self) -> u64;
    fn vsatp(&self) -> u64;
    fn hgatp(&self) -> u64;
    fn menvcfg(&self) -> u64;
    fn henvcfg(&self) -> u64;
    fn pmp(&self) -> Pmp<'_>;
}

/// Two fields only, so that it travels in two registers.
#[derive(Debug)]
pub struct Context<'a, C: Csrs> {
    pub csrs: &'a C,
    /// The effective privilege's encoding in bits 1:0 and V in bit 2 (the
    /// debug specification's layout; see `privilege` and `virt`), and
    /// whether Svnapot is implemented in bit 3.
    mode: u8,
}

impl<C: Csrs> Clone for Context<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: Csrs> Copy for Context<'_, C> {}

impl<'a, C: Csrs> Context<'a, C> {
    /// The regime of an access at effective privilege `privilege` (M:
    /// untranslated) with effective V `virt` (two-stage translation,
    /// vsatp over hgatp).
    #[inline(always)]
    pub fn new(privilege: Privilege, virt: bool, csrs: &'a C) -> Self {
        Context { csrs, mode: privilege.bits() as u8 | (virt as u8) << 2 }
    }

    /// The same regime on a hart that implements Svnapot (`napot`) or not.
    #[inline(always)]
    pub fn with_svnapot(self, napot: bool) -> Self {
        Context { csrs: self.csrs, mode: self.mode & 7 | (napot as u8) << 3 }
    }

    #[inline(always)]
    pub fn privilege(&self) -> Privilege {
        match self.mode & 3 {
            3 => Privilege::M,
            1 => Privilege::S,
            _ => Privilege::U,
        }
    }

    #[inline(always)]
    pub fn virt(&self) -> bool {
        self.mode & 4 != 0
    }
}

impl<C: Csrs> Context<'_, C> {
    /// Effective privilege M: nothing is translated.
    #[inline(always)]
    pub fn machine(&self) -> bool {
        self.mode & 3 == 3
    }

    /// The first stage's CSR: satp, or vsatp when V=1.
    #[inline(always)]
    pub fn atp(&self) -> u64 {
        if self.virt() {
            self.csrs.vsatp()
        } else {
            self.csrs.satp()
        }
    }

    /// The G-stage's CSR (used when V=1).
    #[inline(always)]
    pub fn hgatp(&self) -> u64 {
        self.csrs.hgatp()
    }

    /// Svadu for the first stage: menvcfg.ADUE, and henvcfg.ADUE too when
    /// V=1 (read-only zero while menvcfg.ADUE=0).
    #[inline]
    pub fn adue(&self) -> bool {
        let m = self.csrs.menvcfg() & Envcfg::ADUE.bits() != 0;
        m && (!self.virt() || self.csrs.henvcfg() & Envcfg::ADUE.bits() != 0)
    }

    /// What PTEs of the first stage may hold: N with Svnapot; PBMT with
    /// menvcfg.PBMTE (read-only zero without Svpbmt) and, when V=1,
    /// henvcfg.PBMTE.
    #[inline]
    pub fn pte_rules(&self) -> Rules {
        let m = self.csrs.menvcfg() & Envcfg::PBMTE.bits() != 0;
        let pbmt = m && (!self.virt() || self.csrs.henvcfg() & Envcfg::PBMTE.bits() != 0);
        Rules { napot: self.mode & 8 != 0, pbmt }
    }

    /// What PTEs of the G-stage may hold: PBMT follows menvcfg.PBMTE.
    #[inline]
    pub fn g_pte_rules(&self) -> Rules {
        Rules { napot: self.mode & 8 != 0, pbmt: self.csrs.menvcfg() & Envcfg::PBMTE.bits() != 0 }
    }

    /// Svadu for the G-stage: menvcfg.ADUE.
    #[inline]
    pub fn g_adue(&self) -> bool {
        self.csrs.menvcfg() & Envcfg::ADUE.bits() != 0
    }

    #[inline(always)]
    pub fn pmp(&self) -> Pmp<'_> {
        self.csrs.pmp()
    }

    /// The TLB context of this regime (see `tlb.rs`): satp's MODE and
    /// ASID, or vsatp's together with hgatp's MODE and VMID.
    #[inline(always)]
    pub fn tlb_context(&self) -> u64 {
        if self.virt() {
            CTX_V | (self.csrs.hgatp() >> 44) << tlb::CTX_VMID_SHIFT | self.csrs.vsatp() >> 44
        } else {
            self.csrs.satp() >> 44
        }
    }

    /// The permission-state index of an access of `kind` (see `pte.rs`).
    /// SUM is mstatus.SUM, or vsstatus.SUM when V=1. The first stage's MXR
    /// is mstatus.MXR, or with V=1 vsstatus.MXR | mstatus.MXR (HS-level MXR
    /// overrides both stages); the G-stage's is mstatus.MXR only
    /// (vsstatus.MXR "only overrides VS-stage page protection").
    #[inline(always)]
    pub fn state(&self, kind: Kind) -> u64 {
        const SUM: u32 = Mstatus::SUM.bits().trailing_zeros();
        const MXR: u32 = Mstatus::MXR.bits().trailing_zeros();
        let ms = self.csrs.mstatus();
        let user = if self.mode & 3 == 0 { COMBO_USER } else { 0 };
        let (sum, mxr1, mxr2) = if self.virt() {
            let vs = self.csrs.vsstatus();
            ((vs >> SUM) & 1, ((vs | ms) >> MXR) & 1, (ms >> MXR) & 1)
        } else {
            ((ms >> SUM) & 1, (ms >> MXR) & 1, 0)
        };
        kind as u64 | user | (sum * COMBO_SUM) | (mxr1 * COMBO_MXR1) | (mxr2 * COMBO_MXR2)
    }

    /// The mode bits of a fetch-page key (see `fetch.rs`): privilege in
    /// bits 2:1, V in bit 3.
    #[inline(always)]
    pub(crate) fn fetch_mode_bits(&self) -> u64 {
        ((self.mode & 7) as u64) << 1
    }
}
