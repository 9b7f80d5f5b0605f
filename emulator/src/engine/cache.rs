//! The decoded-instruction cache.
//!
//! Indexed by the instruction's address (pc / 2, so a hot loop occupies
//! neighbouring entries and stays in the host's L1 cache) and validated by
//! the instruction's raw bits: an entry is used only when the bits just
//! fetched equal the bits it was decoded from. Decoding depends on nothing
//! but those bits, so an entry can never be stale: self-modifying code,
//! FENCE.I, remapped pages and mode changes need no invalidation here. The
//! fetch still reads the bits each time (a compare against the fetch page
//! and a 4-byte RAM read); what is cached is the decode. The decode also
//! depends on the hart's extensions (`Isa`, fixed for a machine's life):
//! the cache remembers which it decoded for and starts afresh for another
//! (`follow`).

use crate::isa::{decode_with, Inst, Isa};

/// Entries (a power of two): 64 KiB of code maps without aliasing.
pub const ENTRIES: usize = 1 << 15;

/// The entries themselves, for the run loop (see `DecodeCache::table`).
pub type DecodeTable = [Inst; ENTRIES];

pub struct DecodeCache {
    /// `ENTRIES` entries.
    entries: Box<[Inst]>,
    /// The extensions the entries were decoded for.
    isa: Isa,
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
        let isa = Isa::ALL;
        let entries = vec![decode_with(0, isa); ENTRIES].into_boxed_slice();
        DecodeCache { entries, isa }
    }

    /// Decode for a hart with the extensions `isa` from now on; true if
    /// that changed the cache (its entries are then decoded anew).
    pub fn follow(&mut self, isa: Isa) -> bool {
        if isa == self.isa {
            return false;
        }
        self.isa = isa;
        self.entries.fill(decode_with(0, isa));
        true
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
        let isa = self.isa;
        match self.table() {
            Some(t) => *lookup(t, isa, pc, raw),
            None => decode_with(raw, isa),
        }
    }
}

/// `DecodeCache::get_at` on a table: the entry for `raw` at `pc`;
/// `isa` must be what the cache follows.
#[inline(always)]
pub fn lookup(table: &mut DecodeTable, isa: Isa, pc: u64, raw: u32) -> &Inst {
    let e = &mut table[(pc >> 1) as usize & (ENTRIES - 1)];
    if e.raw != raw {
        fill(e, raw, isa);
    }
    e
}

/// The entry for `raw` wherever the instruction is: in a slot chosen by
/// the bits themselves, so the same instruction word decodes once however
/// many places hold it (a block being built decodes each of its
/// instructions: a kernel's most common 4,096 words are about two thirds
/// of its code). The table is shared with `lookup`, whose entries these
/// may take (either is validated by the bits).
#[inline(always)]
pub fn lookup_raw(table: &mut DecodeTable, isa: Isa, raw: u32) -> &Inst {
    let slot = raw.wrapping_mul(0x9e37_79b1) >> (32 - ENTRIES.trailing_zeros());
    let e = &mut table[slot as usize & (ENTRIES - 1)];
    if e.raw != raw {
        fill(e, raw, isa);
    }
    e
}

#[cold]
#[inline(never)]
fn fill(e: &mut Inst, raw: u32, isa: Isa) {
    *e = decode_with(raw, isa);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_decodes_the_same_by_its_bits_as_by_its_place() {
        let mut cache = DecodeCache::new();
        let isa = Isa::ALL;
        // addi t0, t0, 1; c.addi a0, 1; a word of zeros (illegal); lw,
        // and words that take one slot (their products differ only above
        // the slot's bits), looked up in turn so each evicts the other.
        let slot = |w: u32| w.wrapping_mul(0x9e37_79b1) >> (32 - ENTRIES.trailing_zeros());
        let same_slot = (1..u32::MAX).map(|w| 0x0000_0013 | w << 7).find(|&w| w != 0x0012_8293 && slot(w) == slot(0x0012_8293)).expect("a word sharing the slot");
        let words = [0x0012_8293, 0x0505, 0, 0x0002_a303, same_slot, 0x0012_8293, same_slot];
        let table = cache.table().expect("a full table");
        for w in words {
            let got = *lookup_raw(table, isa, w);
            let want = decode_with(w, isa);
            assert_eq!((got.raw, got.op, got.rd, got.rs1, got.imm, got.len), (want.raw, want.op, want.rd, want.rs1, want.imm, want.len), "{w:#x}");
        }
        // And the place-indexed entries stay what their bits decode to.
        assert_eq!(lookup(table, isa, 0x8000_0000, 0x0505).op, decode_with(0x0505, isa).op);
    }
}
