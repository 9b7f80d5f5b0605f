//! The hart's state as tests, debuggers and the machine see it: reading
//! it, and changing it the way a debugger does (between instructions,
//! outside the rules of the ISA), keeping the invariants the run loops
//! rely on. The CSRs are reached by address with `csr_peek`/`csr_poke`
//! (or `csr_access`, as an instruction would), memory through `bus` /
//! `bus_mut`, `load`/`store` and `translate`.

use super::{Hart, Mode};
use crate::bus::Bus;

impl Hart {
    /// The address of the next instruction.
    #[inline]
    pub fn pc(&self) -> u64 {
        self.pc
    }

    /// Go on at `pc` (as a debugger's jump; nothing is checked).
    pub fn set_pc(&mut self, pc: u64) {
        self.pc = pc;
    }

    /// All integer registers, x0 (always 0) first.
    pub fn xregs(&self) -> &[u64; 32] {
        &self.x
    }

    /// All floating-point registers, raw.
    pub fn fregs(&self) -> &[u64; 32] {
        &self.f
    }

    /// f[r], raw (a single is NaN-boxed).
    pub fn freg(&self, r: u8) -> u64 {
        self.f[r as usize & 31]
    }

    /// Write f[r], raw (a single must be NaN-boxed to read as one).
    pub fn set_freg(&mut self, r: u8, v: u64) {
        self.f[r as usize & 31] = v;
    }

    /// Put the hart in `mode` (as a debugger or a test setting a hart up;
    /// trap entry and xRET change it by the rules). Which interrupts may be
    /// taken depends on the mode, so they are checked again before the next
    /// instruction; translations are looked up in the new mode's context.
    pub fn set_mode(&mut self, mode: Mode) {
        self.prv = mode.privilege();
        self.virt = mode.virt();
        self.irq_dirty = true;
        self.counters_mode_changed(0);
    }

    /// The LR reservation: the physical address reserved, if any.
    pub fn reservation(&self) -> Option<u64> {
        self.reservation
    }

    /// Reserve physical address `pa` (as an LR would) or drop the
    /// reservation.
    pub fn set_reservation(&mut self, pa: Option<u64>) {
        self.reservation = pa;
    }

    /// minstret: instructions retired (unless inhibited).
    pub fn instret(&self) -> u64 {
        self.counter(2)
    }

    /// mcycle: one per instruction executed (unless inhibited).
    pub fn cycles(&self) -> u64 {
        self.counter(0)
    }

    /// True while the hart waits in WFI for an interrupt.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// Stop or start waiting, as if a WFI had stalled the hart or an
    /// interrupt had woken it.
    pub fn set_waiting(&mut self, waiting: bool) {
        self.waiting = waiting;
    }

    /// Interrupts taken since power-on.
    pub fn interrupts_taken(&self) -> u64 {
        self.interrupts_taken
    }

    /// The bus the hart is attached to: memory and devices as the hart's
    /// physical accesses reach them.
    pub fn bus(&self) -> &Bus {
        &self.bus
    }

    /// The bus, to change memory or a device the way a debugger or a
    /// loader does: outside the hart, between instructions. Physical
    /// accesses go around translation and PMP; compiled code notices
    /// written RAM as it notices the hart's own stores.
    pub fn bus_mut(&mut self) -> &mut Bus {
        &mut self.bus
    }

    /// The hart id (mhartid).
    pub fn hartid(&self) -> u64 {
        self.hartid
    }

    /// Drop every cached translation and PMP decision (as SFENCE.VMA,
    /// HFENCE.VVMA and HFENCE.GVMA of everything together), as a debugger
    /// or a test does after changing page tables in memory behind the
    /// hart's back. (A CSR written with `csr_poke` needs nothing more: it
    /// has the side effects of a CSR instruction.)
    pub fn flush_translations(&mut self) {
        self.mmu.flush_all();
    }
}
