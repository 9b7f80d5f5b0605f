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

/// What a caller that looks the TLB up itself needs for the data accesses
/// of the current effective mode (see `Hart::data_tlb_keys`).
#[derive(Clone, Copy, Default, Debug)]
pub struct DataTlbKeys {
    /// The TLB context (see `Hart::tlb_context`).
    pub ctx: u64,
    /// The permission states of a load and of a store (see `pte.rs`).
    pub load: u64,
    pub store: u64,
}

impl Hart {
    /// True when the loads and stores of the current effective mode are
    /// untranslated and unchecked within any aligned 8-byte granule
    /// (which straddles no PMP entry): effective privilege M (MPRV
    /// clear) and no PMP entry restricting M. The address is then
    /// physical as is (see `translate_machine`). It changes only with
    /// privilege, mstatus and the PMP registers.
    #[inline(always)]
    pub(crate) fn machine_untranslated(&self) -> bool {
        self.prv == Privilege::Machine && self.csr.mstatus & MPRV == 0 && self.mmu.pmp_machine_open == Some(true)
    }

    /// The TLB keys of loads and stores in the current effective mode, or
    /// None at effective privilege M (which the TLB does not serve). They
    /// change only with privilege, mstatus, vsstatus and the address
    /// translation CSRs.
    pub(crate) fn data_tlb_keys(&self) -> Option<DataTlbKeys> {
        let (prv, virt) = self.effective_mode(Access::Load);
        if prv == Privilege::Machine {
            return None;
        }
        Some(DataTlbKeys {
            ctx: self.tlb_context(virt),
            load: self.access_state(Kind::Load, prv, virt),
            store: self.access_state(Kind::Store, prv, virt),
        })
    }

    /// The physical address of an access at `vaddr` in TLB context `ctx`
    /// and permission state `state` if the TLB holds a translation that
    /// allows it and needs no PMP check per access: the hit path of
    /// `translate_as`.
    #[inline(always)]
    pub(crate) fn tlb_hit(&self, vaddr: u64, ctx: u64, state: u64) -> Option<u64> {
        let e = self.mmu.tlb.lookup(vaddr, ctx, state)?;
        if e.pmp_each {
            return None;
        }
        Some(e.pbase | (vaddr & 0xfff))
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
