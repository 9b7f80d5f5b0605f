//! Address translation and memory access: page-table walks (Sv39/Sv48, and
//! the G-stage Sv39x4/Sv48x4 of the H extension), the TLB, PMP, the PMA of
//! instruction fetch, the fences and the hypervisor loads/stores.
//!
//! # Which translation applies
//! Loads and stores use the *effective* mode: with mstatus.MPRV=1 the
//! privilege is mstatus.MPP, and V is mstatus.MPV when MPP != M. Fetches
//! and page-table accesses ignore MPRV. At effective privilege M nothing is
//! translated. With V=0, satp selects Bare, Sv39 or Sv48. With V=1 the
//! VS-stage (vsatp: Bare/Sv39/Sv48) is followed by the G-stage (hgatp:
//! Bare/Sv39x4/Sv48x4); every access of the VS-stage walk to a PTE is
//! itself translated by the G-stage. Unsupported MODE values (which WARL
//! CSR writes never store) are treated as Bare.
//!
//! # A and D bits
//! By default the hart implements **Svade**: a leaf PTE with A=0, or D=0
//! on a store/AMO, raises a page fault (a guest-page fault in the G-stage)
//! and software sets the bit. When **Svadu** is enabled the hart sets the
//! bits itself: menvcfg.ADUE=1 enables it for satp translations and for
//! the G-stage, henvcfg.ADUE=1 (which is read-only zero while
//! menvcfg.ADUE=0; both are required here) for the VS-stage. The update is
//! done only after the permission check passed, is checked by PMP as an
//! S-mode write (and, for VS-stage PTEs, goes through the G-stage as a
//! write, so it needs G-stage W), and is atomic: the PTE is read again,
//! compared with the one the walk checked, and the walk restarts if it
//! changed. Only A is set for loads/fetches; A and D for stores.
//!
//! # Faults
//! - Page faults (12/13/15): tval = the virtual address.
//! - Guest-page faults (20/21/23): tval = the guest virtual address,
//!   tval2 = the guest physical address >> 2. For a fault of the G-stage
//!   translation of a VS-stage PTE access the cause follows the *original*
//!   access (a fetch's walk gives an instruction guest-page fault),
//!   tval2 = that PTE's GPA >> 2 and tinst = 0x3000 (read of a 64-bit PTE)
//!   or 0x3020 (write of its A/D bits). For the explicit access itself
//!   tinst = 0 (no transformed instruction is reported).
//! - Access faults (1/5/7): PMP or PMA denies the access or a page-table
//!   access, or the bus has nothing there; tval = the virtual address.
//! - A misaligned load/store is performed (as Zicclsm hardware) unless a
//!   part faults. One that crosses a page is split: the part on the first
//!   page is translated first, then the part on the second; a fault reports
//!   tval = the first byte *of the part that faulted* (vaddr, or the start
//!   of the second page). Nothing is written unless both parts translate.
//!   The same holds for a 32-bit instruction whose second half is on the
//!   next page (tval = pc + 2).
//! - `Trap::gva` is left to trap entry (it sets GVA for V=1), except for
//!   HLV/HLVX/HSV, which set it themselves.
//!
//! # Caches
//! See `tlb.rs` (tagged with V, ASID, VMID; entries are checked against
//! the current SUM/MXR/privilege on each hit) and `fetch.rs` (the recent
//! fetch pages). Whoever writes satp, vsatp or hgatp must call
//! `Mmu::atp_written` (or `flush_all`); pmpcfg/pmpaddr written through
//! `Hart::pmpcfg_write`/`pmpaddr_write` flush by themselves, but code that
//! writes `csr.pmpcfg`/`csr.pmpaddr` directly must call `Mmu::flush_all`.

pub mod access;
pub mod fence;
pub mod fetch;
pub mod gstage;
pub mod hyp;
pub mod pma;
pub mod pmp;
pub mod pte;
pub mod tlb;
pub mod walk;
pub mod watch;

use crate::hart::csr::bits::{MPP_SHIFT, MPRV, MPV};
use crate::hart::{Exception, Hart, Privilege, Trap};
use pte::{Kind, COMBO_MXR1, COMBO_MXR2, COMBO_SUM, COMBO_USER};
use tlb::{Tlb, CTX_V};

