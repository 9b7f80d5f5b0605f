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

use super::{decode, Inst};

/// Entries (a power of two): 64 KiB of code maps without aliasing.
const ENTRIES: usize = 1 << 15;

pub struct DecodeCache {
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

    /// The decoded form of `raw` (32 bits from the pc; a compressed
    /// instruction is recognized from its low bits and only those 16 bits
    /// count), using no particular slot.
    #[inline(always)]
    pub fn get(&mut self, raw: u32) -> Inst {
        let raw = if raw & 3 == 3 { raw } else { raw & 0xffff };
        *self.get_at(raw as u64 >> 1, raw)
    }

    /// The decoded form of `raw`, the instruction bits at `pc` exactly as
    /// `Hart::fetch` returns them (a compressed instruction's upper 16 bits
    /// already zero). `pc` only chooses the slot.
    #[inline(always)]
    pub fn get_at(&mut self, pc: u64, raw: u32) -> &Inst {
        let idx = (pc >> 1) as usize & (ENTRIES - 1);
        if self.entries[idx].raw != raw {
            self.fill(idx, raw);
        }
        &self.entries[idx]
    }

    #[cold]
    #[inline(never)]
    fn fill(&mut self, idx: usize, raw: u32) {
        self.entries[idx] = decode(raw);
    }
}
