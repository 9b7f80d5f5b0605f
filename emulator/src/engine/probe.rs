//! Probes: where the fast path stops for a debugger.
//!
//! A debugger that wants to stop at a breakpoint, or right before a
//! privilege transition (a trap, an interrupt, an MRET or SRET) or a CSR
//! instruction, hands the engine a [`Probes`]. The run loop then stops
//! *before* the probed event: the hart is left exactly as it was after the
//! previous instruction, and the debugger executes the event itself with
//! the instrumented `Hart::step`, which reports what it did.
//!
//! Nothing here forces single-stepping. Breakpoints end decoded blocks (a
//! block never holds a breakpoint's instruction except as its first), and
//! the run loop looks at the probes once per block; the events a
//! transition or CSR probe waits for already run outside blocks (they end
//! them), or are traps, which leave the hart untouched until they are
//! taken (exceptions are precise). Memory probes turn the loads' and
//! stores' shortcuts off and make a watched access fail like a trap
//! (`mmu::watch`). With no probes the cost is one flag test per block.

/// What the run loop stops before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Probes {
    /// Virtual pcs: stop before executing the instruction at any of them.
    pub breakpoints: Vec<u64>,
    /// Stop before a trap, an interrupt or an xRET.
    pub transitions: bool,
    /// Stop before any CSR instruction (CSRRW ... CSRRCI).
    pub csr_instructions: bool,
    /// Stop before any F or D instruction (they change fflags, frm's
    /// neighbours in fcsr, and the FS bits inside blocks, which then end
    /// before them).
    pub float_instructions: bool,
    /// Physical [start, end) ranges: stop before an instruction whose load
    /// or store touches one (see `mmu::watch`). Loads and stores then all
    /// take the translating path, but nothing is single-stepped.
    pub memory: Vec<(u64, u64)>,
}

impl Probes {
    /// True when nothing is probed (the run loop's fast case).
    pub fn is_empty(&self) -> bool {
        self.breakpoints.is_empty()
            && !self.transitions
            && !self.csr_instructions
            && !self.float_instructions
            && self.memory.is_empty()
    }

    /// True if a breakpoint is set at `pc`.
    #[inline]
    pub fn breaks_at(&self, pc: u64) -> bool {
        self.breakpoints.contains(&pc)
    }
}

/// Why the run loop stopped early. In every case the event has not
/// happened yet: the hart's pc is the instruction's (or, for an
/// interrupt, the one the interrupt comes before).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeHit {
    /// The next instruction is at a breakpoint.
    Breakpoint { pc: u64 },
    /// The next step is a trap, an interrupt or an xRET.
    Transition,
    /// The next instruction is a CSR instruction.
    CsrInstruction { pc: u64 },
    /// The next instruction is an F or D instruction.
    FloatInstruction { pc: u64 },
    /// The next instruction accesses a watched memory range.
    Memory { pc: u64 },
}
