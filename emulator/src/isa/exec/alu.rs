//! The integer computational instructions (RV64I OP, OP-IMM, OP-32,
//! OP-IMM-32, LUI and the M extension) as one pure function of their two
//! operands: the table's `alu_imm(..)` and `alu_reg(..)` lines
//! (`isa/table.rs`). `execute` and the run loop's fast handlers both use
//! those functions, so the two paths cannot disagree on an instruction's
//! result.

use super::base::sext32;
use super::bitmanip;
use super::muldiv;
use crate::isa::table::instructions;
use crate::isa::Op;

/// An ALU semantics column applied to `a` and `b`, or 0.
macro_rules! value {
    (alu_imm($f:expr), $a:ident, $b:ident) => {
        apply($f, $a, $b)
    };
    (alu_reg($f:expr), $a:ident, $b:ident) => {
        apply($f, $a, $b)
    };
    ($other:ident $args:tt, $a:ident, $b:ident) => {
        0
    };
}

/// `f(a, b)` (this gives a closure its parameter types).
#[inline(always)]
fn apply(f: impl FnOnce(u64, u64) -> u64, a: u64, b: u64) -> u64 {
    f(a, b)
}

macro_rules! define_alu {
    ($($op:ident $enc:ident $m:literal $ext:ident $bits:literal $mask:literal $fmt:ident
       $sem:ident $args:tt $block:ident $dis:ident;)*) => {
        /// The value `op` writes to rd given its operands `a` (x[rs1]) and `b`
        /// (x[rs2] or the immediate). Shift amounts use the low 6 (5 for the W
        /// forms) bits; the W forms sign-extend their 32-bit result. Returns 0
        /// for an `op` that is not an `alu_imm`/`alu_reg` line (never asked).
        #[inline(always)]
        pub fn compute(op: Op, a: u64, b: u64) -> u64 {
            match op {
                Op::Illegal => 0,
                $(Op::$op => value!($sem $args, a, b),)*
            }
        }
    };
}
instructions!(define_alu);
