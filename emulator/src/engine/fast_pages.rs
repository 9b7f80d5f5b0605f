//! Fast pages: the translations loads and stores of the current effective
//! mode (S, U, VS, VU, or M with MPRV) have already had checked, in the
//! form compiled blocks (`jit::compile`) and the handlers (`threaded`)
//! use without calling anything: per virtual page, where it is in RAM.
//!
//! An entry is made from a TLB hit (`Hart::tlb_hit`: the translation allows
//! the access in this mode, with this V, ASID and VMID, SUM and MXR, and
//! needs no PMP check per access) for a page wholly in RAM, one table for
//! loads and one for stores. Entries are never updated, only forgotten
//! all at once (`forget`) when what they were checked against may have
//! changed: the TLB keys (privilege, V, MPRV/MPP/MPV, SUM, MXR, the atp
//! CSRs' modes and ids), the TLB's flush count (SFENCE.VMA, HFENCE, PMP
//! writes) or RAM itself. Forgetting is a new `epoch`, kept in each
//! entry's tag below the page address, so it costs one increment. Like
//! the TLB they come from, entries may outlive a page-table write until
//! the next fence, as the spec allows.
//!
//! A store through a fast page in compiled code writes RAM without
//! counting the write in the page's generation (`Ram::page_gen`), so a
//! page blocks were decoded from (`CodePages`) never gets a store entry:
//! stores to it take the handler, which counts them and leaves a block
//! that wrote its own page. Every store entry is made by the `store`
//! handler right before it writes the page through `Ram::write`, so a
//! page written uncounted had its generation changed when its entry was
//! made (what `Ram::count_next_writes` relies on).

use crate::bus::ram::HostRam;

/// Entries per table (a power of two), indexed by virtual page number.
pub const FAST_PAGES: usize = 256;

/// Epochs live in the tag's low 12 bits (a page address has them clear):
/// 1 to 0xffe; 0 is an empty slot's, and this one no entry ever has, the
/// epoch while the tables are suspended (see `FastPages::suspend`).
const SUSPENDED: u64 = 0xfff;

/// One page: `tag` = the virtual page address | the epoch it was made in;
/// `host` + a virtual address in the page = its address in host memory
/// (RAM's host address + its offset in RAM).
#[derive(Clone, Copy, Default, Debug)]
#[repr(C)]
pub struct FastPage {
    pub tag: u64,
    pub host: u64,
}

/// The two tables and the epoch (see the module doc). Compiled blocks
/// read them by offset (`jit::compile::ram_checks`).
#[repr(C)]
pub struct FastPages {
    /// First: compiled blocks read it at a small offset (see `RunState`).
    pub epoch: u64,
    pub load: [FastPage; FAST_PAGES],
    pub store: [FastPage; FAST_PAGES],
    /// While suspended, the epoch to go back to.
    held: Option<u64>,
}

impl Default for FastPages {
    fn default() -> Self {
        FastPages { epoch: 1, load: [FastPage::default(); FAST_PAGES], store: [FastPage::default(); FAST_PAGES], held: None }
    }
}

/// The RAM pages blocks were decoded from (see the module doc), one bit
/// per page by its index in RAM. A page is marked when a block is decoded
/// from it, and unmarked when the `store` handler writes it (counted: the
/// blocks decoded from it are stale then), so a page that held code and
/// now holds data (freed and reused, as a kernel's init code or a process's
/// text is) gets store entries again after one store.
#[derive(Default)]
pub struct CodePages {
    bits: Vec<u64>,
}

impl CodePages {
    /// No page marked, for a RAM of `len` bytes.
    pub fn clear(&mut self, len: u64) {
        self.bits.clear();
        self.bits.resize((len.div_ceil(0x1000) as usize).div_ceil(64), 0);
    }

    /// Mark the page at RAM offset `offset`; true if it was not marked.
    pub fn mark(&mut self, offset: u64) -> bool {
        let page = (offset >> 12) as usize;
        match self.bits.get_mut(page / 64) {
            Some(w) if *w & 1 << (page % 64) == 0 => {
                *w |= 1 << (page % 64);
                true
            }
            _ => false,
        }
    }

    /// Unmark the page at RAM offset `offset` (a counted write to it).
    #[inline(always)]
    pub fn unmark(&mut self, offset: u64) {
        let page = (offset >> 12) as usize;
        if let Some(w) = self.bits.get_mut(page / 64) {
            *w &= !(1 << (page % 64));
        }
    }

    /// True if the page at RAM offset `offset` is marked.
    #[inline(always)]
    pub fn holds(&self, offset: u64) -> bool {
        let page = (offset >> 12) as usize;
        self.bits.get(page / 64).is_some_and(|w| w & 1 << (page % 64) != 0)
    }
}

/// The slot of virtual address `va`.
#[inline(always)]
pub fn slot(va: u64) -> usize {
    (va >> 12) as usize & (FAST_PAGES - 1)
}

