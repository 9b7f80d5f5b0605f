//! Loads and stores by virtual address: translate, then use the bus.
//! Misaligned accesses are performed; one that crosses a page is split in
//! two parts, each translated (and checked) on its own, both before any
//! byte moves (see the module doc of `mmu` for the tval reported).

use super::pte::Kind;
use super::{Access, Context, Csrs, Fault, Mmu};
use crate::bus::Bus;

/// True if `len` bytes at `vaddr` do not fit in one 4 KiB page.
#[inline(always)]
fn crosses(vaddr: u64, len: u64) -> bool {
    (vaddr & 0xfff) + len > 0x1000
}

/// What a caller that looks the TLB up itself needs for the data accesses
/// of one regime (see `Mmu::data_tlb_keys`).
#[derive(Clone, Copy, Default, Debug)]
pub struct DataTlbKeys {
    /// The TLB context (see `Context::tlb_context`).
    pub ctx: u64,
    /// The permission states of a load and of a store (see `pte.rs`).
    pub load: u64,
    pub store: u64,
}

/// The two parts of a page-crossing access: the physical address of each,
/// the second part's virtual address and the first part's length.
struct Split {
    pa0: u64,
    pa1: u64,
    va1: u64,
    first_len: u64,
}

impl Split {
    /// The physical and virtual address (for a fault's tval) of byte `i`.
    fn byte(&self, vaddr: u64, i: u64) -> (u64, u64) {
        if i < self.first_len {
            (self.pa0 + i, vaddr)
        } else {
            (self.pa1 + (i - self.first_len), self.va1)
        }
    }
}

/// A store to the reservation set ends the reservation (the set is the
/// aligned doubleword holding the reserved address).
#[inline(always)]
fn store_clears_reservation(reservation: &mut Option<u64>, pa: u64, len: u64) {
    if let Some(r) = *reservation {
        let set = r & !7;
        if pa < set.saturating_add(8) && pa.saturating_add(len) > set {
            *reservation = None;
        }
    }
}

impl Mmu {
    /// The TLB keys of loads and stores in the regime `ctx`, or None at
    /// effective privilege M (which the TLB does not serve).
    pub fn data_tlb_keys<C: Csrs>(ctx: Context<C>) -> Option<DataTlbKeys> {
        if ctx.machine() {
            return None;
        }
        Some(DataTlbKeys { ctx: ctx.tlb_context(), load: ctx.state(Kind::Load), store: ctx.state(Kind::Store) })
    }

    /// The physical address of an access at `vaddr` in TLB context `ctx`
    /// and permission state `state` if the TLB holds a translation that
    /// allows it and needs no PMP check per access: the hit path of
    /// `translate`.
    #[inline(always)]
    pub fn tlb_hit(&self, vaddr: u64, ctx: u64, state: u64) -> Option<u64> {
        let e = self.tlb.lookup(vaddr, ctx, state)?;
        if e.pmp_each {
            return None;
        }
        Some(e.pbase | (vaddr & 0xfff))
    }

    /// Load `len` (1, 2, 4, 8) bytes at virtual address `vaddr`,
    /// zero-extended (`kind` Load, or LoadX for HLVX).
    #[inline(always)]
    pub fn load<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<u64, Fault> {
        if !crosses(vaddr, len) {
            let pa = self.translate(ctx, bus, vaddr, len, kind)?;
            return bus.read(pa, len as u8).map_err(|_| Fault::Access { access: Access::Load, addr: vaddr });
        }
        self.load_split(ctx, bus, vaddr, len, kind)
    }

    /// Store the low `len` bytes of `val` at virtual address `vaddr`. Once
    /// the store is translated, an LR `reservation` on its granule ends.
    #[inline(always)]
    pub fn store<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        reservation: &mut Option<u64>,
        vaddr: u64,
        len: u64,
        val: u64,
    ) -> Result<(), Fault> {
        if !crosses(vaddr, len) {
            let pa = self.translate(ctx, bus, vaddr, len, Kind::Store)?;
            store_clears_reservation(reservation, pa, len);
            return bus.write(pa, len as u8, val).map_err(|_| Fault::Access { access: Access::Store, addr: vaddr });
        }
        let split = self.translate_split(ctx, bus, vaddr, len, Kind::Store)?;
        write_split(bus, reservation, split, vaddr, len, val)
    }

    /// Translate both parts of a page-crossing access, the first first.
    fn translate_split<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<Split, Fault> {
        let first_len = 0x1000 - (vaddr & 0xfff);
        let va1 = vaddr.wrapping_add(first_len);
        let pa0 = self.translate(ctx, bus, vaddr, first_len, kind)?;
        let pa1 = self.translate(ctx, bus, va1, len - first_len, kind)?;
        Ok(Split { pa0, pa1, va1, first_len })
    }

    #[inline(never)]
    fn load_split<C: Csrs>(
        &mut self,
        ctx: Context<C>,
        bus: &mut Bus,
        vaddr: u64,
        len: u64,
        kind: Kind,
    ) -> Result<u64, Fault> {
        let split = self.translate_split(ctx, bus, vaddr, len, kind)?;
        let mut val = 0;
        for i in 0..len {
            let (pa, va) = split.byte(vaddr, i);
            let b = bus.read(pa, 1).map_err(|_| Fault::Access { access: Access::Load, addr: va })?;
            val |= b << (8 * i);
        }
        Ok(val)
    }
}

/// Write the two parts of a translated page-crossing store, ending an LR
/// reservation on either.
#[inline(never)]
fn write_split(
    bus: &mut Bus,
    reservation: &mut Option<u64>,
    split: Split,
    vaddr: u64,
    len: u64,
    val: u64,
) -> Result<(), Fault> {
    store_clears_reservation(reservation, split.pa0, split.first_len);
    store_clears_reservation(reservation, split.pa1, len - split.first_len);
    for i in 0..len {
        let (pa, va) = split.byte(vaddr, i);
        bus.write(pa, 1, val >> (8 * i)).map_err(|_| Fault::Access { access: Access::Store, addr: va })?;
    }
    Ok(())
}
