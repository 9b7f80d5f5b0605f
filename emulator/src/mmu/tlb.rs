//! The TLB: a direct-mapped cache of finished translations, one 4 KiB page
//! per entry (a superpage is cached piecewise).
//!
//! Each entry is tagged with its *address-space context*: V, the ASID (of
//! satp, or of vsatp when V=1), the VMID of hgatp when V=1, and the
//! translation modes. Moving between HS and VS or between processes with
//! different ASIDs therefore never flushes. A global mapping (G=1 on the
//! walk) matches every ASID of its context.
//!
//! An entry does not hold a yes/no: it holds `allow`, the permission mask of
//! `pte.rs` (both stages, PMP, PMA), and every hit is checked against the
//! current privilege, SUM and MXR.
//!
//! A fence for one address looks first at a summary of the leaves the TLB
//! may hold (`Leaves`): Linux issues an SFENCE.VMA with an address for
//! every PTE it sets (riscv's update_mmu_cache), almost always for a page
//! that was never cached; such a fence then drops nothing and keeps the
//! stamp, so the copies of hits kept elsewhere stay valid.

use std::sync::atomic::{AtomicU64, Ordering};

/// Number of entries (a power of two).
pub const ENTRIES: usize = 1024;
const INDEX_MASK: u64 = ENTRIES as u64 - 1;

/// Context bits (see `Context::tlb_context`): V is bit 63, the first stage's
/// ASID is bits 15:0, its mode 19:16, the VMID bits 33:20 (V=1 only).
pub const CTX_V: u64 = 1 << 63;
pub const CTX_ASID: u64 = 0xffff;
pub const CTX_VMID_SHIFT: u64 = 20;
pub const CTX_VMID: u64 = 0x3fff << CTX_VMID_SHIFT;

/// A vpn no address has (vaddr >> 12 is below 2^52).
const NO_VPN: u64 = u64::MAX;

#[derive(Clone, Copy, Debug)]
pub struct TlbEntry {
    /// vaddr >> 12 (the full value, so non-canonical addresses never hit).
    pub vpn: u64,
    /// The context the translation was made in...
    pub ctx: u64,
    /// ...and which context bits must match (ASID bits cleared if global).
    pub ctx_mask: u64,
    /// Physical address of the 4 KiB page.
    pub pbase: u64,
    /// Permission mask: bit `combo` set when that access is allowed.
    pub allow: u64,
    /// PMP entry boundaries fall inside this page: `allow` leaves PMP out
    /// and each access is checked against PMP.
    pub pmp_each: bool,
    /// log2 of the first stage's page size minus 12 (0, 4 for a 64 KiB
    /// Svnapot page, 9, 18, 27, 36): a fence for any address in the same
    /// leaf drops this entry.
    pub level_bits: u8,
    /// The leaf PTEs' low 8 bits (V R W X U G A D), for debuggers.
    pub first_flags: u8,
    pub g_flags: u8,
}

impl TlbEntry {
    pub const EMPTY: TlbEntry = TlbEntry {
        vpn: NO_VPN,
        ctx: 0,
        ctx_mask: 0,
        pbase: 0,
        allow: 0,
        pmp_each: false,
        level_bits: 0,
        first_flags: 0,
        g_flags: 0,
    };
}

/// What a fence drops. `None` fields match everything.
#[derive(Clone, Copy, Debug)]
pub struct FlushFilter {
    /// Entries made with this V.
    pub virt: bool,
    /// Only this VMID (V=1 entries).
    pub vmid: Option<u64>,
    /// Only this ASID, and then never global entries (SFENCE.VMA with rs2 != x0).
    pub asid: Option<u64>,
    /// Only entries whose first-stage leaf maps this virtual address.
    pub vaddr: Option<u64>,
}

pub struct Tlb {
    entries: Box<[TlbEntry; ENTRIES]>,
    /// See `stamp`.
    stamp: u64,
    /// Every leaf cached under this stamp, evicted ones included.
    leaves: Leaves,
}

/// Words of the `Leaves` bitmap (32,768 bits: with the TLB full, about 3%
/// of them set per page size in use).
const LEAF_WORDS: usize = 512;

/// A summary of the first-stage leaves (page and size) that the TLB held
/// at some time under its current stamp: a leaf's bit (a hash of its
/// number and size) is set when an entry of it is inserted, and the page
/// sizes inserted are noted. An entry replaced by another (direct mapped)
/// is gone from the TLB but may live on in the fast pages, which follow
/// the stamp; the summary still names it, so a fence whose address no
/// leaf of it covers has nothing to drop anywhere. Reset at each flush
/// that changes the stamp, to the entries that stay.
#[derive(Clone)]
struct Leaves {
    bits: Box<[u64; LEAF_WORDS]>,
    /// Bit `level_bits` set when an entry of that leaf size was inserted.
    sizes: u64,
}

