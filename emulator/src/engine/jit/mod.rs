//! Compiled blocks: a decoded block (`engine::block`) that has run a few
//! times is also translated into x86-64 machine code that does what the
//! run loop's handler calls would do, with the common integer
//! instructions (M's multiplies and divisions included), jumps, branches
//! and RAM loads and stores written out inline and every other instruction
//! a call to its handler. So a compiled block means exactly what its
//! entries mean: same results, same traps, same exits, same retire
//! counts; it only skips the per-instruction dispatch.
//!
//! A compiled block is `extern "C" fn(*mut Hart, *mut RunState) -> u32`
//! and returns what `run_block` does, packed: the exit in the low byte and
//! the entry's index (or the block length for `Exit::Next`) above it. Register
//! use: rbx points into the hart (at x[16], so every x register is a
//! one-byte displacement away) and rbp at the run loop's state (`RunState`;
//! both callee-saved, so they survive handler calls); r12 holds the fuel;
//! r8..r11 and r13..r15 hold guest registers (a write-back cache: the
//! hart's x array, `[rbx + 8 * i - 128]`, is brought up to date before
//! every exit and handler call; see `compile::Regs`); rax, rcx, rdx and
//! rsi/rdi are scratch. x0 is never cached nor written.
//!
//! Only on x86-64 Unix hosts; elsewhere (or when the host refuses
//! executable memory, or with `--no-jit`) every block is interpreted.

#[cfg(all(target_arch = "x86_64", unix))]
mod arena;
#[cfg(all(target_arch = "x86_64", unix))]
mod compile;
#[cfg(all(target_arch = "x86_64", unix))]
pub mod x86;

use crate::engine::block::Block;
use crate::engine::state::RunState;
use crate::engine::threaded::Exit;
use crate::hart::Hart;

/// A compiled block (see the module doc).
pub type BlockCode = unsafe extern "C" fn(*mut Hart, *mut RunState) -> u32;

/// Where a compiled block's exit is linked to the block that follows it
/// (addresses in code memory; see `compile::linkable_exit`): its
/// fall-through exit, or a conditional branch taken to a known target.
/// Blocks are linked only within one page, where one run of the run loop's
/// inner loop would have gone from the first to the second anyway: the
/// second is current whenever the first is (same page, same physical page,
/// same write generation; a write to the page leaves the first block
/// before its end). Unlinked when the second is rebuilt (see
/// `Block::incoming`) and, with everything, when code memory is emptied.
#[derive(Clone, Copy, Debug, Default)]
pub struct Link {
    /// The pc this exit goes on at: the block's end, or the branch's
    /// target.
    pub to_pc: u64,
    site_rel: usize,
    unlinked_rel: i32,
    block_imm: usize,
    jump_rel: usize,
}

/// A block compiled: its code, where its fall-through exit can be linked,
/// and where its branches taken to a target in the same page can be (with
/// the branch's index in the block).
pub struct Compiled {
    pub code: BlockCode,
    pub exit: Link,
    pub taken: Vec<(u8, Link)>,
}

/// A link into a block: the rel32 to restore and its unlinked value.
pub type Incoming = (usize, i32);

/// Where compiled code enters `code` from another block (a link or a
/// jump through the jump cache: `engine::jumps`), past its prologue.
pub fn chain_entry(code: BlockCode) -> usize {
    #[cfg(all(target_arch = "x86_64", unix))]
    {
        code as usize + compile::CHAIN_ENTRY
    }
    #[cfg(not(all(target_arch = "x86_64", unix)))]
    {
        code as usize
    }
}

/// Pack a block exit and index as compiled blocks return them.
#[inline(always)]
pub fn pack(exit: Exit, k: usize) -> u32 {
    exit as u32 | (k as u32) << 8
}

/// Unpack a compiled block's return value into (exit, index).
#[inline(always)]
pub fn unpack(r: u32) -> (Exit, usize) {
    (Exit::from_bits(r as u8), (r >> 8) as usize)
}

/// Bytes of executable memory per hart.
const ARENA_SIZE: usize = 16 << 20;

/// True where blocks can be compiled (x86-64 Unix hosts).
pub const SUPPORTED: bool = cfg!(all(target_arch = "x86_64", unix));

/// Whether blocks are to be compiled, and the compiler once the first one
/// is (so a hart that never compiles maps no code memory).
pub struct Compiler {
    on: bool,
    arena_bytes: usize,
    jit: Option<Jit>,
    /// Blocks compiled so far (for tests: proof that compiled code ran).
    compiled: u64,
    /// Links made so far (see `Link`; for tests, the same).
    linked: u64,
}

impl Compiler {
    /// Compile blocks if `on` and the host can.
    pub fn new(on: bool) -> Compiler {
        Compiler { on: on && SUPPORTED, arena_bytes: ARENA_SIZE, jit: None, compiled: 0, linked: 0 }
    }

    /// Compile blocks into `bytes` of code memory (a small one fills up
    /// soon: for tests of what happens then).
    pub fn with_arena(bytes: usize) -> Compiler {
        Compiler { arena_bytes: bytes, ..Compiler::new(true) }
    }

    /// True if blocks are compiled (until the host refuses code memory).
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// Compile `b` (see `Jit::compile`); None when off, when the host
    /// refuses code memory (compiling is then off for good) or when the
    /// code memory is full (see `take_full`).
    pub fn compile(&mut self, b: &Block, direct: bool) -> Option<Compiled> {
        if !self.on {
            return None;
        }
        if self.jit.is_none() {
            self.jit = Jit::with_arena(self.arena_bytes);
            self.on = self.jit.is_some();
        }
        let jit = self.jit.as_mut()?;
        let code = jit.compile(b, direct);
        if jit.refused {
            self.on = false;
        }
        self.compiled += code.is_some() as u64;
        code
    }

