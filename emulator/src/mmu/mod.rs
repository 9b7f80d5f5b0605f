//! Address translation and memory access: page-table walks (Sv39/Sv48/Sv57,
//! and the G-stage Sv39x4/Sv48x4/Sv57x4 of the H extension), the TLB, PMP, the PMA of
//! instruction fetch.
//!
//! The mmu depends on the bus, never on the hart: the hart decides the
//! regime of each access and passes it as a `Context` (`context.rs`), with
//! the bus, to its `Mmu`; the mmu answers with a physical address, the
//! data, or a `Fault` (`fault.rs`), which the hart turns into its trap
//! (`hart/fault.rs`) by the rules under Faults below. Who may execute a
//! fence or HLV/HSV is a privilege rule and stays on the hart
//! (`hart/fence.rs`, `hart/hyp.rs`).
//!
//! # Which translation applies
//! Loads and stores use the *effective* mode: with mstatus.MPRV=1 the
//! privilege is mstatus.MPP, and V is mstatus.MPV when MPP != M (the hart
//! applies this when it builds the context). Fetches
//! and page-table accesses ignore MPRV. At effective privilege M nothing is
//! translated. With V=0, satp selects Bare, Sv39, Sv48 or Sv57. With V=1 the
//! VS-stage (vsatp: Bare/Sv39/Sv48/Sv57) is followed by the G-stage (hgatp:
//! Bare/Sv39x4/Sv48x4/Sv57x4); every access of the VS-stage walk to a PTE is
//! itself translated by the G-stage. Unsupported MODE values (which WARL
//! CSR writes never store) are treated as Bare.
//!
//! # PTE extensions (`pte::classify`)
//! Svpbmt: a leaf's PBMT (bits 62:61) must be 0 unless the stage's PBMTE
//! is set (menvcfg.PBMTE for satp and the G-stage; henvcfg.PBMTE too for
//! vsatp); 3 is reserved. The memory type changes nothing here: hemu has
//! no caches. Svnapot: a level-0 leaf with N=1 and ppn[3:0]=1000 maps 64
//! KiB. N and PBMT in a pointer, the other N encodings and bits 60:54
//! raise a page fault (a guest-page fault in the G-stage).
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
//! - A debugger's watch (`watch.rs`) fails the access as `Fault::Watch`.
//! - `Trap::gva` is left to trap entry (it sets GVA for V=1), except for
//!   HLV/HLVX/HSV, which set it themselves.
//!
//! # Caches
//! See `tlb.rs` (tagged with V, ASID, VMID; entries are checked against
//! the current SUM/MXR/privilege on each hit) and `fetch.rs` (the recent
//! fetch pages). Whoever writes satp, vsatp or hgatp must call
//! `Mmu::atp_written` (or `flush_all`); pmpcfg/pmpaddr written through
//! `Hart::pmpcfg_write`/`pmpaddr_write` (`hart/csr/pmp.rs`) flush by themselves, but code that
//! writes `csr.pmpcfg`/`csr.pmpaddr` directly must call `Mmu::flush_all`.

pub mod access;
pub mod context;
pub mod fault;
pub mod fetch;
pub mod gstage;
pub mod pma;
pub mod pmp;
pub mod pte;
pub mod tlb;
pub mod walk;
pub mod watch;

use crate::bus::Bus;
pub use context::{Context, Csrs};
pub use fault::Fault;
use pte::Kind;
use tlb::Tlb;

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
    pub fn kind(self) -> Kind {
        match self {
            Access::Fetch => Kind::Fetch,
            Access::Load => Kind::Load,
            Access::Store => Kind::Store,
        }
    }
}

/// A key no fetch page has (see `fetch.rs`).
pub(crate) const NO_FETCH_KEY: u64 = u64::MAX;

/// The hart's memory-management unit: its caches of translations (the TLB,
/// the fetch pages, a PMP summary) and the debugger's watches. Its methods
/// take the regime of the access (`Context`) and the bus.
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

    /// Changes whenever the fetch pages are forgotten: every time a
    /// translation for instruction fetch may have changed (a fence that
    /// dropped something, a flush, an atp write). Caches of where code is
    /// (`engine::jumps`) hold while it and the mode stay the same.
    #[inline]
    pub fn fetch_forgotten(&self) -> u64 {
        self.fetch.forgotten()
    }
}