/// The kind of access being translated; decides the permission checked and
/// the fault raised.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    Fetch,
    Load,
    /// Stores and AMOs (and SC).
    Store,
}

impl Access {
    pub fn access_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionAccessFault,
            Access::Load => Exception::LoadAccessFault,
            Access::Store => Exception::StoreAccessFault,
        }
    }
    pub fn page_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionPageFault,
            Access::Load => Exception::LoadPageFault,
            Access::Store => Exception::StorePageFault,
        }
    }
    pub fn guest_page_fault(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionGuestPageFault,
            Access::Load => Exception::LoadGuestPageFault,
            Access::Store => Exception::StoreGuestPageFault,
        }
    }
    pub fn misaligned(self) -> Exception {
        match self {
            Access::Fetch => Exception::InstructionAddressMisaligned,
            Access::Load => Exception::LoadAddressMisaligned,
            Access::Store => Exception::StoreAddressMisaligned,
        }
    }
    fn kind(self) -> Kind {
        match self {
            Access::Fetch => Kind::Fetch,
            Access::Load => Kind::Load,
            Access::Store => Kind::Store,
        }
    }
}

/// A key no fetch page has (see `fetch.rs`).
pub(crate) const NO_FETCH_KEY: u64 = u64::MAX;

/// Translation state cached by the hart: the TLB and the fetch page.
#[derive(Clone)]
pub struct Mmu {
    pub tlb: Tlb,
    /// Recently fetched-from pages (see `fetch.rs`).
    pub(crate) fetch: fetch::FetchPages,
    /// Whether PMP lets every M-mode access that stays inside one aligned
    /// doubleword through (see `pmp::machine_summary`); None = recompute.
    pub(crate) pmp_machine_open: Option<bool>,
    /// A debugger's memory watches (see `watch`).
    pub(crate) watch: watch::Watch,
}

impl Default for Mmu {
    fn default() -> Self {
        Self::new()
    }
}

impl Mmu {
    pub fn new() -> Mmu {
        Mmu { tlb: Tlb::new(), fetch: fetch::FetchPages::new(), pmp_machine_open: None, watch: watch::Watch::default() }
    }

    /// Drop every cached translation and PMP result (SFENCE.VMA x0, x0;
    /// pmpcfg/pmpaddr writes; reset).
    pub fn flush_all(&mut self) {
        self.tlb.flush_all();
        self.forget_fetch_page();
        self.pmp_machine_open = None;
    }

    /// Call after any write to satp, vsatp or hgatp. TLB entries are tagged
    /// with the ASID/VMID and modes, so they stay (the spec requires an
    /// SFENCE.VMA/HFENCE to drop stale ones); only the fetch page, which is
    /// not tagged, is forgotten.
    pub fn atp_written(&mut self) {
        self.forget_fetch_page();
    }

    #[inline]
    pub(crate) fn forget_fetch_page(&mut self) {
        self.fetch.forget_all();
    }
}

impl Hart {
    /// Translate `vaddr` for an access of `size` bytes that does not cross a
    /// page, in the current effective mode (MPRV applied for loads/stores),
    /// with PMP (and for fetches the PMA) checked. Returns the physical
    /// address. AMOs translate as `Access::Store` (W implies R in both page
    /// tables and PMP, so that also checks read permission).
    #[inline(always)]
    pub fn translate(&mut self, vaddr: u64, size: u8, access: Access) -> Result<u64, Trap> {
        let (prv, virt) = self.effective_mode(access);
        self.translate_as(vaddr, size as u64, access.kind(), prv, virt)
    }

    /// The privilege and V that an access of this kind uses: mstatus.MPRV
    /// substitutes MPP (and MPV when MPP != M) for loads and stores.
    #[inline(always)]
    pub fn effective_mode(&self, access: Access) -> (Privilege, bool) {
        let ms = self.csr.mstatus;
        if access != Access::Fetch && ms & MPRV != 0 {
            let mpp = Privilege::from_bits(ms >> MPP_SHIFT);
            (mpp, mpp != Privilege::Machine && ms & MPV != 0)
        } else {
            (self.prv, self.virt)
        }
    }