    /// Make the exit `from` (see `Link`) go on into `to`, which
    /// must be compiled (else nothing is done); the link to record in
    /// `to.incoming`, or None (also when the host refused to change the
    /// code: then, as when full, `take_full` says so).
    pub fn link(&mut self, from: &Link, to: &Block) -> Option<Incoming> {
        let jit = self.jit.as_mut()?;
        let code = to.code? as usize;
        let l = jit.link(from, to as *const Block as u64, code)?;
        self.linked += 1;
        Some(l)
    }

    /// How many links (see `Link`) have been made since this compiler was
    /// made.
    pub fn linked_blocks(&self) -> u64 {
        self.linked
    }

    /// Undo every link into a block (`incoming`, emptied): it is about
    /// to be rebuilt.
    pub fn unlink(&mut self, incoming: &mut Vec<Incoming>) {
        if let Some(jit) = self.jit.as_mut() {
            for (site, rel) in incoming.drain(..) {
                jit.patch(site, &rel.to_le_bytes());
            }
        }
        incoming.clear();
    }

    /// How many blocks have been compiled since this compiler was made.
    pub fn compiled_blocks(&self) -> u64 {
        self.compiled
    }

    /// See `Jit::take_full`.
    pub fn take_full(&mut self) -> bool {
        self.jit.as_mut().is_some_and(Jit::take_full)
    }

    /// See `Jit::reset`.
    pub fn reset(&mut self) {
        if let Some(j) = self.jit.as_mut() {
            j.reset();
        }
    }
}

/// The compiler and its code memory.
pub struct Jit {
    #[cfg(all(target_arch = "x86_64", unix))]
    arena: arena::Arena,
    /// The arena filled up: every block must drop its code before the
    /// arena is emptied (see `Jit::take_full`).
    full: bool,
    /// The host refused to make code memory executable: no more blocks
    /// are compiled (and, as when full, every block drops its code).
    refused: bool,
}

impl Jit {
    /// A compiler with `bytes` of code memory (small ones fill up soon:
    /// for tests of what happens then).
    pub fn with_arena(bytes: usize) -> Option<Jit> {
        #[cfg(all(target_arch = "x86_64", unix))]
        {
            Some(Jit { arena: arena::Arena::new(bytes)?, full: false, refused: false })
        }
        #[cfg(not(all(target_arch = "x86_64", unix)))]
        {
            let _ = bytes;
            None
        }
    }

    /// Compile `b` (which must stay where it is while the code is used:
    /// the code refers to its entries) for loads and stores as
    /// `RunState::direct` = `direct` has them (see `compile::block`). None
    /// if it cannot be compiled now.
    pub fn compile(&mut self, b: &Block, direct: bool) -> Option<Compiled> {
        #[cfg(all(target_arch = "x86_64", unix))]
        {
            let (code, exit, taken) = compile::block(b, direct);
            match self.arena.put(&code) {
                Ok(p) => {
                    let at = |offset: usize| p as usize + offset;
                    let link = |e: &compile::ExitSite| Link {
                        to_pc: e.to_pc,
                        site_rel: at(e.site_rel),
                        unlinked_rel: e.unlinked_rel,
                        block_imm: at(e.block_imm),
                        jump_rel: at(e.jump_rel),
                    };
                    Some(Compiled {
                        // SAFETY: the bytes are a complete function with
                        // the `BlockCode` signature (see `compile::block`).
                        code: unsafe { std::mem::transmute::<*const u8, BlockCode>(p) },
                        exit: link(&exit),
                        taken: taken.iter().map(|(k, e)| (*k, link(e))).collect(),
                    })
                }
                Err(e) => {
                    self.full = true;
                    self.refused |= e == arena::PutError::Refused;
                    None
                }
            }
        }
        #[cfg(not(all(target_arch = "x86_64", unix)))]
        {
            let _ = (b, direct);
            None
        }
    }

    /// Link `from` to the block at `block` whose code is at `code` (see
    /// `Compiler::link`): the glue first, then the site that enters it.
    fn link(&mut self, from: &Link, block: u64, code: usize) -> Option<Incoming> {
        #[cfg(all(target_arch = "x86_64", unix))]
        {
            let entry = code + compile::CHAIN_ENTRY;
            let rel = entry as i64 - (from.jump_rel + 4) as i64;
            let rel = i32::try_from(rel).ok()?;
            let done = self.patch(from.block_imm, &block.to_le_bytes())
                && self.patch(from.jump_rel, &rel.to_le_bytes())
                && self.patch(from.site_rel, &0i32.to_le_bytes());
            done.then_some((from.site_rel, from.unlinked_rel))
        }
        #[cfg(not(all(target_arch = "x86_64", unix)))]
        {
            let _ = (from, block, code);
            None
        }
    }

    /// Overwrite compiled code (see `Arena::patch`); false if the host
    /// refused, which empties the code memory as when full.
    fn patch(&mut self, at: usize, bytes: &[u8]) -> bool {
        #[cfg(all(target_arch = "x86_64", unix))]
        {
            let ok = self.arena.patch(at, bytes);
            if !ok {
                self.full = true;
                self.refused = true;
            }
            ok
        }
        #[cfg(not(all(target_arch = "x86_64", unix)))]
        {
            let _ = (at, bytes);
            false
        }
    }

    /// True once if the arena filled up (or the host refused to make it
    /// executable): the caller must then, before any compiled block runs
    /// again, drop every block's code and call `reset`.
    pub fn take_full(&mut self) -> bool {
        std::mem::take(&mut self.full)
    }

    /// Empty the code memory (no block may keep code from before).
    pub fn reset(&mut self) {
        #[cfg(all(target_arch = "x86_64", unix))]
        self.arena.reset();
    }
}
