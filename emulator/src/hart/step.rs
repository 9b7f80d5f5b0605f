//! Fetch, execute, and the run loop.

use super::{Exception, Hart, Interrupt, Mode};

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
    Xret { pc: u64, from: Mode, to: Mode },
    /// The hart is waiting in WFI with nothing pending.
    Waiting,
}

impl Hart {
    /// Execute one instruction (or take one pending interrupt) and report it.
    pub fn step(&mut self) -> StepEvent {
        StepEvent::Waiting
    }

    /// Execute up to `budget` instructions without building reports; returns
    /// how many were executed (counting trapped ones). Returns early when the
    /// hart starts waiting in WFI.
    pub fn run(&mut self, budget: u64) -> u64 {
        let _ = budget;
        0
    }

    /// Update the interrupt lines driven by devices: MSIP, MTIP, MEIP from the
    /// CLINT and PLIC, and SEIP from the PLIC's supervisor context (bits in
    /// mip layout; other bits are ignored).
    pub fn set_irq_lines(&mut self, lines: u64) {
        use super::csr::bits::*;
        let mask = MSIP | MTIP | MEIP | SEIP;
        let new = (self.csr.mip_lines & !mask) | (lines & mask);
        if new != self.csr.mip_lines {
            self.csr.mip_lines = new;
            self.irq_dirty = true;
        }
    }

    /// The ISA string for the device tree's riscv,isa property, listing what
    /// this hart implements.
    pub fn isa_string(&self) -> String {
        "rv64imafdch_zicntr_zicsr_zifencei_zihintpause_sstc".to_string()
    }
}
