//! The run loop: the fast path that does what `Hart::step` does without
//! building reports, running decoded blocks (`engine::block`) through
//! their handlers (`engine::threaded`) or compiled code (`engine::jit`).

use super::block::{self, Block, BlockInst, BLOCKS};
use super::cache::{lookup, DecodeCache, DecodeTable};
use super::jit::{unpack, Compiler};
use super::threaded::{Exit, NEXT, TAKEN, TRAPPED};
use crate::hart::Hart;
use crate::isa::exec::execute;

impl Hart {
    /// Execute up to `budget` instructions without building reports; returns
    /// how many were executed (trapped instructions count too, so a trap
    /// storm still advances time; taking an interrupt does not). Returns
    /// early when the hart starts waiting in WFI, or when a timer compare
    /// register or a device register was written (`yield_run`).
    pub fn run(&mut self, budget: u64) -> u64 {
        // The decode table and blocks are taken out of the hart for the
        // duration, so a decoded instruction can be used in place while
        // the hart executes it (nothing reached from `execute` uses the
        // decode cache).
        let jit = self.icache.jit_enabled();
        let mut cache = std::mem::replace(&mut self.icache, DecodeCache::detached(jit));
        if cache.parts().is_none() {
            cache = DecodeCache::new();
            cache.set_jit(jit);
        }
        if cache.ram_id != self.bus.ram.id() {
            // Blocks record physical pages and generations of one RAM.
            cache.ram_id = self.bus.ram.id();
            if let Some((_, blocks, _)) = cache.parts() {
                block::clear(blocks);
            }
        }
        self.host_ram = self.bus.ram.host_view();
        let n = match cache.parts() {
            Some((table, blocks, jit)) => self.run_with(table, blocks, jit, budget),
            None => 0,
        };
        self.icache = cache;
        n
    }

    /// The body of `run`. The outer loop handles interrupts and whatever
    /// else follows a change of state; the inner loop runs blocks (see
    /// `engine::block`) as long as nothing changes. Every CSR write, trap
    /// entry, xRET and device access sets `irq_dirty` (and WFI sets
    /// `waiting`), so checking the flags after each instruction is enough
    /// to notice a change of privilege, of mcountinhibit (the retire
    /// increments are kept in locals) or of anything an interrupt depends
    /// on. Inside a block only registers and memory change, so minstret
    /// and mcycle are settled once per block (and before a trap is taken).
    #[inline(always)]
    fn run_with(
        &mut self,
        table: &mut DecodeTable,
        blocks: &mut [Block; BLOCKS],
        jit: &mut Compiler,
        budget: u64,
    ) -> u64 {
        let mut n = 0;
        'outer: while n < budget {
            if jit.take_full() {
                // The code memory filled up: start it afresh.
                block::clear(blocks);
                jit.reset();
            }
            self.bus.clint.set_chunk_progress(n);
            if self.yield_run {
                // A timer or device changed: let the machine re-plan.
                self.yield_run = false;
                if n > 0 {
                    break;
                }
            }
            if self.irq_dirty || self.waiting {
                // Taking an interrupt executes no instruction and so does
                // not count (as in `step`): time only moves with execution.
                if self.service_interrupts().is_some() {
                    continue;
                }
                if self.waiting {
                    break;
                }
            }
            let instret_step = self.instret_step();
            let cycle_step = self.cycle_step();
            // Nothing the handlers' fast paths depend on changes in the
            // inner loop without raising a flag (or, for a device access
            // or an LR, without the handler that made it refreshing them).
            self.refresh_block_paths();
            // The page the last block came from: virtual base (never
            // equal to a page-aligned pc at first), physical base and
            // generation. Valid until a flag is raised (anything that
            // changes translation or the remembered fetch pages raises
            // one) or the page is written (which leaves the inner loop).
            let mut page_v = u64::MAX;
            let mut page_p = 0;
            let mut page_g = 0;
            loop {
                let pc = self.pc;
                if (pc & !0xfff) != page_v {
                    match self.fetch_page(pc) {
                        Some(pbase) => {
                            page_v = pc & !0xfff;
                            page_p = pbase;
                            page_g = self.bus.ram.page_gen(pbase);
                            self.running.pbase = pbase;
                            self.running.gen = page_g;
                        }
                        // Not in a remembered page, or an odd pc: one
                        // instruction on its own (and its trap, if any).
                        None => {
                            self.fetch_run_one(table, pc, &mut n);
                            continue 'outer;
                        }
                    }
                }
                let b = &mut blocks[block::slot(pc)];
                if !block::is_current(b, pc, page_p, page_g) {
                    block::build(b, pc, &self.bus.ram, page_p);
                }
                if b.code.is_none() && jit.is_on() {
                    // Compiled once it has run a few times: most blocks
                    // run too seldom to repay the compiler.
                    b.runs = b.runs.saturating_add(1);
                    if b.runs == block::HOT && b.len > 0 {
                        b.code = jit.compile(b);
                    }
                }
                let b = &*b;
                if b.len == 0 {
                    // An instruction that runs on its own (it may change
                    // anything, or it is not in RAM, or it crosses into
                    // the next page): the outer loop looks at the flags
                    // after it.
                    self.fetch_run_one(table, pc, &mut n);
                    continue 'outer;
                }
                // The block may stop mid-way at the budget.
                let limit = (b.len as u64).min(budget - n) as usize;
                self.running.start = n;
                let (exit, k) = match b.code {
                    Some(code) if limit == b.len as usize => {
                        self.fuel = budget - n;
                        // SAFETY: `code` was compiled from `b`, which has not
                        // changed or moved since (a rebuild drops it), and
                        // the hart is not otherwise borrowed while it runs.
                        let r = unpack(unsafe { code(self) });
                        // Whole passes of a block that loops on itself
                        // retired (and moved `running.start` on).
                        let passes = (budget - n) - self.fuel;
                        n += passes;
                        self.retire_many(passes, instret_step, cycle_step);
                        r
                    }
                    _ => run_block(self, &b.insts, limit),
                };
                // Where the last pass began.
                let start = n;
                match exit {
                    NEXT => {
                        self.pc = b.pc_after(k);
                        n = start + k as u64;
                        self.retire_many(k as u64, instret_step, cycle_step);
                        if n >= budget {
                            break 'outer;
                        }
                    }
                    TAKEN => {
                        // Instruction k retired and set the pc.
                        n = start + k as u64 + 1;
                        self.retire_many(k as u64 + 1, instret_step, cycle_step);
                        if n >= budget {
                            break 'outer;
                        }
                    }
                    TRAPPED => {
                        self.bus.clint.set_chunk_progress(start + k as u64);
                        // The trapped instruction counts as executed.
                        n = start + k as u64 + 1;
                        self.retire_many(k as u64, instret_step, cycle_step);
                        self.cycles = self.cycles.wrapping_add(self.cycle_step());
                        let trap = self.block_trap;
                        self.take_trap(trap);
                        continue 'outer;
                    }
                    _ => {
                        // LEAVE: instruction k retired and set the pc.
                        n = start + k as u64 + 1;
                        self.retire_many(k as u64 + 1, instret_step, cycle_step);
                        continue 'outer;
                    }
                }
            }
        }
        n
    }
}

