//! A copy of the hart's architectural state, for going back in time.
//!
//! Everything a later step can observe is kept (registers, pc, mode, CSRs,
//! the LR reservation, the counters, WFI and the pending flags) and the
//! translation caches too: a TLB entry a guest forgot to fence is
//! architecturally visible, so a replay must see it as the run did.

use super::csr::CsrFile;
use crate::mmu::Mmu;
use super::trap_loop::TrapLoopWatch;
use super::{Hart, Privilege};

/// The hart's state at one step (see [`Hart::save`]).
#[derive(Clone)]
pub struct HartState {
    x: [u64; 32],
    f: [u64; 32],
    pc: u64,
    prv: Privilege,
    virt: bool,
    csr: CsrFile,
    reservation: Option<u64>,
    instret: u64,
    cycles: u64,
    waiting: bool,
    irq_dirty: bool,
    yield_run: bool,
    interrupts_taken: u64,
    mmu: Mmu,
    trap_loop: TrapLoopWatch,
}

impl Hart {
    /// Copy the architectural state (not the bus: see `Machine::save_state`).
    pub fn save(&self) -> HartState {
        HartState {
            x: self.x,
            f: self.f,
            pc: self.pc,
            prv: self.prv,
            virt: self.virt,
            csr: self.csr.clone(),
            reservation: self.reservation,
            instret: self.instret,
            cycles: self.cycles,
            waiting: self.waiting,
            irq_dirty: self.irq_dirty,
            yield_run: self.yield_run,
            interrupts_taken: self.interrupts_taken,
            mmu: self.mmu.clone(),
            trap_loop: self.trap_loop,
        }
    }

    /// Put back a saved state.
    pub fn restore(&mut self, s: &HartState) {
        self.x = s.x;
        self.f = s.f;
        self.pc = s.pc;
        self.prv = s.prv;
        self.virt = s.virt;
        self.csr = s.csr.clone();
        self.reservation = s.reservation;
        self.instret = s.instret;
        self.cycles = s.cycles;
        self.waiting = s.waiting;
        self.irq_dirty = s.irq_dirty;
        self.yield_run = s.yield_run;
        self.interrupts_taken = s.interrupts_taken;
        self.mmu = s.mmu.clone();
        self.trap_loop = s.trap_loop;
    }
}