impl Mmu {
    /// Translate `vaddr` for an access of `len` bytes of `kind` that does
    /// not cross a page, in the regime `ctx`, with PMP (and for fetches the
    /// PMA) checked. Returns the physical address. AMOs translate as
    /// stores (W implies R in both page tables and PMP, so that also
    /// checks read permission). The TLB hit path; misses walk. A data
    /// access to a watched range fails (see `watch`).
    #[inline(always)]
    pub fn translate<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<u64, Fault> {
        let pa = self.translate_unwatched(ctx, bus, vaddr, len, kind)?;
        if self.watch.armed() && kind != Kind::Fetch && self.watch.matches(pa, len) {
            return Err(Fault::Watch { addr: vaddr });
        }
        Ok(pa)
    }

    #[inline(always)]
    fn translate_unwatched<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<u64, Fault> {
        if ctx.machine() {
            return self.translate_machine(ctx, bus, vaddr, len, kind);
        }
        let tlb_ctx = ctx.tlb_context();
        let state = ctx.state(kind);
        if let Some(e) = self.tlb.lookup(vaddr, tlb_ctx, state) {
            let pa = e.pbase | (vaddr & 0xfff);
            if !e.pmp_each {
                return Ok(pa);
            }
            return check_physical(ctx, bus, pa, len, kind, false, vaddr);
        }
        self.translate_miss(ctx, bus, vaddr, len, kind, tlb_ctx, state)
    }

    /// Effective privilege M: no translation. PMP still applies to M when
    /// an entry is locked, or when the access straddles an entry boundary
    /// (a partial match fails in every mode); when neither can happen the
    /// check is skipped.
    #[inline(always)]
    fn translate_machine<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &Bus,
        addr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<u64, Fault> {
        if kind != Kind::Fetch && (addr & 7) + len <= 8 && self.pmp_machine_open(ctx) {
            return Ok(addr);
        }
        check_physical(ctx, bus, addr, len, kind, true, addr)
    }

    /// Whether PMP lets every M-mode access inside one aligned doubleword
    /// through (`pmp::machine_summary`), remembered until the next flush.
    #[inline(always)]
    pub fn pmp_machine_open<C: Csrs>(&mut self, ctx: Context<C>) -> bool {
        match self.pmp_machine_open {
            Some(open) => open,
            None => {
                let open = pmp::machine_summary(ctx.pmp());
                self.pmp_machine_open = Some(open);
                open
            }
        }
    }

    /// True when the summary of `pmp_machine_open` is known and open
    /// (without computing it).
    #[inline(always)]
    pub(crate) fn pmp_machine_known_open(&self) -> bool {
        self.pmp_machine_open == Some(true)
    }
}

/// PMP (and for fetches PMA) on the final physical access; an access fault
/// at `vaddr` when denied.
pub(crate) fn check_physical<C: Csrs>(
    ctx: Context<C>,
    bus: &Bus,
    pa: u64,
    len: u64,
    kind: Kind,
    machine: bool,
    vaddr: u64,
) -> Result<u64, Fault> {
    let fetch_ok = kind != Kind::Fetch || pma::executable(bus, pa, len);
    if fetch_ok && pmp::check(ctx.pmp(), pa, len, kind.pmp_need(), machine) {
        Ok(pa)
    } else {
        Err(Fault::Access { access: kind.access(), addr: vaddr })
    }
}

impl Mmu {
    /// Drop the TLB entries `filter` selects and forget the fetch pages:
    /// what every fence does (the fence rules are the hart's, in
    /// `hart/fence.rs`). False when the TLB had nothing to drop (see
    /// `Tlb::flush`): the fetch pages, made from its hits, then stay too.
    pub fn fence(&mut self, filter: tlb::FlushFilter) -> bool {
        let dropped = self.tlb.flush(filter);
        if dropped {
            self.forget_fetch_page();
        }
        dropped
    }
}
