//! Fetch, execute, and the run loop.
//!
//! `step` is the instrumented path (it reports what happened, for the
//! debugger and tests); `run` is the fast path that does the same work
//! without building reports. Both check for interrupts only when something
//! they depend on changed (`irq_dirty`), so the common case costs one flag test.

use super::{Exception, Hart, Interrupt, Mode, Trap};
use crate::isa::block::{self, Block, BLOCKS};
use crate::isa::cache::{lookup, DecodeCache, DecodeTable};
use crate::isa::exec::execute;

/// MRET and SRET encodings, to report privilege returns.
const MRET: u32 = 0x3020_0073;
const SRET: u32 = 0x1020_0073;

/// What one `step` did, for debuggers and tests.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StepEvent {
    /// The instruction at `pc` retired.
    Retired { pc: u64, raw: u32 },
    /// The instruction at `epc` raised an exception that was taken.
    Exception { cause: Exception, epc: u64, tval: u64, from: Mode, to: Mode },
    /// An interrupt was taken before the instruction at `epc`.
    Interrupt { cause: Interrupt, epc: u64, from: Mode, to: Mode },
    /// An MRET or SRET at `pc` retired, changing mode.
    Xret { pc: u64, raw: u32, from: Mode, to: Mode },
    /// The hart is waiting in WFI with nothing pending.
    Waiting,
}

