//! The common bit-manipulation instructions written out inline (as
//! `alu::compute` defines them; `jit_agrees` checks the two agree): the
//! address-generation adds of Zba, the negated logic, min/max, the
//! extensions, rev8 and, where the host has the instructions, the bit
//! counts. The others are calls to their handlers.

use super::{write_rd, BlockInst, Gen};
use crate::engine::jit::x86::{Alu, BitCount, Cond, Reg, Shift, Width};
use crate::isa::Op;

/// rd = op(x[rs1], x[rs2]); false if `op` is not written out here.
pub(super) fn binary(g: &mut Gen, e: &BlockInst) -> bool {
    use Op::*;
    let i = &e.inst;
    match i.op {
        // rd = (rs1 << n) + rs2, with rs1 zero-extended from 32 bits in
        // the .uw forms.
        Sh1add | Sh2add | Sh3add | AddUw | Sh1addUw | Sh2addUw | Sh3addUw => {
            g.get(Reg::Rcx, i.rs2);
            g.get(Reg::Rax, i.rs1);
            if matches!(i.op, AddUw | Sh1addUw | Sh2addUw | Sh3addUw) {
                g.a.zero_extend_32(Reg::Rax);
            }
            let n = match i.op {
                Sh1add | Sh1addUw => 1,
                Sh2add | Sh2addUw => 2,
                Sh3add | Sh3addUw => 3,
                _ => 0,
            };
            if n > 0 {
                g.a.shift_imm(Shift::Shl, Width::W64, Reg::Rax, n);
            }
            g.a.alu_reg(Alu::Add, Width::W64, Reg::Rax, Reg::Rcx);
        }
        // rs1 op ~rs2 (xnor: ~(rs1 ^ rs2), the same).
        Andn | Orn | Xnor => {
            g.get(Reg::Rcx, i.rs2);
            g.a.not(Width::W64, Reg::Rcx);
            g.get(Reg::Rax, i.rs1);
            let op = match i.op {
                Andn => Alu::And,
                Orn => Alu::Or,
                _ => Alu::Xor,
            };
            g.a.alu_reg(op, Width::W64, Reg::Rax, Reg::Rcx);
        }
        // rax = rs1, then rs2 where it is the answer.
        Min | Max | Minu | Maxu => {
            g.get(Reg::Rcx, i.rs2);
            g.get(Reg::Rax, i.rs1);
            g.a.alu_reg(Alu::Cmp, Width::W64, Reg::Rax, Reg::Rcx);
            let take_rs2 = match i.op {
                Min => Cond::Ge,
                Max => Cond::L,
                Minu => Cond::Ae,
                _ => Cond::B,
            };
            g.a.cmov(take_rs2, Reg::Rax, Reg::Rcx);
        }
        _ => return false,
    }
    g.rax = None;
    write_rd(g, e);
    true
}

/// rd = op(x[rs1]) for the one-operand instructions; false if `op` is not
/// written out here (or the host lacks its bit-count instruction).
pub(super) fn unary(g: &mut Gen, e: &BlockInst) -> bool {
    use Op::*;
    let i = &e.inst;
    let count = match i.op {
        Clz | Clzw => Some(BitCount::Lzcnt),
        Ctz | Ctzw => Some(BitCount::Tzcnt),
        Cpop | Cpopw => Some(BitCount::Popcnt),
        _ => None,
    };
    if count.is_some_and(|c| !c.available()) {
        return false;
    }
    let emit = |g: &mut Gen| g.get(Reg::Rax, i.rs1);
    match (i.op, count) {
        (_, Some(c)) => {
            emit(g);
            let w = if matches!(i.op, Clzw | Ctzw | Cpopw) { Width::W32 } else { Width::W64 };
            g.a.bit_count(c, w, Reg::Rax);
        }
        (SextB | SextH | ZextH, _) => {
            emit(g);
            g.a.extend_rax(if i.op == SextB { 8 } else { 16 }, i.op != ZextH);
        }
        (Rev8, _) => {
            emit(g);
            g.a.bswap(Reg::Rax);
        }
        _ => return false,
    }
    g.rax = None;
    write_rd(g, e);
    true
}
