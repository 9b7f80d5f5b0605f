//! The hart: architectural state and the rules that change it.
//!
//! `Hart` owns its registers, its CSRs, its translation caches and the bus it
//! is attached to. `isa` decodes and executes instructions on it, `mmu`
//! translates its addresses, `trap.rs` moves it between privilege modes.
//! It holds the architecture only: how instructions are run fast (decoded
//! blocks, compiled code) is `crate::engine`'s, which drives a hart.

pub mod csr;
pub mod exception;
mod fault;
mod fence;
mod hyp;
mod memory;
pub mod privilege;
mod regs;
pub mod state;
pub mod step;
pub mod system;
mod tinst;
pub mod trap;
pub mod trap_loop;

pub use exception::{Exception, Interrupt, Trap};
pub use privilege::{Mode, Privilege};

use crate::bus::Bus;
use crate::isa::Isa;
use crate::mmu::Mmu;
use csr::CsrFile;

/// One RISC-V hart (RV64GC + H) attached to a bus.
///
/// Its registers are read and changed from outside the crate through
/// methods (`regs.rs`) that keep the invariants the run loops rely on:
/// whatever the interrupt check depends on raises `irq_dirty`, and a
/// change of translation forgets the remembered fetch pages.
pub struct Hart {
    /// Integer registers x0..x31; x[0] is kept 0 (writes go through `set_xreg`).
    pub(crate) x: [u64; 32],
    /// Floating-point registers, raw 64-bit values (singles NaN-boxed).
    pub(crate) f: [u64; 32],
    pub(crate) pc: u64,
    /// Current privilege level.
    pub(crate) prv: Privilege,
    /// The V bit: true in VS and VU.
    pub(crate) virt: bool,
    pub(crate) csr: CsrFile,
    /// LR/SC reservation: the physical address reserved, if any.
    pub(crate) reservation: Option<u64>,
    /// Instructions retired since reset, always counting: minstret and the
    /// hpm counters derive from it (`csr::counters`).
    pub(crate) instret: u64,
    /// Cycles since reset (one per instruction executed, trapped ones
    /// too), always counting: mcycle and the hpm counters derive from it.
    pub(crate) cycles: u64,
    /// The hart is stalled in WFI until an interrupt is pending.
    pub(crate) waiting: bool,
    /// Set when something the interrupt check depends on changed (a CSR
    /// write, an xRET, a device line): the run loop checks interrupts before
    /// the next instruction.
    pub(crate) irq_dirty: bool,
    /// Translation caches (TLB) and PMP.
    pub(crate) mmu: Mmu,
    /// The bus the hart is attached to: memory and devices.
    pub(crate) bus: Bus,
    /// The hart id (mhartid).
    pub(crate) hartid: u64,
    /// Set when something the machine's timing depends on changed in the
    /// middle of a run (a timer compare register, a device register): the
    /// run loop returns early (see `take_yield`) so the machine can re-plan
    /// the next timer deadline.
    pub(crate) yield_run: bool,
    /// Interrupts taken since power-on (with the executed instructions,
    /// this numbers the hart's steps: `Machine::position`).
    pub(crate) interrupts_taken: u64,
    /// The extensions it implements (fixed from reset; see `set_isa`).
    pub(crate) isa: Isa,
    /// Trap entry's memory of the last exceptions, to stop a hart that
    /// traps on its own trap vector (`trap_loop`).
    pub(crate) trap_loop: trap_loop::TrapLoopWatch,
}

impl Hart {
    /// A hart in its reset state (M-mode, pc = `reset_pc`), attached to `bus`.
    pub fn new(bus: Bus, reset_pc: u64) -> Hart {
        let mut h = Hart {
            x: [0; 32],
            f: [0; 32],
            pc: reset_pc,
            prv: Privilege::Machine,
            virt: false,
            csr: CsrFile::default(),
            reservation: None,
            instret: 0,
            cycles: 0,
            waiting: false,
            irq_dirty: true,
            mmu: Mmu::new(),
            bus,
            hartid: 0,
            yield_run: false,
            interrupts_taken: 0,
            isa: Isa::ALL,
            trap_loop: trap_loop::TrapLoopWatch::default(),
        };
        h.reset(reset_pc);
        h
    }

    /// Reset the hart (priv spec, "Reset"): M-mode, pc = `reset_pc`, the
    /// CSRs' reset values, registers, counters, reservation and translation
    /// caches as at power-on. What is not the hart's stays: the bus (its
    /// devices have their own reset), the hart id, its extensions, and the
    /// count of interrupts taken, so that steps keep their numbers across
    /// a reset.
    pub fn reset(&mut self, reset_pc: u64) {
        // Naming every field makes a new one a compile error here until it
        // is decided whether reset clears it.
        let Hart {
            x,
            f,
            pc,
            prv,
            virt,
            csr: _,
            reservation,
            instret,
            cycles,
            waiting,
            irq_dirty,
            mmu,
            bus: _,
            hartid: _,
            yield_run,
            interrupts_taken: _,
            // The extensions are the machine's configuration (`--isa`):
            // reset keeps them (misa is reset from them).
            isa: _,
            trap_loop,
        } = self;
        *x = [0; 32];
        *f = [0; 32];
        *pc = reset_pc;
        *prv = Privilege::Machine;
        *virt = false;
        *reservation = None;
        *instret = 0;
        *cycles = 0;
        *waiting = false;
        *irq_dirty = true;
        *mmu = Mmu::new();
        *yield_run = false;
        *trap_loop = trap_loop::TrapLoopWatch::default();
        self.reset_csrs();
    }

    /// The current mode (privilege level together with V).
    #[inline]
    pub fn mode(&self) -> Mode {
        Mode::new(self.prv, self.virt)
    }

    #[inline(always)]
    pub fn xreg(&self, r: u8) -> u64 {
        self.x[r as usize & 31]
    }

    /// Write an integer register; writes to x0 are discarded.
    #[inline(always)]
    pub fn set_xreg(&mut self, r: u8, v: u64) {
        if r != 0 {
            self.x[r as usize & 31] = v;
        }
    }

    /// Reset values of the CSRs (priv spec, "Reset").
    ///
    /// misa: MXL = 64 and the extensions I M A F D C S U H, and B with
    /// Zba, Zbb and Zbs (fixed: `misa_of`). UXL,
    /// SXL and VSXL are read-only 64. mideleg's VS interrupt bits are
    /// read-only one with H. Everything else starts at zero: M-mode with
    /// interrupts off, FS Off, translation Bare, no PMP entries.
    pub fn reset_csrs(&mut self) {
        use csr::bits::*;
        self.csr = CsrFile::default();
        let c = &mut self.csr;
        c.misa = misa_of(self.isa);
        c.mstatus = (2 << UXL_SHIFT) | (2 << SXL_SHIFT);
        c.vsstatus = 2 << UXL_SHIFT;
        c.hstatus = 2 << HSTATUS_VSXL_SHIFT;
        c.mideleg = VS_INTERRUPTS;
        self.mmu.flush_all();
        // mcycle and minstret count from 0 (mcountinhibit is 0).
        self.counter_rules_changed(0);
    }
}

/// misa for a hart with the extensions `isa`: MXL = 64 and its letters
/// (`Isa::misa_letters`).
pub(crate) fn misa_of(isa: Isa) -> u64 {
    use csr::bits::misa_ext;
    (2 << 62) | isa.misa_letters().bytes().fold(0, |m, l| m | misa_ext(l))
}
