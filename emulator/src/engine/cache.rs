//! The decoded-instruction cache.
//!
//! Indexed by the instruction's address (pc / 2, so a hot loop occupies
//! neighbouring entries and stays in the host's L1 cache) and validated by
//! the instruction's raw bits: an entry is used only when the bits just
//! fetched equal the bits it was decoded from. Decoding depends on nothing
//! but those bits, so an entry can never be stale: self-modifying code,
//! FENCE.I, remapped pages and mode changes need no invalidation here. The
//! fetch still reads the bits each time (a compare against the fetch page
//! and a 4-byte RAM read); what is cached is the decode.

use crate::isa::{decode, Inst};

/// Entries (a power of two): 64 KiB of code maps without aliasing.
pub const ENTRIES: usize = 1 << 15;

/// The entries themselves, for the run loop (see `DecodeCache::table`).
pub type DecodeTable = [Inst; ENTRIES];

pub struct DecodeCache {
    /// `ENTRIES` entries.
    entries: Box<[Inst]>,
}

impl Default for DecodeCache {
    fn default() -> Self {
        Self::new()
    }
}

impl DecodeCache {
    pub fn new() -> DecodeCache {
        // Every entry starts as the decode of the bits 0, so a fresh cache
        // is consistent (its `raw` is 0 and it is what decode(0) returns).
        let entries = vec![decode(0); ENTRIES].into_boxed_slice();
        DecodeCache { entries }
    }

    /// The full table (None never happens: `entries` has `ENTRIES`).
    #[inline]
    pub(crate) fn table(&mut self) -> Option<&mut DecodeTable> {
        (&mut *self.entries).try_into().ok()
    }

    /// The decoded form of `raw` (32 bits from the pc; a compressed
    /// instruction is recognized from its low bits and only those 16 bits
    /// count), using no particular slot.
    #[inline(always)]
    pub fn get(&mut self, raw: u32) -> Inst {
        let raw = if raw & 3 == 3 { raw } else { raw & 0xffff };
        self.get_at(raw as u64 >> 1, raw)
    }

    /// The decoded form of `raw`, the instruction bits at `pc` exactly as
    /// `Hart::fetch` returns them (a compressed instruction's upper 16 bits
    /// already zero). `pc` only chooses the slot.
    #[inline(always)]
    pub fn get_at(&mut self, pc: u64, raw: u32) -> Inst {
        match self.table() {
            Some(t) => *lookup(t, pc, raw),
            None => decode(raw),
        }
    }
}

/// `DecodeCache::get_at` on a table: the entry for `raw` at `pc`.
#[inline(always)]
pub fn lookup(table: &mut DecodeTable, pc: u64, raw: u32) -> &Inst {
    let e = &mut table[(pc >> 1) as usize & (ENTRIES - 1)];
    if e.raw != raw {
        fill(e, raw);
    }
    e
}

#[cold]
#[inline(never)]
fn fill(e: &mut Inst, raw: u32) {
    *e = decode(raw);
}