impl FastPages {
    /// Forget every entry (suspended: those the tables go back to). When
    /// the epochs run out the tables are cleared.
    pub fn forget(&mut self) {
        let mut next = self.held.unwrap_or(self.epoch) + 1;
        if next >= SUSPENDED {
            self.load = [FastPage::default(); FAST_PAGES];
            self.store = [FastPage::default(); FAST_PAGES];
            next = 1;
        }
        match &mut self.held {
            Some(held) => *held = next,
            None => self.epoch = next,
        }
    }

    /// No entry matches until `resume`, which brings them back (as they
    /// were, or forgotten since): so deciding whether they still hold can
    /// wait for the first access that needs them (see `RunState::suspend`).
    #[inline(always)]
    pub fn suspend(&mut self) {
        if self.held.is_none() {
            self.held = Some(self.epoch);
            self.epoch = SUSPENDED;
        }
    }

    /// See `suspend`.
    #[inline(always)]
    pub fn resume(&mut self) {
        if let Some(epoch) = self.held.take() {
            self.epoch = epoch;
        }
    }

    #[inline(always)]
    pub fn suspended(&self) -> bool {
        self.held.is_some()
    }

    #[inline(always)]
    fn table(&self, store: bool) -> &[FastPage; FAST_PAGES] {
        if store {
            &self.store
        } else {
            &self.load
        }
    }

    /// The host address of `va` if its page has an entry for this kind of
    /// access in the current epoch.
    #[inline(always)]
    pub fn host_address(&self, va: u64, store: bool) -> Option<u64> {
        let e = &self.table(store)[slot(va)];
        (e.tag == (va & !0xfff) | self.epoch).then(|| va.wrapping_add(e.host))
    }

    /// Remember that `va`'s page is at physical `pa`'s page for this kind
    /// of access, if that page lies wholly in `ram` (and, for a store,
    /// holds no decoded code: see the module doc).
    #[inline(always)]
    pub fn insert(&mut self, va: u64, pa: u64, store: bool, ram: &HostRam, code: &CodePages) {
        let page_offset = (pa & !0xfff).wrapping_sub(ram.base);
        let in_ram = page_offset.checked_add(0x1000).is_some_and(|end| end <= ram.len8);
        if in_ram && !(store && code.holds(page_offset)) && !self.suspended() {
            let tag = (va & !0xfff) | self.epoch;
            let host = (ram.ptr as u64).wrapping_add(page_offset).wrapping_sub(va & !0xfff);
            let table = if store { &mut self.store } else { &mut self.load };
            table[slot(va)] = FastPage { tag, host };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RAM of 64 KiB at 0x8000_0000, in host memory at 0x10_0000 (never
    /// dereferenced here: only the arithmetic is checked).
    const RAM: HostRam = HostRam { ptr: 0x10_0000, base: 0x8000_0000, len8: 0x1_0000, gens: 0, counting: 0 };

    #[test]
    fn an_entry_gives_the_host_address_until_forgotten() {
        let mut f = FastPages::default();
        let code = CodePages::default();
        f.insert(0x4000_1234, 0x8000_3234, false, &RAM, &code);
        assert_eq!(f.host_address(0x4000_1ff8, false), Some(0x10_3ff8));
        // Another page, the other table: no entry.
        assert_eq!(f.host_address(0x4000_2000, false), None);
        assert_eq!(f.host_address(0x4000_1000, true), None);
        f.forget();
        assert_eq!(f.host_address(0x4000_1ff8, false), None);
        // Outside RAM (its last page ends past it): never an entry.
        f.insert(0x4000_1000, 0x8001_0000, false, &RAM, &code);
        assert_eq!(f.host_address(0x4000_1000, false), None);
    }

    #[test]
    fn a_page_blocks_were_decoded_from_gets_no_store_entry() {
        let mut f = FastPages::default();
        let mut code = CodePages::default();
        code.clear(RAM.len8);
        assert!(code.mark(0x3000));
        assert!(!code.mark(0x3abc), "marked once per page");
        f.insert(0x4000_1000, 0x8000_3000, true, &RAM, &code);
        f.insert(0x4000_1000, 0x8000_3000, false, &RAM, &code);
        assert_eq!(f.host_address(0x4000_1000, true), None);
        assert_eq!(f.host_address(0x4000_1000, false), Some(0x10_3000));
        // Written through the handler: data again.
        code.unmark(0x3010);
        assert!(!code.holds(0x3000));
        f.insert(0x4000_1000, 0x8000_3000, true, &RAM, &code);
        assert_eq!(f.host_address(0x4000_1008, true), Some(0x10_3008));
        // Pages past RAM are never marked (nor held).
        assert!(!code.mark(0x10_0000));
        assert!(!code.holds(0x10_0000));
    }
}
