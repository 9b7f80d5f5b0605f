//! The execution engine: how the hart's instructions are run fast. It
//! keeps decoded instructions (`cache`) and decoded basic blocks
//! (`block`), runs blocks through one handler per instruction
//! (`threaded`) or as compiled host code (`jit`), and holds the run loop
//! (`run`) and the state it shares with handlers and compiled blocks
//! (`state`). The reference semantics are `isa::exec` and `hart`; the
//! engine drives a `Hart` and must leave it exactly as they would, only
//! sooner. Nothing in `isa`, `hart` or `mmu` knows of the engine.

pub mod block;
pub mod cache;
pub mod fast_pages;
pub mod jit;
pub mod jumps;
pub mod probe;
mod run;
pub mod state;
pub mod threaded;

use crate::hart::step::StepEvent;
use crate::hart::Hart;
use block::{Slot, BLOCKS};
use cache::DecodeCache;
use jit::Compiler;
use probe::{ProbeHit, Probes};
use state::RunState;

/// Runs a hart: `engine.run(&mut hart, budget)` executes up to `budget`
/// instructions the fast way, `engine.step(&mut hart)` one instruction the
/// instrumented way (`Hart::step`, with the decode cached). The engine
/// holds only what can be rebuilt from the hart and its memory: dropping
/// it, or running the hart with another engine, changes nothing the guest
/// can see.
pub struct Engine {
    cache: DecodeCache,
    /// `BLOCKS` decoded blocks, direct-mapped by start address (see
    /// `block`).
    blocks: Box<[Slot]>,
    /// Whose turn it is to be evicted from a full set (see
    /// `block::slot_for`).
    evict: usize,
    /// The block compiler (see `jit`).
    compiler: Compiler,
    /// The identity of the RAM the blocks were decoded from (see
    /// `Ram::id`; 0 is no RAM's).
    ram_id: u64,
    /// Shared with the handlers and compiled blocks while `run` runs.
    state: RunState,
    /// Where `run` stops for a debugger (see `probe`).
    probes: Probes,
    /// The probe that ended the last `run`, until taken.
    hit: Option<ProbeHit>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new(true)
    }
}

impl Engine {
    /// An engine that compiles hot blocks if `jit` and the host can (see
    /// `jit`), or only interprets them. Allocates its decode cache and
    /// the block slots (each block is allocated when its slot is first
    /// used); code memory is mapped when the first block is compiled.
    pub fn new(jit: bool) -> Engine {
        Engine {
            cache: DecodeCache::new(),
            blocks: block::new_blocks(),
            evict: 0,
            compiler: Compiler::new(jit),
            ram_id: 0,
            state: RunState::default(),
            probes: Probes::default(),
            hit: None,
        }
    }

    /// Stop `run` before the probed events (see `probe`); an empty set
    /// restores the free-running fast path. Blocks are rebuilt, since
    /// breakpoints end them.
    pub fn set_probes(&mut self, probes: Probes) {
        if probes == self.probes {
            return;
        }
        self.probes = probes;
        self.forget_blocks();
        self.compiler.reset();
    }

    pub fn probes(&self) -> &Probes {
        &self.probes
    }

    /// The probe that ended the last `run`, if one did (taken: the next
    /// call returns None).
    pub fn take_hit(&mut self) -> Option<ProbeHit> {
        self.hit.take()
    }

    /// Forget every block and all compiled code, as a fresh engine would
    /// have none (after a system reset, say), keeping the memory: the
    /// code memory stays mapped. Decoded single instructions are kept:
    /// they are checked against the instruction bits at every use.
    pub fn reset(&mut self) {
        self.forget_blocks();
        self.compiler.reset();
        self.ram_id = 0;
        self.evict = 0;
        self.state = RunState::default();
    }

    /// Forget every block (see `block::clear`) and the jump cache's
    /// entries into them, whose compiled code is about to go.
    fn forget_blocks(&mut self) {
        block::clear(&mut self.blocks);
        self.state.jumps.forget_all();
    }

    /// Decode for `h`'s extensions: a hart with other extensions than the
    /// last one's gets its decodes and blocks anew.
    #[inline]
    fn follow_isa(&mut self, h: &Hart) {
        if self.cache.follow(h.isa()) {
            self.forget_blocks();
            self.compiler.reset();
        }
    }

    /// True if blocks are compiled.
    pub fn jit_enabled(&self) -> bool {
        self.compiler.is_on()
    }

    /// How many blocks have been compiled (0 with `--no-jit`, or where the
    /// host cannot compile): lets tests check that compiled code ran.
    pub fn compiled_blocks(&self) -> u64 {
        self.compiler.compiled_blocks()
    }

    /// How many blocks have been decoded (built, or rebuilt for another pc
    /// or after their page changed): lets tests check that a block the
    /// instruction budget cut is gone on with, not built anew where it
    /// stopped (see `state::Cut`).
    pub fn built_blocks(&self) -> u64 {
        self.state.built
    }

    /// How many times a compiled block's end has been linked to the
    /// compiled block after it (see `jit::Link`): lets tests check that
    /// linked code ran.
    pub fn linked_blocks(&self) -> u64 {
        self.compiler.linked_blocks()
    }

    /// Compile blocks (if the host allows) or only interpret them.
    pub fn set_jit(&mut self, on: bool) {
        if on == self.compiler.is_on() {
            return;
        }
        self.compiler = Compiler::new(on);
        self.forget_blocks();
    }

    /// Compile blocks into `bytes` of code memory (the default is 16 MiB;
    /// a small one exercises emptying it when full).
    pub fn set_jit_arena(&mut self, bytes: usize) {
        self.compiler = Compiler::with_arena(bytes);
        self.forget_blocks();
    }

    /// `Hart::step` (execute one instruction or take one interrupt, and
    /// report it), with the decode taken from the cache.
    pub fn step(&mut self, h: &mut Hart) -> StepEvent {
        self.follow_isa(h);
        let cache = &mut self.cache;
        h.step_with(|pc, raw| cache.get_at(pc, raw))
    }

    /// The decode table and the blocks, for the run loop.
    #[inline]
    fn parts(&mut self) -> Option<Parts<'_>> {
        let table = self.cache.table()?;
        let blocks = (&mut *self.blocks).try_into().ok()?;
        Some(Parts { table, blocks, evict: &mut self.evict, jit: &mut self.compiler, state: &mut self.state, probes: &self.probes, hit: &mut self.hit })
    }
}

/// The engine's parts the run loop borrows at once.
struct Parts<'a> {
    table: &'a mut cache::DecodeTable,
    blocks: &'a mut [Slot; BLOCKS],
    evict: &'a mut usize,
    jit: &'a mut Compiler,
    state: &'a mut RunState,
    probes: &'a Probes,
    hit: &'a mut Option<ProbeHit>,
}
