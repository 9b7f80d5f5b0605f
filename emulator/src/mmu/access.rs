//! Loads and stores by virtual address: translate, then use the bus.
//! Misaligned accesses are performed; one that crosses a page is split in
//! two parts, each translated (and checked) on its own, both before any
//! byte moves (see the module doc of `mmu` for the tval reported).

use super::pte::Kind;
use super::Access;
use crate::hart::csr::bits::MPRV;
use crate::hart::{Exception, Hart, Privilege, Trap};

/// True if `len` bytes at `vaddr` do not fit in one 4 KiB page.
#[inline(always)]
fn crosses(vaddr: u64, len: u64) -> bool {
    (vaddr & 0xfff) + len > 0x1000
}

/// The block handlers' translated path (see `Hart::tlb_fast_now`): the
/// TLB context and permission states of loads and stores, fixed while the
/// run loop's inner loop runs (everything they depend on raises a flag
/// when it changes).
#[derive(Clone, Copy, Default, Debug)]
pub struct TlbFast {
    /// False when the path must not be used.
    pub on: bool,
    pub ctx: u64,
    pub load: u64,
    pub store: u64,
}

impl Hart {
    /// Set what the block handlers' fast paths depend on (`direct`,
    /// `tlb_fast`) from the hart's state now.
    #[inline]
    pub(crate) fn refresh_block_paths(&mut self) {
        self.direct = self.block_direct();
        self.tlb_fast = self.tlb_fast_now();
    }

    /// The translated path is for effective privilege S or U (M needs no
    /// translation: see `direct`), with no device access pending and no LR
    /// reservation held (a store may end it).
    fn tlb_fast_now(&self) -> TlbFast {
        let (prv, virt) = self.effective_mode(Access::Load);
        if prv == Privilege::Machine || self.bus.device_touched || self.reservation.is_some() {
            return TlbFast::default();
        }
        TlbFast {
            on: true,
            ctx: self.tlb_context(virt),
            load: self.access_state(Kind::Load, prv, virt),
            store: self.access_state(Kind::Store, prv, virt),
        }
    }

    /// The physical address of an access in permission state `state` at
    /// `vaddr` if the TLB holds a translation that allows it and needs no
    /// PMP check per access: the hit path of `translate_as`.
    #[inline(always)]
    pub(crate) fn tlb_fast_pa(&self, vaddr: u64, state: u64) -> Option<u64> {
        let e = self.mmu.tlb.lookup(vaddr, self.tlb_fast.ctx, state)?;
        if e.pmp_each {
            return None;
        }
        Some(e.pbase | (vaddr & 0xfff))
    }

    /// True when a load or store of `len` bytes at `vaddr` needs neither
    /// translation nor a PMP check: effective privilege M (MPRV clear), no
    /// PMP entry restricting M, and the access within one aligned 8-byte
    /// granule (so it straddles no PMP entry and no page). The address is
    /// then physical as is (see `translate_machine`).
    /// Also requires no pending `device_touched` (a device access not yet
    /// reported: the general path reports it at the next access, which
    /// ends the run-loop chunk there, and the fast path must not skip it).
    #[inline(always)]
    fn machine_direct(&self, vaddr: u64, len: u64) -> bool {
        self.direct_allowed() && (vaddr & 7) + len <= 8
    }

    /// What block handlers and compiled blocks require of the hart for
    /// their direct RAM path: `direct_allowed`, and no LR reservation held
    /// (a store may end it; only LR sets one, through the slow path).
    #[inline(always)]
    pub(crate) fn block_direct(&self) -> bool {
        self.direct_allowed() && self.reservation.is_none()
    }

    /// The part of `machine_direct` that does not depend on the access:
    /// it changes only with privilege, mstatus, the PMP registers (all
    /// of which raise `irq_dirty` when they change) and a device access.
    #[inline(always)]
    pub(crate) fn direct_allowed(&self) -> bool {
        !self.bus.device_touched
            && self.prv == Privilege::Machine
            && self.csr.mstatus & MPRV == 0
            && self.mmu.pmp_machine_open == Some(true)
    }

    /// The common case of `load`, for the run loop's handlers: a load by
    /// M-mode from RAM needing no checks (see `machine_direct`). None means
    /// "use `load`", which also handles everything else.
    #[inline(always)]
    pub(crate) fn load_fast(&self, vaddr: u64, size: u8) -> Option<u64> {
        if !self.machine_direct(vaddr, size as u64) {
            return None;
        }
        self.bus.ram.read(vaddr, size)
    }

