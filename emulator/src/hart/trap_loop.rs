//! A hart that traps on its own trap vector: the instruction at the address
//! a mode's trap handler starts (mtvec for M, stvec for HS, vstvec for VS)
//! raises an exception, and the hart comes back to that same instruction,
//! with the same exception, again and again. Nothing retires in between:
//! the handler's first instruction is the one that faults, so the handler
//! never runs. It is what a garbage image, an mtvec left at 0 or a kernel
//! entered at the wrong address end in (the first fault sends the hart to
//! a vector where nothing sensible is), and it would spin forever in
//! silence.
//!
//! The loop is seen at trap entry only (no cost on the instruction path),
//! in two shapes:
//! - the mode traps into itself: an M-mode fault at mtvec goes to mtvec;
//! - it traps to a more privileged mode, whose handler sends it straight
//!   back to the vector (a firmware redirecting an S-mode fault to stvec,
//!   as OpenSBI's `sbi_trap_redirect` and hemu-sbi do).
//!
//! Either way the same exception comes from the same mode at the same pc,
//! which is that mode's own vector, with no other exception and no
//! interrupt in between. Legitimate code never does this: for a mode to be
//! back at its vector without taking an exception or an interrupt, the
//! higher mode must have sent it there, for the same fault, every time.

use std::fmt;

use super::{Exception, Mode};

/// Consecutive identical faults at the vector that make a loop. The state
/// repeats exactly from the second on (the first may come from another
/// mode); a few more cost nothing.
pub const REPEATS: u32 = 4;

/// One exception as trap entry saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault {
    pub cause: Exception,
    pub pc: u64,
    /// The mode the instruction ran in.
    pub mode: Mode,
}

/// A hart found trapping on its own trap vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrapLoop {
    /// The repeated fault; its pc is its mode's vector.
    pub fault: Fault,
    /// The mode's last exception before the loop (what sent it to the
    /// vector, most likely), if there was one.
    pub after: Option<Fault>,
}

impl TrapLoop {
    /// The CSR that holds the vector of the looping mode.
    pub fn vector_csr(&self) -> &'static str {
        match self.fault.mode {
            Mode::M => "mtvec",
            Mode::VS => "vstvec",
            _ => "stvec",
        }
    }
}

impl fmt::Display for TrapLoop {
    /// One line: "HS-mode traps on its own trap vector: instruction access
    /// fault (cause 1) at pc 0x0 = stvec, again and again with nothing
    /// retired in HS-mode in between (it began after illegal instruction
    /// (cause 2) at pc 0x80200000)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fault { cause, pc, mode } = self.fault;
        write!(
            f,
            "{mode}-mode traps on its own trap vector: {} (cause {}) at pc {pc:#x} = {}, again and again with nothing retired in {mode}-mode in between",
            cause.name(),
            cause.code(),
            self.vector_csr()
        )?;
        if let Some(a) = self.after {
            write!(f, " (it began after {} (cause {}) at pc {:#x})", a.cause.name(), a.cause.code(), a.pc)?;
        }
        Ok(())
    }
}

/// What trap entry remembers to recognise a loop.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrapLoopWatch {
    /// The last exception taken at its mode's own vector, and how many
    /// times in a row it came.
    last: Option<Fault>,
    repeats: u32,
    /// The hart's count of interrupts when `last` came: an interrupt in
    /// between runs a handler, which may change anything.
    interrupts: u64,
    /// The last exception taken elsewhere.
    before: Option<Fault>,
    /// The loop, once found (until `take`n).
    found: Option<TrapLoop>,
}

impl TrapLoopWatch {
    /// Trap entry saw `fault`; `own_vector` is where the faulting mode's
    /// own exceptions would go (None for U and VU, which have no vector).
    /// Returns true when this fault makes a loop.
    pub fn see(&mut self, fault: Fault, own_vector: Option<u64>, interrupts: u64) -> bool {
        if own_vector != Some(fault.pc) {
            self.before = Some(fault);
            self.last = None;
            return false;
        }
        if self.last == Some(fault) && self.interrupts == interrupts {
            self.repeats = self.repeats.saturating_add(1);
        } else {
            self.last = Some(fault);
            self.repeats = 1;
        }
        self.interrupts = interrupts;
        // Every time from then on: a run resumed in the loop (a debugger's
        // `continue`) stops again at once.
        if self.repeats >= REPEATS {
            // Another mode's fault (a firmware probing a CSR, say) is no
            // clue to this one's loop.
            let after = self.before.filter(|b| b.mode == fault.mode);
            self.found = Some(TrapLoop { fault, after });
            return true;
        }
        false
    }

    /// The loop found, if any (once).
    pub fn take(&mut self) -> Option<TrapLoop> {
        self.found.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT_ZERO: Fault = Fault { cause: Exception::InstructionAccessFault, pc: 0, mode: Mode::M };

    #[test]
    fn repeats_at_the_vector_make_a_loop() {
        let mut w = TrapLoopWatch::default();
        let first = Fault { cause: Exception::IllegalInstruction, pc: 0x8000_0000, mode: Mode::M };
        assert!(!w.see(first, Some(0), 0));
        for _ in 1..REPEATS {
            assert!(!w.see(AT_ZERO, Some(0), 0));
        }
        assert!(w.see(AT_ZERO, Some(0), 0));
        assert!(w.see(AT_ZERO, Some(0), 0), "and again");
        let found = w.take().unwrap();
        assert_eq!(found, TrapLoop { fault: AT_ZERO, after: Some(first) });
        assert_eq!(
            found.to_string(),
            "M-mode traps on its own trap vector: instruction access fault (cause 1) at pc 0x0 = mtvec, again and again \
             with nothing retired in M-mode in between (it began after illegal instruction (cause 2) at pc 0x80000000)"
        );
        assert_eq!(w.take(), None);
    }

    #[test]
    fn another_modes_fault_is_no_clue() {
        let mut w = TrapLoopWatch::default();
        w.see(Fault { cause: Exception::IllegalInstruction, pc: 0x8000_8000, mode: Mode::M }, Some(0x8000_0000), 0);
        let at_stvec = Fault { cause: Exception::IllegalInstruction, pc: 0x8020_0000, mode: Mode::HS };
        for _ in 0..REPEATS {
            w.see(at_stvec, Some(0x8020_0000), 0);
        }
        assert_eq!(w.take(), Some(TrapLoop { fault: at_stvec, after: None }));
    }

    #[test]
    fn an_interrupt_or_another_fault_in_between_is_no_loop() {
        let mut w = TrapLoopWatch::default();
        for i in 0..2 * REPEATS as u64 {
            assert!(!w.see(AT_ZERO, Some(0), i), "an interrupt came in between");
        }
        let elsewhere = Fault { pc: 4, ..AT_ZERO };
        for _ in 0..2 * REPEATS {
            assert!(!w.see(AT_ZERO, Some(0), 0));
            assert!(!w.see(elsewhere, Some(0), 0));
        }
        // Not at the vector, or from a mode without one.
        for _ in 0..2 * REPEATS {
            assert!(!w.see(AT_ZERO, Some(0x100), 0));
            assert!(!w.see(Fault { mode: Mode::U, ..AT_ZERO }, None, 0));
        }
    }
}
