//! Instruction fetch, the hottest path of the emulator.
//!
//! The hart remembers the pages it recently fetched from, in a small
//! direct-mapped table indexed by the virtual page number: the virtual page
//! together with the mode it was translated in (the key), and the physical
//! RAM page it maps to. A fetch from such a page in that mode is a compare
//! and a 4-byte RAM read. A page is remembered only when the whole page
//! is RAM, executable by PMP as a unit, and its translation is in the TLB;
//! every TLB flush and satp/vsatp/hgatp write forgets them all, and a mode
//! change (trap, xRET) misses them by the key. Fetches ignore MPRV.

use super::pte::Kind;
use super::{pmp, Access, Context, Csrs, Fault, Mmu, NO_FETCH_KEY};
use crate::bus::Bus;

/// Pages remembered (a power of two): 1 MiB of contiguous code maps
/// without two pages sharing a slot (see `FetchPages::slot`) (with 64, the large-code workload's
/// 150 pages of functions evicted each other: a page walk and an
/// instruction run alone at about every other call).
const FETCH_PAGES: usize = 256;

/// The recently fetched-from pages: `keys[i]` is a virtual page with the
/// fetch mode bits (see `Context::fetch_mode_bits`), `pbase[i]` the physical
/// RAM page it maps to.
#[derive(Clone)]
pub(crate) struct FetchPages {
    keys: [u64; FETCH_PAGES],
    pbase: [u64; FETCH_PAGES],
    /// How many times they were all forgotten (translations may have
    /// changed: see `Mmu::fetch_forgotten`).
    forgotten: u64,
}

impl FetchPages {
    pub(crate) fn new() -> FetchPages {
        FetchPages { keys: [NO_FETCH_KEY; FETCH_PAGES], pbase: [0; FETCH_PAGES], forgotten: 0 }
    }

    pub(crate) fn forgotten(&self) -> u64 {
        self.forgotten
    }

    pub(crate) fn forget_all(&mut self) {
        self.keys = [NO_FETCH_KEY; FETCH_PAGES];
        self.forgotten = self.forgotten.wrapping_add(1);
    }

    /// The slot of `vaddr`'s page: consecutive pages take consecutive
    /// slots, and the page number's higher bits are folded in, so code
    /// 1 MiB or 256 MiB apart (a kernel and a user program, a caller and
    /// a function mapped elsewhere) does not take the same slots.
    #[inline(always)]
    fn slot(vaddr: u64) -> usize {
        ((vaddr >> 12) ^ (vaddr >> 20) ^ (vaddr >> 28)) as usize & (FETCH_PAGES - 1)
    }
}

impl Mmu {
    /// The instruction bits at `pc` in the regime `ctx` (the current mode:
    /// fetches ignore MPRV): 16 bits, or 32 if the low two bits are 0b11
    /// (the second half may be on the next page and fault with tval =
    /// pc + 2). Only RAM and the boot ROM can be executed from. A pc with
    /// bit 0 set raises an instruction address misaligned exception.
    #[inline(always)]
    pub fn fetch<C: Csrs>(&mut self, ctx: Context<C>, bus: &mut Bus, pc: u64) -> Result<u32, Fault> {
        match self.fetch_fast(ctx, bus, pc) {
            Some((raw, _)) => Ok(raw),
            None => self.fetch_slow(ctx, bus, pc),
        }
    }

    /// The hit path of `fetch`: the bits at `pc` when its page is
    /// remembered and the instruction does not end on the next page,
    /// together with the physical page.
    #[inline(always)]
    pub fn fetch_fast<C: Csrs>(&self, ctx: Context<C>, bus: &Bus, pc: u64) -> Option<(u32, u64)> {
        let key = (pc & !0xffe) | ctx.fetch_mode_bits();
        let slot = FetchPages::slot(pc);
        let off = pc & 0xfff;
        if key != self.fetch.keys[slot] || off > 0xffc {
            return None;
        }
        let pbase = self.fetch.pbase[slot];
        let w = bus.ram.read_u32(pbase | off)?;
        Some((if w & 3 == 3 { w } else { w & 0xffff }, pbase))
    }

    /// The physical page holding `pc` when its page is remembered for
    /// fetches in the regime `ctx` (so an instruction there may be fetched
    /// without further checks, if it lies within the page); None for an
    /// odd pc.
    #[inline(always)]
    pub fn fetch_page<C: Csrs>(&self, ctx: Context<C>, pc: u64) -> Option<u64> {
        let key = (pc & !0xffe) | ctx.fetch_mode_bits();
        let slot = FetchPages::slot(pc);
        (key == self.fetch.keys[slot]).then(|| self.fetch.pbase[slot])
    }

    /// The bits at `pc` when the fast path missed: a misaligned pc, a page
    /// not remembered, or the last halfword of a page.
    #[inline(never)]
    pub fn fetch_slow<C: Csrs>(&mut self, ctx: Context<C>, bus: &mut Bus, pc: u64) -> Result<u32, Fault> {
        if pc & 1 != 0 {
            return Err(Fault::Misaligned { access: Access::Fetch, addr: pc });
        }
        if let Some(raw) = self.fetch_page_end(ctx, bus, pc) {
            return Ok(raw);
        }
        let lo = self.fetch_half(ctx, bus, pc)?;
        if lo & 3 != 3 {
            return Ok(lo);
        }
        let hi = self.fetch_half(ctx, bus, pc.wrapping_add(2))?;
        Ok(lo | hi << 16)
    }

    /// An instruction at the last halfword of a page whose page (and, for
    /// a 32-bit one, the next page) is remembered.
    fn fetch_page_end<C: Csrs>(&self, ctx: Context<C>, bus: &Bus, pc: u64) -> Option<u32> {
        let half = |a: u64| {
            let slot = FetchPages::slot(a);
            if (a & !0xffe) | ctx.fetch_mode_bits() != self.fetch.keys[slot] {
                return None;
            }
            bus.ram.read(self.fetch.pbase[slot] | (a & 0xfff), 2).map(|v| v as u32)
        };
        let lo = half(pc)?;
        if lo & 3 != 3 {
            return Some(lo);
        }
        Some(lo | half(pc.wrapping_add(2))? << 16)
    }

    /// Fetch the 16 bits at `addr` and remember its page if possible.
    fn fetch_half<C: Csrs>(&mut self, ctx: Context<C>, bus: &mut Bus, addr: u64) -> Result<u32, Fault> {
        let pa = self.translate(ctx, bus, addr, 2, Kind::Fetch)?;
        let bits = match bus.ram.read(pa, 2) {
            Some(v) => v,
            None => bus.read(pa, 2).map_err(|_| Fault::Access { access: Access::Fetch, addr })?,
        };
        self.remember_fetch_page(ctx, bus, addr, pa);
        Ok(bits as u32)
    }

    fn remember_fetch_page<C: Csrs>(&mut self, ctx: Context<C>, bus: &Bus, addr: u64, pa: u64) {
        let page = pa & !0xfff;
        if !bus.ram.contains(page, 0x1000) {
            return;
        }
        let whole_page_ok = if ctx.machine() {
            matches!(pmp::page_perm(ctx.pmp(), page, true), Some(p) if p & pmp::CFG_X != 0)
        } else {
            let state = ctx.state(Kind::Fetch);
            matches!(self.tlb.lookup(addr, ctx.tlb_context(), state), Some(e) if !e.pmp_each)
        };
        if whole_page_ok {
            let slot = FetchPages::slot(addr);
            self.fetch.keys[slot] = (addr & !0xfff) | ctx.fetch_mode_bits();
            self.fetch.pbase[slot] = page;
        }
    }
}
