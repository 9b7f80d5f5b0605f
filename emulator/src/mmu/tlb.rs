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
}

/// The next `Tlb::stamp` (unique in the process).
static NEXT_STAMP: AtomicU64 = AtomicU64::new(1);

fn new_stamp() -> u64 {
    NEXT_STAMP.fetch_add(1, Ordering::Relaxed)
}

impl Clone for Tlb {
    /// A copy (a debugger's snapshot, restored) gets its own stamp.
    fn clone(&self) -> Tlb {
        Tlb { entries: self.entries.clone(), stamp: new_stamp() }
    }
}

impl Default for Tlb {
    fn default() -> Self {
        Self::new()
    }
}

impl Tlb {
    pub fn new() -> Tlb {
        Tlb { entries: Box::new([TlbEntry::EMPTY; ENTRIES]), stamp: new_stamp() }
    }

    /// Names the TLB's contents up to additions: a new one for every new
    /// or cloned TLB and every flush (`flush_all`, `flush`), never seen
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
        self.entries[Self::index(vpn, e.ctx)] = TlbEntry { vpn, ..e };
    }

    pub fn flush_all(&mut self) {
        self.stamp = new_stamp();
        self.entries.fill(TlbEntry::EMPTY);
    }

    /// Drop every entry `f` selects (and possibly more: nothing is kept that
    /// `f` would drop).
    pub fn flush(&mut self, f: FlushFilter) {
        self.stamp = new_stamp();
        for e in self.entries.iter_mut() {
            if e.vpn == NO_VPN || (e.ctx & CTX_V != 0) != f.virt {
                continue;
            }
            if let Some(vmid) = f.vmid {
                if (e.ctx & CTX_VMID) >> CTX_VMID_SHIFT != vmid {
                    continue;
                }
            }
            if let Some(asid) = f.asid {
                let global = e.ctx_mask & CTX_ASID == 0;
                if global || e.ctx & CTX_ASID != asid {
                    continue;
                }
            }
            if let Some(va) = f.vaddr {
                let shift = 12 + e.level_bits as u32;
                if (e.vpn << 12) >> shift != va >> shift {
                    continue;
                }
            }
            *e = TlbEntry::EMPTY;
        }
    }

    /// The valid entries, for debuggers ("info tlb").
    pub fn entries(&self) -> impl Iterator<Item = &TlbEntry> {
        self.entries.iter().filter(|e| e.vpn != NO_VPN)
    }
}
