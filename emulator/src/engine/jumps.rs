//! The jump cache: where compiled code finds the compiled block a jump
//! goes to without going back to the run loop, for the jumps that links
//! (`jit::Link`) cannot serve: indirect jumps (JALR: returns, calls
//! through pointers) and jumps, branches and fall-throughs into another
//! page.
//!
//! An entry says: the block starting at virtual `pc` was current when
//! the run loop last entered it (its page mapped to the physical page
//! `pbase`, whose generation was `gen`), and its compiled code is at
//! `code`. Compiled code uses an entry only if it was made under the
//! current `key` (the epoch and the hart's mode: privilege and V) and the
//! page's generation (read through `gen_at`) is still `gen`. The run loop
//! starts a new epoch when the hart's translations for fetch may have
//! changed (`follow`), for a probed run (which stops between blocks) and
//! when the blocks are all dropped, and forgets the entry of a block
//! before rebuilding it (`forget`). A trap and its return change only the
//! mode: the entries of the mode returned to are still good. So a
//! jump through the cache goes exactly where the run loop would have
//! gone: the same block, checked the same way; and the run loop itself
//! enters a block through the cache when the pc moved to another page
//! (after a trap, an xRET, a jump the compiled code left to it).

use super::block::Block;

/// Entries (a power of two), indexed by the pc / 2.
pub const JUMPS: usize = 4096;

/// One entry (see the module doc); 64 bytes, so compiled code scales the
/// slot by a shift. Compiled blocks read it by offset
/// (`jit::compile::chain`).
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Jump {
    pub pc: u64,
    /// The `Jumps::key` it was made under.
    pub key: u64,
    /// The page's generation counter (`Ram::page_gen`), and its value.
    pub gen_at: *const u64,
    pub gen: u64,
    pub block: *const Block,
    pub pbase: u64,
    /// Where compiled code enters the block from another
    /// (`jit::compile::CHAIN_ENTRY` into its code).
    pub code: usize,
    _pad: u64,
}

const _: () = assert!(std::mem::size_of::<Jump>() == 64);

impl Default for Jump {
    /// An empty entry: all zeros (key 0 is never current: epochs start at 1).
    fn default() -> Self {
        Jump { pc: 0, key: 0, gen_at: std::ptr::null(), gen: 0, block: std::ptr::null(), pbase: 0, code: 0, _pad: 0 }
    }
}

/// The cache (see the module doc): the current key first, then where
/// its entries are (compiled blocks read both by offset in `RunState`).
#[repr(C)]
pub struct Jumps {
    /// The epoch << 8 | the mode (see `follow`).
    pub key: u64,
    pub table: Box<[Jump; JUMPS]>,
    epoch: u64,
    mode: u64,
    /// `Mmu::fetch_forgotten` when the epoch began.
    forgotten: u64,
}

impl Default for Jumps {
    fn default() -> Self {
        // Zeroed memory, which the host maps as it is first touched: the
        // table costs memory only as far as it is used.
        let layout = std::alloc::Layout::new::<[Jump; JUMPS]>();
        // SAFETY: the layout is not zero-sized; all zeros is a valid
        // `[Jump; JUMPS]` (integers and null pointers: empty entries).
        let table = unsafe {
            let p = std::alloc::alloc_zeroed(layout) as *mut [Jump; JUMPS];
            if p.is_null() {
                std::alloc::handle_alloc_error(layout);
            }
            Box::from_raw(p)
        };
        Jumps { key: 1 << 8, table, epoch: 1, mode: 0, forgotten: u64::MAX }
    }
}

/// The slot of the block starting at `pc`.
#[inline(always)]
pub fn slot(pc: u64) -> usize {
    (pc >> 1) as usize & (JUMPS - 1)
}

impl Jumps {
    /// Forget every entry (a new epoch).
    #[inline(always)]
    pub fn forget_all(&mut self) {
        self.epoch += 1;
        self.key = self.epoch << 8 | self.mode;
    }

    /// Use the entries made in `mode` (a small number naming the
    /// privilege and V) if the translations for fetch are still those of
    /// the epoch (`forgotten`: `Mmu::fetch_forgotten`), else start a new
    /// epoch.
    #[inline(always)]
    pub fn follow(&mut self, forgotten: u64, mode: u64) {
        self.mode = mode;
        if forgotten != self.forgotten {
            self.forgotten = forgotten;
            self.forget_all();
        } else {
            self.key = self.epoch << 8 | mode;
        }
    }

    /// Remember that `b`, current and compiled (entered from another
    /// block at `code`), starts at `pc`; its page's generation is counted
    /// at `gen_at`.
    #[inline(always)]
    pub fn remember(&mut self, pc: u64, b: &Block, code: usize, gen_at: *const u64) {
        let e = &mut self.table[slot(pc)];
        if e.pc != pc || e.key != self.key || !std::ptr::eq(e.block, b) || e.gen != b.gen {
            *e = Jump { pc, key: self.key, gen_at, gen: b.gen, block: b, pbase: b.pbase, code, _pad: 0 };
        }
    }

    /// The entry of the block starting at `pc`, if compiled code may
    /// jump to it now: made under the current key, its page's generation
    /// unchanged. The run loop enters a block this way too when the pc
    /// moved to another page (after a trap or an xRET, say), skipping the
    /// fetch-page and block lookups that made the entry.
    #[inline(always)]
    pub fn find(&self, pc: u64) -> Option<&Jump> {
        let e = &self.table[slot(pc)];
        // SAFETY: an entry under the current key was made in this epoch,
        // whose RAM (an epoch ends when it changes) holds the counter at
        // `gen_at`; the key is compared first.
        (e.pc == pc && e.key == self.key && unsafe { *e.gen_at } == e.gen).then_some(e)
    }

    /// Forget the entry of `b` (about to be rebuilt), which started at
    /// `pc`.
    #[inline(always)]
    pub fn forget(&mut self, pc: u64, b: *const Block) {
        let e = &mut self.table[slot(pc)];
        if e.block == b {
            *e = Jump::default();
        }
    }
}
