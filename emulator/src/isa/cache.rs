//! The decoded-instruction cache.
//!
//! Keyed by the instruction's raw bits: decoding depends on nothing else, so
//! an entry can never be stale and no store, FENCE.I or mapping change has
//! to invalidate anything. The fetch still reads the bits each time (cheap);
//! what is cached is the decode.

use super::{decode, Inst};

const ENTRIES: usize = 1 << 14;

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
        // An ILLEGAL entry has raw = 0, and 0 is itself illegal, so a fresh
        // cache is consistent.
        let mut entries = vec![Inst::ILLEGAL; ENTRIES].into_boxed_slice();
        entries[0] = decode(0);
        DecodeCache { entries }
    }

    /// The decoded form of `raw` (32 bits from the pc; a compressed
    /// instruction is recognized from its low bits and only those 16 bits count).
    #[inline(always)]
    pub fn get(&mut self, raw: u32) -> Inst {
        let raw = if raw & 3 == 3 { raw } else { raw & 0xffff };
        let idx = (raw ^ (raw >> 14) ^ (raw >> 25)) as usize & (ENTRIES - 1);
        let e = &mut self.entries[idx];
        if e.raw == raw && e.len != 0 {
            return *e;
        }
        *e = decode(raw);
        *e
    }
}