    /// The common case of `store` (see `load_fast`), also requiring that no
    /// LR reservation is held; false means nothing was written and `store`
    /// must be used.
    #[inline(always)]
    pub(crate) fn store_fast(&mut self, vaddr: u64, size: u8, val: u64) -> bool {
        if !self.machine_direct(vaddr, size as u64) || self.reservation.is_some() {
            return false;
        }
        self.bus.ram.write(vaddr, size, val)
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

    #[inline(always)]
    pub(crate) fn load_as(&mut self, vaddr: u64, len: u64, kind: Kind, prv: Privilege, virt: bool) -> Result<u64, Trap> {
        if !crosses(vaddr, len) {
            let pa = self.translate_as(vaddr, len, kind, prv, virt)?;
            let v = self.bus.read(pa, len as u8).map_err(|_| Trap::new(Exception::LoadAccessFault, vaddr));
            if self.bus.device_touched {
                self.device_accessed();
            }
            return v;
        }
        self.load_split(vaddr, len, kind, prv, virt)
    }

    #[inline(always)]
    pub(crate) fn store_as(&mut self, vaddr: u64, len: u64, val: u64, prv: Privilege, virt: bool) -> Result<(), Trap> {
        if !crosses(vaddr, len) {
            let pa = self.translate_as(vaddr, len, Kind::Store, prv, virt)?;
            self.store_clears_reservation(pa, len);
            let r = self.bus.write(pa, len as u8, val).map_err(|_| Trap::new(Exception::StoreAccessFault, vaddr));
            if self.bus.device_touched {
                self.device_accessed();
            }
            return r;
        }
        self.store_split(vaddr, len, val, prv, virt)
    }

    /// A regular store to the reservation set ends the reservation (the
    /// set is the aligned doubleword holding the reserved address).
    #[inline(always)]
    fn store_clears_reservation(&mut self, pa: u64, len: u64) {
        if let Some(r) = self.reservation {
            let set = r & !7;
            if pa < set.saturating_add(8) && pa.saturating_add(len) > set {
                self.reservation = None;
            }
        }
    }

    /// Translate both parts of a page-crossing access: returns the physical
    /// address of each part, the second part's virtual address and the
    /// first part's length.
    fn translate_split(
        &mut self,
        vaddr: u64,
        len: u64,
        kind: Kind,
        prv: Privilege,
        virt: bool,
    ) -> Result<(u64, u64, u64, u64), Trap> {
        let first_len = 0x1000 - (vaddr & 0xfff);
        let second_va = vaddr.wrapping_add(first_len);
        let pa0 = self.translate_as(vaddr, first_len, kind, prv, virt)?;
        let pa1 = self.translate_as(second_va, len - first_len, kind, prv, virt)?;
        Ok((pa0, pa1, second_va, first_len))
    }

    #[inline(never)]
    fn load_split(&mut self, vaddr: u64, len: u64, kind: Kind, prv: Privilege, virt: bool) -> Result<u64, Trap> {
        let (pa0, pa1, va1, first_len) = self.translate_split(vaddr, len, kind, prv, virt)?;
        let mut val = 0;
        for i in 0..len {
            let (pa, va) = if i < first_len { (pa0 + i, vaddr) } else { (pa1 + (i - first_len), va1) };
            let b = self.bus.read(pa, 1).map_err(|_| Trap::new(Exception::LoadAccessFault, va))?;
            val |= b << (8 * i);
        }
        Ok(val)
    }

    #[inline(never)]
    fn store_split(&mut self, vaddr: u64, len: u64, val: u64, prv: Privilege, virt: bool) -> Result<(), Trap> {
        let (pa0, pa1, va1, first_len) = self.translate_split(vaddr, len, Kind::Store, prv, virt)?;
        self.store_clears_reservation(pa0, first_len);
        self.store_clears_reservation(pa1, len - first_len);
        for i in 0..len {
            let (pa, va) = if i < first_len { (pa0 + i, vaddr) } else { (pa1 + (i - first_len), va1) };
            self.bus
                .write(pa, 1, val >> (8 * i))
                .map_err(|_| Trap::new(Exception::StoreAccessFault, va))?;
        }
        Ok(())
    }
}