impl Leaves {
    fn new() -> Leaves {
        Leaves { bits: Box::new([0; LEAF_WORDS]), sizes: 0 }
    }

    /// The bit of the leaf of `level_bits` that holds page `vpn`.
    #[inline(always)]
    fn bit(vpn: u64, level_bits: u8) -> usize {
        let leaf = (vpn >> level_bits) ^ ((level_bits as u64) << 52);
        (leaf.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - 15)) as usize
    }

    #[inline(always)]
    fn add(&mut self, vpn: u64, level_bits: u8) {
        let b = Self::bit(vpn, level_bits);
        self.bits[b / 64] |= 1 << (b % 64);
        self.sizes |= 1 << level_bits;
    }

    /// The leaf sizes (bit `level_bits`) of which a leaf named here may
    /// cover page `vpn`; 0 if none does.
    fn covering(&self, vpn: u64) -> u64 {
        let (mut sizes, mut covering) = (self.sizes, 0);
        while sizes != 0 {
            let level_bits = sizes.trailing_zeros() as u8;
            sizes &= sizes - 1;
            let b = Self::bit(vpn, level_bits);
            if self.bits[b / 64] >> (b % 64) & 1 != 0 {
                covering |= 1 << level_bits;
            }
        }
        covering
    }

    fn clear(&mut self) {
        self.bits.fill(0);
        self.sizes = 0;
    }
}

/// The next `Tlb::stamp` (unique in the process).
static NEXT_STAMP: AtomicU64 = AtomicU64::new(1);

fn new_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, Ordering::Relaxed)
}

impl Clone for Tlb {
    /// A copy (a debugger's snapshot, restored) gets its own stamp.
    fn clone(&self) -> Tlb {
        Tlb { entries: self.entries.clone(), stamp: new_stamp(), leaves: self.leaves.clone() }
    }
}

impl Default for Tlb {
    fn default() -> Self {
        Self::new()
    }
}

impl Tlb {
    pub fn new() -> Tlb {
        Tlb { entries: Box::new([TlbEntry::EMPTY; ENTRIES]), stamp: new_stamp(), leaves: Leaves::new() }
    }

    /// Names the TLB's contents up to additions: a new one for every new
    /// or cloned TLB and every flush (`flush_all`, a `flush` that may drop
    /// something: see `Leaves`), never seen
    /// before in the process. Copies of hits kept elsewhere (the engine's
    /// fast pages) are valid while it stays the same.
    #[inline(always)]
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// HS and VS often use the same addresses; V picks a different set.
    #[inline(always)]
    fn index(vpn: u64, ctx: u64) -> usize {
        ((vpn ^ (ctx >> 54)) & INDEX_MASK) as usize
    }

    /// The entry for `vaddr` in context `ctx` if it allows the access `combo`.
    #[inline(always)]
    pub fn lookup(&self, vaddr: u64, ctx: u64, combo: u64) -> Option<&TlbEntry> {
        let vpn = vaddr >> 12;
        let e = &self.entries[Self::index(vpn, ctx)];
        if e.vpn == vpn && ctx & e.ctx_mask == e.ctx && (e.allow >> combo) & 1 != 0 {
            Some(e)
        } else {
            None
        }
    }

    /// Cache a translation (replacing whatever shared its slot).
    pub fn insert(&mut self, vaddr: u64, e: TlbEntry) {
        let vpn = vaddr >> 12;
        self.leaves.add(vpn, e.level_bits);
        self.entries[Self::index(vpn, e.ctx)] = TlbEntry { vpn, ..e };
    }

    pub fn flush_all(&mut self) {
        self.stamp = new_stamp();
        self.entries.fill(TlbEntry::EMPTY);
        self.leaves.clear();
    }

    /// Drop every entry `f` selects (and possibly more: nothing is kept that
    /// `f` would drop). False when there was nothing to drop (a fence for
    /// an address that no leaf cached under this stamp covers): then the
    /// stamp stays.
    pub fn flush(&mut self, f: FlushFilter) -> bool {
        let Some(va) = f.vaddr else {
            self.flush_every_slot(&f);
            return true;
        };
        let sizes = self.leaves.covering(va >> 12);
        if sizes == 0 {
            return false;
        }
        // A leaf of at least ENTRIES pages may sit in any slot.
        if sizes >> ENTRIES.trailing_zeros() != 0 {
            self.flush_every_slot(&f);
            return true;
        }
        // Otherwise an entry of a leaf of 2^n pages that covers `va` is in
        // one of the 2^n slots of that leaf's pages (in f's half: V).
        self.stamp = new_stamp();
        let virt = if f.virt { CTX_V } else { 0 };
        let mut sizes = sizes;
        while sizes != 0 {
            let level_bits = sizes.trailing_zeros();
            sizes &= sizes - 1;
            let first = (va >> 12) >> level_bits << level_bits;
            for vpn in first..first + (1 << level_bits) {
                let e = &mut self.entries[Self::index(vpn, virt)];
                if e.vpn != NO_VPN && Self::selects(&f, e) {
                    *e = TlbEntry::EMPTY;
                }
            }
        }
        true
    }

