//! The integer computational instructions (RV64I OP, OP-IMM, OP-32,
//! OP-IMM-32, LUI and the M extension) as one pure function of their two
//! operands. `execute` and the run loop's fast handlers both use it, so the
//! two paths cannot disagree on an instruction's result.

use super::base::sext32;
use super::muldiv;
use crate::isa::Op;

/// The operand kinds of an integer computational instruction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Operands {
    /// x[rs1] and x[rs2] (OP, OP-32, M).
    RegReg,
    /// x[rs1] and the sign-extended immediate (OP-IMM, OP-IMM-32, LUI).
    RegImm,
}

/// The operands `op` takes, or None if `op` is not an integer
/// computational instruction.
pub fn operands(op: Op) -> Option<Operands> {
    use Op::*;
    match op {
        Lui | Addi | Slti | Sltiu | Xori | Ori | Andi | Slli | Srli | Srai | Addiw | Slliw | Srliw | Sraiw => {
            Some(Operands::RegImm)
        }
        Add | Sub | Sll | Slt | Sltu | Xor | Srl | Sra | Or | And | Addw | Subw | Sllw | Srlw | Sraw | Mul
        | Mulh | Mulhsu | Mulhu | Div | Divu | Rem | Remu | Mulw | Divw | Divuw | Remw | Remuw => {
            Some(Operands::RegReg)
        }
        _ => None,
    }
}

/// The value `op` writes to rd given its operands `a` (x[rs1]) and `b`
/// (x[rs2] or the immediate; see `operands`). Shift amounts use the low 6
/// (5 for the W forms) bits; the W forms sign-extend their 32-bit result.
/// Returns 0 for an `op` that `operands` rejects (never asked).
#[inline(always)]
pub fn compute(op: Op, a: u64, b: u64) -> u64 {
    use Op::*;
    match op {
        Lui => b,
        Addi | Add => a.wrapping_add(b),
        Sub => a.wrapping_sub(b),
        Slti | Slt => ((a as i64) < (b as i64)) as u64,
        Sltiu | Sltu => (a < b) as u64,
        Xori | Xor => a ^ b,
        Ori | Or => a | b,
        Andi | And => a & b,
        Slli | Sll => a << (b & 63),
        Srli | Srl => a >> (b & 63),
        Srai | Sra => ((a as i64) >> (b & 63)) as u64,
        Addiw | Addw => sext32(a.wrapping_add(b)),
        Subw => sext32(a.wrapping_sub(b)),
        Slliw | Sllw => sext32(((a as u32) << (b & 31)) as u64),
        Srliw | Srlw => sext32(((a as u32) >> (b & 31)) as u64),
        Sraiw | Sraw => ((a as i32) >> (b & 31)) as i64 as u64,
        Mul => muldiv::mul(a, b),
        Mulh => muldiv::mulh(a, b),
        Mulhsu => muldiv::mulhsu(a, b),
        Mulhu => muldiv::mulhu(a, b),
        Div => muldiv::div(a, b),
        Divu => muldiv::divu(a, b),
        Rem => muldiv::rem(a, b),
        Remu => muldiv::remu(a, b),
        Mulw => muldiv::mulw(a, b),
        Divw => muldiv::divw(a, b),
        Divuw => muldiv::divuw(a, b),
        Remw => muldiv::remw(a, b),
        Remuw => muldiv::remuw(a, b),
        _ => 0,
    }
}
