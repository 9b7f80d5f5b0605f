//! The hart's side of the mmu: it decides the translation regime of each
//! access (`mmu::Context`), hands the access to its `Mmu` with the bus,
//! and turns a fault into its trap (`fault.rs`).
//!
//! Loads and stores use the *effective* mode: with mstatus.MPRV=1 the
//! privilege is mstatus.MPP, and V is mstatus.MPV when MPP != M (priv spec,
//! "Memory Privilege in mstatus Register"). Fetches ignore MPRV.

use super::csr::bits::{MPP_SHIFT, MPRV, MPV};
use super::csr::CsrFile;
use super::{Hart, Privilege, Trap};
use crate::mmu::access::DataTlbKeys;
use crate::isa::table::Ext;
use crate::isa::Isa;
use crate::mmu::pmp::Pmp;
use crate::mmu::pte::Kind;
use crate::mmu::{Access, Context, Csrs, Mmu};

impl From<Privilege> for defs::Privilege {
    #[inline(always)]
    fn from(p: Privilege) -> defs::Privilege {
        match p {
            Privilege::User => defs::Privilege::U,
            Privilege::Supervisor => defs::Privilege::S,
            Privilege::Machine => defs::Privilege::M,
        }
    }
}

/// `Csrs` getters that read the CSR file's field of the same name.
macro_rules! csr_fields {
    ($($name:ident),*) => {$(
        #[inline(always)]
        fn $name(&self) -> u64 {
            self.$name
        }
    )*};
}

impl Csrs for CsrFile {
    csr_fields!(mstatus, vsstatus, satp, vsatp, hgatp, menvcfg, henvcfg);

    #[inline(always)]
    fn pmp(&self) -> Pmp<'_> {
        CsrFile::pmp(self)
    }
}

/// The regime of the hart's accesses.
pub(crate) type HartContext<'a> = Context<'a, CsrFile>;

/// The translation regime of an access made at privilege `prv` with V =
/// `virt` (already the effective mode).
#[inline(always)]
pub(crate) fn context(csr: &CsrFile, isa: Isa, prv: Privilege, virt: bool) -> HartContext<'_> {
    Context::new(prv.into(), virt, csr).with_svnapot(isa.has(Ext::Svnapot))
}

impl Hart {
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

    /// The regime of an access made at privilege `prv` with V = `virt`.
    #[inline(always)]
    pub(crate) fn mmu_context_in(&self, prv: Privilege, virt: bool) -> HartContext<'_> {
        context(&self.csr, self.isa, prv, virt)
    }

    /// The regime of an access of this kind in the current effective mode.
    #[inline(always)]
    pub(crate) fn mmu_context(&self, access: Access) -> HartContext<'_> {
        let (prv, virt) = self.effective_mode(access);
        context(&self.csr, self.isa, prv, virt)
    }

    /// Translate `vaddr` for an access of `size` bytes that does not cross a
    /// page, in the current effective mode, with PMP (and for fetches the
    /// PMA) checked. Returns the physical address.
    #[inline(always)]
    pub fn translate(&mut self, vaddr: u64, size: u8, access: Access) -> Result<u64, Trap> {
        let (prv, virt) = self.effective_mode(access);
        let ctx = context(&self.csr, self.isa, prv, virt);
        Ok(self.mmu.translate(ctx, &mut self.bus, vaddr, size as u64, access.kind())?)
    }

    /// True when the loads and stores of the current effective mode are
    /// untranslated and unchecked within any aligned 8-byte granule
    /// (which straddles no PMP entry): effective privilege M (MPRV
    /// clear) and no PMP entry restricting M. The address is then
    /// physical as is. It changes only with privilege, mstatus and the PMP
    /// registers.
    #[inline(always)]
    pub(crate) fn machine_untranslated(&self) -> bool {
        self.prv == Privilege::Machine && self.csr.mstatus & MPRV == 0 && self.mmu.pmp_machine_known_open()
    }

    /// The TLB keys of loads and stores in the current effective mode, or
    /// None at effective privilege M. They change only with privilege,
    /// mstatus, vsstatus and the address translation CSRs.
    pub(crate) fn data_tlb_keys(&self) -> Option<DataTlbKeys> {
        Mmu::data_tlb_keys(self.mmu_context(Access::Load))
    }

    /// See `Mmu::tlb_hit`.
    #[inline(always)]
    pub(crate) fn tlb_hit(&self, vaddr: u64, ctx: u64, state: u64) -> Option<u64> {
        self.mmu.tlb_hit(vaddr, ctx, state)
    }

    /// Load `size` (1, 2, 4, 8) bytes at virtual address `vaddr`, zero-extended.
    /// Misaligned loads are performed unless a part of them faults.
    #[inline(always)]
    pub fn load(&mut self, vaddr: u64, size: u8) -> Result<u64, Trap> {
        let (prv, virt) = self.effective_mode(Access::Load);
        self.load_as(vaddr, size as u64, Kind::Load, prv, virt)
    }

    /// Store the low `size` bytes of `val` at virtual address `vaddr`. A
    /// store touching the LR reservation's 8-byte granule clears it.
    #[inline(always)]
    pub fn store(&mut self, vaddr: u64, size: u8, val: u64) -> Result<(), Trap> {
        let (prv, virt) = self.effective_mode(Access::Store);
        self.store_as(vaddr, size as u64, val, prv, virt)
    }

    /// A load in the mode given; a device access is reported to the
    /// machine (`device_accessed`).
    #[inline(always)]
    pub(crate) fn load_as(
        &mut self,
        vaddr: u64,
        len: u64,
        kind: Kind,
        prv: Privilege,
        virt: bool,
    ) -> Result<u64, Trap> {
        let ctx = context(&self.csr, self.isa, prv, virt);
        let v = self.mmu.load(ctx, &mut self.bus, vaddr, len, kind);
        if self.bus.device_touched {
            self.device_accessed();
        }
        Ok(v?)
    }

    #[inline(always)]
    pub(crate) fn store_as(&mut self, vaddr: u64, len: u64, val: u64, prv: Privilege, virt: bool) -> Result<(), Trap> {
        let ctx = context(&self.csr, self.isa, prv, virt);
        let r = self.mmu.store(ctx, &mut self.bus, &mut self.reservation, vaddr, len, val);
        if self.bus.device_touched {
            self.device_accessed();
        }
        Ok(r?)
    }

    /// The regime of instruction fetch: the current mode.
    #[inline(always)]
    fn fetch_context(&self) -> HartContext<'_> {
        context(&self.csr, self.isa, self.prv, self.virt)
    }

    /// The instruction bits at `pc` in the current mode (see `Mmu::fetch`).
    #[inline(always)]
    pub fn fetch(&mut self, pc: u64) -> Result<u32, Trap> {
        let ctx = context(&self.csr, self.isa, self.prv, self.virt);
        Ok(self.mmu.fetch(ctx, &mut self.bus, pc)?)
    }

    /// See `Mmu::fetch_page`.
    #[inline(always)]
    pub(crate) fn fetch_page(&self, pc: u64) -> Option<u64> {
        self.mmu.fetch_page(self.fetch_context(), pc)
    }

    /// Forget the remembered fetch pages after a fence that dropped
    /// something (see `Mmu::fence`). Also flags the change (`irq_dirty`), because `Engine::run` keeps the current fetch
    /// page in locals until a flag says something changed (CSR writes,
    /// which include satp/vsatp/hgatp/PMP, flag themselves).
    pub(crate) fn fence(&mut self, filter: crate::mmu::tlb::FlushFilter) {
        if self.mmu.fence(filter) {
            self.irq_dirty = true;
        }
    }
}
