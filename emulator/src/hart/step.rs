//! Fetch and execute one instruction.
//!
//! `step` is the instrumented path (it reports what happened, for the
//! debugger and tests); `Engine::run` (`crate::engine`) is the fast path that does
//! the same work without building reports. Both check for interrupts only
//! when something they depend on changed (`irq_dirty`), so the common case
//! costs one flag test.

use super::{misa_of, Exception, Hart, Interrupt, Mode};
use crate::isa::Isa;
use crate::isa::exec::execute;
use crate::isa::{decode_with, Inst};

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
        let isa = self.isa;
        self.step_with(|_, raw| decode_with(raw, isa))
    }

    /// `step`, decoding with `decode(pc, raw)` (which must return what
    /// `isa::decode_with(raw, self.isa())` does: a cache of decodes, say).
    #[inline]
    pub fn step_with(&mut self, decode: impl FnOnce(u64, u32) -> Inst) -> StepEvent {
        let event = self.step_inner(decode);
        // A counter that wrapped raises its overflow before the next step.
        self.counters_check_overflow();
        event
    }

    #[inline]
    fn step_inner(&mut self, decode: impl FnOnce(u64, u32) -> Inst) -> StepEvent {
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
        let inst = decode(pc, raw);
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
                self.cycles = self.cycles.wrapping_add(1);
                let to = self.take_trap(trap);
                StepEvent::Exception { cause: trap.cause, epc: pc, tval: trap.tval, from, to }
            }
        }
    }

    /// True once after something the machine's timing depends on changed
    /// (a timer compare register, a device register): whoever runs the
    /// hart in chunks should end the chunk so the machine can re-plan the
    /// next timer deadline.
    #[inline(always)]
    pub fn take_yield(&mut self) -> bool {
        if self.yield_run {
            self.yield_run = false;
            return true;
        }
        false
    }

    /// Count a retired instruction in the raw totals the counters derive
    /// from (`csr::counters`).
    #[inline(always)]
    pub(crate) fn retire(&mut self) {
        self.instret = self.instret.wrapping_add(1);
        self.cycles = self.cycles.wrapping_add(1);
    }

    /// Called when `irq_dirty` or `waiting`: take the highest-priority
    /// interrupt that can be taken now, and wake a WFI when any interrupt is
    /// pending and enabled in mie (even if globally disabled, WFI resumes).
    pub(crate) fn service_interrupts(&mut self) -> Option<Interrupt> {
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
        self.isa.string()
    }

    /// The extensions this hart implements.
    #[inline(always)]
    pub fn isa(&self) -> Isa {
        self.isa
    }

    /// Implement the extensions `isa` (at reset: misa follows it).
    pub fn set_isa(&mut self, isa: Isa) {
        self.isa = isa;
        self.csr.misa = misa_of(isa);
        self.counter_rules_changed(0);
    }
}