    /// `flush` by looking at every entry; the summary is made anew from
    /// the ones that stay.
    fn flush_every_slot(&mut self, f: &FlushFilter) {
        self.stamp = new_stamp();
        self.leaves.clear();
        for e in self.entries.iter_mut() {
            if e.vpn == NO_VPN {
                continue;
            }
            if !Self::selects(f, e) {
                self.leaves.add(e.vpn, e.level_bits);
                continue;
            }
            *e = TlbEntry::EMPTY;
        }
    }

    /// True if the fence `f` drops the valid entry `e`.
    fn selects(f: &FlushFilter, e: &TlbEntry) -> bool {
        if (e.ctx & CTX_V != 0) != f.virt {
            return false;
        }
        if let Some(vmid) = f.vmid {
            if (e.ctx & CTX_VMID) >> CTX_VMID_SHIFT != vmid {
                return false;
            }
        }
        if let Some(asid) = f.asid {
            let global = e.ctx_mask & CTX_ASID == 0;
            if global || e.ctx & CTX_ASID != asid {
                return false;
            }
        }
        if let Some(va) = f.vaddr {
            let shift = 12 + e.level_bits as u32;
            if (e.vpn << 12) >> shift != va >> shift {
                return false;
            }
        }
        true
    }

    /// The valid entries, for debuggers ("info tlb").
    pub fn entries(&self) -> impl Iterator<Item = &TlbEntry> {
        self.entries.iter().filter(|e| e.vpn != NO_VPN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4 KiB, user, non-global entry of ASID 1 (what Linux caches for a
    /// user page).
    fn entry(pbase: u64) -> TlbEntry {
        TlbEntry { ctx: 1, ctx_mask: u64::MAX, pbase, allow: u64::MAX, ..TlbEntry::EMPTY }
    }

    fn at(vaddr: u64) -> FlushFilter {
        FlushFilter { virt: false, vmid: None, asid: None, vaddr: Some(vaddr) }
    }

    /// SFENCE.VMA for an address no cached leaf covers drops nothing and
    /// keeps the stamp (the fast pages stay); for a cached page it drops
    /// the entry and changes the stamp; for a page whose entry another
    /// replaced (it may live on in the fast pages) it changes the stamp.
    #[test]
    fn an_address_fence_keeps_the_stamp_only_when_nothing_was_cached() {
        let mut tlb = Tlb::new();
        tlb.insert(0x1000, entry(0x8000_0000));
        let stamp = tlb.stamp();
        for va in [0x2000, 0x40_1000, 0x1_0000_1000] {
            assert!(!tlb.flush(at(va)), "{va:#x}: nothing to drop");
            assert_eq!(tlb.stamp(), stamp);
        }
        assert!(tlb.lookup(0x1000, 1, 0).is_some());
        assert!(tlb.flush(at(0x1fff)));
        assert_ne!(tlb.stamp(), stamp);
        assert!(tlb.lookup(0x1000, 1, 0).is_none());

        // 0x40_3000 takes 0x3000's slot (1,024 entries by the low bits).
        tlb.insert(0x3000, entry(0x8000_1000));
        tlb.insert(0x40_3000, entry(0x8000_2000));
        assert!(tlb.lookup(0x3000, 1, 0).is_none());
        let stamp = tlb.stamp();
        assert!(tlb.flush(at(0x3000)), "the replaced entry may still be copied elsewhere");
        assert_ne!(tlb.stamp(), stamp);
        assert!(tlb.lookup(0x40_3000, 1, 0).is_some(), "another page's entry stays");
        // A fence of every address (here of another ASID) makes the
        // summary anew: what stayed.
        assert!(tlb.flush(FlushFilter { asid: Some(2), vaddr: None, ..at(0) }));
        assert!(!tlb.flush(at(0x3000)), "0x3000 is no longer named");
        assert!(tlb.flush(at(0x40_3000)));
    }

    /// A superpage's leaf covers every address in it, whichever 4 KiB
    /// piece was cached.
    #[test]
    fn an_address_fence_finds_a_superpage_leaf() {
        let mut tlb = Tlb::new();
        tlb.insert(0x20_5000, TlbEntry { level_bits: 9, ..entry(0x8020_5000) });
        let stamp = tlb.stamp();
        assert!(!tlb.flush(at(0x40_0000)), "the next 2 MiB");
        assert_eq!(tlb.stamp(), stamp);
        assert!(tlb.flush(at(0x3f_f000)), "another page of the same 2 MiB leaf");
        assert!(tlb.lookup(0x20_5000, 1, 0).is_none());
    }
}