impl Hart {
    /// Execute one instruction (or take one pending interrupt) and report it.
    pub fn step(&mut self) -> StepEvent {
        self.bus.clint.set_chunk_progress(0);
        if self.irq_dirty || self.waiting {
            let from = self.mode();
            let epc = self.pc;
            if let Some(irq) = self.service_interrupts() {
                let to = self.mode();
                return StepEvent::Interrupt { cause: irq, epc, from, to };
            }
            if self.waiting {
                return StepEvent::Waiting;
            }
        }
        let pc = self.pc;
        let from = self.mode();
        let raw = match self.fetch(pc) {
            Ok(raw) => raw,
            Err(trap) => {
                let to = self.take_trap(trap);
                return StepEvent::Exception { cause: trap.cause, epc: pc, tval: trap.tval, from, to };
            }
        };
        let inst = self.icache.get_at(pc, raw);
        match execute(self, &inst) {
            Ok(()) => {
                self.retire();
                if inst.raw == MRET || inst.raw == SRET {
                    StepEvent::Xret { pc, raw: inst.raw, from, to: self.mode() }
                } else {
                    StepEvent::Retired { pc, raw: inst.raw }
                }
            }
            Err(trap) => {
                self.cycles = self.cycles.wrapping_add(self.cycle_step());
                let to = self.take_trap(trap);
                StepEvent::Exception { cause: trap.cause, epc: pc, tval: trap.tval, from, to }
            }
        }
    }

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
        let mut cache = std::mem::replace(&mut self.icache, DecodeCache::detached());
        if cache.parts().is_none() {
            cache = DecodeCache::new();
        }
        let n = match cache.parts() {
            Some((table, blocks)) => self.run_with(table, blocks, budget),
            None => 0,
        };
        self.icache = cache;
        n
    }

    /// The body of `run`. The outer loop handles interrupts and whatever
    /// else follows a change of state; the inner loop runs blocks (see
    /// `isa::block`) as long as nothing changes. Every CSR write, trap
    /// entry, xRET and device access sets `irq_dirty` (and WFI sets
    /// `waiting`), so checking the flags after each instruction is enough
    /// to notice a change of privilege, of mcountinhibit (the retire
    /// increments are kept in locals) or of anything an interrupt depends
    /// on. Inside a block only registers and memory change, so minstret
    /// and mcycle are settled once per block (and before a trap is taken).
    #[inline(always)]
    fn run_with(&mut self, table: &mut DecodeTable, blocks: &mut [Block; BLOCKS], budget: u64) -> u64 {
        let mut n = 0;
        'outer: while n < budget {
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
            // The page the last block came from: virtual base (never
            // equal to a page-aligned pc at first) and physical base. Valid
            // until a flag is raised: anything that changes translation or
            // the remembered fetch pages raises one.
            let mut page_v = u64::MAX;
            let mut page_p = 0;
            // Where a handler leaves its trap (see `exec::threaded`).
            let mut trap = Trap::new(Exception::IllegalInstruction, 0);
            loop {
                let pc = self.pc;
                let pbase = match (pc & !0xfff) == page_v {
                    true => page_p,
                    false => match self.fetch_fast(pc) {
                        Some((_, pbase)) => {
                            page_v = pc & !0xfff;
                            page_p = pbase;
                            pbase
                        }
                        // Not in a remembered RAM page (the boot ROM, a page
                        // end) or a fault: one instruction on its own.
                        None => match self.fetch_run_one(table, pc, &mut n) {
                            true => continue 'outer,
                            false if n >= budget => break 'outer,
                            false => continue,
                        },
                    },
                };
                let b = &mut blocks[block::slot(pc)];
                if !block::is_current(b, pc, pbase, &self.bus.ram) {
                    // A block lies within its page and does not use the
                    // last halfword; an odd pc takes the slow path and its
                    // trap. (No block starts at such a pc, so they are
                    // only tested here, on a miss.)
                    if pc & 1 != 0 || (pc & 0xfff) > 0xffc {
                        match self.fetch_run_one(table, pc, &mut n) {
                            true => continue 'outer,
                            false if n >= budget => break 'outer,
                            false => continue,
                        }
                    }
                    block::build(b, pc, &self.bus.ram, pbase);
                }
                if b.len == 0 {
                    match self.fetch_run_one(table, pc, &mut n) {
                        true => continue 'outer,
                        false if n >= budget => break 'outer,
                        false => continue,
                    }
                }
                // The block may stop mid-way at the budget. `k` counts the
                // block's instructions executed so far; `n` is settled
                // from it when the block is left.
                let limit = (b.len as u64).min(budget - n) as usize;
                let start = n;
                // Every way out of the loop yields the reason and how many
                // of the block's instructions retired (`k`, from the entry's
                // index), so nothing counts per instruction and the retire
                // counts are settled once, after it.
                let insts = &b.insts[..limit.min(block::BLOCK_MAX)];
                let exit = 'block: {
                    for e in insts {
                        if e.memory {
                            // Only a memory access can observe the time within
                            // a block: tell the CLINT how far into the chunk it is.
                            self.bus.clint.set_chunk_progress(start + e.index as u64);
                            if (e.run)(self, &e.inst, &mut trap) {
                                break 'block BlockExit::Trap(e.index as usize);
                            }
                            // Block instructions change only registers and
                            // memory: only a memory access (a device access,
                            // a page-table walk) can raise a flag here, and
                            // none sets `waiting`.
                            if self.irq_dirty {
                                break 'block BlockExit::Flag(e.index as usize + 1);
                            }
                            // A write to the block's own page may have
                            // changed the instructions that follow.
                            if self.bus.ram.page_gen(pbase) != b.gen {
                                break 'block BlockExit::End(e.index as usize + 1);
                            }
                        } else if (e.run)(self, &e.inst, &mut trap) {
                            break 'block BlockExit::Trap(e.index as usize);
                        }
                    }
                    BlockExit::End(insts.len())
                };
                let k = match exit {
                    BlockExit::End(k) => k,
                    BlockExit::Flag(k) => {
                        n = start + k as u64;
                        self.retire_many(k as u64, instret_step, cycle_step);
                        continue 'outer;
                    }
                    BlockExit::Trap(k) => {
                        self.bus.clint.set_chunk_progress(start + k as u64);
                        // The trapped instruction counts as executed.
                        n = start + k as u64 + 1;
                        self.retire_many(k as u64, instret_step, cycle_step);
                        self.cycles = self.cycles.wrapping_add(self.cycle_step());
                        self.take_trap(trap);
                        continue 'outer;
                    }
                };
                n = start + k as u64;
                self.retire_many(k as u64, instret_step, cycle_step);
                if n >= budget {
                    break 'outer;
                }
            }
        }
        n
    }

}