    /// The TLB context of translations made with this V (see `tlb.rs`):
    /// satp's MODE and ASID, or vsatp's together with hgatp's MODE and VMID.
    #[inline(always)]
    pub(crate) fn tlb_context(&self, virt: bool) -> u64 {
        if virt {
            CTX_V | (self.csr.hgatp >> 44) << tlb::CTX_VMID_SHIFT | self.csr.vsatp >> 44
        } else {
            self.csr.satp >> 44
        }
    }

    /// The permission-state index of an access (see `pte.rs`).
    #[inline(always)]
    pub(crate) fn access_state(&self, kind: Kind, prv: Privilege, virt: bool) -> u64 {
        let ms = self.csr.mstatus;
        let user = if prv == Privilege::User { COMBO_USER } else { 0 };
        // SUM is bit 18 and MXR bit 19 of mstatus and vsstatus.
        let (sum, mxr1, mxr2) = if virt {
            let vs = self.csr.vsstatus;
            ((vs >> 18) & 1, ((vs | ms) >> 19) & 1, (ms >> 19) & 1)
        } else {
            ((ms >> 18) & 1, (ms >> 19) & 1, 0)
        };
        kind as u64 | user | (sum * COMBO_SUM) | (mxr1 * COMBO_MXR1) | (mxr2 * COMBO_MXR2)
    }

    /// `translate` with the mode given: the TLB hit path; misses walk. A
    /// data access to a watched range fails (see `watch`).
    #[inline(always)]
    pub(crate) fn translate_as(
        &mut self,
        vaddr: u64,
        len: u64,
        kind: Kind,
        prv: Privilege,
        virt: bool,
    ) -> Result<u64, Trap> {
        let pa = self.translate_unwatched(vaddr, len, kind, prv, virt)?;
        if self.mmu.watch.armed() && kind != Kind::Fetch && self.mmu.watch.matches(pa, len) {
            // Never taken: the engine stops before this instruction.
            return Err(Trap::new(Exception::Breakpoint, vaddr));
        }
        Ok(pa)
    }

    #[inline(always)]
    fn translate_unwatched(
        &mut self,
        vaddr: u64,
        len: u64,
        kind: Kind,
        prv: Privilege,
        virt: bool,
    ) -> Result<u64, Trap> {
        if prv == Privilege::Machine {
            return self.translate_machine(vaddr, len, kind);
        }
        let ctx = self.tlb_context(virt);
        let state = self.access_state(kind, prv, virt);
        if let Some(e) = self.mmu.tlb.lookup(vaddr, ctx, state) {
            let pa = e.pbase | (vaddr & 0xfff);
            if !e.pmp_each {
                return Ok(pa);
            }
            return self.check_physical(pa, len, kind, false, vaddr);
        }
        self.translate_miss(vaddr, len, kind, virt, ctx, state)
    }

    /// Effective privilege M: no translation. PMP still applies to M when
    /// an entry is locked, or when the access straddles an entry boundary
    /// (a partial match fails in every mode); when neither can happen the
    /// check is skipped.
    #[inline(always)]
    fn translate_machine(&mut self, addr: u64, len: u64, kind: Kind) -> Result<u64, Trap> {
        if kind != Kind::Fetch && (addr & 7) + len <= 8 {
            let open = match self.mmu.pmp_machine_open {
                Some(open) => open,
                None => {
                    let open = pmp::machine_summary(&self.csr);
                    self.mmu.pmp_machine_open = Some(open);
                    open
                }
            };
            if open {
                return Ok(addr);
            }
        }
        self.check_physical(addr, len, kind, true, addr)
    }

    /// PMP (and for fetches PMA) on the final physical access; access fault
    /// with tval = `vaddr` when denied.
    pub(crate) fn check_physical(&self, pa: u64, len: u64, kind: Kind, machine: bool, vaddr: u64) -> Result<u64, Trap> {
        let fetch_ok = kind != Kind::Fetch || pma::executable(&self.bus, pa, len);
        if fetch_ok && self.pmp_allows(pa, len, kind.pmp_need(), machine) {
            Ok(pa)
        } else {
            Err(Trap::new(kind.access().access_fault(), vaddr))
        }
    }
}
