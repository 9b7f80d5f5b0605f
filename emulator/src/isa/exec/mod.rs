//! Execution: one `match` on the decoded `Op`, generated from the
//! instruction table's semantics column (`table.rs`), dispatching to small
//! inlined handlers grouped by extension.
//!
//! Contract of `execute`: on `Ok` the instruction has retired and the pc has
//! been advanced by `inst.len` or set (jumps, taken branches, xRET); on
//! `Err` nothing architectural has changed except what the spec allows a
//! trapping instruction to change (nothing here) and the pc is the
//! instruction's. Nothing is allocated.

pub mod alu;
pub mod atomic;
pub mod base;
pub mod bitmanip;
pub mod cmo;
pub mod fp;
pub mod hyp;
pub mod muldiv;
pub mod system;
pub mod zicsr;

use super::fpu;
use super::table::instructions;
use super::{Inst, Op};
use crate::hart::csr::CsrOpKind;
use defs::envcfg::Envcfg;
use crate::hart::{Hart, Trap};
use base::sext32;
use fp::{D, H, S};

/// Execute `inst` at `h.pc`. On success the pc has been advanced (or set by
/// a jump, branch or xRET); on a trap the pc is unchanged.
#[inline(never)]
pub fn execute(h: &mut Hart, inst: &Inst) -> Result<(), Trap> {
    execute_op(h, inst.op, inst)
}

/// A semantics function of the table's `exec(..)` column, called (this
/// gives a closure there its parameter types).
#[inline(always)]
fn run(h: &mut Hart, i: &Inst, f: impl FnOnce(&mut Hart, &Inst) -> Result<(), Trap>) -> Result<(), Trap> {
    f(h, i)
}

/// The table's semantics column as a call (see `table.rs`).
macro_rules! semantics {
    ($h:ident, $i:ident, alu_imm($f:expr)) => {
        base::reg_imm($h, $i, $f)
    };
    ($h:ident, $i:ident, alu_reg($f:expr)) => {
        base::reg_reg($h, $i, $f)
    };
    ($h:ident, $i:ident, branch($f:expr)) => {
        base::branch($h, $i, $f)
    };
    ($h:ident, $i:ident, load($size:literal, $signed:literal)) => {
        base::load($h, $i, $size, $signed)
    };
    ($h:ident, $i:ident, store($size:literal)) => {
        base::store($h, $i, $size)
    };
    ($h:ident, $i:ident, exec($f:expr)) => {
        run($h, $i, $f)
    };
}

macro_rules! define_execute {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// `execute` with the operation given apart from the instruction (it
        /// must be `inst.op`): a constant `op` reduces this to one arm (see
        /// `engine::threaded`).
        #[inline(always)]
        pub(crate) fn execute_op(h: &mut Hart, op: Op, inst: &Inst) -> Result<(), Trap> {
            match op {
                Op::Illegal => Err(Trap::illegal(inst.raw as u64)),
                $(Op::$op => semantics!(h, inst, $sem $args),)*
            }
        }
    };
}
instructions!(define_execute);
