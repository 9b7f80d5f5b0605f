//! Trap entry (delegation through medeleg/mideleg/hedeleg/hideleg), interrupt
//! selection, and the trap returns MRET and SRET.

use super::{Hart, Trap};

impl Hart {
    /// Take a synchronous exception raised by the instruction at `self.pc`.
    pub fn take_trap(&mut self, trap: Trap) {
        let _ = trap;
    }

    /// MRET. Sets the pc; `raw` is the instruction for an illegal-instruction trap.
    pub fn mret(&mut self, raw: u32) -> Result<(), Trap> {
        Err(Trap::illegal(raw as u64))
    }

    /// SRET (from HS, from M, or from VS where it acts on vsstatus). Sets the pc.
    pub fn sret(&mut self, raw: u32) -> Result<(), Trap> {
        Err(Trap::illegal(raw as u64))
    }
}