/// Run the first `limit` entries of a block until one returns other than
/// `NEXT`: returns that exit and the entry's index, or (`NEXT`, `limit`).
/// (One call site for all entries measured faster here than a call site
/// per position.)
#[inline(always)]
fn run_block(h: &mut Hart, insts: &[BlockInst; block::BLOCK_MAX], limit: usize) -> (Exit, usize) {
    for e in &insts[..limit.min(block::BLOCK_MAX)] {
        let exit = (e.run)(h, e);
        if exit != NEXT {
            return (exit, e.index as usize);
        }
    }
    (NEXT, limit)
}

impl Hart {
    /// Fetch the instruction at `pc` and run it on its own (see `run_one`);
    /// a fetch fault counts as executed (it moves time) but not as a cycle.
    /// The caller goes back to the outer loop, which looks at the flags.
    #[inline(never)]
    fn fetch_run_one(&mut self, table: &mut DecodeTable, pc: u64, n: &mut u64) {
        match self.fetch(pc) {
            Ok(raw) => self.run_one(table, pc, raw, n),
            Err(trap) => {
                *n += 1;
                self.take_trap(trap);
            }
        }
    }

    /// Run the single instruction `raw` at `pc` (fetched already) outside
    /// any block.
    #[inline(never)]
    fn run_one(&mut self, table: &mut DecodeTable, pc: u64, raw: u32, n: &mut u64) {
        let inst = lookup(table, pc, raw);
        self.bus.clint.set_chunk_progress(*n);
        *n += 1;
        match execute(self, inst) {
            // Possibly a write of mcountinhibit, minstret or mcycle:
            // retire by the rules as they are after the instruction.
            Ok(()) => self.retire(),
            Err(trap) => {
                self.cycles = self.cycles.wrapping_add(self.cycle_step());
                self.take_trap(trap);
            }
        }
    }

    /// Count `k` retired instructions at the given increments.
    #[inline(always)]
    fn retire_many(&mut self, k: u64, instret_step: u64, cycle_step: u64) {
        self.instret = self.instret.wrapping_add(k * instret_step);
        self.cycles = self.cycles.wrapping_add(k * cycle_step);
    }
}