/// Why the run loop left a block.
/// Each carries how many of the block's instructions retired.
enum BlockExit {
    /// It ran to its end (or to the budget, or its page was written).
    End(usize),
    /// An instruction raised `irq_dirty`: the outer loop must look.
    Flag(usize),
    /// An instruction trapped (it did not retire); the trap is in the
    /// loop's `trap`.
    Trap(usize),
}

impl Hart {
    /// Fetch the instruction at `pc` and run it on its own (see `run_one`);
    /// a fetch fault counts as executed (it moves time) but not as a cycle.
    #[inline(never)]
    fn fetch_run_one(&mut self, table: &mut DecodeTable, pc: u64, n: &mut u64) -> bool {
        match self.fetch(pc) {
            Ok(raw) => self.run_one(table, pc, raw, n),
            Err(trap) => {
                *n += 1;
                self.take_trap(trap);
                true
            }
        }
    }

    /// Run the single instruction `raw` at `pc` (fetched already) outside
    /// any block; true if the outer loop must look at the flags (a trap
    /// was taken or a flag raised).
    #[inline(never)]
    fn run_one(&mut self, table: &mut DecodeTable, pc: u64, raw: u32, n: &mut u64) -> bool {
        let inst = lookup(table, pc, raw);
        self.bus.clint.set_chunk_progress(*n);
        *n += 1;
        match execute(self, inst) {
            Ok(()) => {
                // Possibly a write of mcountinhibit, minstret or mcycle:
                // retire by the rules as they are after the instruction.
                self.retire();
                self.irq_dirty || self.waiting
            }
            Err(trap) => {
                self.cycles = self.cycles.wrapping_add(self.cycle_step());
                self.take_trap(trap);
                true
            }
        }
    }

    /// Count `k` retired instructions at the given increments.
    #[inline(always)]
    fn retire_many(&mut self, k: u64, instret_step: u64, cycle_step: u64) {
        self.instret = self.instret.wrapping_add(k * instret_step);
        self.cycles = self.cycles.wrapping_add(k * cycle_step);
    }

    /// Count a retired instruction in minstret and mcycle (unless inhibited).
    #[inline(always)]
    fn retire(&mut self) {
        self.instret = self.instret.wrapping_add(self.instret_step());
        self.cycles = self.cycles.wrapping_add(self.cycle_step());
    }

    /// Called when `irq_dirty` or `waiting`: take the highest-priority
    /// interrupt that can be taken now, and wake a WFI when any interrupt is
    /// pending and enabled in mie (even if globally disabled, WFI resumes).
    fn service_interrupts(&mut self) -> Option<Interrupt> {
        if let Some(irq) = self.pending_interrupt() {
            self.take_interrupt(irq);
            return Some(irq);
        }
        self.irq_dirty = false;
        if self.waiting && self.mip_value() & self.csr.mie != 0 {
            self.waiting = false;
        }
        None
    }

    /// Update the interrupt lines driven by devices: MSIP, MTIP, MEIP from the
    /// CLINT and PLIC, and SEIP from the PLIC's supervisor context (bits in
    /// mip layout; other bits are ignored). Also re-evaluates the Sstc
    /// comparators against the current time.
    pub fn set_irq_lines(&mut self, lines: u64) {
        use super::csr::bits::*;
        let mask = MSIP | MTIP | MEIP | SEIP;
        let new = (self.csr.mip_lines & !mask) | (lines & mask);
        if new != self.csr.mip_lines {
            self.csr.mip_lines = new;
            self.irq_dirty = true;
        }
        self.update_timer_lines();
    }

    /// The ISA string for the device tree's riscv,isa property, listing what
    /// this hart implements.
    pub fn isa_string(&self) -> String {
        "rv64imafdch_zicntr_zicsr_zifencei_zihintpause_sstc_svadu".to_string()
    }
}
