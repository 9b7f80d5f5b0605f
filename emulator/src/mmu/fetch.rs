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
use super::NO_FETCH_KEY;
use crate::hart::{Exception, Hart, Privilege, Trap};

/// Pages remembered (a power of two).
const FETCH_PAGES: usize = 64;

/// The recently fetched-from pages: `keys[i]` is a virtual page with the
/// fetch mode bits (see `Hart::fetch_mode_bits`), `pbase[i]` the physical
/// RAM page it maps to.
#[derive(Clone)]
pub(crate) struct FetchPages {
    keys: [u64; FETCH_PAGES],
    pbase: [u64; FETCH_PAGES],
}

impl FetchPages {
    pub(crate) fn new() -> FetchPages {
        FetchPages { keys: [NO_FETCH_KEY; FETCH_PAGES], pbase: [0; FETCH_PAGES] }
    }

    pub(crate) fn forget_all(&mut self) {
        self.keys = [NO_FETCH_KEY; FETCH_PAGES];
    }

    #[inline(always)]
    fn slot(vaddr: u64) -> usize {
        (vaddr >> 12) as usize & (FETCH_PAGES - 1)
    }
}

impl Hart {
    /// Forget the remembered fetch pages after a fence. Also flags the
    /// change (`irq_dirty`), because `Engine::run` keeps the current fetch
    /// page in locals until a flag says something changed (CSR writes,
    /// which include satp/vsatp/hgatp/PMP, flag themselves).
    pub(crate) fn forget_fetch_pages(&mut self) {
        self.mmu.forget_fetch_page();
        self.irq_dirty = true;
    }

    /// The mode bits of the fetch key: privilege in bits 2:1, V in bit 3.
    /// Bit 0 of the key is the pc's bit 0, which the remembered key never
    /// has, so a misaligned pc always takes the slow path.
    #[inline(always)]
    fn fetch_mode_bits(&self) -> u64 {
        ((self.prv as u64) | (self.virt as u64) << 2) << 1
    }

    /// The instruction bits at `pc` in the current mode: 16 bits, or 32 if
    /// the low two bits are 0b11 (the second half may be on the next page
    /// and fault with tval = pc + 2). Only RAM and the boot ROM can be
    /// executed from. A pc with bit 0 set raises an instruction address
    /// misaligned exception.
    #[inline(always)]
    pub fn fetch(&mut self, pc: u64) -> Result<u32, Trap> {
        match self.fetch_fast(pc) {
            Some((raw, _)) => Ok(raw),
            None => self.fetch_slow(pc),
        }
    }

    /// The hit path of `fetch`: the bits at `pc` when its page is
    /// remembered and the instruction does not end on the next page,
    /// together with the physical page.
    #[inline(always)]
    pub(crate) fn fetch_fast(&self, pc: u64) -> Option<(u32, u64)> {
        let key = (pc & !0xffe) | self.fetch_mode_bits();
        let slot = FetchPages::slot(pc);
        let off = pc & 0xfff;
        if key != self.mmu.fetch.keys[slot] || off > 0xffc {
            return None;
        }
        let pbase = self.mmu.fetch.pbase[slot];
        let w = self.bus.ram.read_u32(pbase | off)?;
        Some((if w & 3 == 3 { w } else { w & 0xffff }, pbase))
    }

    /// The physical page holding `pc` when its page is remembered for
    /// fetches in the current mode (so an instruction there may be fetched
    /// without further checks, if it lies within the page); None for an
    /// odd pc.
    #[inline(always)]
    pub(crate) fn fetch_page(&self, pc: u64) -> Option<u64> {
        let key = (pc & !0xffe) | self.fetch_mode_bits();
        let slot = FetchPages::slot(pc);
        (key == self.mmu.fetch.keys[slot]).then(|| self.mmu.fetch.pbase[slot])
    }

    /// The bits at `pc` when the fast path missed: a misaligned pc, a page
    /// not remembered, or the last halfword of a page.
    #[inline(never)]
    pub(crate) fn fetch_slow(&mut self, pc: u64) -> Result<u32, Trap> {
        if pc & 1 != 0 {
            return Err(Trap::new(Exception::InstructionAddressMisaligned, pc));
        }
        if let Some(raw) = self.fetch_page_end(pc) {
            return Ok(raw);
        }
        let lo = self.fetch_half(pc)?;
        if lo & 3 != 3 {
            return Ok(lo);
        }
        let hi = self.fetch_half(pc.wrapping_add(2))?;
        Ok(lo | hi << 16)
    }

    /// An instruction at the last halfword of a page whose page (and, for
    /// a 32-bit one, the next page) is remembered.
    fn fetch_page_end(&self, pc: u64) -> Option<u32> {
        let half = |a: u64| {
            let slot = FetchPages::slot(a);
            if (a & !0xffe) | self.fetch_mode_bits() != self.mmu.fetch.keys[slot] {
                return None;
            }
            self.bus.ram.read(self.mmu.fetch.pbase[slot] | (a & 0xfff), 2).map(|v| v as u32)
        };
        let lo = half(pc)?;
        if lo & 3 != 3 {
            return Some(lo);
        }
        Some(lo | half(pc.wrapping_add(2))? << 16)
    }

    /// Fetch the 16 bits at `addr` and remember its page if possible.
    fn fetch_half(&mut self, addr: u64) -> Result<u32, Trap> {
        let (prv, virt) = (self.prv, self.virt);
        let pa = self.translate_as(addr, 2, Kind::Fetch, prv, virt)?;
        let bits = match self.bus.ram.read(pa, 2) {
            Some(v) => v,
            None => self.bus.read(pa, 2).map_err(|_| Trap::new(Exception::InstructionAccessFault, addr))?,
        };
        self.remember_fetch_page(addr, pa, prv, virt);
        Ok(bits as u32)
    }

    fn remember_fetch_page(&mut self, addr: u64, pa: u64, prv: Privilege, virt: bool) {
        let page = pa & !0xfff;
        if !self.bus.ram.contains(page, 0x1000) {
            return;
        }
        let whole_page_ok = if prv == Privilege::Machine {
            matches!(super::pmp::page_perm(&self.csr, page, true), Some(p) if p & super::pmp::CFG_X != 0)
        } else {
            let ctx = self.tlb_context(virt);
            let state = self.access_state(Kind::Fetch, prv, virt);
            matches!(self.mmu.tlb.lookup(addr, ctx, state), Some(e) if !e.pmp_each)
        };
        if whole_page_ok {
            let slot = FetchPages::slot(addr);
            self.mmu.fetch.keys[slot] = (addr & !0xfff) | self.fetch_mode_bits();
            self.mmu.fetch.pbase[slot] = page;
        }
    }
}
